using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Deliveries taken while an instance is busy (<c>Incidents__InlineIntakeLimit</c> 0 here: every one), on real storage:
/// answered <c>accepted</c> once stored, then opened, paged and resolved by the instance; applied on an orderly stop.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertIntakeBusyTests(OnDutyAppFixture app)
{
    private static readonly Dictionary<string, string?> Busy = new() { ["Incidents:InlineIntakeLimit"] = "0" };

    [Fact]
    public async Task FirstFiringThenResolve_AtABusyInstance_AcceptedThenOpenedPagedAndResolved()
    {
        await using var host = await app.StartSecondHostAsync(Busy);
        var firing = AlertIntakeTests.NewAlertmanagerGroup("busy");

        var accepted = await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", firing);

        Assert.Equal("accepted", accepted.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("incidentId").ValueKind);
        var id = await OpenIncidentOfAsync(firing);
        var duty = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).Order().ToList();
        await Eventually.HoldsAsync(async () => (await MailsAboutAsync(id)).Count >= duty.Count, "the duty members paged");
        Assert.Equal(duty, (await MailsAboutAsync(id)).SelectMany(m => m.To).Order());
        Assert.Equal(duty, (await IncidentAsync(id)).GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order());
        Assert.Contains(id, await OpenIdsAsync());

        var resolve = await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", AlertIntakeTests.ResolvedOf("alertmanager", firing));

        Assert.Equal("accepted", resolve.GetProperty("outcome").GetString());
        await Eventually.HoldsAsync(async () => (await IncidentAsync(id)).GetProperty("status").GetString() == "resolved", "the incident resolved");
        Assert.Null(await OpenOfGroupAsync(firing));
        await app.SettleAsync();
    }

    /// <summary>Parallel first firings of one group at two busy instances: each accepted, then one incident, every other delivery a repeat.</summary>
    [Fact]
    public async Task ParallelFirstFirings_TwoBusyInstances_OneIncidentEveryDeliveryRecorded()
    {
        await using var first = await app.StartSecondHostAsync(Busy);
        await using var second = await app.StartSecondHostAsync(Busy);
        var firing = AlertIntakeTests.NewAlertmanagerGroup("busy-race");

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(n => AlertIntakeTests.PostAcceptedAsync(n % 2 == 0 ? first.Client : second.Client, "alertmanager", firing)));

        Assert.All(results, r => Assert.Equal("accepted", r.GetProperty("outcome").GetString()));
        var id = await OpenIncidentOfAsync(firing);
        await Eventually.HoldsAsync(async () => await AlertRowsAsync(id, "alertRepeated") == 11, "every other delivery recorded as a repeat");
        Assert.Equal(1, await AlertRowsAsync(id, "alertFired"));
        await app.SettleAsync();
    }

    /// <summary>An instance stopped in an orderly way right after accepting a first firing: it opens the incident before it stops, not minutes later through another instance's sweep.</summary>
    [Fact]
    public async Task OrderlyStop_RightAfterAccepting_OpensTheIncidentBeforeStopping()
    {
        var host = await app.StartSecondHostAsync(Busy);
        var firing = AlertIntakeTests.NewAlertmanagerGroup("busy-stop");
        var accepted = await AlertIntakeTests.PostAcceptedAsync(host.Client, "alertmanager", firing);
        Assert.Equal("accepted", accepted.GetProperty("outcome").GetString());

        await host.DisposeAsync();

        var id = await OpenOfGroupAsync(firing);
        Assert.NotNull(id);
        Assert.True((await IncidentAsync(id)).GetProperty("open").GetBoolean());
    }

    private static string GroupKeyOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("groupKey").GetString()!;

    private Task<string?> OpenOfGroupAsync(string firing) => app.OpenIncidentOfGroupAsync("alertmanager", GroupKeyOf(firing));

    private async Task<string> OpenIncidentOfAsync(string firing)
    {
        string? id = null;
        await Eventually.HoldsAsync(async () => (id = await OpenOfGroupAsync(firing)) is not null && await IncidentExistsAsync(id), "the incident opened");
        return id!;
    }

    private async Task<bool> IncidentExistsAsync(string id) =>
        (await app.Client.GetAsync($"api/incidents/{id}")).IsSuccessStatusCode;

    private async Task<JsonElement> IncidentAsync(string id) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");

    private async Task<int> AlertRowsAsync(string id, string kind) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray()
            .Where(t => t.GetProperty("kind").GetString() == kind).Sum(t => t.TryGetProperty("count", out var count) ? count.GetInt32() : 1);

    private async Task<List<string>> OpenIdsAsync() =>
        (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();

    private async Task<List<ReceivedEmail>> MailsAboutAsync(string id) =>
        (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
}
