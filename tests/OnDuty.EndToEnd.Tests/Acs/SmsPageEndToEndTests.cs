using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Acs;

/// <summary>
/// Pages by SMS through the real host: a duty member given a phone number through the members API is texted the page through
/// a loopback ACS that checks the signature and the SMS wire format (<c>POST /sms</c>), and the link in the text acknowledges
/// the incident as them. Mail goes through the same loopback ACS.
/// </summary>
public sealed class SmsPageEndToEndTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-sms-master-key";
    private const string Sender = "+18005550100";

    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    private HostedApp _host => _app.Host;

    public async Task InitializeAsync()
    {
        _acs = await LoopbackAcsServer.StartAsync();
        _app = await OwnApp.StartAsync(
            MasterKey,
            OnDutyAppFixture.BeforeHandoff.AddHours(1).AddMinutes(5),
            OwnApp.AcsEmail(_acs, new Dictionary<string, string?>
            {
                ["Sms:From"] = Sender,
                ["Sms:ConnectionString"] = _acs.ConnectionString,
                ["Sms:AcceptReplies"] = "true",
            }),
            smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task Page_DutyMemberWithAPhone_IsTextedOnce_AndTheLinkInTheTextAcknowledgesAsThem()
    {
        var onCall = await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        var duty = onCall.GetProperty("members").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
        var texted = duty[0];
        // Pages go by SMS and nobody on duty has a number yet: health says so (degraded, still 200).
        var before = await _host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Equal("degraded", before.GetProperty("status").GetString());
        Assert.StartsWith("nobody on duty has a mobile number", before.GetProperty("checks").GetProperty("sms").GetString(), StringComparison.Ordinal);
        // Anonymous: the check by name, not who is on duty.
        var anonymous = await _host.Anonymous.GetStringAsync("api/health");
        Assert.Contains("\"sms\":\"not ok\"", anonymous, StringComparison.Ordinal);
        Assert.All(duty, id => Assert.DoesNotContain(id, anonymous, StringComparison.Ordinal));
        Assert.Equal("+819012345678", await MembersApi.SetPhoneAsync(_host.Client, texted, "+81 90-1234-5678"));
        Assert.Equal("ok", (await _host.Anonymous.GetFromJsonAsync<JsonElement>("api/health")).GetProperty("checks").GetProperty("sms").GetString());

        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev1", by = "ops" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count), () => Task.FromResult(_acs.SendPosts.Count));

        var text = Assert.Single(_acs.SmsDeliveries);
        Assert.Equal(Sender, text.From);
        Assert.Equal("+819012345678", text.To);
        var lines = text.Message.Split('\n');
        Assert.Equal($"【SEV1 障害】{id} 決済画面が開かない", lines[0]);
        var prefix = $"対応します：{_host.BaseAddress}api/ack/";
        Assert.StartsWith(prefix, lines[1], StringComparison.Ordinal);
        Assert.Equal("「1」と返信しても対応できます", lines[2]);
        Assert.DoesNotContain(_acs.SmsPosts, p => p.Status != 202);

        // The other duty member has no number: mail only. The outbox lists the text as sent, on the pages' channel "sms".
        var sent = await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000");
        var sms = sent.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("channel").GetString() == "sms").ToList();
        Assert.Equal($"incident:{id}:page:sms:{texted}", Assert.Single(sms).GetProperty("id").GetString());

        using (var ack = await _host.Anonymous.PostAsync($"api/ack/{lines[1][prefix.Length..]}", null))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        var incident = await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}");
        Assert.Equal(texted, incident.GetProperty("incident").GetProperty("acknowledgedBy").GetString());
        Assert.Contains(incident.GetProperty("timeline").EnumerateArray(), t => t.GetProperty("message").GetString() == "sms reached +819012345678");

        // The texts asked ACS for a delivery report, tagged with their outbox id; a report of one not delivered goes on the timeline.
        var options = JsonNode.Parse(Assert.Single(_acs.SmsPosts).Body)!["smsSendOptions"]!;
        Assert.Equal((true, $"incident:{id}:page:sms:{texted}"), (options["enableDeliveryReport"]!.GetValue<bool>(), options["tag"]!.GetValue<string>()));
        using (var report = await _host.Client.PostAsync("api/sms/inbound", Events(new
        {
            id = Guid.NewGuid().ToString(), subject = "/phonenumber/18005550100", eventType = "Microsoft.Communication.SMSDeliveryReportReceived",
            eventTime = "2026-12-01T00:00:05Z", dataVersion = "1.0",
            data = new Dictionary<string, object>
            {
                ["MessageId"] = text.MessageId, ["From"] = "18005550100", ["To"] = "819012345678", ["DeliveryStatus"] = "Failed",
                ["DeliveryStatusDetails"] = "Blocked by the carrier", ["ReceivedTimestamp"] = "2026-12-01T00:00:05Z", ["Tag"] = $"incident:{id}:page:sms:{texted}",
            },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        }

        var reported = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray();
        Assert.Contains(reported, t => t.GetProperty("message").GetString() == "sms gave up on +819012345678: not delivered (Failed: Blocked by the carrier)");
        var failedTexts = await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed");
        Assert.Contains(failedTexts.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == $"incident:{id}:page:sms:{texted}");

        // Acknowledged: the escalation that would have texted them again sends nothing.
        await _host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await _host.RunFunctionAsync("EscalateIncidents");
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        Assert.Single(_acs.SmsDeliveries);
    }

    /// <summary>
    /// Sms__From not a number of the ACS resource (not bought yet, or released): ACS refuses every text alike (401). The page text
    /// is kept and retried, not given up; health names the SMS sender and the setting at once; the mail pages go as ever. Once the
    /// resource owns the number the waiting text goes out by itself, exactly once, and the warning goes.
    /// </summary>
    [Fact]
    public async Task Page_SmsSenderNotOwnedByTheResource_TextKeptAndRetried_HealthNamesSmsFrom_SentOnceWhenFixed()
    {
        var texted = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        Assert.Equal("+819012345678", await MembersApi.SetPhoneAsync(_host.Client, texted, "+81 90-1234-5678"));
        _acs.DisownSmsSender(Sender);

        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev1", by = "ops" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count), () => Task.FromResult(_acs.SendPosts.Count));

        var textId = $"incident:{id}:page:sms:{texted}";
        Assert.Empty(_acs.SmsDeliveries);
        Assert.Contains(_acs.SmsPosts, p => p.Status == 401);
        Assert.DoesNotContain((await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=failed&max=1000")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == textId);
        var waiting = (await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending&max=1000")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetString() == textId);
        Assert.Equal(
            OnDuty.Core.Notifications.SenderRefusal.PhonePrefix + $"ACS refused the SMS send (401 Unauthorized): check the access key in Sms__ConnectionString, and that Sms__From ('{Sender}') is a number (or sender ID) of that ACS resource.",
            waiting.GetProperty("lastError").GetString());
        Assert.NotEmpty(_acs.Deliveries);

        var health = await _host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.Equal("degraded", health.GetProperty("status").GetString());
        var warning = health.GetProperty("degraded").GetProperty("sms-sender").GetString()!;
        Assert.Contains($"Sms__From ('{Sender}')", warning, StringComparison.Ordinal);
        Assert.EndsWith("pages (outbox channel sms) are retried until Outbox__PageGiveUpAfter and go out once it is fixed", warning, StringComparison.Ordinal);
        Assert.False(health.GetProperty("degraded").TryGetProperty("email-sender", out _));

        // The number is bought: the next retry texts the page, once.
        _acs.OwnSmsSender(Sender);
        await _host.AdvanceAsync(TimeSpan.FromMinutes(3));
        await _host.RunFunctionAsync("RetryOutbox");
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        await _host.RunFunctionAsync("RetryOutbox");
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));

        var text = Assert.Single(_acs.SmsDeliveries);
        Assert.Equal(("+819012345678", $"【SEV1 障害】{id} 決済画面が開かない"), (text.To, text.Message.Split('\n')[0]));
        var sent = (await _host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=sent&max=1000")).GetProperty("items").EnumerateArray();
        Assert.Contains(sent, i => i.GetProperty("id").GetString() == textId);
        var after = await _host.Client.GetFromJsonAsync<JsonElement>("api/health/details");
        Assert.False(after.TryGetProperty("degraded", out var degraded) && degraded.TryGetProperty("sms-sender", out _), after.ToString());
    }

    [Fact]
    public async Task ReplyOne_ThroughEventGrid_AcknowledgesAsTheMember_AndIsAnsweredByText()
    {
        var duty = (await _host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        await MembersApi.SetPhoneAsync(_host.Client, duty, "+81 80 2222 3333");
        using var declared = await _host.Client.PostAsJsonAsync("api/incidents", new { title = "ログインできない", severity = "sev2", by = "ops" });
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        var texts = _acs.SmsDeliveries.Count;

        // Event Grid proves the endpoint first, with the function key in the URL as the subscription has it.
        using (var validation = await _host.Client.PostAsync("api/sms/inbound", Events(new
        {
            id = "v1", eventType = "Microsoft.EventGrid.SubscriptionValidationEvent", subject = "", eventTime = "2026-12-01T00:00:00Z", dataVersion = "1",
            data = new { validationCode = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" },
        })))
        {
            Assert.Equal(HttpStatusCode.OK, validation.StatusCode);
            Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", (await validation.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("validationResponse").GetString());
        }

        // Without the key nothing is heard; a body that is not events is refused as a problem.
        using (var anonymous = await _host.Anonymous.PostAsync("api/sms/inbound", Events(Received("Incoming_x", "+818022223333", "1"))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using (var malformed = await _host.Client.PostAsync("api/sms/inbound", new StringContent("{\"not\":\"events\"}", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
            Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        }

        Assert.Equal(JsonValueKind.Null, (await IncidentAsync(id)).GetProperty("acknowledgedBy").ValueKind);

        // ACS writes the event data in PascalCase and the numbers without "+"; a text to another number of the resource is not ours.
        using (var reply = await _host.Client.PostAsync("api/sms/inbound", Events(
            Received("Incoming_20261201_other", "818022223333", "1", to: "18005550199"),
            Received("Incoming_20261201_a", "818022223333", "１"))))
        {
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal(1, (await reply.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("heard").GetInt32());
        }

        Assert.Equal(duty, (await IncidentAsync(id)).GetProperty("acknowledgedBy").GetString());
        var timeline = (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("timeline").EnumerateArray();
        Assert.Contains(timeline, t => t.GetProperty("kind").GetString() == "acknowledged" && t.GetProperty("message").GetString() == "by replying to a text message");
        Assert.Contains("SMS に「1」と返信して対応開始", await _host.Client.GetStringAsync($"api/incidents/{id}/page?lang=ja"), StringComparison.Ordinal);
        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        var answer = Assert.Single(_acs.SmsDeliveries.Skip(texts));
        Assert.Equal(("+818022223333", $"OnDuty：1件を対応開始にしました（{id}）。当番の方にも伝えます。"), (answer.To, answer.Message));
    }

    [Fact]
    public async Task ContactPage_WithoutSignIn_PickAMember_SetTheirNumber_AndTextThemATest()
    {
        using var browser = new OnDuty.EndToEnd.Tests.Pages.PageBrowser(_host.BaseAddress);
        var (page, html) = await browser.GetAsync("api/status/me?lang=ja");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("name=\"member\"", html, StringComparison.Ordinal);

        var (saved, _) = await browser.SubmitAsync(html, "/api/status/me", new Dictionary<string, string> { ["member"] = "sato", ["phone"] = "+81 70-4444-5555" });
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal("/api/status/me?lang=ja&done=saved&member=sato", saved.Headers.Location!.OriginalString);
        Assert.Equal("+817044445555", (await _host.Client.GetFromJsonAsync<JsonElement>("api/members/sato")).GetProperty("phone").GetString());

        var (shown, withNumber) = await browser.GetAsync(saved.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("+817044445555", WebUtility.HtmlDecode(withNumber), StringComparison.Ordinal);
        var (tested, _) = await browser.SubmitAsync(withNumber, "/api/status/me/test", new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.SeeOther, tested.StatusCode);
        Assert.Contains("done=tested", tested.Headers.Location!.OriginalString, StringComparison.Ordinal);

        await _host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        var text = Assert.Single(_acs.SmsDeliveries);
        Assert.Equal("+817044445555", text.To);
        Assert.StartsWith("OnDuty：佐藤さん、テスト送信です。", text.Message, StringComparison.Ordinal);

        // No member picked: the form again, nothing stored.
        var (refused, _) = await browser.SubmitAsync(withNumber, "/api/status/me", new Dictionary<string, string> { ["member"] = "", ["phone"] = "+81 70-1111-0000" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    [Fact]
    public async Task Member_PhoneUnreadable_400NamingPhoneAndTheCountry_NothingStored()
    {
        using var current = await _host.Client.GetAsync("api/members/sato");
        var member = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        member["phone"] = "0081 90-1234-5678"; // 00 first: refused even with the sample's Team__PhoneCountryCode 81
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/members/sato") { Content = JsonContent.Create(member) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await _host.Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty("phone", out _), problem.ToString());
        Assert.Equal($"starts with 00, the prefix for calling abroad; it {OnDuty.Core.Notifications.PhoneNumber.RuleFor("81")}", errors.GetProperty("phone")[0].GetString());
        var after = await _host.Client.GetFromJsonAsync<JsonElement>("api/members/sato");
        Assert.False(after.TryGetProperty("phone", out var phone) && phone.ValueKind == JsonValueKind.String, after.ToString());
    }

    /// <summary>With the sample's <c>Team__PhoneCountryCode</c> (81), the members API saves a number typed as dialled at home with +81.</summary>
    [Fact]
    public async Task Member_NationalPhone_WithTheTeamsCountryCode_StoredE164()
    {
        using var current = await _host.Client.GetAsync("api/members/sato");
        var member = JsonNode.Parse(await current.Content.ReadAsStringAsync())!;
        member["phone"] = "090-1234-5678";
        using var put = new HttpRequestMessage(HttpMethod.Put, "api/members/sato") { Content = JsonContent.Create(member) };
        put.Headers.IfMatch.Add(current.Headers.ETag!);
        using var response = await _host.Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("+819012345678", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone").GetString());
        Assert.Equal("+819012345678", (await _host.Client.GetFromJsonAsync<JsonElement>("api/members/sato")).GetProperty("phone").GetString());
    }

    private async Task<JsonElement> IncidentAsync(string id) =>
        (await _host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("incident");

    private static StringContent Events(params object[] events) =>
        new(JsonSerializer.Serialize(events), System.Text.Encoding.UTF8, "application/json");

    /// <summary>A <c>Microsoft.Communication.SMSReceived</c> event as ACS publishes it (Event Grid schema).</summary>
    private static object Received(string messageId, string from, string message, string to = "18005550100") => new
    {
        id = Guid.NewGuid().ToString(),
        topic = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-onduty/providers/Microsoft.Communication/communicationServices/acs-onduty",
        subject = $"/phonenumber/{to}",
        eventType = "Microsoft.Communication.SMSReceived",
        eventTime = "2026-12-01T00:00:00Z",
        dataVersion = "1.0",
        metadataVersion = "1",
        data = new Dictionary<string, object> { ["MessageId"] = messageId, ["From"] = from, ["To"] = to, ["Message"] = message, ["ReceivedTimestamp"] = "2026-12-01T00:00:00Z" },
    };
}
