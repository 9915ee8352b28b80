using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OnDuty.Core.Notifications;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.Acs;

/// <summary>
/// The incident page's 「まだ誰にも届いていません」 reads every channel, through the real host: the mail provider failing while the
/// text to a duty member gets through (loopback ACS) says nothing — somebody was reached; both failing names each channel with
/// its own error and attempts. Before, only the emails were read: the line said nobody was reached, with the email's error alone.
/// The leads' step's text to a lead (佐藤, configured by address, a roster member given a number) refused by ACS is named as a duty
/// member's is; a storm's held first pages, told together in one mail per duty member, are read by each incident they list.
/// </summary>
public sealed class PagesReachedAnyChannelTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-reach-master-key";
    private const string Sender = "+18005550100";
    private const string MailDown = "SMTP: Connection refused";

    /// <summary>The lead (<c>Incidents__Leads__0</c>, by address), a demo roster member not on duty at this hour (山田, the sample's lead, is).</summary>
    private const string Lead = "sato";

    private readonly FailingEmailSender _mail = new();
    private LoopbackAcsServer _acs = null!;
    private OwnApp _app = null!;

    private HostedApp Host => _app.Host;

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
                ["Incidents:Leads:0"] = $"{Lead}@onduty.example",
                // One first page within the storm window goes at once; those after it are held and told together.
                ["Incidents:StormPages"] = "1",
            }),
            configureServices: _mail.Wrap,
            smtp: false);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _acs.DisposeAsync();
    }

    [Fact]
    public async Task MailFailing_TextDelivered_NoLine()
    {
        await PhoneForDutyAsync();
        _mail.Failure = new SendResult.Transient(MailDown);

        var id = await DeclareAsync();

        Assert.Single(_acs.SmsDeliveries);
        Assert.Empty(_acs.Deliveries);
        Assert.Null(await LineAsync(id));
        Assert.Equal(JsonValueKind.Null, (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("undelivered").ValueKind);
    }

    [Fact]
    public async Task MailAndTextFailing_TheLineNamesBoth_EachWithItsOwnError()
    {
        await PhoneForDutyAsync();
        _mail.Failure = new SendResult.Transient(MailDown);
        _acs.DisownSmsSender(Sender);

        var id = await DeclareAsync();

        Assert.Empty(_acs.SmsDeliveries);
        var refused = $"ACS refused the SMS send (401 Unauthorized): check the access key in Sms__ConnectionString, and that Sms__From ('{Sender}') is a number (or sender ID) of that ACS resource.";
        Assert.Equal($"まだ誰にも届いていません（メール: {MailDown}、1回試行／SMS: 送信元の番号が拒否されました：{refused}、1回試行）。", await LineAsync(id));
        Assert.Equal($"No page has reached anyone yet (email: {MailDown}; 1 attempt / SMS: the number texts come from was refused: {refused}; 1 attempt).", await LineAsync(id, "en"));

        var undelivered = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("undelivered");
        Assert.Equal(
            [("email", 1, MailDown), ("sms", 1, SenderRefusal.PhonePrefix + refused)],
            undelivered.GetProperty("channels").EnumerateArray().Select(c => (c.GetProperty("channel").GetString(), c.GetProperty("attempts").GetInt32(), c.GetProperty("lastError").GetString())));
    }

    /// <summary>
    /// Mail down for everyone, nobody on duty with a number; nobody answers, and the leads' step goes to 佐藤, who has one: ACS
    /// refuses the text (the sender not the resource's), kept and retried. The line names the SMS beside the mail, as it does for a
    /// duty member's text (before, the leads' texts were not read: the mail alone was named).
    /// </summary>
    [Fact]
    public async Task ALeadsTextRefused_TheLineNamesTheSms_AsForADutyMember()
    {
        var onCall = await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall");
        Assert.DoesNotContain(onCall.GetProperty("members").EnumerateArray(), m => m.GetProperty("id").GetString() == Lead);
        Assert.Equal("+819011112222", await MembersApi.SetPhoneAsync(Host.Client, Lead, "+81 90-1111-2222"));
        _mail.Failure = new SendResult.Transient(MailDown);
        _acs.DisownSmsSender(Sender);

        var id = await DeclareAsync();
        Assert.Equal($"まだ誰にも届いていません（メール: {MailDown}、1回試行）。", await LineAsync(id));

        // Two acknowledgement timeouts (SEV1: 5 minutes) unanswered: the leads' step.
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await Host.RunFunctionAsync("EscalateIncidents");
        // The first page's mail, due again since the clock moved, is retried now as the sweep would (its queue message stays hidden
        // for Outbox:BaseDelay in real time: the settle waited ~30 s for it).
        await Host.RunFunctionAsync("RetryOutbox");
        await Host.WaitForOutboxIdleAsync(allowRetrying: true);
        await Host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));

        Assert.Empty(_acs.SmsDeliveries);
        Assert.Contains(_acs.SmsPosts, p => p.Status == 401);
        var textId = $"incident:{id}:escalation:2:sms:{Lead}";
        Assert.Contains((await Host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending&max=1000")).GetProperty("items").EnumerateArray(),
            i => i.GetProperty("id").GetString() == textId && i.GetProperty("attempts").GetInt32() == 1);

        var refused = $"ACS refused the SMS send (401 Unauthorized): check the access key in Sms__ConnectionString, and that Sms__From ('{Sender}') is a number (or sender ID) of that ACS resource.";
        Assert.Matches($"^まだ誰にも届いていません（メール: {Regex.Escape(MailDown)}、[0-9]+回試行／SMS: 送信元の番号が拒否されました：{Regex.Escape(refused)}、1回試行）。$", await LineAsync(id));
        Assert.Matches($"^No page has reached anyone yet \\(email: {Regex.Escape(MailDown)}; [0-9]+ attempts? / SMS: the number texts come from was refused: {Regex.Escape(refused)}; 1 attempt\\)\\.$", await LineAsync(id, "en"));
        var channels = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("undelivered").GetProperty("channels").EnumerateArray()
            .Select(c => (c.GetProperty("channel").GetString(), c.GetProperty("lastError").GetString())).ToList();
        Assert.Equal([("email", MailDown), ("sms", SenderRefusal.PhonePrefix + refused)], channels);
    }

    /// <summary>
    /// A storm: the second and third incidents' first pages are held, and the next escalation run tells them together, one mail
    /// per duty member, while mail is down. Each incident's line names that mail's error (before: 「（送信待ち）」, as if nothing
    /// had been tried); mail back, the retry goes through and both lines go. The first incident, paged on its own, never had one.
    /// </summary>
    [Fact]
    public async Task AStormsPagesToldTogether_FailingThenDelivered_EachIncidentReadsThem()
    {
        var ids = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            ids.Add(await DeclareAsync($"嵐 <{n}>"));
        }

        var held = ids[1..];
        Assert.Null(await LineAsync(ids[0]));
        foreach (var id in held)
        {
            Assert.Equal("まだ誰にも届いていません（送信待ち）。", await LineAsync(id));
        }

        _mail.Failure = new SendResult.Transient(MailDown);
        await Host.AdvanceAsync(TimeSpan.FromSeconds(30));
        await Host.RunFunctionAsync("EscalateIncidents");
        await Host.WaitForOutboxIdleAsync(allowRetrying: true);

        var retrying = (await Host.Client.GetFromJsonAsync<JsonElement>("api/outbox?status=pending&max=1000")).GetProperty("items").EnumerateArray()
            .Where(i => i.GetProperty("id").GetString()!.StartsWith("escalations:0:", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, retrying.Count); // one mail to each duty member, listing both
        foreach (var id in held)
        {
            Assert.Equal($"まだ誰にも届いていません（メール: {MailDown}、1回試行）。", await LineAsync(id));
            Assert.Equal($"No page has reached anyone yet (email: {MailDown}; 1 attempt).", await LineAsync(id, "en"));
            var undelivered = (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("undelivered");
            Assert.Equal([("email", 1, MailDown)],
                undelivered.GetProperty("channels").EnumerateArray().Select(c => (c.GetProperty("channel").GetString(), c.GetProperty("attempts").GetInt32(), c.GetProperty("lastError").GetString())));
        }

        // Mail is back: the mails go out at their next attempt, and each incident they list reads them as delivered.
        _mail.Failure = null;
        await Host.AdvanceAsync(TimeSpan.FromMinutes(10));
        await Host.RunFunctionAsync("RetryOutbox");
        await Host.WaitForOutboxIdleAsync();
        foreach (var id in held)
        {
            await WaitAsync(async () => await LineAsync(id) is null);
            Assert.Equal(JsonValueKind.Null, (await Host.Client.GetFromJsonAsync<JsonElement>($"api/incidents/{id}")).GetProperty("undelivered").ValueKind);
        }
    }

    private async Task PhoneForDutyAsync()
    {
        var member = (await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        Assert.Equal("+819012345678", await MembersApi.SetPhoneAsync(Host.Client, member, "+81 90-1234-5678"));
    }

    private async Task<string> DeclareAsync(string title = "決済画面が開かない")
    {
        using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title, severity = "sev1", by = "ops" });
        Assert.Equal(HttpStatusCode.Created, declared.StatusCode);
        var id = (await declared.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Host.WaitForOutboxIdleAsync(allowRetrying: true);
        await Host.SettleAsync(() => Task.FromResult(_acs.SmsPosts.Count));
        return id;
    }

    /// <summary>The incident page's line as a reader sees it (decoded); null when the page has none.</summary>
    private async Task<string?> LineAsync(string id, string lang = "ja")
    {
        var html = await Host.Client.GetStringAsync($"api/incidents/{id}/page?lang={lang}");
        var line = Regex.Match(html, "<p class=\"problem\" role=\"alert\" id=\"undelivered\">(.*?)</p>", RegexOptions.Singleline);
        return line.Success ? WebUtility.HtmlDecode(line.Groups[1].Value) : null;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100 && !await condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(await condition(), "condition not met within 10 s");
    }
}
