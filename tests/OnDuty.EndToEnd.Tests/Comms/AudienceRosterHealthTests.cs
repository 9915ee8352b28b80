using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Comms;

/// <summary>
/// Session 51: an audience entry that is no roster member (a lead kept the demo's <c>emma</c> after she left the roster) was said on
/// <c>/api/health</c> only once the first notice had reached nobody there. Health says it from the start, naming the setting, and
/// stops once the member is on the roster — no notice needed either way.
/// </summary>
public sealed class AudienceRosterHealthTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-audience-roster-key";

    private OwnApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff, new Dictionary<string, string?>
        {
            ["Comms:Audiences:support:Members:0"] = "support-leads@onduty.example",
            ["Comms:Audiences:support:Members:1"] = "grace",
            ["Comms:Audiences:support:Language"] = "ja",
        });

    public Task DisposeAsync() => _app.DisposeAsync().AsTask();

    [Fact]
    public async Task Health_AudienceEntryNotOnTheRoster_NamedFromTheStart_ClearedOnceTheyAreAdded()
    {
        var before = await HealthAsync();

        Assert.Equal("degraded", before.GetProperty("status").GetString());
        Assert.Equal(
            "Comms__Audiences__support__Members__1 is 'grace', which is no roster member with an email address, so its notices reach nobody there: add them to the roster (POST /api/members) or write their email address",
            before.GetProperty("degraded").GetProperty("comms:support:grace").GetString());

        using var added = await _app.Host.Client.PutAsync("api/members/grace", new StringContent(
            """{"displayName":"Grace Lee","email":"grace@onduty.example","language":"en","timeZone":"Asia/Tokyo","joinedOn":"2023-04-01"}""", Encoding.UTF8, "application/json"));
        Assert.True(added.StatusCode == HttpStatusCode.Created, await added.Content.ReadAsStringAsync());

        var after = await HealthAsync();
        Assert.False(after.TryGetProperty("degraded", out var degraded) && degraded.TryGetProperty("comms:support:grace", out _), after.GetRawText());
    }

    private async Task<JsonElement> HealthAsync()
    {
        using var response = await _app.Host.Anonymous.GetAsync("api/health");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
