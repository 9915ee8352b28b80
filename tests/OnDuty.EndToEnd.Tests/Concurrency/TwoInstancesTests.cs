using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Concurrency;

/// <summary>
/// Two real app instances (two LocalHost hosts, each with its own clients and clock at the same instant) on one Azurite,
/// one inbox and one Teams webhook. LocalHost runs one admin invocation at a time per host, so only two hosts make the
/// timer functions truly overlap, as two Functions instances would. Whatever the sending path, every recipient must
/// end up with exactly one copy of each message.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly OwnServers _servers = new();
    private HostedApp _first = null!;
    private HostedApp _second = null!;

    private AzuriteProcess _azurite => _servers.Azurite;

    private Smtp4devProcess _smtp => _servers.Smtp;

    private LoopbackWebhook _teams => _servers.Teams;

    public async Task InitializeAsync()
    {
        await _servers.InitializeAsync();

        // One after the other, so the demo seed is written once; everything after runs on both at once.
        _first = await StartInstanceAsync();
        _second = await StartInstanceAsync();
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

    [Fact]
    public async Task TimersFiredAtOnceOnTwoInstances_EachRecipientGetsOneCopyOfEachMessage()
    {
        // The announcement, on both instances at the same moment, twice; the first card post is refused.
        var week = await _first.AdvanceToNextHandoffAsync();
        await _second.SetUtcNowAsync(_first.Time.GetUtcNow());
        var pair = (await _first.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall"))
            .GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).ToList();
        _teams.Script(new ScriptedResponse(503, RetryAfterSeconds: 45, Body: "busy"));

        await OnBothAsync("AnnounceDutyWeek");
        await OnBothAsync("AnnounceDutyWeek");
        await SettleAsync();

        var mails = await _smtp.MessagesAsync();
        Assert.All(mails.GroupBy(m => string.Join(",", m.To) + "|" + m.Subject), g => Assert.Single(g));
        Assert.Equal(
            pair.Append("pm-team@onduty.example").Order(),
            mails.Where(m => m.Subject.Contains($"【障害当番】{WeekText.Japanese(week)}", StringComparison.Ordinal) || m.Subject.Contains($"[Incident duty] {WeekText.English(week)}", StringComparison.Ordinal))
                .SelectMany(m => m.To).Order());
        var cardsBeforeRetry = Cards();
        Assert.Single(await OutboxAsync("pending"));

        // The retry sweep, on both at once, after Retry-After (45 s) and the sweeper's minute (Outbox__SweepAfter: until then it leaves
        // the card to its delayed queue message, which comes 45 s later on the real clock): the refused card goes out once more, not twice.
        await AdvanceBothAsync(TimeSpan.FromMinutes(2));
        await OnBothAsync("RetryOutbox");
        await OnBothAsync("RetryOutbox");
        await SettleAsync();

        var cards = Cards();
        Assert.Equal(cardsBeforeRetry.Count + 1, cards.Count);
        Assert.Equal(cards.Count - 1, cards.Distinct().Count()); // only the refused card was posted twice
        Assert.Contains(cards, c => c.StartsWith($"【障害当番】{WeekText.Japanese(week)}", StringComparison.Ordinal));
        Assert.Empty(await OutboxAsync("pending"));
        Assert.Empty(await OutboxAsync("failed"));

        // Escalation, on both at once at every step: duty members twice (page, re-page), the lead and the organisation once.
        using var created = await _first.Client.PostAsJsonAsync("api/incidents", new { title = "Two instances", severity = "sev1" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var incident = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = incident.GetProperty("id").GetString()!;
        var duty = incident.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).ToList();
        Assert.Equal(2, duty.Count);
        for (var step = 1; step <= 3; step++)
        {
            // Each step's sends finish before the clocks jump: a jump of five minutes in the middle of a send outruns its
            // one-minute lease, so its sender stops and the next taker sends again (at least once, by design) — a
            // duplicate of the test's making, not of the timers racing, which is what this test is about.
            await SettleAsync();
            await AdvanceBothAsync(TimeSpan.FromMinutes(5));
            await OnBothAsync("EscalateIncidents");
            await OnBothAsync("EscalateIncidents");
        }

        await SettleAsync();
        var about = (await _smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        Assert.Equal(
            duty.Concat(duty).Append("lead@onduty.example").Append("pm-org@onduty.example").Order(),
            about.SelectMany(m => m.To).Order());
        Assert.All(about.GroupBy(m => string.Join(",", m.To) + "|" + m.Subject), g => Assert.Single(g));
        Assert.Equal(4, _teams.Requests.Count(r => r.Body.Contains(id, StringComparison.Ordinal))); // one card per step
        Assert.Empty(await OutboxAsync("failed"));
    }

    private async Task<HostedApp> StartInstanceAsync() =>
        await HostedApp.StartAsync(OnDutyAppFixture.MasterKey, new FakeTimeProvider(OnDutyAppFixture.BeforeHandoff), new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = _azurite.ConnectionString,
            ["Incidents:AckTokenSecret"] = OnDutyAppFixture.AckTokenSecret,
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm-org@onduty.example",
            ["Team:Language"] = "ja",
            ["Team:SeedDemo"] = "true",
            ["Email:Provider"] = "Smtp",
            ["Email:From"] = "onduty@onduty.example",
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Teams:WebhookUrl"] = _teams.Url,
            ["Outbox:BaseDelay"] = "00:00:30",
        });

    private Task OnBothAsync(string function) => Task.WhenAll(_first.RunFunctionAsync(function), _second.RunFunctionAsync(function));

    private async Task AdvanceBothAsync(TimeSpan by)
    {
        await _second.SendsEndedAsync();
        await _first.AdvanceAsync(by);
        await _second.SetUtcNowAsync(_first.Time.GetUtcNow());
    }

    private async Task SettleAsync()
    {
        Func<Task<int>> inbox = async () => (await _smtp.MessagesAsync()).Count;
        Func<Task<int>> webhook = () => Task.FromResult(_teams.Requests.Count);
        await Task.WhenAll(_first.SettleAsync(inbox, webhook), _second.SettleAsync(inbox, webhook));
    }

    private async Task<List<JsonElement>> OutboxAsync(string status) =>
        [.. (await _first.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000")).GetProperty("items").EnumerateArray()];

    private List<string> Cards() =>
        _teams.Requests
            .Select(r => JsonDocument.Parse(r.Body).RootElement)
            .Where(p => p.GetProperty("type").GetString() == "message")
            .Select(p => p.GetProperty("attachments")[0].GetProperty("content").GetProperty("fallbackText").GetString()!)
            .ToList();
}
