using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

/// <summary><c>POST /api/alerts/pagerduty</c> answers as PagerDuty's Events API v2 does, and drives one incident through its life.</summary>
[Collection(OnDutyAppCollection.Name)]
public sealed class PagerDutyEventsTests(OnDutyAppFixture app)
{
    [Fact]
    public async Task TriggerAcknowledgeResolve_OneIncidentAcknowledgedThenResolved()
    {
        var key = "disk-" + Guid.NewGuid().ToString("n");
        var trigger = AlertIntakeTests.Read("pagerduty-trigger.json", root => root["dedup_key"] = key);

        var (status, opened) = await PostAsync(trigger);
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("success", opened.GetProperty("status").GetString());
        Assert.Equal("Event processed", opened.GetProperty("message").GetString());
        Assert.Equal(key, opened.GetProperty("dedup_key").GetString());
        var id = opened.GetProperty("onDuty").GetProperty("incidentId").GetString()!;
        var incident = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal("investigating", incident.GetProperty("status").GetString());
        Assert.Equal("sev1", incident.GetProperty("severity").GetString(), ignoreCase: true);
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("acknowledgedAt").ValueKind);

        // Acknowledge and resolve carry no payload, as PagerDuty allows.
        var (ackStatus, acked) = await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"acknowledge"}""");
        Assert.Equal(HttpStatusCode.Accepted, ackStatus);
        Assert.Equal(key, acked.GetProperty("dedup_key").GetString());
        Assert.Equal("acknowledged", acked.GetProperty("onDuty").GetProperty("outcome").GetString());
        incident = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal("alert:pagerduty", incident.GetProperty("acknowledgedBy").GetString());
        Assert.Equal("investigating", incident.GetProperty("status").GetString());

        var (resolveStatus, resolved) = await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"resolve"}""");
        Assert.Equal(HttpStatusCode.Accepted, resolveStatus);
        Assert.Equal("resolved", resolved.GetProperty("onDuty").GetProperty("outcome").GetString());
        incident = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal("resolved", incident.GetProperty("status").GetString());
        await app.SettleAsync();
    }

    [Fact]
    public async Task TriggerWithARelativeLinkAndImage_OpensAndPagesTheDutyPairAndSaysWhatWasDropped()
    {
        // The trial's repro: PagerDuty-style senders do not retry a 400, so refusing the event over a link lost the page.
        var key = "pd-rel-link-" + Guid.NewGuid().ToString("n");
        var onCall = await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("email").GetString()!).Order().ToList();
        Assert.NotEmpty(duty);

        var (status, body) = await PostAsync($$"""
            {"routing_key":"samplekeyhere","event_action":"trigger","dedup_key":"{{key}}",
             "payload":{"summary":"Disk 95% on app-07","source":"app-07","severity":"critical"},
             "links":[{"href":"/dashboards/disk","text":"Disk"},{"href":"https://grafana.example.com/d/disk","text":"Grafana"}],
             "images":[{"src":"chart.png"}]}
            """);

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal(key, body.GetProperty("dedup_key").GetString());
        var onDuty = body.GetProperty("onDuty");
        Assert.Equal("opened", onDuty.GetProperty("outcome").GetString());
        Assert.Equal(
            [
                "$.links[0].href: dropped an entry that is not an absolute http(s) URL: got '/dashboards/disk'",
                "$.images[0].src: dropped an entry that is not an absolute http(s) URL: got 'chart.png'",
            ],
            onDuty.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        var id = onDuty.GetProperty("incidentId").GetString()!;
        var incident = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal("investigating", incident.GetProperty("status").GetString());
        Assert.Equal("sev1", incident.GetProperty("severity").GetString(), ignoreCase: true);
        var pages = await app.Smtp.WaitForAboutAsync(id, duty.Count);
        Assert.Equal(duty, pages.SelectMany(m => m.To).Order());

        await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"resolve"}""");
        await app.SettleAsync();
    }

    /// <summary>
    /// Trial 35 H3 and M3 through the route: a SEV2 trigger from Datadog, PagerDuty's documented acknowledge (no <c>client</c>) a
    /// moment later, then a re-trigger at <c>critical</c>. The 対応開始 mail names Datadog (the trigger's client) and the status page
    /// says only the tool acknowledged it; the raise to SEV1 pages the duty pair afresh — 【SEV1 障害】 in smtp4dev, saying why — and
    /// the API shows it unacknowledged, SEV1, not reopened. The tool's second acknowledge is folded: still unacknowledged, and the
    /// incident page's timeline says the pages go on (review of 12-04).
    /// </summary>
    [Fact]
    public async Task ToolAcknowledgedThenRaisedToSev1_PagesTheDutyPairAgain()
    {
        var key = "pd-raise-" + Guid.NewGuid().ToString("n");
        var duty = (await app.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members").EnumerateArray()
            .Select(m => m.GetProperty("email").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(duty);
        string Trigger(string severity) => $$$"""
            {"routing_key":"samplekeyhere","event_action":"trigger","dedup_key":"{{{key}}}","client":"Datadog","client_url":"https://app.datadoghq.com/monitors/1",
             "payload":{"summary":"Checkout 5xx over 5%","source":"checkout-api","severity":"{{{severity}}}"}}
            """;

        var (_, opened) = await PostAsync(Trigger("error"));
        var id = opened.GetProperty("onDuty").GetProperty("incidentId").GetString()!;
        var (_, acked) = await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"acknowledge"}""");
        Assert.Equal("acknowledged", acked.GetProperty("onDuty").GetProperty("outcome").GetString());
        await app.SettleAsync();
        // The duty pair's mails about it whose subject starts with the Japanese or English tag, once each of them has one.
        async Task<List<OnDuty.Testing.ReceivedEmail>> PairMailsAsync(string ja, string en)
        {
            bool Tagged(OnDuty.Testing.ReceivedEmail m) => m.Subject.StartsWith(ja, StringComparison.Ordinal) || m.Subject.StartsWith(en, StringComparison.Ordinal);
            await Until.TrueAsync(async () => (await app.Smtp.AboutAsync(id)).Count(Tagged) >= duty.Count);
            var mails = (await app.Smtp.AboutAsync(id)).Where(Tagged).ToList();
            Assert.Equal(duty, mails.SelectMany(m => m.To).Order(StringComparer.Ordinal));
            return mails;
        }

        var jaAck = (await PairMailsAsync("【SEV2 対応開始】", "[SEV2 acknowledged]")).First(m => m.Subject.StartsWith("【", StringComparison.Ordinal));
        Assert.Contains("送信元の Datadog で対応中（Acknowledge）になりました", await app.Smtp.TextAsync(jaAck.Id), StringComparison.Ordinal);
        // Only the tool acknowledged it: the status page's row says nobody on duty did.
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        string Row(string html) => html.Split("<li>").Single(r => r.Contains($">{id}</a>", StringComparison.Ordinal));
        var (_, before) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains("<span class=\"waiting tool-only\">監視ツール（Datadog）が受付済み・当番は未確認</span>", Row(before), StringComparison.Ordinal);

        var (status, raised) = await PostAsync(Trigger("critical"));
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal(id, raised.GetProperty("onDuty").GetProperty("incidentId").GetString());
        await Until.TrueAsync(async () => (await GetIncidentAsync(id)).GetProperty("incident").GetProperty("severity").GetString()!.Equals("sev1", StringComparison.OrdinalIgnoreCase));
        await app.SettleAsync();

        var ja = (await PairMailsAsync("【SEV1 障害】", "[SEV1 incident]")).First(m => m.Subject.StartsWith("【", StringComparison.Ordinal));
        Assert.Contains("SEV1 に引き上げられました。Datadog で対応中（Acknowledge）になっていましたが、OnDuty では誰も対応していないため、当番に連絡します。", await app.Smtp.TextAsync(ja.Id), StringComparison.Ordinal);
        var incident = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("acknowledgedBy").ValueKind);
        Assert.Equal(0, incident.GetProperty("reopenCount").GetInt32());
        Assert.Equal(0, incident.GetProperty("escalationStep").GetInt32());

        // The tool acknowledges again: a SEV1 raised over its acknowledgement waits for a person, so it is recorded, not counted.
        var (_, again) = await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"acknowledge"}""");
        Assert.Equal("folded", again.GetProperty("onDuty").GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, (await GetIncidentAsync(id)).GetProperty("incident").GetProperty("acknowledgedBy").ValueKind);
        var (_, after) = await browser.GetAsync("api/status?lang=ja");
        Assert.Contains("<span class=\"waiting\">未対応</span>", Row(after), StringComparison.Ordinal);
        Assert.DoesNotContain("tool-only", Row(after), StringComparison.Ordinal);
        var (_, page) = await browser.GetAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("Datadog で再び対応中（Acknowledge）になりましたが、SEV1 のため、OnDuty で誰かが「対応します」を押すまで当番の呼び出しを続けます", page, StringComparison.Ordinal);

        await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"resolve"}""");
        await app.SettleAsync();
    }

    /// <summary>
    /// Only the tool acknowledged it: the incident page still offers 対応します, and a person pressing it takes it — recorded as theirs,
    /// the status page's 「当番は未確認」 gone.
    /// </summary>
    [Fact]
    public async Task ToolAcknowledged_APersonTakesItOnTheIncidentPage()
    {
        var key = "pd-take-" + Guid.NewGuid().ToString("n");
        var (_, opened) = await PostAsync($$$"""
            {"routing_key":"samplekeyhere","event_action":"trigger","dedup_key":"{{{key}}}","client":"Datadog",
             "payload":{"summary":"Search 5xx over 5%","source":"search-api","severity":"error"}}
            """);
        var id = opened.GetProperty("onDuty").GetProperty("incidentId").GetString()!;
        await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"acknowledge"}""");
        await app.SettleAsync();
        var before = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal("alert:pagerduty", before.GetProperty("acknowledgedBy").GetString());
        // The tool that opened it, as it named itself (brief toolname): in the API, and on the page's 起票 row beside the route.
        Assert.Equal("Datadog", before.GetProperty("openedVia").GetString());

        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        var location = $"api/incidents/{id}/page?lang=ja";
        var (_, page) = await browser.GetAsync(location);
        Assert.Contains("<b>起票</b> · 調査中 <span class=\"meta\">— PagerDuty 連携（Datadog）</span>", page, StringComparison.Ordinal);
        Assert.Contains("/page/ack", page, StringComparison.Ordinal);
        var (ack, _) = await browser.SubmitAsync(page, "/page/ack", new Dictionary<string, string> { ["by"] = "Emma" });
        Assert.Equal(HttpStatusCode.SeeOther, ack.StatusCode);
        Assert.EndsWith("&done=acknowledged", ack.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var incident = (await GetIncidentAsync(id)).GetProperty("incident");
        Assert.Equal("Emma", incident.GetProperty("acknowledgedBy").GetString());
        (_, page) = await browser.GetAsync(location);
        Assert.DoesNotContain("/page/ack", page, StringComparison.Ordinal);
        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        var row = status.Split("<li>").Single(r => r.Contains($">{id}</a>", StringComparison.Ordinal));
        Assert.DoesNotContain("tool-only", row, StringComparison.Ordinal);

        await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"resolve"}""");
        await app.SettleAsync();
    }

    [Fact]
    public async Task AcknowledgeOfAnUnknownKey_AcceptedAndChangesNothing()
    {
        var (status, body) = await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"never-{{Guid.NewGuid():n}}","event_action":"acknowledge"}""");

        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("ignored", body.GetProperty("onDuty").GetProperty("outcome").GetString());
        // Why, in PagerDuty's own message (its shape kept: status, message, dedup_key), and as OnDuty's code beside it.
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("Event processed; ignored: An acknowledge for an alert group with no open incident: there was nothing to acknowledge.", body.GetProperty("message").GetString());
        Assert.Equal("acknowledgeWithoutIncident", body.GetProperty("onDuty").GetProperty("reason").GetString());
    }

    /// <summary>
    /// Session 51: a test event (<c>?test=true</c>) was answered in OnDuty's own shape while the route answers events in PagerDuty's.
    /// Now as an event is (<c>status</c>, <c>message</c>, <c>dedup_key</c>), the prediction in the message and OnDuty's test answer
    /// under <c>onDuty</c>; nothing is stored, so the real event after it opens the incident, and a test then would fold into it.
    /// </summary>
    [Fact]
    public async Task TestEvent_AnsweredInPagerDutysShape_ThePredictionInTheMessage()
    {
        var key = "test-" + Guid.NewGuid().ToString("n");
        var trigger = AlertIntakeTests.Read("pagerduty-trigger.json", root => root["dedup_key"] = key);

        var (status, tested) = await PostAsync(trigger, "?test=true");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("success", tested.GetProperty("status").GetString());
        Assert.Equal("Test event, nothing stored and nobody paged: would be opened", tested.GetProperty("message").GetString());
        Assert.Equal(key, tested.GetProperty("dedup_key").GetString());
        Assert.True(tested.GetProperty("onDuty").GetProperty("test").GetBoolean());
        Assert.Equal("opened", tested.GetProperty("onDuty").GetProperty("outcome").GetString());
        Assert.NotEmpty(tested.GetProperty("onDuty").GetProperty("paged").EnumerateArray());

        var (_, opened) = await PostAsync(trigger);
        var id = opened.GetProperty("onDuty").GetProperty("incidentId").GetString();
        Assert.Equal("opened", opened.GetProperty("onDuty").GetProperty("outcome").GetString());
        var (_, again) = await PostAsync(trigger, "?test=true");
        Assert.Equal($"Test event, nothing stored and nobody paged: would be folded ({id})", again.GetProperty("message").GetString());

        await PostAsync($$"""{"routing_key":"samplekeyhere","dedup_key":"{{key}}","event_action":"resolve"}""");
        await app.SettleAsync();
    }

    [Fact]
    public async Task InvalidEvent_PagerDutyShaped400NamingTheField()
    {
        var (status, body) = await PostAsync("""{"routing_key":"samplekeyhere","event_action":"trigger","payload":{"summary":"x","source":"y"}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid event", body.GetProperty("status").GetString());
        Assert.Equal("Event object is invalid", body.GetProperty("message").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetString() == "$.payload.severity: required field is missing");
    }

    [Fact]
    public async Task MalformedJson_PagerDutyShaped400()
    {
        var (status, body) = await PostAsync("{\"routing_key\":");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid event", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ChangeEvent_PagerDutyShaped400_SayingOnDutyTakesNoChangeEvents()
    {
        // As a tool posts to PagerDuty's /v2/change/enqueue: no event_action.
        var (status, body) = await PostAsync("""{"routing_key":"samplekeyhere","payload":{"summary":"Build 4711 deployed","timestamp":"2026-12-03T01:02:03Z","source":"ci"},"links":[{"href":"https://ci.example/4711","text":"build"}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid event", body.GetProperty("status").GetString());
        Assert.Contains(body.GetProperty("errors").EnumerateArray(), e => e.GetString()!.Contains("change event (POST /v2/change/enqueue)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BodyTooLarge_PagerDutyShaped413()
    {
        var huge = """{"routing_key":"samplekeyhere","event_action":"trigger","payload":{"summary":"x","source":"y","severity":"info","custom_details":{"pad":""" + "\"" + new string('x', 9 * 1024 * 1024) + "\"}}}";

        await app.AdvanceAsync(TimeSpan.FromSeconds(1)); // the latest refusal of the shared app's frozen clock, as health names the last one
        var (status, body) = await PostAsync(huge);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("invalid event", body.GetProperty("status").GetString());
        Assert.Equal("Body too large", body.GetProperty("message").GetString());
        // The limit as the README and the delivery page say it (it read "8192 KiB" here, 「上限8.4 MB超」 there).
        Assert.Equal("The body is larger than 8 MiB.", Assert.Single(body.GetProperty("errors").EnumerateArray()).GetString());

        // Listed as the other sources' 413 is, not by its body's "invalid event" (trial 35 L5), and on the incident about it.
        // The shared app's frozen clock lists this class's deliveries at one instant: the 413 is found by its status, not its place.
        var listed = (await app.Client.GetFromJsonAsync<JsonElement>("api/alerts/deliveries?source=pagerduty")).GetProperty("items").EnumerateArray()
            .First(d => d.GetProperty("status").GetInt32() == 413);
        Assert.Equal((413, "Body too large"), (listed.GetProperty("status").GetInt32(), listed.GetProperty("title").GetString()));
        Assert.StartsWith("INC-", listed.GetProperty("incidentId").GetString(), StringComparison.Ordinal);
        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Contains("(413 Body too large)", health.GetProperty("notes").GetProperty("deliveries").GetString(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string body, string query = "")
    {
        using var response = await app.Client.PostAsync("api/alerts/pagerduty" + query, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    private async Task<JsonElement> GetIncidentAsync(string id) =>
        await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
}
