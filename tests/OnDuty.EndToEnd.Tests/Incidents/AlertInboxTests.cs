using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;
using Xunit.Abstractions;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Repeats accepted through the inbox on real storage, with two instances: the shared app and a second, HTTP-only host whose
/// storage requests are recorded (<see cref="StorageTap"/>).
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertInboxTests(OnDutyAppFixture app, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly StorageTap _tap = new();
    private HostedApp _host = null!;

    public async Task InitializeAsync() =>
        _host = await app.StartTappedHostAsync(_tap);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await app.SettleAsync();
    }

    /// <summary>A repeat of alerts the instance saw firing: its request's only storage request is the inbox append, answered once it committed.</summary>
    [Fact]
    public async Task KnownRepeat_OneInboxAppendOnItsRequest_AppliedJustAfter()
    {
        var firing = NewGroup();
        var id = (await PostAsync(_host.Client, firing)).GetProperty("incidentId").GetString()!;
        await PostAsync(_host.Client, firing);
        await Eventually.HoldsAsync(async () => await RepeatsAsync(id) == 1, "the first repeat applied");

        var (response, requests) = await _tap.RecordAsync(() => PostAsync(_host.Client, firing));

        output.WriteLine(string.Join('\n', requests));
        Assert.Equal(("folded", id), (response.GetProperty("outcome").GetString(), response.GetProperty("incidentId").GetString()));
        var first = Assert.Single(requests.Take(1));
        Assert.True(first.IsBatch && first.Body.Contains("inbox|", StringComparison.Ordinal), $"first request: {first}");
        Assert.DoesNotContain(requests.Skip(1), r => r.Targets("AlertGroups")); // nothing else of the group is read on the request
        await Eventually.HoldsAsync(async () => await RepeatsAsync(id) == 2, "the second repeat applied");
        await Eventually.HoldsAsync(async () => await InboxRowsAsync(id) == 0, "the inbox emptied");
    }

    /// <summary>
    /// Repeats accepted by one instance and applied only after the other instance resolved the incident (the first one's
    /// storage refuses its record reads until then): a repeat accepted before the resolve stays a repeat and never reopens the
    /// incident. A firing accepted on the first instance's stale memory after the resolve (a moment later) does reopen it:
    /// it pages rather than stays silent.
    /// </summary>
    [Fact]
    public async Task RepeatsAtOneInstance_AppliedAfterTheOtherResolved_NoReopen_ALaterFiringReopens()
    {
        var firing = NewGroup();
        var id = (await PostAsync(_host.Client, firing)).GetProperty("incidentId").GetString()!;
        await PostAsync(_host.Client, firing); // the second host now knows the group firing
        await Eventually.HoldsAsync(async () => await RepeatsAsync(id) == 1, "the first repeat applied");

        IReadOnlyList<JsonElement> repeats;
        using (_tap.Fail(r => r.Method == "GET" && r.Path.Contains($"Incidents(PartitionKey='{id}',RowKey='incident')", StringComparison.Ordinal), 503))
        {
            repeats = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(_host.Client, firing)));
            var resolved = await PostAsync(app.Client, AlertIntakeTests.ResolvedOf("alertmanager", firing));
            Assert.Equal("resolved", resolved.GetProperty("outcome").GetString());
            Assert.Equal(1, await RepeatsAsync(id)); // accepted, not applied yet: the record cannot be read
        }

        Assert.All(repeats, r => Assert.Equal("folded", r.GetProperty("outcome").GetString()));
        await Eventually.HoldsAsync(async () => await InboxRowsAsync(id) == 0 && await RepeatsAsync(id) == 21, "every repeat applied");
        var incident = await IncidentAsync(id);
        Assert.Equal(("resolved", 0), (incident.GetProperty("status").GetString(), incident.GetProperty("reopenCount").GetInt32()));

        await app.AdvanceAsync(TimeSpan.FromMinutes(2)); // past the minute in which the old start again is an HA peer's late copy
        var again = await PostAsync(_host.Client, firing);

        Assert.Equal("folded", again.GetProperty("outcome").GetString()); // accepted on what the instance knew
        await Eventually.HoldsAsync(async () => (await IncidentAsync(id)).GetProperty("reopenCount").GetInt32() == 1, "the incident reopened");
        Assert.NotEqual("resolved", (await IncidentAsync(id)).GetProperty("status").GetString());
        await PostAsync(app.Client, AlertIntakeTests.ResolvedOf("alertmanager", firing));
    }

    /// <summary>
    /// An instance stopped in an orderly way (scale-in, deployment) right after accepting a repeat: it applies the repeat before
    /// it stops, instead of leaving it in its inbox for the escalation run's sweep minutes later.
    /// </summary>
    [Fact]
    public async Task OrderlyStop_RightAfterAcceptingARepeat_AppliesItBeforeStopping()
    {
        var host = await app.StartSecondHostAsync(new Dictionary<string, string?>());
        var firing = NewGroup();
        var id = (await PostAsync(host.Client, firing)).GetProperty("incidentId").GetString()!;
        var repeat = await PostAsync(host.Client, firing);
        Assert.Equal(("folded", id), (repeat.GetProperty("outcome").GetString(), repeat.GetProperty("incidentId").GetString()));

        await host.DisposeAsync();

        Assert.Equal(1, await RepeatsAsync(id));
        Assert.Equal(0, await InboxRowsAsync(id));
        await PostAsync(app.Client, AlertIntakeTests.ResolvedOf("alertmanager", firing));
    }

    private static string NewGroup() => AlertIntakeTests.NewAlertmanagerGroup("inbox");

    private static Task<JsonElement> PostAsync(HttpClient client, string body) => AlertIntakeTests.PostAcceptedAsync(client, "alertmanager", body);

    private async Task<JsonElement> IncidentAsync(string id) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");

    private async Task<int> RepeatsAsync(string id) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == "alertRepeated").Sum(t => t.GetProperty("count").GetInt32());

    /// <summary>The incident's deliveries still in an inbox, in either stored form: a row of one, or a row a group commit shares (<c>IncidentId{n}</c>).</summary>
    private async Task<int> InboxRowsAsync(string id)
    {
        var table = new Azure.Data.Tables.TableClient(app.Azurite.ConnectionString, "AlertGroups");
        var deliveries = 0;
        await foreach (var row in table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey ge 'inbox|' and PartitionKey lt 'inbox}'"))
        {
            deliveries += row.Count(p => p.Key.StartsWith("IncidentId", StringComparison.Ordinal) && Equals(p.Value, id));
        }

        return deliveries;
    }
}
