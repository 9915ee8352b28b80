using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class TwilioSmsSenderTests : IAsyncLifetime
{
    private const string From = "+18001110000";
    private const string To = "+819012345678";
    private const string Text = "【障害 sev1】INC-2026-0001 決済APIが応答しません。確認してください。";
    private const string MessageId = "incident:INC-2026-0001:notice:1:sms:sato";

    private static SmsMessage Message => new(To, Text) { QueuedAt = DateTimeOffset.UtcNow };

    private readonly HttpClient _http = new();
    private LoopbackTwilioServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackTwilioServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task SendAsync_FromNumber_PostsTheDocumentedFormWithBasicAuth()
    {
        await CreateSut().SendAsync(new SmsMessage(To, "障害 & 復旧"), MessageId, CancellationToken.None);

        var post = Assert.Single(_server.Posts);
        Assert.Equal(("POST", $"/2010-04-01/Accounts/{_server.AccountSid}/Messages.json", 201), (post.Method, post.Path, post.Status));
        Assert.Equal("To=%2B819012345678&From=%2B18001110000&Body=%E9%9A%9C%E5%AE%B3+%26+%E5%BE%A9%E6%97%A7", post.Body);
        Assert.Equal("application/x-www-form-urlencoded", post.Headers["Content-Type"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_server.AccountSid}:{_server.AuthToken}")), post.Headers["Authorization"]);
        Assert.Equal("OnDuty", post.Headers["User-Agent"]);
    }

    [Fact]
    public async Task SendAsync_JapaneseText_ArrivesIntact()
    {
        await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var delivery = Assert.Single(_server.Deliveries);
        Assert.Equal(new TwilioDelivery(To, From, null, Text, delivery.Sid), delivery);
    }

    [Fact]
    public async Task SendAsync_MessagingService_SendsTheServiceSidInsteadOfFrom()
    {
        var sut = CreateSut(sms => sms.Twilio.MessagingServiceSid = _server.MessagingServiceSid);

        var result = await sut.SendAsync(Message, MessageId, CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        var body = Assert.Single(_server.Posts).Body;
        Assert.StartsWith($"To=%2B819012345678&MessagingServiceSid={_server.MessagingServiceSid}&Body=%E3%80%90", body);
        Assert.DoesNotContain("From=", body);
        Assert.Equal(new TwilioDelivery(To, null, _server.MessagingServiceSid, Text, ((SendResult.Delivered)result).ProviderId!), Assert.Single(_server.Deliveries));
    }

    [Fact]
    public async Task SendAsync_MessagingServiceWithoutFrom_Sends()
    {
        var sut = CreateSut(sms => (sms.From, sms.Twilio.MessagingServiceSid) = (null, _server.MessagingServiceSid));

        var result = await sut.SendAsync(Message, MessageId, CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        Assert.Null(Assert.Single(_server.Deliveries).From);
    }

    [Fact]
    public async Task SendAsync_Created_DeliveredWithTheMessageSid()
    {
        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var delivery = Assert.Single(_server.Deliveries);
        Assert.Matches("^SM[0-9a-f]{32}$", delivery.Sid);
        Assert.Equal(new SendResult.Delivered(delivery.Sid), result);
    }

    [Fact]
    public async Task SendAsync_NumberRefused_PermanentWithTwiliosCode()
    {
        _server.RefuseNumber(To);

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.StartsWith($"Twilio refused the text for {To} (400, 21211: The 'To' number {To} is not a valid phone number.)", permanent.Error);
        Assert.DoesNotContain(Text, permanent.Error);
        Assert.Empty(_server.Deliveries);
    }

    /// <summary>
    /// The recipient's refusals stay permanent for that one text (https://www.twilio.com/docs/api/errors): 21610 the recipient
    /// replied STOP, 21614 not a mobile number, 21408 a country the account may not text — not the sender's, nothing to wait for.
    /// </summary>
    [Theory]
    [InlineData(21610, "21610: Attempt to send to unsubscribed recipient")]
    [InlineData(21614, "21614: 'To' number +819012345678 is not a valid mobile number")]
    [InlineData(21408, "21408: Permission to send an SMS has not been enabled for the region")]
    public async Task SendAsync_RecipientRefused_PermanentNotASenderRefusal(int code, string said)
    {
        _server.RefuseNumber(To, code);

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains(said, permanent.Error);
        Assert.False(SenderRefusal.IsIn(permanent.Error));
    }

    /// <summary>
    /// Sms__From is not a number of the account (released, another account's): Twilio's 21606 refuses every text alike, so it is
    /// the sender's refusal naming Sms__From, kept for a retry; once the account owns it again the same text goes out once.
    /// </summary>
    [Fact]
    public async Task SendAsync_FromNotTheAccounts_RetriedAsASenderRefusalNamingSmsFrom_SentOnceWhenOwned()
    {
        _server.DisownNumber(From);
        var sut = CreateSut();

        var result = await sut.SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.StartsWith(SenderRefusal.PhonePrefix + $"Twilio refused the text for {To} (400, 21606: The 'From' phone number provided ({From}) is not a valid message-capable", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith($"check Sms__From ('{From}'), which must be an SMS-capable number (or sender ID) of the Twilio account in Sms__Twilio__AccountSid.", refused.Error, StringComparison.Ordinal);
        Assert.Empty(_server.Deliveries);

        _server.OwnNumber(From);
        Assert.IsType<SendResult.Delivered>(await sut.SendAsync(Message with { PriorAttempts = 1 }, MessageId, CancellationToken.None));
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_MessagingServiceNotOfTheAccount_RetriedAsASenderRefusalNamingTheSetting()
    {
        var other = "MG" + new string('0', 32);

        var result = await CreateSut(sms => sms.Twilio.MessagingServiceSid = other).SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("(400, 21701: ", refused.Error);
        Assert.EndsWith($"check Sms__Twilio__MessagingServiceSid ('{other}'), which must be a Messaging Service of the Twilio account in Sms__Twilio__AccountSid.", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendAsync_TextTooLong_PermanentWithTwiliosCode()
    {
        var result = await CreateSut().SendAsync(Message with { Text = new string('a', LoopbackTwilioServer.MaxBodyLength + 1) }, MessageId, CancellationToken.None);

        Assert.Contains("21617", Assert.IsType<SendResult.Permanent>(result).Error);
        Assert.Equal(400, Assert.Single(_server.Posts).Status);
    }

    [Fact]
    public async Task SendAsync_WrongAuthToken_RetriedAsASenderRefusalNamingTheSettingsWithoutTheToken()
    {
        var wrongToken = new string('0', 32);

        var result = await CreateSut(sms => sms.Twilio.AuthToken = wrongToken).SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Equal(SenderRefusal.PhonePrefix + "Twilio refused the credentials (401, 20003: Authenticate): check Sms__Twilio__AccountSid and Sms__Twilio__AuthToken.", refused.Error);
        Assert.DoesNotContain(wrongToken, refused.Error);
        Assert.Equal(401, Assert.Single(_server.Posts).Status);
        Assert.Empty(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_Forbidden_RetriedAsASenderRefusalNamingTheSettings()
    {
        _server.Script(new TwilioScriptedResponse(403));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("Sms__Twilio__AuthToken", refused.Error);
    }

    [Fact]
    public async Task SendAsync_NotFound_RetriedAsASenderRefusalNamingTheAccountAndService()
    {
        _server.Script(new TwilioScriptedResponse(404));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("404, 20404", refused.Error);
        Assert.Contains("Sms__Twilio__AccountSid and Sms__Twilio__MessagingServiceSid", refused.Error);
    }

    [Fact]
    public async Task SendAsync_TooManyRequests_TransientWithRetryAfter()
    {
        _server.Script(new TwilioScriptedResponse(429, RetryAfterSeconds: 7));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromSeconds(7), transient.RetryAfter);
        Assert.Contains("429, 20429: Too Many Requests", transient.Error);
        Assert.Empty(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_ServerError_TransientAndTheRetryTexts()
    {
        _server.Script(new TwilioScriptedResponse(500));
        var sut = CreateSut();

        var result = await sut.SendAsync(Message, MessageId, CancellationToken.None);
        var retry = await sut.SendAsync(Message with { PriorAttempts = 1 }, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("500, 20500", transient.Error);
        Assert.Null(transient.RetryAfter);
        Assert.IsType<SendResult.Delivered>(retry);
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_CreatedWithoutASid_Transient()
    {
        _server.Script(new TwilioScriptedResponse(201, Body: "<html>Created</html>"));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("201 without a readable message sid", transient.Error);
    }

    [Fact]
    public async Task SendAsync_ServiceUnreachable_Transient()
    {
        var closed = $"http://127.0.0.1:{FreePort.Pick()}";

        var result = await CreateSut(sms => sms.Twilio.BaseUrl = closed).SendAsync(Message, MessageId, CancellationToken.None);

        Assert.StartsWith("Twilio unreachable at 127.0.0.1", Assert.IsType<SendResult.Transient>(result).Error);
    }

    [Fact]
    public async Task SendAsync_NoAnswerWithinTheTimeout_Transient()
    {
        _server.ResponseDelay = TimeSpan.FromSeconds(10);
        _http.Timeout = TimeSpan.FromMilliseconds(300);

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        Assert.StartsWith("Twilio timed out", Assert.IsType<SendResult.Transient>(result).Error);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_Throws()
    {
        _server.ResponseDelay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().SendAsync(Message, MessageId, cancel.Token));
    }

    [Theory]
    [InlineData("090-1234-5678")]
    [InlineData("")]
    public async Task SendAsync_NotAnInternationalNumber_PermanentAndNothingPosted(string to)
    {
        var result = await CreateSut().SendAsync(Message with { To = to }, MessageId, CancellationToken.None);

        Assert.Contains("E.164", Assert.IsType<SendResult.Permanent>(result).Error);
        Assert.Empty(_server.Posts);
    }

    [Fact]
    public async Task SendAsync_EmptyText_PermanentAndNothingPosted()
    {
        var result = await CreateSut().SendAsync(Message with { Text = " " }, MessageId, CancellationToken.None);

        Assert.Equal(new SendResult.Permanent("The text message is empty."), result);
        Assert.Empty(_server.Posts);
    }

    [Fact]
    public async Task SendAsync_NumberWrittenWithSpaces_SentInE164Form()
    {
        await CreateSut().SendAsync(Message with { To = "+81 90-1234-5678" }, MessageId, CancellationToken.None);

        Assert.Equal(To, Assert.Single(_server.Deliveries).To);
    }

    [Fact]
    public async Task SendAsync_AcceptingReplies_NamesTheStatusCallbackWithTheEscapedOutboxId()
    {
        var sut = CreateSut(sms => sms.AcceptReplies = true, publicBaseUrl: "https://onduty.example.com/");

        await sut.SendAsync(Message, "incident:INC-2026-0001:notice:1:sms:sato@example.com", CancellationToken.None);

        var post = Assert.Single(_server.Posts);
        Assert.Equal(["To", "From", "Body", "StatusCallback"], post.Form.Keys);
        Assert.Equal("https://onduty.example.com/api/sms/twilio?tag=incident%3AINC-2026-0001%3Anotice%3A1%3Asms%3Asato%40example.com", post.Form["StatusCallback"]);
        Assert.EndsWith("&StatusCallback=https%3A%2F%2Fonduty.example.com%2Fapi%2Fsms%2Ftwilio%3Ftag%3Dincident%253AINC-2026-0001%253Anotice%253A1%253Asms%253Asato%2540example.com", post.Body);
    }

    [Fact]
    public async Task SendAsync_NotAcceptingReplies_SendsNoStatusCallback()
    {
        await CreateSut(publicBaseUrl: "https://onduty.example.com").SendAsync(Message, MessageId, CancellationToken.None);

        Assert.DoesNotContain("StatusCallback", Assert.Single(_server.Posts).Form.Keys);
    }

    [Fact]
    public void Constructor_AcceptingRepliesWithoutAPublicOrigin_ThrowsNamingTheSetting()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => CreateSut(sms => sms.AcceptReplies = true, publicBaseUrl: " "));

        Assert.StartsWith("Team__PublicBaseUrl is empty and Sms__AcceptReplies is true", ex.Message);
    }

    [Theory]
    [InlineData("https://onduty.example.com", "sms:1", "https://onduty.example.com/api/sms/twilio?tag=sms%3A1")]
    [InlineData("https://onduty.example.com/app/", "a b&c=d", "https://onduty.example.com/app/api/sms/twilio?tag=a%20b%26c%3Dd")]
    public void StatusCallbackUrl_BaseAndId_OneSlashAndTheIdEscaped(string publicBaseUrl, string messageId, string expected)
    {
        Assert.Equal(expected, TwilioSmsSender.StatusCallbackUrl(publicBaseUrl, messageId));
    }

    private TwilioSmsSender CreateSut(Action<SmsSettings>? configure = null, string? publicBaseUrl = null)
    {
        var settings = new SmsSettings
        {
            Provider = SmsProvider.Twilio,
            From = From,
            Twilio = new TwilioSettings { AccountSid = _server.AccountSid, AuthToken = _server.AuthToken, BaseUrl = _server.BaseUrl },
        };
        configure?.Invoke(settings);
        var team = Options.Create(new TeamOptions { PublicBaseUrl = publicBaseUrl });
        return new TwilioSmsSender(_http, Options.Create(settings), team, TimeProvider.System, NullLogger<TwilioSmsSender>.Instance);
    }
}
