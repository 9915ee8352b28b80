using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Incidents;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Concurrency;

/// <summary>
/// The storm hold (<c>Incidents__StormPages</c> 3, as deployed) with the intake scaled out: two real app instances (two LocalHost
/// hosts, each its own pager and memory) on one Azurite take an alert storm of new groups between them. The hold counts every
/// instance's first pages, so at most three go out one by one in all (not three on each), and the next escalation run tells the
/// rest together; a count that cannot be read never holds a page. The second host's storage requests go through a
/// <see cref="StorageTap"/>.
/// </summary>
public sealed class StormHoldScaledOutTests : IAsyncLifetime
{
    private readonly OwnServers _servers = new();
    private readonly StorageTap _tap = new();
    private HostedApp _first = null!;
    private HostedApp _second = null!;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();

        // One after the other, so the demo seed is written once.
        _first = await StartInstanceAsync(null);
        _second = await StartInstanceAsync(_tap);
    }

    public async Task DisposeAsync()
    {
        foreach (var host in new[] { _first, _second })
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }

        await _servers.DisposeAsync();
    }

    /// <summary>
    /// Eight new groups at once, four on each instance: at most three incidents are paged one by one — fewer when deliveries
    /// listed at the same moment each count the others first (all eight, at worst: more held, never more pages) —, every other
    /// one is held and told by the next escalation run in one mail per duty member and one card; each incident reaches each
    /// member exactly once. Before, each instance counted its own: six pages one by one.
    /// </summary>
    [Fact]
    public async Task NewGroupsOnTwoInstancesAtOnce_AtMostStormPagesPagedOneByOne_TheRestToldTogether()
    {
        var posts = Enumerable.Range(0, 8).Select(n => AlertIntakeTests.PostAcceptedAsync((n % 2 == 0 ? _first : _second).Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup($"scaled{n}")));
        var ids = (await Task.WhenAll(posts)).Select(r =>
        {
            Assert.Equal("opened", r.GetProperty("outcome").GetString());
            return r.GetProperty("incidentId").GetString()!;
        }).ToList();
        await SettleAsync();

        var duty = await DutyAsync(ids[0]);
        var alone = ids.Where(id => PageEmails(id).Count > 0).ToList();
        Assert.InRange(alone.Count, 0, 3);
        Assert.All(alone, id => Assert.Equal(duty, PageEmails(id)));
        var held = ids.Except(alone).ToList();
        Assert.All(held, id => Assert.DoesNotContain(_sent, m => m.Id.StartsWith($"incident:{id}:", StringComparison.Ordinal)));
        // One page card per incident paged on its own, none for the held (a card may still name a held one among the other open
        // incidents it lists — composed after that one opened —, so the cards are told apart by their outbox rows, not their text).
        Assert.All(alone, id => Assert.Single(_sent, m => m.Channel == "teams" && m.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal)));
        Assert.Equal(alone.Count, _teams.Requests.Count);

        // The next escalation run (a timer: one instance runs it): one mail per duty member and one card, listing every held one.
        await AdvanceBothAsync(TimeSpan.FromSeconds(30));
        await _second.RunFunctionAsync("EscalateIncidents");
        await SettleAsync();

        var together = (await OutboxAsync("sent")).Where(m => m.Id.StartsWith("escalations:0:", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty, together.Where(m => m.Channel == "email").Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.Single(together, m => m.Channel == "teams");
        Assert.All(together, m => Assert.Equal(held.Order(StringComparer.Ordinal), m.About.Order(StringComparer.Ordinal)));
        Assert.Empty(await OutboxAsync("pending"));
        Assert.Empty(await OutboxAsync("failed"));
        foreach (var address in duty)
        {
            // Each incident reached each member once: on its own or in the one list, never both.
            var mails = (await _servers.Smtp.MessagesAsync()).Where(m => m.To.Contains(address, StringComparer.OrdinalIgnoreCase)).ToList();
            Assert.Equal(alone.Count + 1, mails.Count);
        }
    }

    /// <summary>
    /// The first instance paged three; the second cannot read the shared count (its board query fails): its first page is not
    /// held on a failed read but goes out now. Once the count reads again, the second instance holds the next one (the first
    /// instance's three count there), and the next escalation run sends its page (alone at its step, as its own).
    /// </summary>
    [Fact]
    public async Task SharedCountFailing_TheSecondInstancesPageGoesOutNow_ThenTheNextIsHeld()
    {
        var paged = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            paged.Add((await AlertIntakeTests.PostAcceptedAsync(_first.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup($"first{n}"))).GetProperty("incidentId").GetString()!);
        }

        string sent;
        using (_tap.Fail(r => r.Method == "GET" && r.Path.EndsWith("/IncidentBoard()", StringComparison.Ordinal) && r.Query.Contains("FirstPage ge", StringComparison.Ordinal), 503))
        {
            sent = (await AlertIntakeTests.PostAcceptedAsync(_second.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("failing"))).GetProperty("incidentId").GetString()!;
        }

        Assert.Contains(_tap.Requests, r => r.Query.Contains("FirstPage ge", StringComparison.Ordinal));
        var held = (await AlertIntakeTests.PostAcceptedAsync(_second.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("after"))).GetProperty("incidentId").GetString()!;
        await SettleAsync();

        var duty = await DutyAsync(sent);
        Assert.All(paged.Append(sent), id => Assert.Equal(duty, PageEmails(id)));
        Assert.DoesNotContain(_sent, m => m.Id.StartsWith($"incident:{held}:", StringComparison.Ordinal));

        await AdvanceBothAsync(TimeSpan.FromSeconds(30));
        await _second.RunFunctionAsync("EscalateIncidents");
        await SettleAsync();
        Assert.Equal(duty, PageEmails(held)); // alone at its step: its own page, under its own ids
    }

    private LoopbackWebhook _teams => _servers.Teams;

    /// <summary>The sent messages as last read by <see cref="SettleAsync"/>.</summary>
    private List<OutboxItem> _sent = [];

    private List<string> PageEmails(string id) =>
        [.. _sent.Where(m => m.Channel == "email" && m.Id.StartsWith($"incident:{id}:page:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal)];

    private async Task<List<string>> DutyAsync(string id) =>
        [.. (await _first.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident").GetProperty("assignees").EnumerateArray()
            .Select(a => a.GetProperty("email").GetString()!.ToLowerInvariant()).Order(StringComparer.Ordinal)];

    private async Task<HostedApp> StartInstanceAsync(StorageTap? tap) =>
        await HostedApp.StartAsync(OnDutyAppFixture.MasterKey, new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff.AddHours(7)), new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _servers.Azurite.ConnectionString,
            ["Incidents:AckTokenSecret"] = OnDutyAppFixture.AckTokenSecret,
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm-org@onduty.example",
            ["Incidents:StormPages"] = "3",
            ["Team:Language"] = "ja",
            ["Team:SeedDemo"] = "true",
            ["Email:Provider"] = "Smtp",
            ["Email:From"] = "onduty@onduty.example",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _servers.Smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Teams:WebhookUrl"] = _servers.Teams.Url,
        }, tap is null ? null : services => TappedStorage.Use(services, _servers.Azurite.ConnectionString, tap));

    private async Task AdvanceBothAsync(TimeSpan by)
    {
        await _second.SendsEndedAsync();
        await _first.AdvanceAsync(by);
        await _second.SetUtcNowAsync(_first.Time.GetUtcNow());
    }

    private async Task SettleAsync()
    {
        Func<Task<int>> inbox = async () => (await _servers.Smtp.MessagesAsync()).Count;
        Func<Task<int>> webhook = () => Task.FromResult(_teams.Requests.Count);
        await Task.WhenAll(_first.SettleAsync(inbox, webhook), _second.SettleAsync(inbox, webhook));
        _sent = await OutboxAsync("sent");
    }

    private async Task<List<OutboxItem>> OutboxAsync(string status) =>
        [.. (await _first.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000")).GetProperty("items").EnumerateArray()
            .Select(m => new OutboxItem(
                m.GetProperty("id").GetString()!,
                m.GetProperty("channel").GetString()!,
                (m.GetProperty("recipient").GetString() ?? "").ToLowerInvariant(),
                [.. m.TryGetProperty("about", out var about) && about.ValueKind == JsonValueKind.Array ? about.EnumerateArray().Select(a => a.GetString()!) : []]))];

    private sealed record OutboxItem(string Id, string Channel, string Recipient, IReadOnlyList<string> About);
}
