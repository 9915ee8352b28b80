using System.Text;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class TwilioVoiceCallerTests : IAsyncLifetime
{
    private const string From = "+18001110000";
    private const string To = "+819012345678";
    private const string Text = "OnDuty の当番呼び出しです。障害 INC-2026-0001、決済APIが応答しません。確認したら 1 を押してください。";
    private const string MessageId = "incident:INC-2026-0001:notice:2:voice:sato@example.com";
    private const string PublicBaseUrl = "https://onduty.example.com/";

    /// <summary><see cref="MessageId"/> as the callback URL carries it: ':' and '@' escaped.</summary>
    private const string Callback = "https://onduty.example.com/api/voice/twilio?tag=incident%3AINC-2026-0001%3Anotice%3A2%3Avoice%3Asato%40example.com";

    private static VoiceCall Call => new(To, Text, Language.Ja) { QueuedAt = DateTimeOffset.UtcNow };

    private readonly HttpClient _http = new();
    private LoopbackTwilioServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackTwilioServer.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CallAsync_PostsTheDocumentedFormWithBasicAuth()
    {
        await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var post = Assert.Single(_server.Posts);
        Assert.Equal(("POST", $"/2010-04-01/Accounts/{_server.AccountSid}/Calls.json", 201), (post.Method, post.Path, post.Status));
        Assert.Equal(["To", "From", "Twiml", "Timeout", "StatusCallback", "StatusCallbackEvent"], post.Form.Keys);
        Assert.StartsWith("To=%2B819012345678&From=%2B18001110000&Twiml=%3C%3Fxml+version%3D%221.0%22+encoding%3D%22UTF-8%22%3F%3E%3CResponse%3E", post.Body);
        Assert.Equal("application/x-www-form-urlencoded", post.Headers["Content-Type"]);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_server.AccountSid}:{_server.AuthToken}")), post.Headers["Authorization"]);
        Assert.Equal("OnDuty", post.Headers["User-Agent"]);
        Assert.Equal("application/json", post.Headers["Accept"]);
    }

    [Fact]
    public async Task CallAsync_RingsForRingSecondsAndAsksForTheEndAtTheCallback()
    {
        await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var call = Assert.Single(_server.Calls);
        Assert.Equal((To, From, "30", Callback, "completed"), (call.To, call.From, call.Timeout, call.StatusCallback, call.StatusCallbackEvent));
    }

    [Fact]
    public async Task CallAsync_Twiml_SpeaksTheTextTwiceListeningForOneKeyPostedToTheCallback()
    {
        await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var response = Assert.Single(_server.Calls).Document.Root!;
        Assert.Equal(["Gather", "Gather", "Hangup"], response.Elements().Select(e => e.Name.LocalName));
        Assert.All(response.Elements("Gather"), gather =>
        {
            Assert.Equal(("dtmf", "1", "8", Callback, "POST"), ((string?)gather.Attribute("input"), (string?)gather.Attribute("numDigits"), (string?)gather.Attribute("timeout"), (string?)gather.Attribute("action"), (string?)gather.Attribute("method")));
            var say = Assert.Single(gather.Elements());
            Assert.Equal(("Say", "ja-JP", "Polly.Mizuki", Text), (say.Name.LocalName, (string?)say.Attribute("language"), (string?)say.Attribute("voice"), say.Value));
        });
    }

    [Fact]
    public async Task CallAsync_EnglishWithOwnSettings_SpeaksInTheEnglishVoiceFromVoiceFrom()
    {
        var sut = CreateSut(voice: v => (v.From, v.RingSeconds, v.EnglishVoice) = ("+18002220000", 45, "Polly.Matthew"));

        await sut.CallAsync(new VoiceCall(To, "OnDuty page. Press 1 to acknowledge.", Language.En), MessageId, CancellationToken.None);

        var call = Assert.Single(_server.Calls);
        Assert.Equal(("+18002220000", "45"), (call.From, call.Timeout));
        var say = call.Document.Descendants("Say").First();
        Assert.Equal(("en-US", "Polly.Matthew"), ((string?)say.Attribute("language"), (string?)say.Attribute("voice")));
    }

    [Fact]
    public async Task CallAsync_Created_DeliveredWithTheCallSid()
    {
        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var call = Assert.Single(_server.Calls);
        Assert.Matches("^CA[0-9a-f]{32}$", call.Sid);
        Assert.Equal(new SendResult.Delivered(call.Sid), result);
    }

    [Fact]
    public async Task CallAsync_MarkupInTheText_ArrivesEncodedAndIsSpokenAsText()
    {
        const string text = "障害: <Hangup/> & \"quoted\" </Say><Say>x";

        var result = await CreateSut().CallAsync(Call with { Text = text }, MessageId, CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        var call = Assert.Single(_server.Calls);
        Assert.Contains("&lt;Hangup/&gt; &amp; \"quoted\" &lt;/Say&gt;&lt;Say&gt;x", call.Twiml);
        Assert.Equal([text, text], call.Document.Descendants("Say").Select(s => s.Value));
    }

    [Fact]
    public async Task CallAsync_VeryLongJapaneseText_CutSoTwilioTakesTheCall()
    {
        var text = string.Concat(Enumerable.Repeat("決済APIが応答しません。", 400));

        var result = await CreateSut().CallAsync(Call with { Text = text }, MessageId, CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        var call = Assert.Single(_server.Calls);
        Assert.True(call.Twiml.Length <= LoopbackTwilioServer.MaxTwimlLength, $"Twiml is {call.Twiml.Length} characters");
        var spoken = call.Document.Descendants("Say").First().Value;
        Assert.EndsWith("…", spoken);
        Assert.StartsWith(spoken[..^1], text);
    }

    [Theory]
    [InlineData(21211, "Invalid 'To' Phone Number")]
    [InlineData(13223, "Dial: Invalid phone number format")]
    [InlineData(13224, "Dial: Invalid phone number")]
    public async Task CallAsync_NumberRefused_PermanentWithTwiliosCode(int code, string message)
    {
        _server.RefuseCall(To, code);

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.StartsWith($"Twilio refused the call to {To} (400, {code}: {message}", permanent.Error);
        Assert.DoesNotContain(Text, permanent.Error);
        Assert.Empty(_server.Calls);
    }

    [Fact]
    public async Task CallAsync_CountryNotPermitted_PermanentPointingAtGeoPermissions()
    {
        _server.RefuseCall(To, 21215);

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.StartsWith($"Twilio refused the call to {To} (400, 21215: Account not authorized to call {To}.", permanent.Error);
        Assert.EndsWith("allow the destination country in the Twilio console's Voice Geographic Permissions.", permanent.Error);
    }

    [Theory]
    [InlineData(null, "Sms__From ('+18001110000')")]
    [InlineData("+18002220000", "Voice__From ('+18002220000')")]
    public async Task CallAsync_CallerNotOfTheAccount_RetriedAsASenderRefusalNamingTheSettingItCameFrom(string? voiceFrom, string setting)
    {
        _server.RefuseCall(To, 21210);

        var result = await CreateSut(voice: v => v.From = voiceFrom).CallAsync(Call, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.StartsWith(SenderRefusal.PhonePrefix + $"Twilio refused the call to {To} (400, 21210: ", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith($"check {setting}, which must be a voice-capable Twilio number of the account.", refused.Error);
    }

    /// <summary>
    /// The caller number no longer the account's (not bought or verified): every call fails alike, kept for a retry; once the
    /// account owns it again the same call rings once.
    /// </summary>
    [Fact]
    public async Task CallAsync_CallerDisowned_RetriedAsASenderRefusal_RingsOnceWhenOwned()
    {
        _server.DisownNumber(From);
        var sut = CreateSut();

        var result = await sut.CallAsync(Call, MessageId, CancellationToken.None);

        Assert.True(Assert.IsType<SendResult.Transient>(result).SenderRefused);
        Assert.Empty(_server.Calls);
        _server.OwnNumber(From);
        Assert.IsType<SendResult.Delivered>(await sut.CallAsync(Call, MessageId, CancellationToken.None));
        Assert.Single(_server.Calls);
    }

    [Fact]
    public async Task CallAsync_WrongAuthToken_RetriedAsASenderRefusalNamingTheSettingsWithoutTheToken()
    {
        var wrongToken = new string('0', 32);

        var result = await CreateSut(sms => sms.Twilio.AuthToken = wrongToken).CallAsync(Call, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("401, 20003", refused.Error);
        Assert.Contains("check Sms__Twilio__AccountSid and Sms__Twilio__AuthToken", refused.Error);
        Assert.DoesNotContain(wrongToken, refused.Error);
        Assert.Equal(401, Assert.Single(_server.Posts).Status);
        Assert.Empty(_server.Calls);
    }

    [Fact]
    public async Task CallAsync_Forbidden_RetriedAsASenderRefusal()
    {
        _server.Script(new TwilioScriptedResponse(403));

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("403, 20003: Permission Denied", refused.Error);
    }

    [Fact]
    public async Task CallAsync_NotFound_RetriedAsASenderRefusalNamingTheAccount()
    {
        _server.Script(new TwilioScriptedResponse(404));

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("404, 20404", refused.Error);
        Assert.EndsWith("check Sms__Twilio__AccountSid.", refused.Error);
    }

    [Fact]
    public async Task CallAsync_TooManyRequests_TransientWithRetryAfter()
    {
        _server.Script(new TwilioScriptedResponse(429, RetryAfterSeconds: 7));

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromSeconds(7), transient.RetryAfter);
        Assert.Equal($"Twilio could not place the call to {To} now (429, 20429: Too Many Requests)", transient.Error);
        Assert.Empty(_server.Calls);
    }

    [Theory]
    [InlineData(500, "500, 20500")]
    [InlineData(503, "503, 20503")]
    public async Task CallAsync_ServerError_TransientAndTheRetryRings(int status, string detail)
    {
        _server.Script(new TwilioScriptedResponse(status));
        var sut = CreateSut();

        var result = await sut.CallAsync(Call, MessageId, CancellationToken.None);
        var retry = await sut.CallAsync(Call with { PriorAttempts = 1 }, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains(detail, transient.Error);
        Assert.Null(transient.RetryAfter);
        Assert.IsType<SendResult.Delivered>(retry);
        Assert.Single(_server.Calls);
    }

    [Fact]
    public async Task CallAsync_CreatedWithoutASid_Transient()
    {
        _server.Script(new TwilioScriptedResponse(201, Body: "{\"status\":\"queued\"}"));

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        Assert.StartsWith($"Twilio answered 201 without a readable call sid for {To}", Assert.IsType<SendResult.Transient>(result).Error);
    }

    [Fact]
    public async Task CallAsync_ServiceUnreachable_Transient()
    {
        var closed = $"http://127.0.0.1:{FreePort.Pick()}";

        var result = await CreateSut(sms => sms.Twilio.BaseUrl = closed).CallAsync(Call, MessageId, CancellationToken.None);

        Assert.StartsWith("Twilio unreachable at 127.0.0.1", Assert.IsType<SendResult.Transient>(result).Error);
    }

    [Fact]
    public async Task CallAsync_NoAnswerWithinTheTimeout_Transient()
    {
        _server.ResponseDelay = TimeSpan.FromSeconds(10);
        _http.Timeout = TimeSpan.FromMilliseconds(300);

        var result = await CreateSut().CallAsync(Call, MessageId, CancellationToken.None);

        Assert.StartsWith("Twilio timed out", Assert.IsType<SendResult.Transient>(result).Error);
    }

    [Fact]
    public async Task CallAsync_CallerCancels_Throws()
    {
        _server.ResponseDelay = TimeSpan.FromSeconds(10);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CreateSut().CallAsync(Call, MessageId, cancel.Token));
    }

    [Theory]
    [InlineData("090-1234-5678")]
    [InlineData("")]
    public async Task CallAsync_NotAnInternationalNumber_PermanentAndNothingPosted(string to)
    {
        var result = await CreateSut().CallAsync(Call with { To = to }, MessageId, CancellationToken.None);

        Assert.Equal(new SendResult.Permanent($"'{to}' cannot get a call: it {PhoneNumber.Rule}."), result);
        Assert.Empty(_server.Posts);
    }

    [Fact]
    public async Task CallAsync_EmptyText_PermanentAndNothingPosted()
    {
        var result = await CreateSut().CallAsync(Call with { Text = " " }, MessageId, CancellationToken.None);

        Assert.Equal(new SendResult.Permanent("The call's text is empty."), result);
        Assert.Empty(_server.Posts);
    }

    [Fact]
    public async Task CallAsync_NumberWrittenWithSpaces_CalledInE164Form()
    {
        await CreateSut().CallAsync(Call with { To = "+81 90-1234-5678" }, MessageId, CancellationToken.None);

        Assert.Equal(To, Assert.Single(_server.Calls).To);
    }

    [Theory]
    [InlineData("https://onduty.example.com", "voice:1", "https://onduty.example.com/api/voice/twilio?tag=voice%3A1")]
    [InlineData("https://onduty.example.com/app/", "a b&c=d", "https://onduty.example.com/app/api/voice/twilio?tag=a%20b%26c%3Dd")]
    public void CallbackUrl_BaseAndId_OneSlashAndTheIdEscaped(string publicBaseUrl, string messageId, string expected)
    {
        Assert.Equal(expected, TwilioVoiceCaller.CallbackUrl(publicBaseUrl, messageId));
    }

    private TwilioVoiceCaller CreateSut(Action<SmsSettings>? sms = null, Action<VoiceSettings>? voice = null)
    {
        var smsSettings = new SmsSettings
        {
            Provider = SmsProvider.Twilio,
            From = From,
            Twilio = new TwilioSettings { AccountSid = _server.AccountSid, AuthToken = _server.AuthToken, BaseUrl = _server.BaseUrl },
        };
        sms?.Invoke(smsSettings);
        var voiceSettings = new VoiceSettings { Enabled = true };
        voice?.Invoke(voiceSettings);
        return new TwilioVoiceCaller(
            _http,
            Options.Create(smsSettings),
            Options.Create(voiceSettings),
            Options.Create(new TeamOptions { PublicBaseUrl = PublicBaseUrl }),
            TimeProvider.System,
            NullLogger<TwilioVoiceCaller>.Instance);
    }
}
