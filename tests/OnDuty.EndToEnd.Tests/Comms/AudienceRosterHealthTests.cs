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

    /// <summary>A host function key, as an ops tool would hold one (not the master key).</summary>
    private const string MonitorKey = "e2e-audience-roster-monitor-key";

    private OwnApp _app = null!;

    public async Task InitializeAsync() =>
        _app = await OwnApp.StartAsync(MasterKey, OnDutyAppFixture.BeforeHandoff, new Dictionary<string, string?>
        {
            ["Comms:Audiences:support:Members:0"] = "support-leads@onduty.example",
            ["Comms:Audiences:support:Members:1"] = "grace",
            ["Comms:Audiences:support:Language"] = "ja",
            ["LocalHost:FunctionKeys:monitor"] = MonitorKey,
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

    /// <summary>
    /// Anonymous <c>/api/health</c> (what load balancers and Azure's availability test call) says degraded and the kind
    /// (<c>comms</c>), not the audience, the member id or the address; the details need a function key.
    /// </summary>
    [Fact]
    public async Task Health_Anonymous_SaysCommsDegradedOnly_TheDetailsNeedAKey()
    {
        using var anonymous = await _app.Host.Anonymous.GetAsync("api/health");
        var said = await anonymous.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        var body = JsonDocument.Parse(said).RootElement;
        Assert.Equal("degraded", body.GetProperty("status").GetString());
        Assert.Contains("comms", body.GetProperty("degraded").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("GET /api/health/details with a function key", body.GetProperty("details").GetString());
        Assert.DoesNotContain("grace", said, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("support", said, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@", said, StringComparison.Ordinal);

        using var keyless = await _app.Host.Anonymous.GetAsync("api/health/details");
        Assert.Equal(HttpStatusCode.Unauthorized, keyless.StatusCode);
        Assert.DoesNotContain("grace", await keyless.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "api/health/details") { Headers = { { "x-functions-key", "not-a-key" } } };
        using var refused = await _app.Host.Anonymous.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // A host function key (not only the master key) reads them, as any other keyed route.
        using var keyed = await _app.Host.Anonymous.GetAsync("api/health/details?code=" + MonitorKey);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
        var details = await keyed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith(
            "Comms__Audiences__support__Members__1 is 'grace'",
            details.GetProperty("degraded").GetProperty("comms:support:grace").GetString(),
            StringComparison.Ordinal);
        Assert.Contains(details.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("comms:support:grace: ", StringComparison.Ordinal));
    }

    private async Task<JsonElement> HealthAsync()
    {
        using var response = await _app.Host.Client.GetAsync("api/health/details");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
