using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Health;

/// <summary>
/// <c>Watch__PingUrl</c>: each <c>EscalateIncidents</c> run that finished POSTs to a watcher outside the deployment (here a
/// loopback one), so the watcher hears OnDuty's timers stop. A watcher that fails or is gone never fails the run.
/// </summary>
public sealed class WatchPingTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-watch-ping-key";

    private LoopbackWebhook _watcher = null!;
    private OwnApp _app = null!;

    public async Task InitializeAsync()
    {
        _watcher = await LoopbackWebhook.StartAsync("/ping/onduty");
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(3),
            new Dictionary<string, string?> { ["Watch:PingUrl"] = _watcher.Url },
            smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _watcher.DisposeAsync();
    }

    [Fact]
    public async Task EscalationRun_PingsTheWatcher_AFailingOrGoneWatcherNeverFailsTheRun()
    {
        await _app.Host.RunFunctionAsync("EscalateIncidents");

        var ping = Assert.Single(_watcher.Requests);
        using var body = JsonDocument.Parse(ping.Body);
        Assert.Equal("OnDuty", body.RootElement.GetProperty("app").GetString());
        Assert.Equal(_app.Host.Time.GetUtcNow(), body.RootElement.GetProperty("at").GetDateTimeOffset());
        Assert.StartsWith("application/json", ping.ContentType, StringComparison.Ordinal);

        // The watcher answers 500, then is gone: each run still finishes (RunFunctionAsync asserts its 202) and pings when it can.
        _watcher.Script(new ScriptedResponse(500));
        await _app.Host.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(2, _watcher.Requests.Count);
        await _watcher.DisposeAsync();
        await _app.Host.RunFunctionAsync("EscalateIncidents");
        using var health = await _app.Host.Anonymous.GetAsync("api/health");
        Assert.True(health.IsSuccessStatusCode);
    }
}
