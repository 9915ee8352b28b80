using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary>
/// Test deliveries (<c>?test=true</c>) and the delivery list (<c>GET /api/alerts/deliveries</c>), on a second host whose
/// storage requests are recorded (<see cref="StorageTap"/>) and whose in-memory list is its own.
/// </summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class AlertDeliveriesTests(OnDutyAppFixture app) : IAsyncLifetime
{
    private static readonly string[] Written = ["Incidents", "IncidentIndex", "IncidentBoard", "AlertGroups", "Outbox"];
    private readonly StorageTap _tap = new();
    private HostedApp _host = null!;

    public async Task InitializeAsync() => _host = await app.StartTappedHostAsync(_tap);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await app.SettleAsync();
    }

    [Fact]
    public async Task TestDelivery_NewGroup_Answers200WouldOpenAndPageTheDuty_WritesNothing()
    {
        var body = AlertIntakeTests.NewAlertmanagerGroup("trial");
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order().ToList();

        var (answer, requests) = await _tap.RecordAsync(() => PostAsync("alertmanager?test=true", body));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Body.GetProperty("test").GetBoolean());
        Assert.Equal("opened", answer.Body.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("incidentId").ValueKind);
        Assert.False(string.IsNullOrEmpty(answer.Body.GetProperty("title").GetString()));
        Assert.Equal(duty, answer.Body.GetProperty("paged").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order());
        Assert.DoesNotContain(requests, r => r.Method != "GET" && Written.Any(r.Targets));

        // Nothing claimed: the real delivery of the same group opens its incident, and the list tells the two apart.
        var real = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", body);
        Assert.Equal("opened", real.GetProperty("outcome").GetString());
        var items = await ListAsync(_host.Client, "alertmanager");
        Assert.Equal(["opened", "test"], items.Take(2).Select(i => i.GetProperty("outcome").GetString()));
        Assert.True(items[1].GetProperty("test").GetBoolean());
        Assert.True(items[0].GetProperty("thisInstanceOnly").GetBoolean());
        // The API says what the test would have done in its words; the page in the reader's (it read "would be opened" in Japanese too).
        Assert.Equal("would be opened", items[1].GetProperty("messages")[0].GetString());
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(_host.BaseAddress);
        var (_, page) = await browser.GetAsync("api/alerts/deliveries/page?source=alertmanager&lang=ja");
        Assert.Contains("<p class=\"would\">本番の通知なら、障害を起票します。</p>", page, StringComparison.Ordinal);
        Assert.DoesNotContain("would be opened", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestDelivery_OpenGroup_WouldFoldIntoItsIncident_NoTimelineRowNoOutboxRow()
    {
        var body = AlertIntakeTests.NewAlertmanagerGroup("trial-fold");
        var opened = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", body);
        var id = opened.GetProperty("incidentId").GetString()!;
        await app.SettleAsync();
        var timeline = Rows("Incidents", $"PartitionKey eq '{id}'");
        var outbox = Rows("Outbox", null);

        var (answer, requests) = await _tap.RecordAsync(() => PostAsync("alertmanager?test=true", body));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("folded", answer.Body.GetProperty("outcome").GetString());
        Assert.Equal(id, answer.Body.GetProperty("incidentId").GetString());
        Assert.Empty(answer.Body.GetProperty("paged").EnumerateArray());
        Assert.DoesNotContain(requests, r => r.Method != "GET" && Written.Any(r.Targets));
        Assert.Equal(timeline, Rows("Incidents", $"PartitionKey eq '{id}'"));
        Assert.Equal(outbox, Rows("Outbox", null));
    }

    /// <summary>
    /// Datadog's test button sends the monitor's notification as the webhook will (README's template): the dry run says it would open
    /// the monitor's incident and page the duty, writes nothing, and is listed under datadog; a transition OnDuty does not know is
    /// the 400 a real delivery gets, naming <c>$.transition</c> and the values it takes.
    /// </summary>
    [Fact]
    public async Task TestDelivery_Datadog_WouldOpenTheMonitorsIncident_WritesNothing_UnknownTransition400()
    {
        var own = Guid.NewGuid().ToString("n");
        var body = AlertIntakeTests.OwnKey("datadog", AlertIntakeTests.Read("datadog-triggered.json"), own);
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order().ToList();

        var (answer, requests) = await _tap.RecordAsync(() => PostAsync("datadog?test=true", body));

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Body.GetProperty("test").GetBoolean());
        Assert.Equal(("opened", "Checkout API p99 latency above 2s"), (answer.Body.GetProperty("outcome").GetString(), answer.Body.GetProperty("title").GetString()));
        Assert.Equal(JsonValueKind.Null, answer.Body.GetProperty("incidentId").ValueKind);
        Assert.Equal(duty, answer.Body.GetProperty("paged").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).Order());
        Assert.DoesNotContain(requests, r => r.Method != "GET" && Written.Any(r.Targets));
        var listed = (await ListAsync(_host.Client, "datadog")).First();
        Assert.Equal(("test", $"monitor:81937254-{own}"), (listed.GetProperty("outcome").GetString(), listed.GetProperty("groupKey").GetString()));

        var (refused, _) = await _tap.RecordAsync(() => PostAsync("datadog?test=true", AlertIntakeTests.Read("datadog-triggered.json", r => r["transition"] = "Resolved")));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("Invalid alert payload", refused.Body.GetProperty("title").GetString());
        var error = Assert.Single(refused.Body.GetProperty("errors").EnumerateArray());
        Assert.Equal(
            ("$.transition", "expected one of 'Triggered', 'Re-Triggered', 'Renotify', 'Warn', 'Re-Warn', 'No Data', 'Re-No Data', 'Recovered' ($ALERT_TRANSITION), got 'Resolved'"),
            (error.GetProperty("path").GetString(), error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task TestDelivery_InvalidBody_RefusedAsARealOne_ListedAsATestEverywhere()
    {
        // Told apart by its size (the hosts share a frozen clock).
        var body = $"{{\"version\":\"4\",\"pad\":\"{new string('x', Random.Shared.Next(100, 4000))}\"}}";
        var size = Encoding.UTF8.GetByteCount(body);
        bool Ours(JsonElement i) => i.GetProperty("bytes").GetInt64() == size && i.GetProperty("outcome").GetString() == "refused";

        var (answer, _) = await _tap.RecordAsync(() => PostAsync("alertmanager?test=true", body));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("Invalid alert payload", answer.Body.GetProperty("title").GetString());
        // The copy kept in storage is the one listed, here (once) and on the instance that never saw it: still a test.
        var here = Assert.Single(await ListAsync(_host.Client, "alertmanager"), Ours);
        var elsewhere = Assert.Single(await ListAsync(app.Client, "alertmanager"), Ours);
        Assert.True(here.GetProperty("test").GetBoolean());
        Assert.True(elsewhere.GetProperty("test").GetBoolean());
    }

    [Fact]
    public async Task Refusal_KeptInStorage_ListedByEveryInstanceWithItsTitle()
    {
        // The hosts run on a fake clock: this refusal is told apart by its size, counted before and after.
        var body = $"{{\"not\":\"an event\",\"pad\":\"{new string('x', Random.Shared.Next(100, 4000))}\"}}";
        var size = Encoding.UTF8.GetByteCount(body);
        bool Ours(JsonElement i) => i.GetProperty("bytes").GetInt64() == size && i.GetProperty("outcome").GetString() == "refused";
        var before = (await ListAsync(app.Client, "generic")).Count(Ours);

        var (answer, _) = await _tap.RecordAsync(() => PostAsync("generic", body));
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);

        var stored = Rows("AlertGroups", "PartitionKey eq 'refused|generic'");
        Assert.Contains(stored, r => r.Contains("Invalid alert payload", StringComparison.Ordinal) && r.Contains($"Bytes={size}", StringComparison.Ordinal));

        // The shared host never saw it: it lists it from storage.
        var elsewhere = (await ListAsync(app.Client, "generic")).Where(Ours).ToList();
        Assert.Equal(before + 1, elsewhere.Count);
        var refusal = elsewhere[0];
        Assert.Equal(400, refusal.GetProperty("status").GetInt32());
        Assert.Equal("Invalid alert payload", refusal.GetProperty("title").GetString());
        Assert.NotEmpty(refusal.GetProperty("messages").EnumerateArray());
        Assert.False(refusal.GetProperty("thisInstanceOnly").GetBoolean());

        // Here it is in memory and in storage: listed once.
        Assert.Equal(before + 1, (await ListAsync(_host.Client, "generic")).Count(Ours));
    }

    /// <summary>
    /// A refusal of the body as a whole is listed with the code and arguments it was answered with (<c>problemCode</c>, <c>problemArgs</c>,
    /// as the problem details' <c>code</c>/<c>args</c>), here from memory and on another instance from storage; an accepted delivery and
    /// a refusal of a field have null for both.
    /// </summary>
    [Fact]
    public async Task Refusal_OfTheWholeBody_ListedWithTheCodeAndArgsItWasAnswered_NullOtherwise()
    {
        // Cut off after the first member: not JSON. Told apart by its size, as above.
        var body = $"{{\"pad\":\"{new string('x', Random.Shared.Next(100, 4000))}\", ";
        var size = Encoding.UTF8.GetByteCount(body);
        bool Ours(JsonElement i) => i.GetProperty("bytes").GetInt64() == size && i.GetProperty("outcome").GetString() == "refused";

        var (status, answer) = await PostAsync("generic", body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("jsonMalformed", answer.GetProperty("code").GetString());
        var reason = answer.GetProperty("args").GetProperty("reason").GetString();
        Assert.False(string.IsNullOrEmpty(reason));
        foreach (var client in new[] { _host.Client, app.Client })
        {
            var listed = (await ListAsync(client, "generic")).First(Ours);
            Assert.Equal("jsonMalformed", listed.GetProperty("problemCode").GetString());
            Assert.Equal([("reason", reason)], listed.GetProperty("problemArgs").EnumerateObject().Select(a => (a.Name, a.Value.GetString())));
        }

        // A field's refusal (a generic event with no action): errors by path, no code for the body.
        var field = $"{{\"not\":\"an event\",\"pad\":\"{new string('y', Random.Shared.Next(4000, 8000))}\"}}";
        var fieldSize = Encoding.UTF8.GetByteCount(field);
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("generic", field)).Status);
        var fieldListed = (await ListAsync(_host.Client, "generic")).First(i => i.GetProperty("bytes").GetInt64() == fieldSize);
        Assert.Equal(JsonValueKind.Null, fieldListed.GetProperty("problemCode").ValueKind);
        Assert.Equal(JsonValueKind.Null, fieldListed.GetProperty("problemArgs").ValueKind);

        var accepted = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", AlertIntakeTests.NewAlertmanagerGroup("problem-none"));
        var item = (await ListAsync(_host.Client, "alertmanager")).First(i => i.GetProperty("incidentId").GetString() == accepted.GetProperty("incidentId").GetString());
        Assert.Equal(JsonValueKind.Null, item.GetProperty("problemCode").ValueKind);
        Assert.Equal(JsonValueKind.Null, item.GetProperty("problemArgs").ValueKind);
    }

    /// <summary>
    /// PagerDuty's refusals are answered in the Events API's shape, not as problem details: listed all the same with the errors the
    /// sender got, and a 413 with the limit it went over (trial 50: the page said "over the 0 B limit" with no error, and a 401 or a
    /// routing key not configured was listed without its reason).
    /// </summary>
    [Fact]
    public async Task Refusal_PagerDuty_ListedWithTheErrorsItWasAnswered_AndA413WithTheLimit()
    {
        const string Secret = "pagerduty-secret-for-the-list";
        const string RoutingKey = "R0UTINGKEYF0RTHEDELIVERYLIST0001";
        await using var host = await app.StartSecondHostAsync(new Dictionary<string, string?>
        {
            ["Incidents:Sources:pagerduty:SharedSecret"] = Secret,
            ["Incidents:Sources:pagerduty:RoutingKeys:0"] = RoutingKey,
            ["Alerts:MaxBodyBytes"] = "65536", // the least it may be
        });
        var samples = Path.Combine(AppContext.BaseDirectory, "Alerts", "Samples");
        var otherKey = File.ReadAllText(Path.Combine(samples, "pagerduty-trigger.json"));
        async Task<JsonElement> Refused(string body, string? secret, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/alerts/pagerduty") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (secret is not null)
            {
                request.Headers.Add("X-OnDuty-Secret", secret);
            }

            using var response = await host.Client.SendAsync(request);
            Assert.Equal(expected, response.StatusCode);
            var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.Equal("invalid event", answer.GetProperty("status").GetString());
            return answer;
        }

        var unauthenticated = await Refused(otherKey, secret: null, HttpStatusCode.Unauthorized);
        var notOurKey = await Refused(otherKey, Secret, HttpStatusCode.BadRequest);
        var tooLarge = await Refused(otherKey.Replace("\"source\"", "\"pad\": \"" + new string('x', 70_000) + "\", \"source\"", StringComparison.Ordinal), Secret, HttpStatusCode.RequestEntityTooLarge);

        var listed = await ListAsync(host.Client, "pagerduty");
        // Refusals are listed from the storage every host shares: these are told apart by their size (a 413's is the limit).
        JsonElement Listed(int status) => Assert.Single(listed, i => i.GetProperty("status").GetInt32() == status && i.GetProperty("outcome").GetString() == "refused"
            && i.GetProperty("bytes").GetInt64() == (status == 413 ? 65536 : Encoding.UTF8.GetByteCount(otherKey)));
        string[] Errors(JsonElement e) => [.. e.GetProperty("errors").EnumerateArray().Select(m => m.GetString()!)];
        string[] Messages(JsonElement i) => [.. i.GetProperty("messages").EnumerateArray().Select(m => m.GetString()!)];
        Assert.Equal(Errors(unauthenticated), Messages(Listed(401)));
        Assert.NotEmpty(Errors(unauthenticated));
        Assert.Equal(["$.routing_key: not an integration key of this service (Incidents__Sources__pagerduty__RoutingKeys)"], Messages(Listed(400)));
        var large = Listed(413);
        Assert.Equal(["The body is larger than 64 KiB."], Errors(tooLarge));
        Assert.Equal(Errors(tooLarge), Messages(large));
        Assert.Equal(65536, large.GetProperty("bytes").GetInt64());
        Assert.Equal("Body too large", large.GetProperty("title").GetString());
    }

    [Fact]
    public async Task List_NewestFirst_WithGroupKeyAndIncident()
    {
        var first = AlertIntakeTests.NewAlertmanagerGroup("order-a");
        var second = AlertIntakeTests.NewAlertmanagerGroup("order-b");
        var a = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", first);
        var b = await AlertIntakeTests.PostAcceptedAsync(_host.Client, "alertmanager", second);

        var items = await ListAsync(_host.Client, "alertmanager");

        Assert.Equal([b.GetProperty("incidentId").GetString(), a.GetProperty("incidentId").GetString()], items.Take(2).Select(i => i.GetProperty("incidentId").GetString()));
        Assert.Contains("order-b", items[0].GetProperty("groupKey").GetString(), StringComparison.Ordinal);
        Assert.Equal(202, items[0].GetProperty("status").GetInt32());
        Assert.True(items[0].GetProperty("bytes").GetInt64() > 0);
    }

    [Fact]
    public async Task List_UnknownSource_400()
    {
        using var response = await _host.Client.GetAsync("api/alerts/deliveries?source=nagios");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string route, string body)
    {
        using var response = await _host.Client.PostAsync($"api/alerts/{route}", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string source) =>
        [.. (await client.GetFromJsonAsync<JsonElement>($"api/alerts/deliveries?source={source}")).GetProperty("items").EnumerateArray()];

    private List<string> Rows(string table, string? filter) =>
        [.. new TableClient(app.Azurite.ConnectionString, table).Query<TableEntity>(filter)
            .Select(e => e.PartitionKey + "/" + e.RowKey + "/" + string.Join(",", e.Where(p => p.Key != "odata.etag").Select(p => $"{p.Key}={p.Value}")))];
}
