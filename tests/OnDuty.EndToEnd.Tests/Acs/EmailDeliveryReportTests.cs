using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Acs;

/// <summary>
/// ACS's delivery reports of the emails it took, through the real host: an Event Grid subscription posts
/// <c>Microsoft.Communication.EmailDeliveryReportReceived</c> to <c>POST /api/email/events</c>. A page that bounced shows on
/// its incident (in Japanese on the incident page), is listed failed and makes <c>/api/health</c> say so; a delivered one
/// changes nothing. Mail goes through a loopback ACS that checks the wire format, so the operation ids are the ones OnDuty sent.
/// </summary>
public sealed class EmailDeliveryReportTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-email-reports-master-key";
    private const string Bounce = "550 5.1.1 The email account that you tried to reach does not exist.";

    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5),
            OwnApp.AcsEmail(_acs),
            smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task PageBounced_OnTheIncidentInJapanese_ListedFailed_AndHealthSaysSo_DeliveredChangesNothing()
    {
        var pair = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).ToList();
        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev2", by = "sato" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_acs.Deliveries.Count));
        AcsDelivery PageTo(string address) =>
            Assert.Single(_acs.Deliveries, d => d.To.Any(t => string.Equals(t.Address, address, StringComparison.OrdinalIgnoreCase)) && d.Subject.Contains(id, StringComparison.Ordinal));
        var (bounced, reached) = (PageTo(pair[0]), PageTo(pair[1]));
        var before = Timeline(await IncidentAsync(id)).Count;

        using (var answer = await _host.Client.PostAsync("api/email/events", Events(Report(bounced.OperationId, pair[0], "Bounced", Bounce), Report(reached.OperationId, pair[1], "Delivered", "No error."))))
        {
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            var heard = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal((2, 1), (heard.GetProperty("heard").GetInt32(), heard.GetProperty("undelivered").GetInt32()));
        }

        var added = Timeline(await IncidentAsync(id)).Skip(before).ToList();
        var entry = Assert.Single(added);
        Assert.Equal(("deliveryFailed", $"email to {pair[0]} was not delivered (Bounced): {Bounce}"), (entry.GetProperty("kind").GetString(), entry.GetProperty("message").GetString()));
        var page = $"incident:{id}:page:email:{pair[0]}";
        var failed = await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed");
        var listed = Assert.Single(failed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == page);
        Assert.Equal($"not delivered to {pair[0]} (Bounced: {Bounce})", listed.GetProperty("lastError").GetString());
        Assert.DoesNotContain(failed.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == $"incident:{id}:page:email:{pair[1]}");

        var html = await _host.Client.GetStringAsync($"api/incidents/{id}/page?lang=ja");
        // The member by name, with the address that bounced: the one to fix on the roster.
        Assert.Contains($"（{pair[0]}） に届きませんでした（宛先から差し戻されました）：550 5.1.1 The email account that you tried to reach does not exist.", WebUtility.HtmlDecode(html), StringComparison.Ordinal);

        var health = await _host.Client.GetAsync("api/health/details");
        var said = await health.Content.ReadAsStringAsync();
        Assert.Contains("\"status\":\"degraded\"", said, StringComparison.Ordinal);
        Assert.Contains($"the latest to {pair[0]}", said, StringComparison.Ordinal);

        // Event Grid delivers at least once: the same report again is heard, and tells nobody twice.
        using (var again = await _host.Client.PostAsync("api/email/events", Events(Report(bounced.OperationId, pair[0], "Bounced", Bounce))))
        {
            Assert.Equal(0, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("undelivered").GetInt32());
        }

        Assert.Equal(before + 1, Timeline(await IncidentAsync(id)).Count);
    }

    /// <summary>Both duty members' pages bounce: the first escalation step goes out at the next run, not 15 minutes later.</summary>
    [Fact]
    public async Task BothPagesBounce_TheNextEscalationRunPagesStep1AtOnce()
    {
        var pair = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).ToList();
        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "ログインできない", severity = "sev2", by = "sato" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_acs.Deliveries.Count));
        var pages = _acs.Deliveries.Where(d => d.Subject.Contains(id, StringComparison.Ordinal) && d.To.Count == 1).ToList();
        Assert.Equal(pair, pages.Select(p => p.To[0].Address).Order(StringComparer.Ordinal));
        var sent = _acs.Deliveries.Count;

        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_acs.Deliveries.Count));
        Assert.Equal(sent, _acs.Deliveries.Count); // nothing due yet

        using (var answer = await _host.Client.PostAsync("api/email/events", Events([.. pages.Select(p => Report(p.OperationId, p.To[0].Address, "Bounced", Bounce))])))
        {
            Assert.Equal(2, (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("undelivered").GetInt32());
        }

        var incident = await IncidentAsync(id);
        Assert.Contains(Timeline(incident), e => e.GetProperty("kind").GetString() == "unreached" && e.GetProperty("message").GetString() == "nobody was reached at step 0: step 1 is due now");
        var pageHtml = await _host.Client.GetStringAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("最初の呼び出しが誰にも届かなかったため、エスカレーション1段階目を今すぐ送ります", WebUtility.HtmlDecode(pageHtml), StringComparison.Ordinal);

        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_acs.Deliveries.Count));
        var step1 = _acs.Deliveries.Skip(sent).Where(d => d.Subject.Contains(id, StringComparison.Ordinal) && d.To.Count == 1).Select(d => d.To[0].Address).Order(StringComparer.Ordinal);
        Assert.Equal(pair, step1);
        Assert.Equal(1, (await IncidentAsync(id)).GetProperty("incident").GetProperty("escalationStep").GetInt32());
    }

    /// <summary>
    /// "How pages reach me": a member emails themselves a test page (once a minute, however often they press); when it bounces,
    /// the page lists it under what did not reach them, with ACS's words.
    /// </summary>
    [Fact]
    public async Task ContactPage_TestEmail_GoesOutOnce_AndItsBounceIsListedForTheMember()
    {
        var address = (await _host.Client.GetFromJsonAsync<JsonElement>("api/members/sato")).GetProperty("email").GetString()!;
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(_host.BaseAddress);
        var (page, html) = await browser.GetAsync("api/status/me?lang=ja&member=sato");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains($"{address} に、呼び出しと同じ経路でテストのメールを送ります", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"undelivered\"", html, StringComparison.Ordinal);

        for (var press = 0; press < 2; press++)
        {
            var (sent, _) = await browser.SubmitAsync(html, "/api/status/me/test-email", new Dictionary<string, string>());
            Assert.Equal(HttpStatusCode.SeeOther, sent.StatusCode);
            Assert.Equal("/api/status/me?lang=ja&done=emailed&member=sato", sent.Headers.Location!.OriginalString);
        }

        await _host.SettleAsync(() => Task.FromResult(_acs.Deliveries.Count));
        var test = Assert.Single(_acs.Deliveries, d => d.Subject == "【テスト】OnDuty 呼び出しメールの確認");
        Assert.Equal([address], test.To.Select(t => t.Address));
        Assert.Contains($"このアドレス（{address}）に届きます", test.PlainText, StringComparison.Ordinal);

        using (await _host.Client.PostAsync("api/email/events", Events(Report(test.OperationId, address, "Bounced", Bounce))))
        {
        }

        var (_, after) = await browser.GetAsync("api/status/me?lang=ja&member=sato");
        Assert.Contains($"「【テスト】OnDuty 呼び出しメールの確認」：not delivered to {address} (Bounced: {Bounce})", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        Assert.Contains("最近、次の連絡があなたに届きませんでした。", WebUtility.HtmlDecode(after), StringComparison.Ordinal);

        // Another member's page shows nothing of it.
        var (_, other) = await browser.GetAsync("api/status/me?lang=ja&member=ito");
        Assert.DoesNotContain("id=\"undelivered\"", other, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_ValidatedWithTheKey_AnythingElseRefusedAndNothingHeard()
    {
        using (var validation = await _host.Client.PostAsync("api/email/events", Events(new
        {
            id = "v1", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent", subject = "", eventTime = "2026-12-01T00:00:00Z", dataVersion = "1",
            data = new { validationCode = "3c2f1a9e-5b1d-4c55-9f61-0d1e6f3b2a10" },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
            Assert.Equal("3c2f1a9e-5b1d-4c55-9f61-0d1e6f3b2a10", (await validation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validationResponse").GetString());
        }

        using (var anonymous = await _host.Anonymous.PostAsync("api/email/events", Events(Report("00000000-0000-4000-8000-000000000001", "a@example.com", "Bounced", Bounce))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        foreach (var body in new[] { "{\"not\":\"events\"}", "[{\"eventType\":\"Microsoft.Communication.EmailDeliveryReportReceived\",\"data\":{\"recipient\":\"a@example.com\"}}]", "not json" })
        {
            using var refused = await _host.Client.PostAsync("api/email/events", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // A fresh report about an operation not recorded yet: 503, so Event Grid delivers it again (the email may be recorded
        // as sent a moment after ACS reported on it).
        using (var early = await _host.Client.PostAsync("api/email/events", Events(Report("00000000-0000-4000-8000-000000000003", "a@example.com", "Suppressed", null, _host.Time.GetUtcNow()))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        }

        // A report about an email OnDuty never sent (long ago), and another event type, are heard and change nothing.
        using (var unknown = await _host.Client.PostAsync("api/email/events", Events(
            Report("00000000-0000-4000-8000-000000000002", "a@example.com", "Suppressed", null),
            new { id = "e2", eventType = "Microsoft.Communication.EmailEngagementTrackingReportReceived", subject = "", eventTime = "2026-12-01T00:00:00Z", dataVersion = "1.0", data = new { } })))
        {
            Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
            Assert.Equal(0, (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("undelivered").GetInt32());
        }

        Assert.Empty((await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed")).GetProperty("items").EnumerateArray());
    }

    private async Task<JsonElement> IncidentAsync(string id) => await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private static List<JsonElement> Timeline(JsonElement incident) => [.. incident.GetProperty("timeline").EnumerateArray()];

    private static StringContent Events(params object[] events) =>
        new(JsonSerializer.Serialize(events), System.Text.Encoding.UTF8, "application/json");

    /// <summary>A <c>Microsoft.Communication.EmailDeliveryReportReceived</c> event as ACS publishes it (Event Grid schema).</summary>
    private static object Report(string operationId, string recipient, string status, string? details, DateTimeOffset? at = null) => new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Communication/CommunicationServices/acs-onduty",
        subject = $"sender/DoNotReply@onduty.example/message/{operationId}",
        eventType = "Microsoft.Communication.EmailDeliveryReportReceived",
        eventTime = "2026-12-01T00:00:05Z",
        dataVersion = "1.0",
        data = new Dictionary<string, object?>
        {
            ["sender"] = "DoNotReply@onduty.example",
            ["recipient"] = recipient,
            ["messageId"] = operationId,
            ["status"] = status,
            ["deliveryStatusDetails"] = new { statusMessage = details },
            ["deliveryAttemptTimestamp"] = (at ?? new DateTimeOffset(2026, 12, 1, 0, 0, 4, TimeSpan.Zero)).ToString("O"),
        },
    };
}
