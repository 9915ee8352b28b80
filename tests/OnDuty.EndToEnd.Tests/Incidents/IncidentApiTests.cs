using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Incidents;
using OnDuty.EndToEnd.Tests.Support;

namespace OnDuty.EndToEnd.Tests.Incidents;

[Collection(OnDutyAppCollection.Name)]
public sealed class IncidentApiTests(OnDutyAppFixture app)
{
    public static TheoryData<string, string, string?, int> BadRequests()
    {
        var firing = AlertIntakeTests.Read("alertmanager-firing.json", r => r["groupKey"] = "{}:{bad=\"corpus\"}");
        return new()
        {
            { "wrong key", "alertmanager", firing, 401 },
            { "malformed JSON", "alertmanager", "{\"status\": \"firing\", ", 400 },
            { "wrong types", "alertmanager", AlertIntakeTests.Read("alertmanager-firing.json", r => r["alerts"] = "many"), 400 },
            { "unknown format", "azure-monitor", firing, 400 },
            { "generic without dedup key", "generic", "{\"event_action\":\"trigger\",\"summary\":\"x\",\"severity\":\"error\",\"source\":\"h\"}", 400 },
            { "empty body", "grafana", "", 400 },
            { "not an object", "generic", "[1,2,3]", 400 },
            { "unknown source", "nagios", firing, 404 },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task PostAlert_BadRequest_Rejected4xxWithNothingStored(string what, string source, string? body, int expected)
    {
        var before = await AllIdsAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/alerts/{source}") { Content = new StringContent(body ?? "", Encoding.UTF8, "application/json") };
        var client = what == "wrong key" ? app.Anonymous : app.Client;
        if (what == "wrong key")
        {
            request.Headers.Add("x-functions-key", "not-the-key");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{what}: {(int)response.StatusCode} {text}");
        if (expected != 401)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // Nothing of the body is stored; a 400 of a known source opens (or folds into) the one incident about that source's
        // unreadable deliveries, which pages (trial 35 M1). A function key refused by the host, or an unknown source, opens none.
        var added = (await AllIdsAsync()).Except(before).ToList();
        Assert.True(expected == 400 ? added.Count <= 1 : added.Count == 0, $"{what}: {string.Join(", ", added)}");
        foreach (var id in added)
        {
            Assert.EndsWith("からの通知を読めませんでした（形式の誤り）", (await GetAsync(id)).GetProperty("title").GetString(), StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A body over the 8 MiB cap is still refused (413), but never silently (trial 31b H2): the sender does not retry it, so one
    /// incident per source says so and pages, repeated refusals fold into it, and /api/health shows alert-intake degraded.
    /// </summary>
    [Fact]
    public async Task PostAlert_OverTheBodyCap_413_OpensOneIncidentThatPages_HealthDegraded()
    {
        var body = AlertIntakeTests.Read("alertmanager-firing.json", r => r["receiver"] = new string('x', (9 * 1024 * 1024) + 1024));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 2; i++)
        {
            using var response = await app.Client.PostAsync("api/alerts/alertmanager", new StringContent(body, Encoding.UTF8, "application/json"));
            statuses.Add(response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.RequestEntityTooLarge, s));
        var open = (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("title").GetString() == "Alertmanager からの通知が大きすぎて読めませんでした（9.4 MB）").ToList();
        var incident = Assert.Single(open);
        Assert.NotEmpty((await GetAsync(incident.GetProperty("id").GetString()!)).GetProperty("assignees").EnumerateArray());
        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("refused a delivery of", health.GetProperty("degraded").GetProperty("alert-intake").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A body refused as a whole carries the code every other JSON route gives it (session 60), said in English by default — what a
    /// monitoring tool, which sends no Accept-Language, reads, unchanged — and in Japanese when asked; still 400, on the same route.
    /// The delivery list page of a Japanese team says it in Japanese (it listed the sender's English).
    /// </summary>
    [Fact]
    public async Task PostAlert_BodyRefusedAsAWhole_CodedAsTheOtherRoutes_JapaneseWhenAsked()
    {
        async Task<JsonElement> PostAsync(string body, string? language)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/alerts/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (language is not null)
            {
                request.Headers.AcceptLanguage.ParseAdd(language);
            }

            using var response = await app.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }

        foreach (var (body, code, english, japanese) in new[]
        {
            ("{\"event_action\": \"trigger\", ", "jsonMalformed", "$: malformed JSON: ", "本文が JSON として読めません。書式を確認してください（読み取りエラー："),
            ("", "bodyMissing", "$: malformed JSON: ", "JSON の本文を付けて送ってください。"),
            ("null", "bodyNull", "$: expected an object, got null", "本文は JSON のオブジェクトにしてください（null は使えません）。"),
            ("[1,2,3]", "jsonBodyObject", "$: expected an object, got an array", "本文は JSON のオブジェクトにしてください。"),
        })
        {
            var en = await PostAsync(body, null);
            var ja = await PostAsync(body, "ja");

            Assert.Equal(("Invalid alert payload", "Invalid alert payload"), (en.GetProperty("title").GetString(), ja.GetProperty("title").GetString()));
            Assert.StartsWith(english, en.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(english[3..], en.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
            Assert.StartsWith(japanese, ja.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Equal(("$", ja.GetProperty("detail").GetString()), (ja.GetProperty("errors")[0].GetProperty("path").GetString(), ja.GetProperty("errors")[0].GetProperty("message").GetString()));
            Assert.Equal((code, code), (en.GetProperty("code").GetString(), ja.GetProperty("code").GetString()));
        }

        // The last refusal listed for generic is the array's, answered in English: the Japanese page says it in Japanese, the English as answered.
        var pageJa = await app.Client.GetStringAsync("api/alerts/deliveries/page?lang=ja&source=generic");
        var pageEn = await app.Client.GetStringAsync("api/alerts/deliveries/page?lang=en&source=generic");
        Assert.Contains("本文は JSON のオブジェクトにしてください。", pageJa, StringComparison.Ordinal);
        Assert.Contains("本文が JSON として読めません。書式を確認してください（読み取りエラー：", pageJa, StringComparison.Ordinal);
        Assert.DoesNotContain("$: expected an object, got an array", pageJa, StringComparison.Ordinal);
        Assert.Contains("$: expected an object, got an array", pageEn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAlert_ProblemNamesThePath()
    {
        using var response = await app.Client.PostAsync("api/alerts/generic", new StringContent("{\"event_action\":\"acknowledge\",\"dedup_key\":\"k\"}", Encoding.UTF8, "application/json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("$.event_action", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task CreateIncident_Unacknowledged_EscalatesStepByStepUntilAcked()
    {
        // Incidents other tests of the shared app left waiting would escalate with this one in one mail to the leads, which
        // lists them without each one's next step: they are acknowledged first, so the lead's mail is this incident's alone.
        foreach (var waiting in (await app.Client.GetFromJsonAsync<JsonElement>("api/incidents?status=open")).GetProperty("items").EnumerateArray())
        {
            using var _ = await app.Client.PostAsJsonAsync($"api/incidents/{waiting.GetProperty("id").GetString()}/ack", new { memberId = "sato" });
        }

        var created = await CreateAsync(new { title = "Checkout <b>down</b> & \"payments\"", severity = "sev1", userImpact = "Users cannot pay" });
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("SEV1", created.GetProperty("severity").GetString());
        Assert.Equal("Checkout <b>down</b> & \"payments\"", created.GetProperty("title").GetString());

        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(0, await StepAsync(id));

        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.RunFunctionAsync("EscalateIncidents");
        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(1, await StepAsync(id));

        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(2, await StepAsync(id));
        var leadMail = await WaitForAboutAsync(id, m => m.To.Contains("lead@onduty.example"));
        var html = await app.Smtp.HtmlAsync(leadMail.Id);
        Assert.Contains("Checkout &lt;b&gt;down&lt;/b&gt; &amp;", html);
        Assert.DoesNotContain("<b>down</b>", html);
        // The lead hears what comes next if they do not answer either: the whole organisation's list, one SEV1 timeout later.
        Assert.Contains("5分以内に応答がなければ、PM 組織の全員（pm-org@onduty.example）に連絡します。", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{app.BaseAddress}api/incidents/{id}/page\"", html, StringComparison.Ordinal);

        var ack = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" });
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        await app.AdvanceAsync(TimeSpan.FromMinutes(10));
        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(2, await StepAsync(id));
        var timeline = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray().ToList();
        Assert.Equal(2, timeline.Count(t => t.GetProperty("kind").GetString() == "escalated"));
        Assert.Single(timeline, t => t.GetProperty("kind").GetString() == "acknowledged");
        await app.SettleAsync();
        Assert.DoesNotContain(await MailsAboutAsync(id), m => m.To.Contains("pm-org@onduty.example"));
    }

    /// <summary>An escalation step owed for over five minutes (the timer not running) shows on the anonymous health check.</summary>
    [Fact]
    public async Task Health_EscalationStepOwedAndNotSent_DegradedUntilTheRunSendsIt()
    {
        var id = (await CreateAsync(new { title = "Nobody escalates this", severity = "sev1" })).GetProperty("id").GetString()!;
        await app.RunFunctionAsync("EscalateIncidents"); // whatever other tests left owed is sent now
        await app.AdvanceAsync(TimeSpan.FromMinutes(11)); // step 1 was due at 5 minutes; EscalateIncidents does not run

        var health = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        Assert.Contains("an escalation step for over", health.GetProperty("degraded").GetProperty("escalation").GetString());
        Assert.Equal(0, await StepAsync(id));

        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(2, await StepAsync(id));
        var after = await app.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.False(after.TryGetProperty("degraded", out var left) && left.TryGetProperty("escalation", out _));
        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = "sato" })).Dispose();
    }

    [Fact]
    public async Task AckLink_ValidExpiredAndForgedTokens()
    {
        var id = (await CreateAsync(new { title = "Login errors", severity = "sev2" })).GetProperty("id").GetString()!;
        var tokens = Tokens(app.Time);

        var forged = Tokens(app.Time, "Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0LWZvcmdlZC0zMiE=").Issue(id, "sato");
        using (var response = await app.Anonymous.PostAsync($"api/ack/{forged}", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        var expired = Tokens(new FakeTimeProvider(app.Time.GetUtcNow().AddHours(-25))).Issue(id, "sato");
        using (var response = await app.Anonymous.PostAsync($"api/ack/{expired}", null))
        {
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<p>{id} の対応リンクは期限切れです。まだ誰も対応していなければ、障害ページで「対応します」を押してください。</p>", body);
            Assert.Contains($"<p><a href=\"/api/incidents/{id}/page?lang=ja\">障害ページを開く</a></p>", body);
        }

        // An English member's expired link answers in English on this Japanese team, with the way on (it was 「期限切れのリンク」, a dead end).
        using (var response = await app.Anonymous.GetAsync($"api/ack/{Tokens(new FakeTimeProvider(app.Time.GetUtcNow().AddHours(-25))).Issue(id, "emma")}"))
        {
            Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains($"<p>This acknowledge link for {id} has expired. If nobody has taken it yet, acknowledge it on the incident page.</p>", body);
            Assert.Contains($"<p><a href=\"/api/incidents/{id}/page?lang=en\">Open the incident page</a></p>", body);
        }

        Assert.Equal(JsonValueKind.Null, (await GetAsync(id)).GetProperty("acknowledgedAt").ValueKind);

        var valid = tokens.Issue(id, "sato");
        var page = await app.Anonymous.GetStringAsync($"api/ack/{valid}");
        Assert.Contains("<form method=\"post\">", page);
        // The incident and its severity, then what pressing does, then the large button (review day 28, L5).
        Assert.Matches("<h1>[^<]*Login errors</h1>\\s*<p class=\"sev\" id=\"facts\">SEV2 — [^<]+</p>\\s*<form method=\"post\">\\s*<p class=\"why\" id=\"why\">[^<]+</p>\\s*<button type=\"submit\" class=\"ack\" id=\"ack\">", page);
        Assert.Equal(JsonValueKind.Null, (await GetAsync(id)).GetProperty("acknowledgedAt").ValueKind); // GET changes nothing

        using (var response = await app.Anonymous.PostAsync($"api/ack/{valid}", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal("sato", (await GetAsync(id)).GetProperty("acknowledgedBy").GetString());
    }

    /// <summary>
    /// Paged at night, the partner taps the link after the other member acknowledged (trial E): the page says who took it and when,
    /// that the escalation has stopped, and links the incident page — no button, whose press recorded nothing under a hint that
    /// pressing would stop the escalation.
    /// </summary>
    [Fact]
    public async Task AckLink_OpenedAfterThePartnerAcknowledged_SaysWhoAndWhen_LinksThePage_NoButton()
    {
        var created = await CreateAsync(new { title = "Payments failing at night", severity = "sev2" });
        var id = created.GetProperty("id").GetString()!;
        var assignees = created.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        using (var first = await app.Anonymous.PostAsync($"api/ack/{Tokens(app.Time).Issue(id, assignees[0])}", null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            // The one who pressed is told what comes next.
            var done = await first.Content.ReadAsStringAsync();
            Assert.True(
                done.Contains("次は障害ページで状況を確かめ、わかったこと・まだわからないことを「状況を更新する」で投稿してください。", StringComparison.Ordinal)
                || done.Contains("Next: check the incident page and post what is known and not yet known with “Post a status update”.", StringComparison.Ordinal),
                done);
        }

        var acknowledgedAt = (await GetAsync(id)).GetProperty("acknowledgedAt").GetDateTimeOffset();
        await app.AdvanceAsync(TimeSpan.FromMinutes(2));

        using var response = await app.Anonymous.GetAsync($"api/ack/{Tokens(app.Time).Issue(id, assignees[1])}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<button", page, StringComparison.Ordinal);
        var at = TimeZoneInfo.ConvertTime(acknowledgedAt, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        Assert.True(
            page.Contains($"{at:HH:mm}（JST）に対応を開始しています。エスカレーションは止まっています。状況は障害ページで確認できます。</p>", StringComparison.Ordinal)
            || page.Contains($"{at:HH:mm} (JST); the escalation has stopped. Follow it on the incident page.</p>", StringComparison.Ordinal),
            page);
        Assert.Contains($"href=\"/api/incidents/{id}/page?lang=", page, StringComparison.Ordinal);
        Assert.Equal(assignees[0], (await GetAsync(id)).GetProperty("acknowledgedBy").GetString());
    }

    /// <summary>
    /// The last step's link goes to the organisation's list (a lead's to their address): pressing it acknowledges as the person who
    /// says who they are, never as the list — a list member "having a look" must not silence the last step anonymously (trial day 27).
    /// </summary>
    [Fact]
    public async Task AckLink_SentToAList_AsksWhoIsTakingIt_NothingWithoutAName_ThenAcknowledgedAsThem()
    {
        var id = (await CreateAsync(new { title = "Checkout <b>down</b>", severity = "sev1" })).GetProperty("id").GetString()!;
        var link = Tokens(app.Time).Issue(id, "pm-org@onduty.example");

        var page = await app.Anonymous.GetStringAsync($"api/ack/{link}");
        Assert.Contains("name=\"name\" required", page, StringComparison.Ordinal);
        Assert.DoesNotContain("pm-org@onduty.example として対応します", page, StringComparison.Ordinal);
        Assert.DoesNotContain("as pm-org@onduty.example", page, StringComparison.Ordinal);

        using (var nameless = await app.Anonymous.PostAsync($"api/ack/{link}", new FormUrlEncodedContent([new("name", "  ")])))
        {
            Assert.Equal(HttpStatusCode.BadRequest, nameless.StatusCode);
            Assert.Contains("name-error", await nameless.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var bare = await app.Anonymous.PostAsync($"api/ack/{link}", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bare.StatusCode);
        }

        Assert.Equal(JsonValueKind.Null, (await GetAsync(id)).GetProperty("acknowledgedAt").ValueKind);

        using (var named = await app.Anonymous.PostAsync($"api/ack/{link}", new FormUrlEncodedContent([new("name", " 鈴木 <i>一郎</i> ")])))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
            var done = await named.Content.ReadAsStringAsync();
            Assert.Contains("鈴木 &lt;i&gt;一郎&lt;/i&gt;", done, StringComparison.Ordinal);
        }

        var stored = await GetAsync(id);
        Assert.Equal("鈴木 <i>一郎</i>", stored.GetProperty("acknowledgedBy").GetString());
        // Where it came from is kept: the list is told who took it, and is not reminded to update as if it were them.
        Assert.Equal("pm-org@onduty.example", stored.GetProperty("acknowledgedFrom").GetString());

        // Recovered before anyone on the list pressed it: the same "already recovered" page as a member's link, whatever was typed.
        var recovered = (await CreateAsync(new { title = "Recovered meanwhile", severity = "sev1" })).GetProperty("id").GetString()!;
        (await app.Client.PostAsJsonAsync($"api/incidents/{recovered}/updates", new { status = "resolved", message = "ok", by = "sato" })).Dispose();
        using var late = await app.Anonymous.PostAsync($"api/ack/{Tokens(app.Time).Issue(recovered, "pm-org@onduty.example")}", null);
        Assert.Equal(HttpStatusCode.OK, late.StatusCode);
        Assert.DoesNotContain("<form", await late.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await GetAsync(recovered)).GetProperty("acknowledgedAt").ValueKind);
    }

    /// <summary>
    /// The list's link is in dozens of mailboxes: what is typed as the name is recorded as who took it. An address would be mailed
    /// the update reminders (the incident, to whatever address was typed), and OnDuty's, the API's or a tool's name would read as no
    /// person took it: refused, the form again saying why, nothing acknowledged. Line breaks and invisible characters go.
    /// </summary>
    [Fact]
    public async Task AckLink_SentToAList_RefusesAnAddressOrASystemsNameAsTheName_KeepsANameOnOneLine()
    {
        var id = (await CreateAsync(new { title = "Search down", severity = "sev1" })).GetProperty("id").GetString()!;
        var link = Tokens(app.Time).Issue(id, "pm-org@onduty.example");

        foreach (var typed in new[] { "outsider@elsewhere.example", " System ", "api", "alert:grafana", "ALERT:pagerduty" })
        {
            using var refused = await app.Anonymous.PostAsync($"api/ack/{link}", new FormUrlEncodedContent([new("name", typed)]));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var page = await refused.Content.ReadAsStringAsync();
            Assert.Contains("<p class=\"err\" id=\"name-error\" role=\"alert\">メールアドレスやシステム名ではなく、お名前を入力してください。</p>", page, StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, (await GetAsync(id)).GetProperty("acknowledgedAt").ValueKind);
        }

        using (var named = await app.Anonymous.PostAsync($"api/ack/{link}", new FormUrlEncodedContent([new("name", "鈴木\r\n一郎\u202E\u200B")])))
        {
            Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        }

        Assert.Equal("鈴木 一郎", (await GetAsync(id)).GetProperty("acknowledgedBy").GetString());
    }

    /// <summary>
    /// The acknowledge link's address is its credential: its pages (a valid link's, a forged one's) go nowhere with it — no
    /// referrer, not cached — run no script, load nothing from elsewhere, cannot be framed, and post only to themselves.
    /// </summary>
    [Fact]
    public async Task AckLink_Pages_CarryTheSecurityHeaders()
    {
        var id = (await CreateAsync(new { title = "Headers", severity = "sev3" })).GetProperty("id").GetString()!;
        var forged = Tokens(app.Time, "Zm9yZ2VkLXNlY3JldC1mb3JnZWQtc2VjcmV0LWZvcmdlZC0zMiE=").Issue(id, "sato");
        foreach (var (token, status) in new[] { (Tokens(app.Time).Issue(id, "sato"), HttpStatusCode.OK), (forged, HttpStatusCode.Forbidden) })
        {
            using var response = await app.Anonymous.GetAsync($"api/ack/{token}");
            Assert.Equal(status, response.StatusCode);
            Assert.Equal(
                $"default-src 'none'; script-src {OnDuty.Messages.SendingScript.CspSource}; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }
    }

    /// <summary>
    /// A lead configured by address whose address a roster member has (any case): their link, even one naming the address, is
    /// the member's — the page greets them by name in their language with no name to type, and pressing it acknowledges as them.
    /// </summary>
    [Fact]
    public async Task AckLink_SentToALeadsAddressAMemberHas_AcknowledgesAsThatMember_WithoutAskingAName()
    {
        var id = (await CreateAsync(new { title = "Search slow", severity = "sev2" })).GetProperty("id").GetString()!;
        var link = Tokens(app.Time).Issue(id, "Liam@OnDuty.example");

        var page = await app.Anonymous.GetStringAsync($"api/ack/{link}");
        Assert.DoesNotContain("name=\"name\"", page, StringComparison.Ordinal);
        Assert.Contains("Acknowledge as Liam Chen", page, StringComparison.Ordinal);

        using (var pressed = await app.Anonymous.PostAsync($"api/ack/{link}", null))
        {
            Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
            // Said to him, not of him: "You took it at …" (it read "Acknowledged by Liam Chen at …" to Liam himself).
            var done = await pressed.Content.ReadAsStringAsync();
            Assert.Matches(@"<p>You took it at \w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2} \(JST\)\.</p>", done);
            Assert.DoesNotContain("Acknowledged by", done, StringComparison.Ordinal);
        }

        Assert.Equal("liam", (await GetAsync(id)).GetProperty("acknowledgedBy").GetString());
    }

    /// <summary>
    /// The trial's F13: paged at night, the alert clears, the member wakes and taps the link. Nothing is acknowledged and nobody is
    /// told work began — the link's page says it recovered (no button, GET and POST alike), the API answers 409.
    /// </summary>
    [Fact]
    public async Task Acknowledge_AResolvedIncident_LinkSaysRecoveredApiAnswers409_NothingStoredNobodyTold()
    {
        var created = await CreateAsync(new { title = "Recovered before anyone woke", severity = "sev1" });
        var id = created.GetProperty("id").GetString()!;
        var assignees = created.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToList();
        using (var resolve = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "auto-recovered", by = "sato" }))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        var resolvedAt = (await GetAsync(id)).GetProperty("resolvedAt").GetDateTimeOffset();
        await app.AdvanceAsync(TimeSpan.FromMinutes(6));
        var link = Tokens(app.Time).Issue(id, assignees[0]);

        var shown = await app.Anonymous.GetStringAsync($"api/ack/{link}");
        using var posted = await app.Anonymous.PostAsync($"api/ack/{link}", null);
        var postedPage = await posted.Content.ReadAsStringAsync();
        using var api = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = assignees[1] });
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();

        foreach (var page in new[] { shown, postedPage })
        {
            Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
            Assert.True(page.Contains("に復旧しました", StringComparison.Ordinal) || page.Contains("already recovered at", StringComparison.Ordinal), page);
            Assert.Contains($"href=\"/api/incidents/{id}/page?lang=", page, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        Assert.Equal("resolved", problem.GetProperty("reason").GetString());
        Assert.Equal(resolvedAt, problem.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Contains("is resolved (since", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var incident = await GetAsync(id);
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("acknowledgedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("acknowledgedBy").ValueKind);
        await app.SettleAsync();
        Assert.DoesNotContain(await MailsAboutAsync(id), m => m.Subject.Contains("対応開始】", StringComparison.Ordinal) || m.Subject.Contains("acknowledged]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AckLink_WhileAnEscalationRunIsInFlight_AcknowledgedOnceAndNothingFurtherGoesOut()
    {
        var id = (await CreateAsync(new { title = "Ack during escalation", severity = "sev1" })).GetProperty("id").GetString()!;
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.RunFunctionAsync("EscalateIncidents");
        Assert.Equal(1, await StepAsync(id));
        await app.AdvanceAsync(TimeSpan.FromMinutes(5)); // step 2 (the leads) is due now

        var link = Tokens(app.Time).Issue(id, "sato");
        var escalation = app.RunFunctionAsync("EscalateIncidents");
        using var ack = await app.Anonymous.PostAsync($"api/ack/{link}", null);
        await escalation;
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        var incident = await GetAsync(id);
        Assert.Equal("sato", incident.GetProperty("acknowledgedBy").GetString());
        var stepAtAck = incident.GetProperty("escalationStep").GetInt32();
        Assert.InRange(stepAtAck, 1, 2); // the run may have sent step 2 just before the ack landed

        // Long after: nothing escalates further, and the organisation list is never told.
        await app.AdvanceAsync(TimeSpan.FromHours(1));
        await app.RunFunctionAsync("EscalateIncidents");
        await app.RunFunctionAsync("EscalateIncidents");
        await app.SettleAsync();

        var after = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(stepAtAck, after.GetProperty("incident").GetProperty("escalationStep").GetInt32());
        Assert.Single(after.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "acknowledged");
        var mails = await MailsAboutAsync(id);
        Assert.DoesNotContain(mails, m => m.To.Contains("pm-org@onduty.example"));
        Assert.True(mails.Count(m => m.To.Contains("lead@onduty.example")) <= 1, "the leads were told at most once");
        var pending = await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending&max=1000");
        Assert.DoesNotContain(pending.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString()!.StartsWith($"incident:{id}:", StringComparison.Ordinal));
    }

    /// <summary>
    /// Trial 31b M5: the links an alert brought (Alertmanager <c>runbook_url</c>, <c>generatorURL</c>) reach the incident page and
    /// <c>GET /api/incidents/{id}</c>, not only the first page mail: they are kept on the alert's row at its firing.
    /// </summary>
    [Fact]
    public async Task AlertLinks_FromTheFiring_ListedOnTheIncidentPageAndInTheApi()
    {
        var body = AlertIntakeTests.Read("alertmanager-firing.json", root =>
        {
            root["groupKey"] = "{}:{links=\"" + Guid.NewGuid().ToString("n") + "\"}";
            root["alerts"]![0]!["annotations"]!["runbook_url"] = "https://runbooks.example.org/probe?a=1&b=2";
        });
        var id = (await AlertIntakeTests.PostAcceptedAsync(app.Client, "alertmanager", body)).GetProperty("incidentId").GetString()!;

        var alert = Assert.Single((await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("alerts").EnumerateArray());
        var links = alert.GetProperty("links").EnumerateArray().Select(l => (l.GetProperty("kind").GetString(), l.GetProperty("href").GetString())).ToList();
        Assert.Equal(
            [
                ("runbook", "https://runbooks.example.org/probe?a=1&b=2"),
                ("generator", "http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1"),
                // Alertmanager's silence form for the alert (since 12-07): its externalURL, the alert's labels as the filter.
                ("silence", "http://prometheus.example.org:9093/#/silences/new?filter=%7Balertname%3D%22ProbeFailure%22%2C%20instance%3D%22https%3A%2F%2Fserver.example.org%22%2C%20job%3D%22http_checks%22%2C%20monitor%3D%22master%22%2C%20severity%3D%22critical%22%7D"),
            ],
            links);
        var page = await app.Client.GetStringAsync($"api/incidents/{id}/page?lang=ja");
        Assert.Contains("<a href=\"https://runbooks.example.org/probe?a=1&amp;b=2\" rel=\"noopener noreferrer\">手順書（Runbook）</a>", page, StringComparison.Ordinal);
        Assert.Contains("<a href=\"http://prometheus.example.org:9090/graph?g0.expr=probe_success&#x2B;%3D%3D&#x2B;0&amp;g0.tab=1\" rel=\"noopener noreferrer\">発生元のページ</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageEmail_CarriesAWorkingOneClickLink()
    {
        var id = (await CreateAsync(new { title = "Search slow", severity = "sev3" })).GetProperty("id").GetString()!;
        var mail = await WaitForAsync(m => m.Subject.Contains(id));
        var html = await app.Smtp.HtmlAsync(mail.Id);
        var prefix = $"{app.BaseAddress}api/ack/";
        var start = html.IndexOf(prefix, StringComparison.Ordinal);
        Assert.True(start >= 0, html);
        var token = new string(html[(start + prefix.Length)..].TakeWhile(c => c != '"').ToArray());
        // Next to the one-click link: the incident page, where the duty member goes on (acknowledges, posts the first update).
        Assert.Contains($"href=\"{app.BaseAddress}api/incidents/{id}/page\"", html, StringComparison.Ordinal);
        using var response = await app.Anonymous.PostAsync($"api/ack/{token}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await GetAsync(id)).GetProperty("acknowledgedAt").ValueKind);
        // Acknowledged: the page says so and links onward to the incident page.
        Assert.Contains($"href=\"/api/incidents/{id}/page?lang=", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIncident_SameIdempotencyKey_AppliedOnce()
    {
        var key = Guid.NewGuid().ToString();
        var before = await AllIdsAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "api/incidents") { Content = JsonContent.Create(new { title = "Once", severity = "sev4" }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await app.Client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!;
        }));
        await app.SettleAsync();

        var id = Assert.Single(responses.Distinct());
        Assert.Equal(before.Append(id).Order(), await AllIdsAsync());
        var pages = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal)).ToList();
        var assignees = (await GetAsync(id)).GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("email").GetString()!).Order().ToList();
        Assert.Equal(2, assignees.Count);
        Assert.Equal(assignees, pages.SelectMany(m => m.To).Order());
        Assert.Single(app.Teams.Requests, r => r.Body.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ListIncidents_YearInPages_NewestFirstEachOnceAndABadTokenNamed()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await CreateAsync(new { title = $"Paged {i}", severity = "sev4" })).GetProperty("id").GetString()!);
        }

        var ids = await YearIdsAsync(2);

        Assert.Equal(ids.Distinct().Count(), ids.Count);
        Assert.Equal(ids.OrderDescending(StringComparer.Ordinal), ids);
        Assert.Equal(created.OrderDescending(StringComparer.Ordinal), ids.Take(3));
        using var bad = await app.Client.GetAsync("api/incidents?status=all&continuationToken=bm90LWEtdG9rZW4");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("continuationToken", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var tooLarge = await app.Client.GetAsync("api/incidents?pageSize=1001");
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
    }

    [Fact]
    public async Task PostUpdate_ConcurrentWriters_NoUpdateLost_AndStaleIfMatchRefused()
    {
        var id = (await CreateAsync(new { title = "Concurrent", severity = "sev3" })).GetProperty("id").GetString()!;
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { message = $"note {i}" });
            return response.StatusCode;
        }));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var timeline = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray();
        Assert.Equal(8, timeline.Count(t => t.GetProperty("kind").GetString() == "update"));

        using var stale = new HttpRequestMessage(HttpMethod.Post, $"api/incidents/{id}/updates") { Content = JsonContent.Create(new { status = "identified", message = "x" }) };
        stale.Headers.TryAddWithoutValidation("If-Match", "W/\"datetime'2000-01-01T00%3A00%3A00.0000000Z'\"");
        using var refused = await app.Client.SendAsync(stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);

        var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "fixed" });
        Assert.Equal("resolved", (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("W/\"\"")]
    [InlineData("\"not-an-etag-we-gave\"")]
    [InlineData("W/\"datetime'not a time'\"")]
    public async Task PostUpdate_IfMatchNoETagWeHandOut_412AndNothingChanged(string ifMatch)
    {
        var id = (await CreateAsync(new { title = "Odd If-Match", severity = "sev4" })).GetProperty("id").GetString()!;
        // The page's deliveries land on the timeline once sent: let them, so "nothing changed" compares like with like.
        await app.SettleAsync();
        var before = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetRawText();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"api/incidents/{id}/updates") { Content = JsonContent.Create(new { status = "identified", message = "x" }) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        using var response = await app.Client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.PreconditionFailed, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetRawText());
    }

    [Theory]
    [InlineData("SEV1")]
    [InlineData("sev1")]
    [InlineData("Sev1")]
    public async Task CreateIncident_SeverityInAnyCase_AcceptedAndAnsweredAsSev1(string severity)
    {
        var created = await CreateAsync(new { title = "Case " + severity, severity });
        Assert.Equal("SEV1", created.GetProperty("severity").GetString());
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("SEV1", (await GetAsync(id)).GetProperty("severity").GetString());
    }

    [Theory]
    [InlineData("SEV2", "IDENTIFIED")]
    [InlineData("sev2", "identified")]
    [InlineData("Sev2", "Identified")]
    public async Task PostUpdate_SeverityAndStatusInAnyCase_Accepted(string severity, string status)
    {
        var id = (await CreateAsync(new { title = "Update case", severity = "sev4" })).GetProperty("id").GetString()!;

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status, severity, message = "checking" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var updated = JsonDocument.Parse(text).RootElement;
        Assert.Equal("SEV2", updated.GetProperty("severity").GetString());
        Assert.Equal("identified", updated.GetProperty("status").GetString());
        using var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "RESOLVED" });
        Assert.Equal("resolved", (await resolved.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("severity", "sev5")]
    [InlineData("severity", "SEV")]
    [InlineData("severity", "1")]
    [InlineData("status", "closed")]
    public async Task PostUpdate_UnknownSeverityOrStatus_400NamingTheField(string field, string value)
    {
        var id = (await CreateAsync(new { title = "Bad value", severity = "sev4" })).GetProperty("id").GetString()!;
        var body = new Dictionary<string, object> { ["message"] = "x", [field] = value };

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(field, text);
        Assert.DoesNotContain((await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "update");
    }

    [Theory]
    [InlineData("nextUpdateAt", "past")]
    [InlineData("nextUpdateAt", "tooFar")]
    [InlineData("nextUpdateAt", "12:30")]
    [InlineData("resolvedAt", "notResolving")]
    [InlineData("resolvedAt", "future")]
    public async Task PostUpdate_BadNextUpdateOrResolvedTime_400NamingTheField_NothingStored(string field, string what)
    {
        var id = (await CreateAsync(new { title = "Bad time", severity = "sev3" })).GetProperty("id").GetString()!;
        var now = app.Time.GetUtcNow();
        var value = what switch
        {
            "past" => now.AddMinutes(-1).ToString("O"),
            "tooFar" => now.AddDays(5).ToString("O"), // four days ahead is the most a promise may be (a Friday before a Monday holiday)
            "notResolving" => now.AddMinutes(-5).ToString("O"),
            "future" => now.AddHours(1).ToString("O"),
            _ => what,
        };
        var body = new Dictionary<string, object> { ["status"] = what == "future" ? "resolved" : "identified", ["message"] = "x", [field] = value };

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains($"\"{field}\"", text, StringComparison.Ordinal);
        var after = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.DoesNotContain(after.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "update");
        Assert.Equal("investigating", after.GetProperty("incident").GetProperty("status").GetString());
    }

    [Fact]
    public async Task PostUpdate_NextUpdateAsLocalTime_ThenResolvedAtEarlier_BothStoredAsThoseInstants()
    {
        var now = app.Time.GetUtcNow();
        var id = (await CreateAsync(new { title = "Times", severity = "sev3", startedAt = now.AddMinutes(-30) })).GetProperty("id").GetString()!;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var next = TimeZoneInfo.ConvertTime(now.AddHours(2), zone);
        var local = next.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);

        using var promised = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "identified", message = "次回は 2 時間後", nextUpdateAt = local });
        var text = await promised.Content.ReadAsStringAsync();
        Assert.True(promised.StatusCode == HttpStatusCode.OK, text);
        var expected = new DateTimeOffset(next.Year, next.Month, next.Day, next.Hour, next.Minute, 0, TimeSpan.FromHours(9));
        Assert.Equal(expected, JsonDocument.Parse(text).RootElement.GetProperty("nextUpdateAt").GetDateTimeOffset());

        using var resolved = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "復旧", resolvedAt = now.AddMinutes(-1).ToString("O") });
        text = await resolved.Content.ReadAsStringAsync();
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, text);
        var incident = JsonDocument.Parse(text).RootElement;
        Assert.Equal(now.AddMinutes(-1), incident.GetProperty("resolvedAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("nextUpdateAt").ValueKind);
    }

    [Theory]
    [InlineData("cause")]
    [InlineData("nextSteps")]
    public async Task PostUpdate_CauseOrNextStepsTooLong_400ProblemNamingTheField_NothingStored(string field)
    {
        var id = (await CreateAsync(new { title = "Too long", severity = "sev4" })).GetProperty("id").GetString()!;
        var body = new Dictionary<string, object> { ["status"] = "resolved", ["message"] = "x", [field] = new string('原', Incident.MaxTextLength + 1) };

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", body);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        var stored = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");
        Assert.Equal(("investigating", JsonValueKind.Null), (stored.GetProperty("status").GetString(), stored.GetProperty(field).ValueKind));
    }

    [Fact]
    public async Task CreateIncident_FormFields_StoredReturnedAndEditableByAnUpdate()
    {
        var started = app.Time.GetUtcNow().AddMinutes(-40);
        var created = await CreateAsync(new
        {
            title = "決済画面が開かない",
            severity = "sev2",
            userImpact = "iOS の一部ユーザーが決済できない",
            workaround = "Web 版から決済してください",
            affectedAreas = new[] { "決済", " checkout ", "決済" },
            platforms = new[] { "ios", "web" },
            startedAt = started,
        });
        var id = created.GetProperty("id").GetString()!;

        var stored = await GetAsync(id);
        Assert.Equal("iOS の一部ユーザーが決済できない", stored.GetProperty("userImpact").GetString());
        Assert.Equal("Web 版から決済してください", stored.GetProperty("workaround").GetString());
        Assert.Equal(["決済", "checkout"], stored.GetProperty("affectedAreas").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["ios", "web"], stored.GetProperty("platforms").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(started, stored.GetProperty("startedAt").GetDateTimeOffset());

        var corrected = started.AddMinutes(-20);
        using var update = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { startedAt = corrected, userImpact = "全プラットフォームで決済できない", platforms = new[] { "ios", "android", "web" } });
        Assert.True(update.StatusCode == HttpStatusCode.OK, await update.Content.ReadAsStringAsync());

        var edited = await GetAsync(id);
        Assert.Equal(corrected, edited.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal("全プラットフォームで決済できない", edited.GetProperty("userImpact").GetString());
        Assert.Equal(["ios", "android", "web"], edited.GetProperty("platforms").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("Web 版から決済してください", edited.GetProperty("workaround").GetString());
    }

    public static TheoryData<string, string> BadFormFields() => new()
    {
        { "startedAt", "{\"title\":\"t\",\"severity\":\"sev3\",\"startedAt\":\"FUTURE\"}" },
        { "startedAt", "{\"title\":\"t\",\"severity\":\"sev3\",\"startedAt\":\"2020-01-01T00:00:00Z\"}" },
        { "startedAt", "{\"title\":\"t\",\"severity\":\"sev3\",\"startedAt\":\"yesterday\"}" },
        { "userImpact", "{\"title\":\"t\",\"severity\":\"sev3\",\"userImpact\":\"" + new string('x', Incident.MaxTextLength + 1) + "\"}" },
        { "workaround", "{\"title\":\"t\",\"severity\":\"sev3\",\"workaround\":\"" + new string('x', Incident.MaxTextLength + 1) + "\"}" },
        { "affectedAreas", "{\"title\":\"t\",\"severity\":\"sev3\",\"affectedAreas\":[" + string.Join(",", Enumerable.Range(0, Incident.MaxListItems + 1).Select(n => $"\"a{n}\"")) + "]}" },
        { "platforms", "{\"title\":\"t\",\"severity\":\"sev3\",\"platforms\":[\"" + new string('p', Incident.MaxListItemLength + 1) + "\"]}" },
        { "affectedAreas", "{\"title\":\"t\",\"severity\":\"sev3\",\"affectedAreas\":\"checkout\"}" },
        // Who acts goes into plain-text mails and the timeline: a line break there would add a line (trial 31b, L).
        { "must not contain control characters or line breaks", "{\"title\":\"t\",\"severity\":\"sev3\",\"by\":\"佐藤\\n対応します：https://evil.example\"}" },
    };

    [Theory]
    [MemberData(nameof(BadFormFields))]
    public async Task CreateIncident_BadFormField_400NamingTheFieldAndNothingStored(string field, string body)
    {
        var before = await AllIdsAsync();
        body = body.Replace("FUTURE", app.Time.GetUtcNow().AddHours(1).ToString("O"), StringComparison.Ordinal);

        using var response = await app.Client.PostAsync("api/incidents", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, text);
        Assert.Equal(before, await AllIdsAsync());
    }

    [Fact]
    public async Task PostUpdate_StartedAtInTheFuture_400AndNothingChanged()
    {
        var id = (await CreateAsync(new { title = "Started later?", severity = "sev4" })).GetProperty("id").GetString()!;
        var startedAt = (await GetAsync(id)).GetProperty("startedAt").GetDateTimeOffset();

        using var response = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { startedAt = app.Time.GetUtcNow().AddHours(2) });
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains("startedAt", text);
        Assert.Equal(startedAt, (await GetAsync(id)).GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Acknowledge_TwoMembers_TheOtherDutyMemberGetsOneAcknowledgedByEmail()
    {
        var created = await CreateAsync(new { title = "Ack notice", severity = "sev2" });
        var id = created.GetProperty("id").GetString()!;
        var assignees = created.GetProperty("assignees").EnumerateArray().Select(a => (Id: a.GetProperty("id").GetString()!, Email: a.GetProperty("email").GetString()!)).ToList();
        Assert.Equal(2, assignees.Count);
        var (acker, other) = (assignees[0], assignees[1]);

        using (var first = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = acker.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var second = await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = other.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal(acker.Id, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("acknowledgedBy").GetString());
        }

        static bool IsAckNotice(OnDuty.Testing.ReceivedEmail m) => m.Subject.Contains("対応開始】", StringComparison.Ordinal) || m.Subject.Contains("acknowledged]", StringComparison.Ordinal);
        var notice = await WaitForAsync(m => m.Subject.Contains(id, StringComparison.Ordinal) && IsAckNotice(m));
        Assert.Equal(new List<string> { other.Email }, notice.To);
        var text = await app.Smtp.TextAsync(notice.Id);
        Assert.Contains($"{app.BaseAddress}api/incidents/{id}/page", text, StringComparison.Ordinal);
        // Who took it, and when with its zone: 「伊藤さんが 2026年12月5日(土) 03:12（JST）に対応を開始しました。」.
        Assert.Matches(@"さんが \d{4}年\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2}（[^）]+）に対応を開始しました。| acknowledged it at \w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2} \([^)]+\)\.", text);
        await app.SettleAsync();
        var notices = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal) && IsAckNotice(m)).ToList();
        Assert.Single(notices);
        Assert.DoesNotContain(notices, m => m.To.Contains(acker.Email));
    }

    /// <summary>
    /// Trial 48: the one who acknowledged resolves it by hand through the API; the partner, who heard 対応開始, now hears it is over
    /// (who, when with its zone, what was written, nothing needed) — and the one who resolved it is not mailed.
    /// </summary>
    [Fact]
    public async Task ResolveByHand_AfterTheOtherAcknowledged_PartnerGetsOneResolvedEmail()
    {
        var created = await CreateAsync(new { title = "Resolve notice", severity = "sev2" });
        var id = created.GetProperty("id").GetString()!;
        var assignees = created.GetProperty("assignees").EnumerateArray().Select(a => (Id: a.GetProperty("id").GetString()!, Email: a.GetProperty("email").GetString()!)).ToList();
        Assert.Equal(2, assignees.Count);
        var (taker, partner) = (assignees[0], assignees[1]);
        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = taker.Id })).Dispose();

        using (var resolve = await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "設定を戻して復旧しました。", by = taker.Id }))
        {
            Assert.Equal(HttpStatusCode.OK, resolve.StatusCode);
        }

        static bool IsResolvedNotice(OnDuty.Testing.ReceivedEmail m) => m.Subject.Contains("SEV2 復旧済み】", StringComparison.Ordinal) || m.Subject.Contains("[SEV2 resolved]", StringComparison.Ordinal);
        var notice = await WaitForAsync(m => m.Subject.Contains(id, StringComparison.Ordinal) && IsResolvedNotice(m));
        Assert.Equal(new List<string> { partner.Email }, notice.To);
        var text = await app.Smtp.TextAsync(notice.Id);
        Assert.Matches(@"さんが \d{4}年\d{1,2}月\d{1,2}日\(.\) \d{2}:\d{2}（[^）]+）に「復旧済み」にしました。あなたの対応は不要です。| resolved it at \w{3} \d{1,2} \w{3} \d{4} \d{2}:\d{2} \([^)]+\)\. Nothing more is needed from you\.", text);
        Assert.Matches("復旧の報告：設定を戻して復旧しました。|What they wrote: 設定を戻して復旧しました。", text);
        await app.SettleAsync();
        var notices = (await app.Smtp.MessagesAsync()).Where(m => m.Subject.Contains(id, StringComparison.Ordinal) && IsResolvedNotice(m)).ToList();
        Assert.Single(notices);
    }

    [Fact]
    public async Task AcknowledgeTogether_ListedIncidents_EachStoredAsAcknowledgedAndTheOtherGetsOneEmailListingThem()
    {
        var ids = new List<string>();
        JsonElement first = default;
        for (var n = 0; n < 4; n++)
        {
            var created = await CreateAsync(new { title = $"Storm part {n}", severity = "sev3" });
            first = n == 0 ? created : first;
            ids.Add(created.GetProperty("id").GetString()!);
        }

        var assignees = first.GetProperty("assignees").EnumerateArray().Select(a => (Id: a.GetProperty("id").GetString()!, Email: a.GetProperty("email").GetString()!)).ToList();
        var (acker, other) = (assignees[0], assignees[1]);

        // Each page asks its reader to act on its own incident, and offers the page that acknowledges them together. (Waited
        // for before acknowledging: a page still unsent when its incident is acknowledged is cancelled, as it should be.)
        var page = await WaitForAsync(m => m.Subject.Contains(ids[3], StringComparison.Ordinal) && (m.Subject.Contains("障害】", StringComparison.Ordinal) || m.Subject.Contains("incident]", StringComparison.Ordinal)));
        Assert.Contains("/api/status/ack\"", await app.Smtp.HtmlAsync(page.Id));
        (await app.Client.PostAsJsonAsync($"api/incidents/{ids[0]}/ack", new { memberId = other.Id })).Dispose();
        (await app.Client.PostAsJsonAsync($"api/incidents/{ids[1]}/updates", new { status = "resolved", message = "fixed" })).Dispose();

        using var response = await app.Client.PostAsJsonAsync("api/incidents/ack", new { memberId = acker.Id, ids = new[] { ids[0], ids[1], ids[2], ids[3], "INC-2099-0001" } });

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal([ids[2], ids[3]], body.GetProperty("acknowledged").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(
            new[] { (ids[0], "acknowledged"), ("INC-2099-0001", "notFound"), (ids[1], "resolved") },
            body.GetProperty("skipped").EnumerateArray().Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("reason").GetString()!)).OrderBy(s => s.Item2, StringComparer.Ordinal));
        Assert.Equal(acker.Id, (await GetAsync(ids[2])).GetProperty("acknowledgedBy").GetString());
        Assert.Equal(acker.Id, (await GetAsync(ids[3])).GetProperty("acknowledgedBy").GetString());
        Assert.Equal(other.Id, (await GetAsync(ids[0])).GetProperty("acknowledgedBy").GetString());
        Assert.Equal(JsonValueKind.Null, (await GetAsync(ids[1])).GetProperty("acknowledgedBy").ValueKind);

        static bool Together(OnDuty.Testing.ReceivedEmail m) => m.Subject.StartsWith("【対応開始】障害2件", StringComparison.Ordinal) || m.Subject.StartsWith("[Acknowledged] 2 incidents", StringComparison.Ordinal);
        await WaitForAsync(Together);
        await app.SettleAsync();
        var mail = await app.Smtp.MessagesAsync();
        var ours = new List<(OnDuty.Testing.ReceivedEmail Mail, string Html)>();
        foreach (var m in mail.Where(Together))
        {
            var html = await app.Smtp.HtmlAsync(m.Id);
            if (html.Contains(ids[2], StringComparison.Ordinal))
            {
                ours.Add((m, html));
            }
        }

        var told = Assert.Single(ours);
        Assert.Equal(new List<string> { other.Email }, told.Mail.To);
        Assert.Contains(ids[3], told.Html);
        Assert.DoesNotContain(ids[0], told.Html);

        // The channel: one card listing both, and no "acknowledged" card of either on its own.
        var cards = app.Teams.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("attachments")[0].GetProperty("content").GetRawText()).ToList();
        var together = Assert.Single(cards, c => c.Contains(ids[2], StringComparison.Ordinal) && c.Contains(ids[3], StringComparison.Ordinal) && !NamesOthersOpen(c));
        Assert.Contains("/api/status", together);
        // Read as text: the card's JSON escapes Japanese, so 「対応開始】」 never matched it raw and this could not fail. The one
        // acknowledged on its own (ids[0], by the other) has its card: the check finds an acknowledgement card when there is one.
        static bool AckCardOf(string card, string id, string notAlso) => CardText(card) is var text
            && text.Contains(id, StringComparison.Ordinal) && !text.Contains(notAlso, StringComparison.Ordinal)
            && (text.Contains("対応開始】", StringComparison.Ordinal) || text.Contains("acknowledged]", StringComparison.Ordinal));
        Assert.Contains(cards, c => AckCardOf(c, ids[0], ids[2]));
        Assert.DoesNotContain(cards, c => AckCardOf(c, ids[2], ids[3]));
        static bool IsAckNotice(OnDuty.Testing.ReceivedEmail m) => m.Subject.Contains("対応開始】", StringComparison.Ordinal) || m.Subject.Contains("acknowledged]", StringComparison.Ordinal);
        Assert.DoesNotContain(mail, m => IsAckNotice(m) && (m.Subject.Contains(ids[2], StringComparison.Ordinal) || m.Subject.Contains(ids[3], StringComparison.Ordinal)));
    }

    /// <summary>
    /// A storm nobody answers: each escalation step of the incidents that reach it together is one email per reader listing
    /// them, with a working acknowledge link for each, and one channel card; each incident's timeline says who was reached.
    /// </summary>
    [Fact]
    public async Task Storm_NobodyAnswers_EscalationIsOneEmailPerDutyMemberListingTheIncidentsWithALinkForEach()
    {
        var ids = new List<string>();
        JsonElement first = default;
        for (var n = 0; n < 3; n++)
        {
            var created = await CreateAsync(new { title = $"Escalating storm <{n}>", severity = "sev1" });
            first = n == 0 ? created : first;
            ids.Add(created.GetProperty("id").GetString()!);
        }

        var assignees = first.GetProperty("assignees").EnumerateArray().Select(a => (Id: a.GetProperty("id").GetString()!, Email: a.GetProperty("email").GetString()!)).ToList();
        await app.AdvanceAsync(TimeSpan.FromMinutes(5));
        await app.RunFunctionAsync("EscalateIncidents");
        foreach (var id in ids)
        {
            Assert.Equal(1, await StepAsync(id));
        }

        await app.SettleAsync();
        static bool IsStepOneTogether(OnDuty.Testing.ReceivedEmail m) =>
            m.Subject.Contains("エスカレーション1】障害", StringComparison.Ordinal) || (m.Subject.Contains("escalation 1] ", StringComparison.Ordinal) && m.Subject.Contains(" incidents: ", StringComparison.Ordinal));
        var mail = await app.Smtp.MessagesAsync();
        Assert.DoesNotContain(mail, m => ids.Any(id => m.Subject.Contains($"エスカレーション1】{id}", StringComparison.Ordinal) || m.Subject.Contains($"escalation 1] {id}", StringComparison.Ordinal)));
        string? link = null;
        foreach (var (memberId, email) in assignees)
        {
            var theirs = new List<string>();
            foreach (var m in mail.Where(m => IsStepOneTogether(m) && m.To.Contains(email)))
            {
                var html = await app.Smtp.HtmlAsync(m.Id);
                if (ids.All(id => html.Contains(id, StringComparison.Ordinal)))
                {
                    theirs.Add(html);
                }
            }

            var digest = Assert.Single(theirs);
            Assert.Contains("Escalating storm &lt;1&gt;", digest);
            Assert.Contains("/api/status/ack\"", digest);
            var row = digest.Split("<tr>").Single(r => r.Contains(ids[1], StringComparison.Ordinal));
            link ??= System.Text.RegularExpressions.Regex.Match(row, "href=\"[^\"]*/(api/ack/[^\"]+)\"").Groups[1].Value;
        }

        var cards = app.Teams.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("attachments")[0].GetProperty("content").GetRawText()).ToList();
        Assert.Single(cards, c => ids.All(id => c.Contains(id, StringComparison.Ordinal)) && !NamesOthersOpen(c));
        var timeline = (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{ids[2]}")).GetProperty("timeline").EnumerateArray();
        Assert.Equal(
            assignees.Select(a => a.Email).Append("teams").Order(StringComparer.Ordinal),
            timeline.Where(t => t.GetProperty("kind").GetString() == "delivered" && t.GetProperty("step").GetInt32() == 1)
                .SelectMany(t => t.GetProperty("recipients").EnumerateArray().Select(r => r.GetString()!)).Order(StringComparer.Ordinal));

        // The outbox says which incidents each message told together.
        var sent = (await app.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("topic").GetString()!.StartsWith("escalations:1:", StringComparison.Ordinal)
                && ids.All(id => i.GetProperty("about").EnumerateArray().Any(a => a.GetString() == id)))
            .Select(i => i.GetProperty("recipient").GetString()!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(assignees.Select(a => a.Email).Append("teams").Order(StringComparer.Ordinal), sent);

        // The digest's link for the second incident acknowledges that one, as its reader.
        using (var ack = await app.Anonymous.PostAsync(link, null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        Assert.Equal(assignees[0].Id, (await GetAsync(ids[1])).GetProperty("acknowledgedBy").GetString());
        Assert.Equal(JsonValueKind.Null, (await GetAsync(ids[0])).GetProperty("acknowledgedBy").ValueKind);
        (await app.Client.PostAsJsonAsync("api/incidents/ack", new { memberId = assignees[1].Id, ids = new[] { ids[0], ids[2] } })).Dispose();
    }

    [Theory]
    [InlineData("""{"ids":["INC-2026-0001"]}""", "memberId")]
    [InlineData("""{"memberId":"nobody-here","ids":["INC-2026-0001"]}""", "memberId")]
    [InlineData("""{"memberId":"sato","ids":["INC-2026-0001",null]}""", "ids")]
    [InlineData("""{"memberId":"sato","ids":"INC-2026-0001"}""", "ids")]
    public async Task AcknowledgeTogether_BadRequest_400NamingTheField(string json, string named)
    {
        using var response = await app.Client.PostAsync("api/incidents/ack", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(named, text, StringComparison.OrdinalIgnoreCase);
    }

    private static AckToken Tokens(TimeProvider time, string secret = OnDutyAppFixture.AckTokenSecret) =>
        new(Options.Create(new IncidentOptions { AckTokenSecret = secret }), time);

    /// <summary>
    /// Session 43: a roster member who is not one of the incident's duty members takes it (a lead, a PM off duty): the status page
    /// names her, as the incident page and the mails do — it read 「対応者：{her id}」.
    /// </summary>
    [Fact]
    public async Task TakenBySomeoneOffDuty_TheStatusPageNamesHer()
    {
        var created = await CreateAsync(new { title = "Export stuck", severity = "sev3" });
        var id = created.GetProperty("id").GetString()!;
        var duty = created.GetProperty("assignees").EnumerateArray().Select(a => a.GetProperty("id").GetString()!).ToHashSet(StringComparer.Ordinal);
        var colleague = (await app.Client.GetFromJsonAsync<JsonElement>("api/members")).GetProperty("items").EnumerateArray()
            .First(m => !duty.Contains(m.GetProperty("id").GetString()!));
        var (memberId, name) = (colleague.GetProperty("id").GetString()!, colleague.GetProperty("displayName").GetString()!);
        Assert.NotEqual(memberId, name);
        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId })).EnsureSuccessStatusCode().Dispose();

        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(app.BaseAddress);
        var (_, status) = await browser.GetAsync("api/status?lang=ja");
        var row = status.Split("<li>").Single(r => r.Contains($">{id}</a>", StringComparison.Ordinal));
        Assert.Contains($"対応者：{System.Net.WebUtility.HtmlEncode(name)}", row, StringComparison.Ordinal);
        Assert.DoesNotContain($"対応者：{memberId}<", row, StringComparison.Ordinal);

        (await app.Client.PostAsJsonAsync($"api/incidents/{id}/updates", new { status = "resolved", message = "fixed" })).Dispose();
        await app.SettleAsync();
    }

    private async Task<JsonElement> CreateAsync(object body)
    {
        using var response = await app.Client.PostAsJsonAsync("api/incidents", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<JsonElement> GetAsync(string id) =>
        (await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");

    private async Task<int> StepAsync(string id) => (await GetAsync(id)).GetProperty("escalationStep").GetInt32();

    private async Task<List<string>> AllIdsAsync() => [.. (await YearIdsAsync(200)).Order()];

    /// <summary>This year's list, page by page as a client follows <c>continuationToken</c>, in the order answered.</summary>
    private async Task<List<string>> YearIdsAsync(int pageSize)
    {
        var ids = new List<string>();
        string? token = null;
        do
        {
            var page = await app.Client.GetFromJsonAsync<JsonElement>($"api/incidents?status=all&pageSize={pageSize}" + (token is null ? "" : $"&continuationToken={Uri.EscapeDataString(token)}"));
            ids.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
            token = page.GetProperty("continuationToken").GetString();
            Assert.True(token is null || page.GetProperty("items").GetArrayLength() == pageSize);
        }
        while (token is not null);
        return ids;
    }

    /// <summary>
    /// Emails about incident <paramref name="id"/>: its own (the id in the subject) and those telling several incidents' step
    /// together that list it (other tests' incidents share the app and may reach a step in the same run).
    /// </summary>
    private async Task<List<OnDuty.Testing.ReceivedEmail>> MailsAboutAsync(string id)
    {
        var about = new List<OnDuty.Testing.ReceivedEmail>();
        foreach (var m in await app.Smtp.MessagesAsync())
        {
            var together = m.Subject.Contains(" 件", StringComparison.Ordinal) || m.Subject.Contains(" incidents", StringComparison.Ordinal);
            if (m.Subject.Contains(id, StringComparison.Ordinal) || (together && (await app.Smtp.HtmlAsync(m.Id)).Contains(id, StringComparison.Ordinal)))
            {
                about.Add(m);
            }
        }

        return about;
    }

    private async Task<OnDuty.Testing.ReceivedEmail> WaitForAboutAsync(string id, Func<OnDuty.Testing.ReceivedEmail, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await MailsAboutAsync(id)).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No matching email arrived.");
    }

    private async Task<OnDuty.Testing.ReceivedEmail> WaitForAsync(Func<OnDuty.Testing.ReceivedEmail, bool> match)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await app.Smtp.MessagesAsync()).FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("No matching email arrived.");
    }

    /// <summary>A later incident's first page card, which names the incidents open before it (trial 39 M1): not the card telling them together.</summary>
    private static bool NamesOthersOpen(string card)
    {
        var text = CardText(card);
        return text.Contains("対応中の障害がほかにあります", StringComparison.Ordinal) || text.Contains("Other open incidents", StringComparison.Ordinal);
    }

    /// <summary>A card's raw JSON as text to search: the JSON escapes Japanese (\uXXXX), which a raw search never matches.</summary>
    private static string CardText(string card) =>
        System.Text.Json.Nodes.JsonNode.Parse(card)!.ToJsonString(
            new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
