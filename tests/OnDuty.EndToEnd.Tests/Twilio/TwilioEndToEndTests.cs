using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using OnDuty.EndToEnd.Tests.Pages;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Twilio;

/// <summary>
/// Pages through Twilio, through the real host and a loopback Twilio that checks the wire: the first page texted, the escalation
/// ringing the member's phone, the key 1 pressed on the call (posted as Twilio posts it, signed with the account's token)
/// acknowledging as them; a call not taken, a reply 1 by text and a text not delivered arriving through Twilio's signed webhooks;
/// a forged signature changing nothing.
/// </summary>
public sealed class TwilioEndToEndTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-twilio-master-key";
    private const string Sender = "+15005550006";
    private const string Phone = "+819012345678";

    private LoopbackAcsServer _acs = null!;
    private LoopbackTwilioServer _twilio = null!;
    private OwnApp _app = null!;
    private string _member = "";

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        _twilio = await LoopbackTwilioServer.StartAsync();
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5),
            OwnApp.AcsEmail(_acs, new Dictionary<string, string?>
            {
                ["Sms:Provider"] = "Twilio",
                ["Sms:From"] = Sender,
                ["Sms:AcceptReplies"] = "true",
                ["Sms:Twilio:AccountSid"] = _twilio.AccountSid,
                ["Sms:Twilio:AuthToken"] = _twilio.AuthToken,
                ["Sms:Twilio:BaseUrl"] = _twilio.BaseUrl,
                ["Voice:Enabled"] = "true",
                ["Voice:DutyLine"] = "true",
            }),
            smtp: false);
        _member = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        Assert.Equal(Phone, await MembersApi.SetPhoneAsync(_host.Client, _member, "+81 90-1234-5678"));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _twilio.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task Escalation_RingsTheMembersPhone_PressingOneAcknowledgesAsThem_AForgedKeyPressChangesNothing()
    {
        var id = await DeclareAsync("決済画面が開かない");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Deliveries.Count));
        Assert.Empty(_twilio.Calls); // the first page is texted, not called

        await _host.AdvanceAsync(TimeSpan.FromMinutes(6)); // past SEV1's first ack timeout
        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Calls.Count));

        var call = Assert.Single(_twilio.Calls);
        var tag = $"incident:{id}:escalation:1:voice:{_member}";
        var url = $"{_host.BaseAddress}api/voice/twilio?tag={Uri.EscapeDataString(tag)}";
        Assert.Equal((Phone, Sender, url, "completed", "30"), (call.To, call.From, call.StatusCallback, call.StatusCallbackEvent, call.Timeout));
        XNamespace none = "";
        var gathers = call.Document.Root!.Elements("Gather").ToList();
        Assert.Equal(2, gathers.Count);
        Assert.All(gathers, g => Assert.Equal((url, "1"), ((string?)g.Attribute("action"), (string?)g.Attribute("numDigits"))));
        var say = gathers[0].Element("Say")!;
        Assert.Equal(("ja-JP", "Polly.Mizuki"), ((string?)say.Attribute("language"), (string?)say.Attribute("voice")));
        Assert.Equal($"OnDuty からの呼び出しです。重大度 1 の障害、{id}、決済画面が開かない。まだ誰も応答していません。対応する場合は 1 を押してください。", say.Value);

        // Someone without the auth token posts the key: refused, nothing acknowledged.
        var keyPress = KeyPress(call, "1");
        using (var forged = await PostFormAsync(url, keyPress, "bm90IHRoZSBzaWduYXR1cmU="))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
            Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(JsonValueKind.Null, (await IncidentAsync(id)).GetProperty("incident").GetProperty("acknowledgedBy").ValueKind);

        // Another key: the call says the page again and listens.
        using (var other = await PostFormAsync(url, KeyPress(call, "9")))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            var again = XDocument.Parse(await other.Content.ReadAsStringAsync());
            Assert.Equal(say.Value, again.Root!.Element("Gather")!.Element("Say")!.Value);
        }

        // 1, as Twilio posts it: acknowledged as the member called, and the call says so.
        using (var pressed = await PostFormAsync(url, keyPress))
        {
            Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
            Assert.Equal("text/xml", pressed.Content.Headers.ContentType?.MediaType);
            var answer = XDocument.Parse(await pressed.Content.ReadAsStringAsync());
            Assert.Equal($"1件を対応開始にしました。{id}。当番の方にも伝えます。ありがとうございました。", answer.Root!.Element("Say")!.Value);
            Assert.NotNull(answer.Root.Element("Hangup"));
        }

        var incident = await IncidentAsync(id);
        Assert.Equal(_member, incident.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        var timeline = incident.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("message").GetString()).ToList();
        Assert.Contains("by pressing 1 on a phone call", timeline);
        Assert.Contains($"call reached {Phone}", timeline);
    }

    /// <summary>
    /// A member asked by name to help (<c>POST /api/incidents/{id}/help</c> with <c>ask</c>) at night: their phone rings with the request
    /// spoken; pressing 1 (as Twilio posts it) acknowledges nothing — the incident stays its holder's — and puts a row on the timeline
    /// and one mail to the person who asked, however often it is pressed.
    /// </summary>
    [Fact]
    public async Task HelpAskedByName_RingsThem_PressingOneAnswersTheRequest_NotAnAcknowledgement_AndMailsWhoAsked()
    {
        var id = await DeclareAsync("決済画面が開かない");
        var holder = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[1].GetProperty("id").GetString()!;
        using (var acked = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/ack", new { memberId = holder }))
        {
            Assert.Equal(HttpStatusCode.OK, acked.StatusCode);
        }

        using (var asked = await _host.Client.PostAsJsonAsync($"api/incidents/{id}/help", new { by = holder, ask = _member, message = "決済ログを見てほしい" }))
        {
            Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
        }

        await _host.SettleAsync(() => Task.FromResult(_twilio.Calls.Count));
        var call = Assert.Single(_twilio.Calls);
        var tag = $"incident:{id}:help:1:voice:{_member}";
        var url = $"{_host.BaseAddress}api/voice/twilio?tag={Uri.EscapeDataString(tag)}";
        Assert.Equal((Phone, url), (call.To, call.StatusCallback));
        var say = call.Document.Root!.Elements("Gather").First().Element("Say")!.Value;
        Assert.Contains("応援", say, StringComparison.Ordinal);
        Assert.Contains("1 を押してください", say, StringComparison.Ordinal);

        var mailsBefore = _acs.SendPosts.Count;
        for (var press = 0; press < 2; press++)
        {
            using var pressed = await PostFormAsync(url, KeyPress(call, "1"));
            Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
            var answer = XDocument.Parse(await pressed.Content.ReadAsStringAsync());
            Assert.Equal("応援に応じると伝えました。障害ページをメールでお送りしています。ありがとうございます。", answer.Root!.Element("Say")!.Value);
        }

        await _host.SettleAsync(() => Task.FromResult(_acs.SendPosts.Count));
        var incident = await IncidentAsync(id);
        Assert.Equal(holder, incident.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        var timeline = incident.GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("message").GetString() ?? "").ToList();
        Assert.Single(timeline, m => m.EndsWith("answered the request for help (phone call)", StringComparison.Ordinal));
        Assert.DoesNotContain("by pressing 1 on a phone call", timeline);
        var told = _acs.SendPosts.Skip(mailsBefore).Select(p => JsonDocument.Parse(p).RootElement.GetProperty("content").GetProperty("plainText").GetString() ?? "").ToList();
        Assert.Single(told, t => t.Contains("応援の依頼に応じました", StringComparison.Ordinal) || t.Contains("answered your request for help", StringComparison.Ordinal));
    }

    /// <summary>
    /// Sms__From no longer a number of the Twilio account (released, or moved to another account): Twilio refuses every text
    /// (21606) and every call (21210) from it. The escalation's text and call are kept and retried, not given up;
    /// health names both senders with the setting; once the account owns the number again each text and the call go out
    /// once, by themselves.
    /// </summary>
    [Fact]
    public async Task SenderNumberNotTheAccounts_TextsAndCallKeptAndRetried_HealthNamesThem_EachOnceWhenFixed()
    {
        _twilio.DisownNumber(Sender);
        var id = await DeclareAsync("決済画面が開かない");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Posts.Count));
        await _host.AdvanceAsync(TimeSpan.FromMinutes(6)); // past SEV1's first ack timeout: the escalation rings
        await _host.RunFunctionAsync("EscalateIncidents");
        // What is due again since the clock moved is retried now, as the sweep would: its queue message stays hidden for
        // Outbox:BaseDelay in real time (the settle waited ~30 s for it).
        await _host.RunFunctionAsync("RetryOutbox");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Posts.Count));

        Assert.Empty(_twilio.Deliveries);
        Assert.Empty(_twilio.Calls);
        Assert.Empty(await OutboxAsync("failed", id, "sms", "voice"));
        var pending = await OutboxAsync("pending", id, "sms", "voice");
        var call = Assert.Single(pending, m => m.GetProperty("id").GetString() == $"incident:{id}:escalation:1:voice:{_member}");
        Assert.EndsWith($"check Sms__From ('{Sender}'), which must be a voice-capable Twilio number of the account.", call.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        // The first page's text was replaced by escalation 1's (superseded, as ever): that one waits.
        var text = Assert.Single(pending, m => m.GetProperty("id").GetString() == $"incident:{id}:escalation:1:sms:{_member}");
        Assert.StartsWith(OnDuty.Core.Notifications.SenderRefusal.PhonePrefix + $"Twilio refused the text for {Phone} (400, 21606: ", text.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        var health = await _host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        var degraded = health.GetProperty("degraded");
        Assert.Contains($"check Sms__From ('{Sender}'), which must be an SMS-capable number", degraded.GetProperty("sms-sender").GetString(), StringComparison.Ordinal);
        Assert.Contains($"check Sms__From ('{Sender}'), which must be a voice-capable Twilio number", degraded.GetProperty("call-sender").GetString(), StringComparison.Ordinal);
        // call-sender kept (monitoring may match it); its text names the channel as the outbox lists the call: voice.
        Assert.Equal("voice", call.GetProperty("channel").GetString());
        Assert.EndsWith("pages (outbox channel voice) are retried until Outbox__PageGiveUpAfter and go out once it is fixed", degraded.GetProperty("call-sender").GetString(), StringComparison.Ordinal);

        // The number is the account's again: the next retries text and ring, each once.
        _twilio.OwnNumber(Sender);
        await _host.AdvanceAsync(TimeSpan.FromMinutes(3));
        await _host.RunFunctionAsync("RetryOutbox");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Posts.Count));
        await _host.RunFunctionAsync("RetryOutbox");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Posts.Count));

        Assert.Empty(await OutboxAsync("pending", id, "sms", "voice"));
        var sent = await OutboxAsync("sent", id, "sms", "voice");
        Assert.Equal(pending.Select(m => m.GetProperty("id").GetString()).Order(), sent.Select(m => m.GetProperty("id").GetString()).Order());
        Assert.Equal((Phone, Sender), (Assert.Single(_twilio.Calls).To, _twilio.Calls[0].From));
        Assert.Equal(sent.Count(m => m.GetProperty("channel").GetString() == "sms"), _twilio.Deliveries.Count);
        var after = await _host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.False(after.TryGetProperty("degraded", out var still) && (still.TryGetProperty("sms-sender", out _) || still.TryGetProperty("call-sender", out _)), after.ToString());
    }

    /// <summary>The outbox's messages in <paramref name="status"/> about incident <paramref name="incidentId"/> on the given channels.</summary>
    private async Task<List<JsonElement>> OutboxAsync(string status, string incidentId, params string[] channels) =>
        [.. (await _host.Client.GetFromJsonAsync<JsonElement>($"api/outbox?status={status}&max=1000")).GetProperty("items").EnumerateArray()
            .Where(m => m.GetProperty("id").GetString()!.Contains(incidentId, StringComparison.Ordinal) && channels.Contains(m.GetProperty("channel").GetString()))];

    [Fact]
    public async Task ACallNotTaken_IsOnTheTimeline_AndTheEscalationGoesOn()
    {
        var id = await DeclareAsync("ログインできない");
        await _host.AdvanceAsync(TimeSpan.FromMinutes(6));
        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Calls.Count));
        var call = Assert.Single(_twilio.Calls);

        var ended = new Dictionary<string, string>
        {
            ["AccountSid"] = _twilio.AccountSid, ["CallSid"] = call.Sid, ["From"] = Sender, ["To"] = Phone, ["Direction"] = "outbound-api",
            ["CallStatus"] = "no-answer", ["CallDuration"] = "0", ["ApiVersion"] = "2010-04-01",
        };
        using (var status = await PostFormAsync(call.StatusCallback!, ended))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        var incident = await IncidentAsync(id);
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == $"call to {Phone} was not answered (no-answer)");
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("incident").GetProperty("acknowledgedBy").ValueKind);
    }

    [Fact]
    public async Task ReplyOne_ThroughTwilio_AcknowledgesAndIsAnswered_AndATextNotDeliveredIsOnTheTimeline()
    {
        var id = await DeclareAsync("請求書が送れない");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Deliveries.Count));
        var page = Assert.Single(_twilio.Deliveries);
        Assert.EndsWith("「1」と返信しても対応できます", page.Body, StringComparison.Ordinal);
        var tag = $"incident:{id}:page:sms:{_member}";
        var statusUrl = $"{_host.BaseAddress}api/sms/twilio?tag={Uri.EscapeDataString(tag)}";
        Assert.Equal(statusUrl, _twilio.Posts.Single(p => p.Path.EndsWith("/Messages.json", StringComparison.Ordinal)).Form["StatusCallback"]);

        // Twilio could not deliver it: on the timeline, and the text is marked failed.
        var undelivered = new Dictionary<string, string>
        {
            ["AccountSid"] = _twilio.AccountSid, ["MessageSid"] = page.Sid, ["SmsSid"] = page.Sid, ["From"] = Sender, ["To"] = Phone,
            ["MessageStatus"] = "undelivered", ["SmsStatus"] = "undelivered", ["ErrorCode"] = "30003", ["ApiVersion"] = "2010-04-01",
        };
        using (var status = await PostFormAsync(statusUrl, undelivered))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        Assert.Contains((await IncidentAsync(id)).GetProperty("timeline").EnumerateArray(),
            t => t.GetProperty("message").GetString() == $"sms gave up on {Phone}: not delivered (undelivered: Twilio error 30003)");

        // The member replies 1 to the number (its "A message comes in" webhook).
        var inbound = $"{_host.BaseAddress}api/sms/twilio";
        var reply = new Dictionary<string, string>
        {
            ["AccountSid"] = _twilio.AccountSid, ["MessageSid"] = "SM" + new string('a', 32), ["SmsSid"] = "SM" + new string('a', 32), ["From"] = Phone,
            ["To"] = Sender, ["Body"] = "１", ["NumMedia"] = "0", ["SmsStatus"] = "received", ["ApiVersion"] = "2010-04-01",
        };
        using (var wrongAccount = await PostFormAsync(inbound, new Dictionary<string, string>(reply) { ["AccountSid"] = "AC" + new string('f', 32) }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongAccount.StatusCode);
        }

        using (var replied = await PostFormAsync(inbound, reply))
        {
            Assert.Equal(HttpStatusCode.OK, replied.StatusCode);
            Assert.Equal("Response", XDocument.Parse(await replied.Content.ReadAsStringAsync()).Root!.Name.LocalName);
        }

        var incident = await IncidentAsync(id);
        Assert.Equal(_member, incident.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == "by replying to a text message");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Deliveries.Count));
        var answer = _twilio.Deliveries.Last();
        Assert.Equal(Phone, answer.To);
        Assert.StartsWith($"OnDuty：1件を対応開始にしました（{id}）", answer.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContactPage_TestCall_RingsTheSavedNumber_AndPressingOneSaysOnDutyHeardIt()
    {
        using var browser = new PageBrowser(_host.BaseAddress);
        var (page, html) = await browser.GetAsync($"api/status/me?lang=ja&member={_member}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("登録した番号に電話がかかります", html, StringComparison.Ordinal);

        var (called, _) = await browser.SubmitAsync(html, "/api/status/me/test-call", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, called.StatusCode);
        await _host.SettleAsync(() => Task.FromResult(_twilio.Calls.Count));

        var call = Assert.Single(_twilio.Calls);
        Assert.Equal(Phone, call.To);
        Assert.StartsWith("OnDuty のテスト電話です。", call.Document.Root!.Element("Gather")!.Element("Say")!.Value, StringComparison.Ordinal);
        using var pressed = await PostFormAsync(call.StatusCallback!, KeyPress(call, "1"));
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        Assert.StartsWith("1 が OnDuty に届きました。テストは成功です。", XDocument.Parse(await pressed.Content.ReadAsStringAsync()).Root!.Element("Say")!.Value, StringComparison.Ordinal);
    }

    /// <summary>
    /// A member's own call rule, set on their contact page: rung 2 minutes after a SEV1 page nobody acknowledged (the team's call
    /// comes at step 1, after 5), under the rule's own id, said on the timeline; pressing 1 acknowledges, and no call follows.
    /// The API shows the rule and refuses one out of range naming it, nothing written.
    /// </summary>
    [Fact]
    public async Task ContactPage_CallRule_RingsSoonerThanTheTeam_PressingOneAcknowledges_TheApiShowsAndChecksIt()
    {
        using var browser = new PageBrowser(_host.BaseAddress);
        var (_, html) = await browser.GetAsync($"api/status/me?lang=ja&member={_member}");
        Assert.Contains("自分への電話を早める", html, StringComparison.Ordinal);
        Assert.Contains("SEV1 は 5分後", html, StringComparison.Ordinal);
        var (saved, _) = await browser.SubmitAsync(html, "/api/status/me/call-rule", new Dictionary<string, string> { ["callAfterMinutes"] = "2" });
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        var member = await _host.Client.GetFromJsonAsync<JsonElement>($"api/members/{_member}");
        Assert.Equal(2, member.GetProperty("callAfterMinutes").GetInt32());

        // Out of range through the API: 400 naming the field, the rule as it was.
        var body = System.Text.Json.Nodes.JsonNode.Parse(member.GetRawText())!;
        body["callAfterMinutes"] = 61;
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"api/members/{_member}") { Content = JsonContent.Create(body) })
        {
            put.Headers.TryAddWithoutValidation("If-Match", "*");
            using var refused = await _host.Client.SendAsync(put);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("callAfterMinutes", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(2, (await _host.Client.GetFromJsonAsync<JsonElement>($"api/members/{_member}")).GetProperty("callAfterMinutes").GetInt32());

        var id = await DeclareAsync("決済画面が開かない");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Deliveries.Count));
        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _host.RunFunctionAsync("EscalateIncidents");
        Assert.Empty(_twilio.Calls); // not yet

        await _host.AdvanceAsync(TimeSpan.FromMinutes(1));
        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_twilio.Calls.Count));
        var call = Assert.Single(_twilio.Calls);
        var url = $"{_host.BaseAddress}api/voice/twilio?tag={Uri.EscapeDataString($"incident:{id}:rule:voice:{_member}")}";
        Assert.Equal((Phone, url), (call.To, call.StatusCallback));
        Assert.EndsWith("まだ誰も応答していません。対応する場合は 1 を押してください。", call.Document.Root!.Element("Gather")!.Element("Say")!.Value, StringComparison.Ordinal);

        using (var pressed = await PostFormAsync(url, KeyPress(call, "1")))
        {
            Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        }

        var incident = await IncidentAsync(id);
        Assert.Equal(_member, incident.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("kind").GetString() == "personalCall"
            && t.GetProperty("message").GetString()!.EndsWith("asked to be called 2 minutes after a page nobody acknowledged: called", StringComparison.Ordinal));

        // Acknowledged: past step 1's time nothing more rings.
        await _host.AdvanceAsync(TimeSpan.FromMinutes(5));
        await _host.RunFunctionAsync("EscalateIncidents");
        Assert.Single(_twilio.Calls);
    }

    [Fact]
    public async Task DutyLine_RingsTheDutyMember_NotTaken_TellsTheCallerAndSendsThemTheMissedCall()
    {
        var incoming = $"{_host.BaseAddress}api/voice/twilio/incoming";
        var call = new Dictionary<string, string>
        {
            ["AccountSid"] = _twilio.AccountSid, ["CallSid"] = "CA" + new string('b', 32), ["From"] = "+815011112222", ["To"] = Sender,
            ["Direction"] = "inbound", ["CallStatus"] = "ringing", ["ApiVersion"] = "2010-04-01",
        };
        var name = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/members/{_member}")).GetProperty("shortName").GetString();

        using (var rang = await PostFormAsync(incoming, call))
        {
            Assert.Equal(HttpStatusCode.OK, rang.StatusCode);
            var twiml = XDocument.Parse(await rang.Content.ReadAsStringAsync()).Root!;
            Assert.Equal($"OnDuty です。障害当番の{name}さんにおつなぎします。", twiml.Element("Say")!.Value);
            var dial = twiml.Element("Dial")!;
            Assert.Equal(("/api/voice/twilio/incoming?rung=1", Phone), ((string?)dial.Attribute("action"), dial.Element("Number")!.Value));
        }

        // Only one duty member has a number: not taken, the caller is told and the duty members get the missed call.
        var mailsBefore = _acs.SendPosts.Count;
        using (var notTaken = await PostFormAsync($"{incoming}?rung=1", new Dictionary<string, string>(call) { ["CallStatus"] = "in-progress", ["DialCallStatus"] = "no-answer" }))
        {
            Assert.Equal(HttpStatusCode.OK, notTaken.StatusCode);
            var twiml = XDocument.Parse(await notTaken.Content.ReadAsStringAsync()).Root!;
            Assert.StartsWith("当番につながりませんでした。", twiml.Element("Say")!.Value, StringComparison.Ordinal);
            Assert.Null(twiml.Element("Dial"));
        }

        await _host.SettleAsync(() => Task.FromResult(_twilio.Deliveries.Count), () => Task.FromResult(_acs.SendPosts.Count));
        var text = Assert.Single(_twilio.Deliveries, d => d.Body.Contains("当番ダイヤル", StringComparison.Ordinal));
        Assert.Equal(Phone, text.To);
        Assert.Contains("+815011112222 から当番ダイヤルへ不在着信", text.Body, StringComparison.Ordinal);
        Assert.True(_acs.SendPosts.Count > mailsBefore);

        // A call taken ends there.
        using var taken = await PostFormAsync($"{incoming}?rung=1", new Dictionary<string, string>(call) { ["CallStatus"] = "completed", ["DialCallStatus"] = "completed" });
        Assert.Equal("Response", XDocument.Parse(await taken.Content.ReadAsStringAsync()).Root!.Name.LocalName);
        Assert.False(XDocument.Parse(await taken.Content.ReadAsStringAsync()).Root!.HasElements);
    }

    private async Task<string> DeclareAsync(string title)
    {
        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev1", by = "ops" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        return (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private Task<JsonElement> IncidentAsync(string id) => _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");

    private Dictionary<string, string> KeyPress(TwilioCall call, string digits) => new()
    {
        ["AccountSid"] = _twilio.AccountSid, ["CallSid"] = call.Sid, ["From"] = Sender, ["To"] = Phone, ["Direction"] = "outbound-api",
        ["CallStatus"] = "in-progress", ["Digits"] = digits, ["FinishedOnKey"] = "", ["msg"] = "Gather End", ["ApiVersion"] = "2010-04-01",
    };

    /// <summary>Posts <paramref name="form"/> to <paramref name="url"/> as Twilio does: form-encoded, signed with the account's token (or <paramref name="signature"/>).</summary>
    private async Task<HttpResponseMessage> PostFormAsync(string url, IReadOnlyDictionary<string, string> form, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSignature.Compute(_twilio.AuthToken, url, form));
        return await _host.Anonymous.SendAsync(request);
    }
}
