using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Support;

/// <summary>
/// The settle of the tests that read every mail sent (<see cref="HostedApp.SettleWithNothingPendingAsync"/>), on a loopback ACS
/// that refuses every send at first: each message then waits for a retry at a later business time, which <see cref="HostedApp.SettleAsync"/>
/// does not wait for; this one retries them now and returns once nothing is pending — the business clock where the test put it.
/// </summary>
public sealed class SettleWithNothingPendingTests : IAsyncLifetime
{
    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        _app = await OwnApp.StartAsync(
            "e2e-settle-key", OnDutyAppFixture.BeforeHandoff.AddHours(1), OwnApp.AcsEmail(_acs, new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "5" }), smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task SendsWaitingForTheirRetry_RetriedNow_NothingPending_TheClockStays()
    {
        var host = _app.Host;
        _acs.FailRandomly(1.0, seed: 20261206);
        using var created = await host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "sato" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await host.SettleAsync(() => Task.FromResult(_acs.SendPosts.Count));
        var at = host.Time.GetUtcNow();
        var waiting = await PendingAsync(host);
        Assert.NotEmpty(waiting);
        Assert.All(waiting, m => Assert.True(m.Attempts > 0 && m.Next > at, $"{m.Id}: {m.Attempts} attempts, next {m.Next:O}"));

        _acs.FailRandomly(0, seed: 20261206);
        await host.SettleWithNothingPendingAsync(() => Task.FromResult(_acs.SendPosts.Count));

        Assert.Empty(await PendingAsync(host));
        var sent = await host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000");
        Assert.Subset(sent.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToHashSet(), waiting.Select(m => m.Id).ToHashSet());
        Assert.Equal(at, host.Time.GetUtcNow());
    }

    private static async Task<List<(string Id, int Attempts, DateTimeOffset Next)>> PendingAsync(HostedApp host) =>
        [.. (await host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending&max=1000")).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("attempts").GetInt32(), i.GetProperty("nextAttemptAt").GetDateTimeOffset()))];
}
