using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Health;

/// <summary>
/// A lead replacing the demo with their own team misspells a setting (trial 50): the app starts, and <c>/api/health</c> says
/// degraded, naming the setting as written and the one it meant, instead of passing it over while SEV1 tells nobody.
/// </summary>
public sealed class UnknownSettingsHealthTests : IAsyncLifetime
{
    private OwnApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync("e2e-unknown-settings-key", OnDutyAppFixture.BeforeHandoff, new Dictionary<string, string?>
        {
            ["Comms:Audiences:execs:Members:0"] = "ceo@example.com",
            ["Comms:BySeverty:Sev1:0"] = "execs",
        }, smtp: false);

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Health_MisspeltSetting_DegradedNamingItAndTheSettingItMeant()
    {
        using var response = await _app.Host.Client.GetAsync("api/health/details");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Equal(
            "Comms__BySeverty__Sev1__0 is not a setting OnDuty reads, so it has no effect (did you mean Comms__BySeverity__Sev1__0?).",
            body.GetProperty("degraded").GetProperty("settings").GetString());

        // Anonymous: degraded, naming the check, not the setting as written nor the address beside it.
        var anonymous = await _app.Host.Anonymous.GetStringAsync("api/health");
        Assert.Contains("settings", JsonDocument.Parse(anonymous).RootElement.GetProperty("degraded").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("Comms__", anonymous, StringComparison.Ordinal);
        Assert.DoesNotContain("ceo@example.com", anonymous, StringComparison.Ordinal);
    }
}
