using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class AcsSmsSenderTests : IAsyncLifetime
{
    private const string From = "+18001110000";
    private const string To = "+819012345678";
    private const string Text = "【障害 sev1】INC-2026-0001 決済APIが応答しません。確認してください。";
    private const string MessageId = "incident:INC-2026-0001:notice:1:sms:sato";

    private static readonly TimeSpan Slot = TimeSpan.FromMinutes(4);

    /// <summary>A first attempt, just queued.</summary>
    private static SmsMessage Message => new(To, Text) { QueuedAt = DateTimeOffset.UtcNow };

    /// <summary>The next attempt of the same message (after one recorded attempt).</summary>
    private static SmsMessage Retry => Message with { PriorAttempts = 1 };

    private LoopbackAcsServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackAcsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_Accepted_PostsTheDocumentedBodySignedWithTheAccessKey()
    {
        // Early in a slot, so the expected first-sent is known whatever the time.
        var clock = new FakeTimeProvider(SlotStart(DateTimeOffset.UtcNow) + TimeSpan.FromSeconds(30));

        await CreateSut(time: clock).SendAsync(Message, MessageId, CancellationToken.None);

        var post = Assert.Single(_server.SmsPosts);
        Assert.Equal(202, post.Status);
        Assert.Equal("/sms?api-version=2021-03-07", post.Target);
        Assert.StartsWith("application/json", post.Headers["Content-Type"]);
        Assert.Equal(clock.GetUtcNow().ToString("r", CultureInfo.InvariantCulture), post.Headers["x-ms-date"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(post.Body))), post.Headers["x-ms-content-sha256"]);
        Assert.Matches("^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=[A-Za-z0-9+/]+=*$", post.Headers["Authorization"]);

        var body = JsonNode.Parse(post.Body)!;
        var requestId = body["smsRecipients"]?[0]?["repeatabilityRequestId"]?.GetValue<string>();
        Assert.True(Guid.TryParse(requestId, out _), $"repeatabilityRequestId '{requestId}' is not a GUID");
        var expected = JsonNode.Parse($$"""
            {
              "from": "{{From}}",
              "smsRecipients": [
                {
                  "to": "{{To}}",
                  "repeatabilityRequestId": "{{requestId}}",
                  "repeatabilityFirstSent": "{{SlotStart(clock.GetUtcNow()).ToString("r", CultureInfo.InvariantCulture)}}"
                }
              ],
              "message": "{{Text}}",
              "smsSendOptions": { "enableDeliveryReport": false, "tag": "{{MessageId}}" }
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, body), $"body was {post.Body}");
        Assert.Equal([new AcsSmsDelivery(From, To, Text, requestId)], _server.SmsDeliveries.Select(d => d with { MessageId = "", AcceptedAt = default }));
    }

    [Fact]
    public async Task SendAsync_RepliesSubscribed_AsksForADeliveryReportTaggedWithTheOutboxId_ALongIdIsNotSent()
    {
        await CreateSut(s => s.AcceptReplies = true).SendAsync(Message, MessageId, CancellationToken.None);
        var longId = "escalations:1:" + new string('a', 24) + ":sms:" + new string('x', 120);
        await CreateSut(s => s.AcceptReplies = true).SendAsync(Message, longId, CancellationToken.None);

        var options = _server.SmsPosts.Select(p => JsonNode.Parse(p.Body)!["smsSendOptions"]!).ToList();
        Assert.Equal((true, MessageId), (options[0]["enableDeliveryReport"]!.GetValue<bool>(), options[0]["tag"]!.GetValue<string>()));
        Assert.Equal("onduty", options[1]["tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task SendAsync_Accepted_DeliveredWithTheServiceMessageId()
    {
        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var delivery = Assert.Single(_server.SmsDeliveries);
        Assert.StartsWith("Outgoing_", delivery.MessageId);
        Assert.Equal(new SendResult.Delivered(delivery.MessageId), result);
    }

    [Fact]
    public async Task SendAsync_RetryInTheSameSlot_SameRepeatabilityIdAndNoSecondText()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sut = CreateSut(time: clock);

        var first = await sut.SendAsync(Message, MessageId, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        var retry = await CreateSut(time: clock).SendAsync(Retry, MessageId, CancellationToken.None);

        var ids = _server.SmsPosts.Select(p => JsonNode.Parse(p.Body)!["smsRecipients"]![0]!["repeatabilityRequestId"]!.GetValue<string>()).ToList();
        Assert.Equal(2, ids.Count);
        Assert.True(Guid.TryParse(ids[0], out _));
        Assert.Equal(ids[0], ids[1]);
        Assert.Single(_server.SmsDeliveries);
        Assert.IsType<SendResult.Delivered>(first);
        Assert.Equal(first, retry);
    }

    [Fact]
    public async Task SendAsync_RetryInALaterSlot_NewRepeatabilityIdAndSentAgain()
    {
        // No status lookup in ACS SMS: past the repeatability window a retry texts again, which beats no page.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);

        await CreateSut(time: clock).SendAsync(Message, MessageId, CancellationToken.None);
        clock.Advance(Slot);
        await CreateSut(time: clock).SendAsync(Retry, MessageId, CancellationToken.None);

        var deliveries = _server.SmsDeliveries;
        Assert.Equal(2, deliveries.Count);
        Assert.NotEqual(deliveries[0].RepeatabilityRequestId, deliveries[1].RepeatabilityRequestId);
    }

    [Fact]
    public async Task SendAsync_DifferentMessagesInTheSameSlot_EachTexted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sut = CreateSut(time: clock);

        await sut.SendAsync(Message, MessageId, CancellationToken.None);
        await sut.SendAsync(Message, MessageId + ":2", CancellationToken.None);

        Assert.Equal(2, _server.SmsDeliveries.Select(d => d.RepeatabilityRequestId).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_AlphanumericSender_SentFromTheSenderId()
    {
        var result = await CreateSut(sms => sms.From = "OnDuty").SendAsync(Message, MessageId, CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        Assert.Equal("OnDuty", Assert.Single(_server.SmsDeliveries).From);
    }

    [Fact]
    public async Task SendAsync_RecipientRefused_PermanentWithTheServiceError()
    {
        _server.FailSmsRecipient(To, 400, "Invalid To phone number format.");

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("400 Invalid To phone number format.", permanent.Error);
        Assert.Contains(To, permanent.Error);
        Assert.DoesNotContain(Text, permanent.Error);
        Assert.Empty(_server.SmsDeliveries);
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    public async Task SendAsync_RecipientThrottledOrFailed_Transient(int recipientStatus)
    {
        _server.FailSmsRecipient(To, recipientStatus, "Try again later.");

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains($"{recipientStatus} Try again later.", transient.Error);
        Assert.Empty(_server.SmsDeliveries);
    }

    [Theory]
    [InlineData(7, null, 7_000)]
    [InlineData(null, 1_500, 1_500)]
    public async Task SendAsync_Throttled_TransientWithTheServiceRetryAfter(int? retryAfterSeconds, int? retryAfterMs, int expectedMs)
    {
        _server.ScriptSms(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", retryAfterSeconds, retryAfterMs));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), transient.RetryAfter);
        Assert.Contains("429 TooManyRequests: Rate limit exceeded.", transient.Error);
        Assert.Empty(_server.SmsDeliveries);
    }

    [Fact]
    public async Task SendAsync_ServerError_TransientAndTheRetryTexts()
    {
        _server.ScriptSms(new AcsScriptedResponse(500, """{"error":{"code":"InternalServerError","message":"Try again."}}"""));
        var sut = CreateSut();

        var result = await sut.SendAsync(Message, MessageId, CancellationToken.None);
        var retry = await sut.SendAsync(Retry, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("500", transient.Error);
        Assert.Null(transient.RetryAfter);
        Assert.IsType<SendResult.Delivered>(retry);
        Assert.Single(_server.SmsDeliveries);
    }

    [Fact]
    public async Task SendAsync_WrongAccessKey_RetriedAsASenderRefusalNamingTheConnectionString()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var result = await CreateSut(sms => sms.ConnectionString = $"endpoint={_server.Endpoint};accesskey={wrongKey}")
            .SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.StartsWith(SenderRefusal.PhonePrefix + "ACS refused the SMS send (401 ", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith(
            $"check the access key in Sms__ConnectionString, and that Sms__From ('{From}') is a number (or sender ID) of that ACS resource.", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, refused.Error);
        Assert.Equal(401, Assert.Single(_server.SmsPosts).Status);
        Assert.Empty(_server.SmsDeliveries);
    }

    [Fact]
    public async Task SendAsync_Forbidden_RetriedAsASenderRefusalNamingTheConnectionString()
    {
        _server.ScriptSms(new AcsScriptedResponse(403, """{"error":{"code":"Forbidden","message":"The resource is not allowed to send SMS."}}"""));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Contains("403 Forbidden: The resource is not allowed to send SMS.", refused.Error);
        Assert.Contains("Sms__ConnectionString", refused.Error);
    }

    /// <summary>
    /// A number the resource does not own (never bought, released): ACS answers the whole request 401 with no body. Every text
    /// fails alike, so it is the sender's refusal naming Sms__From, not a give-up of this text; once the number is the
    /// resource's, the same text goes out once.
    /// </summary>
    [Fact]
    public async Task SendAsync_FromNumberNotOwnedByTheResource_RetriedAsASenderRefusalNamingSmsFrom_SentOnceWhenOwned()
    {
        _server.DisownSmsSender(From);
        var sut = CreateSut();

        var result = await sut.SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.Equal(
            SenderRefusal.PhonePrefix + $"ACS refused the SMS send (401 Unauthorized): check the access key in Sms__ConnectionString, and that Sms__From ('{From}') is a number (or sender ID) of that ACS resource.",
            refused.Error);
        Assert.Empty(_server.SmsDeliveries);

        _server.OwnSmsSender(From);
        Assert.IsType<SendResult.Delivered>(await sut.SendAsync(Retry, MessageId, CancellationToken.None));
        Assert.Equal(From, Assert.Single(_server.SmsDeliveries).From);
    }

    [Theory]
    [InlineData(404, "", "check that Sms__ConnectionString names the ACS resource, and that Sms__From ('+18001110000') is a number (or sender ID) of that ACS resource.")]
    [InlineData(400, """{"From": ["Invalid From phone number format"]}""", "check Sms__From ('+18001110000'): a number of the ACS resource in E.164 form (+ and the country code), or an alphanumeric sender ID.")]
    public async Task SendAsync_RequestRefusedForTheSender_RetriedAsASenderRefusalNamingTheSetting(int status, string body, string advice)
    {
        _server.ScriptSms(new AcsScriptedResponse(status, body));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.StartsWith(SenderRefusal.PhonePrefix + $"ACS refused the SMS send ({status} ", refused.Error, StringComparison.Ordinal);
        Assert.EndsWith(advice, refused.Error, StringComparison.Ordinal);
    }

    /// <summary>The recipient's own refusals stay permanent for that one text: not the sender's, nothing to wait for.</summary>
    [Fact]
    public async Task SendAsync_RecipientRefused_NotASenderRefusal()
    {
        _server.FailSmsRecipient(To, 400, "Invalid To phone number format.");

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        Assert.False(SenderRefusal.IsIn(Assert.IsType<SendResult.Permanent>(result).Error));
    }

    [Fact]
    public async Task SendAsync_UnsupportedApiVersion_PermanentWithTheServiceMessage()
    {
        var result = await CreateSut(sms => sms.ApiVersion = "2020-01-01").SendAsync(Message, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("400 InvalidApiVersion", permanent.Error);
        Assert.Empty(_server.SmsDeliveries);
    }

    [Fact]
    public async Task SendAsync_AcceptedWithAnUnreadableBody_Transient()
    {
        _server.ScriptSms(new AcsScriptedResponse(202, "<html>Accepted</html>"));

        var result = await CreateSut().SendAsync(Message, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("202", transient.Error);
    }

    [Fact]
    public async Task SendAsync_ServiceUnreachable_Transient()
    {
        var closed = $"http://127.0.0.1:{FreePort.Pick()}/";

        var result = await CreateSut(sms => sms.ConnectionString = $"endpoint={closed};accesskey={_server.AccessKey}")
            .SendAsync(Message, MessageId, CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("unreachable", transient.Error);
    }

    [Theory]
    [InlineData("090-1234-5678")]
    [InlineData("")]
    public async Task SendAsync_NotAnInternationalNumber_PermanentAndNothingPosted(string to)
    {
        var result = await CreateSut().SendAsync(Message with { To = to }, MessageId, CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("E.164", permanent.Error);
        Assert.Empty(_server.SmsPosts);
    }

    [Fact]
    public async Task SendAsync_NumberWrittenWithSpaces_SentInE164Form()
    {
        await CreateSut().SendAsync(Message with { To = "+81 90-1234-5678" }, MessageId, CancellationToken.None);

        Assert.Equal(To, Assert.Single(_server.SmsDeliveries).To);
    }

    private static DateTimeOffset SlotStart(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % Slot.Ticks), TimeSpan.Zero);

    private AcsSmsSender CreateSut(Action<SmsSettings>? configure = null, TimeProvider? time = null)
    {
        var settings = new SmsSettings { From = From, ConnectionString = _server.ConnectionString };
        configure?.Invoke(settings);
        return new AcsSmsSender(Options.Create(settings), time ?? TimeProvider.System, NullLogger<AcsSmsSender>.Instance);
    }
}
