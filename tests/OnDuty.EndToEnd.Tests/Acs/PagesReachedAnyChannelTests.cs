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
/// </summary>
public sealed class PagesReachedAnyChannelTests : IAsyncLifetime
{
    private const string MasterKey = "e2e-reach-master-key";
    private const string Sender = "+18005550100";
    private const string MailDown = "SMTP: Connection refused";

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
            OwnApp.AcsEmail(_acs, new Dictionary<string, string?> { ["Sms:From"] = Sender, ["Sms:ConnectionString"] = _acs.ConnectionString }),
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

    private async Task PhoneForDutyAsync()
    {
        var member = (await Host.Client.GetFromJsonAsync<JsonElement>("api/rotations/incident-duty/oncall")).GetProperty("members")[0].GetProperty("id").GetString()!;
        Assert.Equal("+819012345678", await MembersApi.SetPhoneAsync(Host.Client, member, "+81 90-1234-5678"));
    }

    private async Task<string> DeclareAsync()
    {
        using var declared = await Host.Client.PostAsJsonAsync("api/incidents", new { title = "決済画面が開かない", severity = "sev1", by = "ops" });
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
}
