using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.Core.Alerts;
using OnDuty.EndToEnd.Tests.Support;

using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Standard Webhooks on <c>generic</c> (a <c>whsec_</c> secret) and Grafana's signed timestamp: a stale or replayed
/// request has no effect. A second, HTTP-only host on the shared storage carries the secrets (the shared host takes
/// unsigned generic events for other tests); the shared host's queue listener sends what it queues.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class WebhookReplayTests(OnDutyAppFixture app) : IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string GrafanaSecret = "grafana-hmac-secret";

    private HostedApp _host = null!;

    public async Task InitializeAsync() =>
        _host = await app.StartSecondHostAsync(new Dictionary<string, string?>
        {
            ["Incidents:Sources:generic:HmacSecret"] = Secret,
            ["Incidents:Sources:grafana:HmacSecret"] = GrafanaSecret,
        });

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await app.SettleAsync();
    }

    [Fact]
    public async Task StandardWebhook_ExactReplay_Answered2xxWithoutASecondEffect()
    {
        var key = "replay-" + Guid.NewGuid().ToString("n");
        var body = AlertIntakeTests.Read("generic-trigger.json", root => root["dedup_key"] = key);
        var id = "msg_" + Guid.NewGuid().ToString("n");

        using var first = await PostSignedAsync(body, id, Now());
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var incidentId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("incidentId").GetString()!;
        var rowsAfterFirst = await TimelineCountAsync(incidentId);

        // The same request again (same id, signature and timestamp), as an attacker or a confused proxy would send it.
        using var replay = await PostSignedAsync(body, id, Now());

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal("duplicate", (await replay.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(rowsAfterFirst, await TimelineCountAsync(incidentId));

        // A new delivery (new id) of the same event is not a replay: it is applied (a repeat row).
        using var redelivery = await PostSignedAsync(body, "msg_" + Guid.NewGuid().ToString("n"), Now());
        Assert.Equal("folded", (await redelivery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        await Eventually.HoldsAsync(async () => await TimelineCountAsync(incidentId) == rowsAfterFirst + 1, "the redelivery's repeat row"); // applied just after its 202

        using var resolve = await PostSignedAsync(AlertIntakeTests.Read("generic-resolve.json", root => root["dedup_key"] = key), "msg_" + Guid.NewGuid().ToString("n"), Now());
        Assert.Equal(HttpStatusCode.Accepted, resolve.StatusCode);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task StandardWebhook_StaleOrFutureTimestamp_Is401AndNothingStored(int offsetSeconds)
    {
        var key = "stale-" + Guid.NewGuid().ToString("n");
        var body = AlertIntakeTests.Read("generic-trigger.json", root => root["dedup_key"] = key);

        using var response = await PostSignedAsync(body, "msg_" + Guid.NewGuid().ToString("n"), Now() + offsetSeconds);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("webhook-timestamp", await response.Content.ReadAsStringAsync());
        var open = await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open");
        Assert.DoesNotContain(open.GetProperty("items").EnumerateArray(), i => i.GetProperty("title").GetString()!.Contains(key, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StandardWebhook_UnsignedOrWrongSignature_Is401()
    {
        var body = AlertIntakeTests.Read("generic-trigger.json");
        using var unsigned = await _host.Client.PostAsync("api/alerts/generic", new StringContent(body, Encoding.UTF8, "application/json"));
        using var request = Request("generic", body);
        request.Headers.Add("webhook-id", "msg_1");
        request.Headers.Add("webhook-timestamp", Now().ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign("whsec_" + Convert.ToBase64String(new byte[24]), "msg_1", Now().ToString(CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(body)));
        using var wrong = await _host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Theory]
    [InlineData(-301, HttpStatusCode.Unauthorized)]
    [InlineData(301, HttpStatusCode.Unauthorized)]
    [InlineData(-60, HttpStatusCode.Accepted)]
    public async Task Grafana_SignedTimestamp_MustBeWithinMaxSignatureAge(int offsetSeconds, HttpStatusCode expected)
    {
        var body = AlertIntakeTests.Read("grafana-firing.json", root => root["groupKey"] = "{}:{replay=\"" + Guid.NewGuid().ToString("n") + "\"}");
        var timestamp = (Now() + offsetSeconds).ToString(CultureInfo.InvariantCulture);
        using var request = Request("grafana", body);
        request.Headers.Add("X-Grafana-Alerting-Signature", WebhookSignature.ComputeHex(GrafanaSecret, Encoding.UTF8.GetBytes(body), timestamp));
        request.Headers.Add("X-Grafana-Alerting-Signature-Timestamp", timestamp);

        using var response = await _host.Client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Accepted)
        {
            var resolve = body.Replace("\"firing\"", "\"resolved\"", StringComparison.Ordinal);
            using var resolveRequest = Request("grafana", resolve);
            resolveRequest.Headers.Add("X-Grafana-Alerting-Signature", WebhookSignature.ComputeHex(GrafanaSecret, Encoding.UTF8.GetBytes(resolve), timestamp));
            resolveRequest.Headers.Add("X-Grafana-Alerting-Signature-Timestamp", timestamp);
            (await _host.Client.SendAsync(resolveRequest)).Dispose();
        }
    }

    private long Now() => app.Time.GetUtcNow().ToUnixTimeSeconds();

    private async Task<HttpResponseMessage> PostSignedAsync(string body, string id, long timestamp)
    {
        var stamp = timestamp.ToString(CultureInfo.InvariantCulture);
        var request = Request("generic", body);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", stamp);
        request.Headers.Add("webhook-signature", StandardWebhookSignature.Sign(Secret, id, stamp, Encoding.UTF8.GetBytes(body)));
        return await _host.Client.SendAsync(request);
    }

    private static HttpRequestMessage Request(string source, string body) =>
        new(HttpMethod.Post, $"api/alerts/{source}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    /// <summary>The alert rows only (an alert's repeats are one row with their <c>count</c>): delivery rows arrive as the shared host sends the page.</summary>
    private async Task<int> TimelineCountAsync(string id) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray()
            .Sum(t => t.GetProperty("kind").GetString() switch
            {
                "alertFired" => 1,
                "alertRepeated" => t.GetProperty("count").GetInt32(),
                _ => 0,
            });
}
