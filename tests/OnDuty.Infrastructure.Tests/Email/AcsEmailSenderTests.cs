using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;
using OnDuty.Infrastructure.Email.Acs;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Email;

public sealed class AcsEmailSenderTests : IAsyncLifetime
{
    private const string From = "onduty@onduty.example";
    private static readonly EmailMessage Queued = new(
        "sato@example.com",
        "佐藤 花子",
        "今週の当番: 佐藤",
        "佐藤さん、今週の当番です。",
        "<p>佐藤さん、今週の<b>当番</b>です。</p>");

    /// <summary>A first attempt, just queued.</summary>
    private static EmailMessage Message => Queued with { QueuedAt = DateTimeOffset.UtcNow };

    /// <summary>The next attempt of the same message (after one recorded attempt).</summary>
    private static EmailMessage Retry => Message with { PriorAttempts = 1 };

    private LoopbackAcsServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackAcsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendAsync_Accepted_DeliversTheMessageUnderItsOperationId()
    {
        var result = await CreateSut().SendAsync(Message, "duty:2026-W49:email:sato", CancellationToken.None);

        var operationId = AcsEmailSender.OperationIdFor("duty:2026-W49:email:sato").ToString();
        Assert.Equal(new SendResult.Delivered(operationId), result);
        var delivery = Assert.Single(_server.Deliveries);
        Assert.Equal(operationId, delivery.OperationId);
        Assert.Equal(From, delivery.SenderAddress);
        Assert.Equal([new AcsRecipient("sato@example.com", "佐藤 花子")], delivery.To);
        Assert.Equal(Message.Subject, delivery.Subject);
        Assert.Equal(Message.TextBody, delivery.PlainText);
        Assert.Equal(Message.HtmlBody, delivery.Html);
        Assert.Equal("duty:2026-W49:email:sato", delivery.Headers["X-OnDuty-Message"]);
        Assert.True(delivery.UserEngagementTrackingDisabled);
        Assert.Equal(
            [
                ("POST", $"/emails:send?api-version={LoopbackAcsServer.ApiVersion}", 202),
                ("GET", $"/emails/operations/{operationId}?api-version={LoopbackAcsServer.ApiVersion}", 200),
                ("GET", $"/emails/operations/{operationId}?api-version={LoopbackAcsServer.ApiVersion}", 200),
            ],
            _server.Requests.Select(r => (r.Method, r.Target, r.Status)));
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatch_ToTheSenderEveryReaderInBcc()
    {
        var readers = Enumerable.Range(0, 49).Select(i => $"reader{i:00}@example.com").ToList();

        var result = await CreateSut().SendAsync(Message with { To = "", ToName = null, Bcc = readers }, "incident:INC-2026-0001:notice:1:email:ja:0", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        var delivery = Assert.Single(_server.Deliveries);
        Assert.Equal([new AcsRecipient(From, null)], delivery.To);
        Assert.Equal(readers, delivery.Bcc.Select(r => r.Address));
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatchOver50WithTheSender_PermanentAndNothingPosted()
    {
        var readers = Enumerable.Range(0, 50).Select(i => $"reader{i:00}@example.com").ToList();

        var result = await CreateSut().SendAsync(Message with { To = "", ToName = null, Bcc = readers }, "too-many", CancellationToken.None);

        Assert.IsType<SendResult.Permanent>(result);
        Assert.Equal(0, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_NoHtmlNoDisplayName_SendsPlainTextOnly()
    {
        var result = await CreateSut().SendAsync(Message with { ToName = null, HtmlBody = null }, "m-plain", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        var delivery = Assert.Single(_server.Deliveries);
        Assert.Equal([new AcsRecipient("sato@example.com", null)], delivery.To);
        Assert.Equal(Message.TextBody, delivery.PlainText);
        Assert.Null(delivery.Html);
    }

    [Fact]
    public async Task SendAsync_WrongAccessKey_PermanentNamingTheConnectionString()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var result = await CreateSut(acs => acs.ConnectionString = $"endpoint={_server.Endpoint};accesskey={wrongKey}")
            .SendAsync(Message, "m-1", CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("401", permanent.Error);
        Assert.Contains("Denied", permanent.Error);
        Assert.Contains("Email__Acs__ConnectionString", permanent.Error);
        Assert.DoesNotContain(wrongKey, permanent.Error);
        Assert.Empty(_server.Deliveries);
    }

    [Theory]
    [InlineData(7, null, 7_000)]
    [InlineData(null, 1_500, 1_500)]
    public async Task SendAsync_Throttled_TransientWithTheServiceRetryAfter(int? retryAfterSeconds, int? retryAfterMs, int expectedMs)
    {
        _server.ScriptSend(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", retryAfterSeconds, retryAfterMs));

        var result = await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), transient.RetryAfter);
        Assert.Contains("TooManyRequests", transient.Error);
        Assert.Empty(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_ServerError_Transient()
    {
        _server.ScriptSend(new AcsScriptedResponse(500, """{"error":{"code":"InternalServerError","message":"Try again."}}"""));

        var result = await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Contains("500", transient.Error);
        Assert.Null(transient.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_BadRequest_PermanentWithTheServiceMessage()
    {
        _server.ScriptSend(new AcsScriptedResponse(400, """{"error":{"code":"BadRequest","message":"Invalid email address format for recipient."}}"""));

        var result = await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("400 BadRequest: Invalid email address format for recipient.", permanent.Error);
    }

    [Fact]
    public async Task SendAsync_OperationFailed_PermanentWithTheOperationError()
    {
        _server.FailNextOperation("EmailDroppedAllRecipientsSuppressed", "Message was dropped because all recipients were suppressed.");

        var result = await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("Failed", permanent.Error);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed: Message was dropped because all recipients were suppressed.", permanent.Error);
    }

    [Fact]
    public async Task SendAsync_RetryOfADeliveredMessage_PollsAndPostsNothing()
    {
        var sut = CreateSut();

        var first = await sut.SendAsync(Message, "duty:2026-W49:email:sato", CancellationToken.None);
        var second = await sut.SendAsync(Retry, "duty:2026-W49:email:sato", CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Single(_server.Deliveries);
        Assert.Equal(1, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_AnswerLostAfterAcceptance_RetrySendsNothingTwice()
    {
        _server.LoseNextAnswer();
        var sut = CreateSut();

        var first = await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        Assert.IsType<SendResult.Transient>(first);
        Assert.Equal(new SendResult.Delivered(AcsEmailSender.OperationIdFor("m-1").ToString()), retry);
        Assert.Single(_server.Deliveries);
        Assert.Equal(1, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_EveryPost_CarriesRepeatabilityHeaders()
    {
        await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var post = Assert.Single(_server.Requests, r => r.Method == "POST");
        Assert.True(Guid.TryParse(post.RepeatabilityRequestId, out _));
        Assert.True(DateTimeOffset.TryParseExact(post.RepeatabilityFirstSent, "r", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var firstSent));
        Assert.InRange(DateTimeOffset.UtcNow - firstSent, TimeSpan.Zero, TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task SendAsync_FirstRequestStillInProgress_409IsTransientAndNothingIsSentTwice()
    {
        _server.HoldNextSend();
        var sut = CreateSut();

        var first = await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var whileRunning = await sut.SendAsync(Retry, "m-1", CancellationToken.None);
        _server.ReleaseHeldSend();
        var afterwards = await sut.SendAsync(Retry with { PriorAttempts = 2 }, "m-1", CancellationToken.None);

        Assert.IsType<SendResult.Transient>(first);
        var transient = Assert.IsType<SendResult.Transient>(whileRunning);
        Assert.Contains("409", transient.Error);
        Assert.Contains(_server.Requests, r => r is { Method: "POST", Status: 409 });
        Assert.IsType<SendResult.Delivered>(afterwards);
        Assert.Single(_server.Deliveries);
        Assert.Equal(2, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_FirstSentOutsideTheWindow_412PollsAndFindsTheEarlierEmail()
    {
        // The first attempt got through but was never recorded (its instance stopped); the service's clock has
        // moved past the repeatability window of any request this attempt makes.
        _server.LoseNextAnswer();
        await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);
        _server.Clock = new ShiftedClock(TimeSpan.FromMinutes(10));

        var result = await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        Assert.Equal(new SendResult.Delivered(AcsEmailSender.OperationIdFor("m-1").ToString()), result);
        Assert.Contains(_server.Requests, r => r is { Method: "POST", Status: 412 });
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_LongAfterQueuing_PollsFirstAsForARetry()
    {
        _server.LoseNextAnswer();
        await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var result = await CreateSut().SendAsync(Message with { QueuedAt = DateTimeOffset.UtcNow.AddMinutes(-30) }, "m-1", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        Assert.Equal(1, _server.PostCount);
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_RetryOfAnUnknownOperation_PostsOnce()
    {
        _server.ScriptSend(new AcsScriptedResponse(503, """{"error":{"code":"ServiceUnavailable","message":"Busy."}}"""));
        var sut = CreateSut();

        await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(retry);
        Assert.Single(_server.Deliveries);
        Assert.Equal(
            ["POST 503", "GET 404", "POST 202"],
            _server.Requests.Take(3).Select(r => $"{r.Method} {r.Status}"));
    }

    [Fact]
    public async Task SendAsync_PollThrottled_TransientWithRetryAfterAndTheRetryDoesNotPostAgain()
    {
        _server.ScriptPoll(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", RetryAfterSeconds: 60));

        var first = await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);
        // The outbox retries after the retry-after (here: another instance, whose polls were not throttled).
        var retry = await CreateSut().SendAsync(Retry, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(first);
        Assert.Equal(TimeSpan.FromSeconds(60), transient.RetryAfter);
        Assert.IsType<SendResult.Delivered>(retry);
        Assert.Equal(1, _server.PostCount);
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_PollThrottled_LaterPollsOfThisSenderWaitForTheRetryAfter()
    {
        _server.ScriptPoll(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", RetryAfterSeconds: 60));
        var sut = CreateSut();

        await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var pollsBefore = _server.Requests.Count(r => r.Method == "GET");
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(retry);
        Assert.InRange(transient.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
        Assert.Equal(pollsBefore, _server.Requests.Count(r => r.Method == "GET"));
        Assert.Equal(1, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_RetryPollThrottled_TransientWithoutPosting()
    {
        _server.ScriptPoll(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", RetryAfterSeconds: 30));

        var result = await CreateSut().SendAsync(Retry, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(result);
        Assert.Equal(TimeSpan.FromSeconds(30), transient.RetryAfter);
        Assert.Equal(0, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_DifferentMessages_DeliversEach()
    {
        var sut = CreateSut();

        await sut.SendAsync(Message, "m-1", CancellationToken.None);
        await sut.SendAsync(Message, "m-2", CancellationToken.None);

        Assert.Equal(2, _server.Deliveries.Select(d => d.OperationId).Distinct().Count());
    }

    [Fact]
    public async Task SendAsync_StillRunningAtPollTimeout_TransientAndTheRetryFindsTheOperation()
    {
        _server.RunningPolls = int.MaxValue;
        var sut = CreateSut(acs => acs.PollTimeout = TimeSpan.FromMilliseconds(500));

        var first = await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var pollsBeforeRetry = _server.Requests.Count(r => r.Method == "GET");
        _server.RunningPolls = 0;
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(first);
        Assert.Contains("still Running", transient.Error);
        Assert.True(pollsBeforeRetry >= 1, "the first attempt polled the operation before giving up");
        Assert.Equal(new SendResult.Delivered(AcsEmailSender.OperationIdFor("m-1").ToString()), retry);
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_PollFailsAfterAcceptance_TransientAndTheRetryDeliversNothingNew()
    {
        _server.ScriptPoll(new AcsScriptedResponse(503, """{"error":{"code":"ServiceUnavailable","message":"Busy."}}""", RetryAfterSeconds: 3));
        var sut = CreateSut();

        var first = await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        var transient = Assert.IsType<SendResult.Transient>(first);
        Assert.Contains("503 ServiceUnavailable: Busy.", transient.Error);
        Assert.Equal(TimeSpan.FromSeconds(3), transient.RetryAfter);
        Assert.IsType<SendResult.Delivered>(retry);
        Assert.Single(_server.Deliveries);
        Assert.Equal(1, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_ServiceUnreachable_Transient()
    {
        var closed = $"http://127.0.0.1:{FreePort.Pick()}/";

        var result = await CreateSut(acs => acs.ConnectionString = $"endpoint={closed};accesskey={_server.AccessKey}")
            .SendAsync(Message, "m-1", CancellationToken.None);

        Assert.IsType<SendResult.Transient>(result);
    }

    [Fact]
    public async Task SendAsync_UnsupportedApiVersion_PermanentWithTheServiceMessage()
    {
        var result = await CreateSut(acs => acs.ApiVersion = "2021-10-01-preview").SendAsync(Message, "m-1", CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(result);
        Assert.Contains("InvalidApiVersion", permanent.Error);
        Assert.Empty(_server.Deliveries);
    }

    [Fact]
    public void OperationIdFor_SameMessageId_SameVersion8Uuid()
    {
        var id = AcsEmailSender.OperationIdFor("duty:2026-W49:email:sato");

        Assert.Equal(id, AcsEmailSender.OperationIdFor("duty:2026-W49:email:sato"));
        Assert.NotEqual(id, AcsEmailSender.OperationIdFor("duty:2026-W49:email:suzuki"));
        Assert.Equal('8', id.ToString()[14]);
        Assert.Contains(id.ToString()[19], "89ab");
    }

    private AcsEmailSender CreateSut(Action<AcsSettings>? configure = null)
    {
        var options = new EmailOptions
        {
            Provider = EmailProvider.Acs,
            From = From,
            Acs = new AcsSettings
            {
                ConnectionString = _server.ConnectionString,
                PollInterval = TimeSpan.FromMilliseconds(100),
                PollTimeout = TimeSpan.FromSeconds(10),
                MaxPollsPerMinute = 6000,
            },
        };
        configure?.Invoke(options.Acs);
        return new AcsEmailSender(Options.Create(options), TimeProvider.System, NullLogger<AcsEmailSender>.Instance);
    }

    /// <summary>The service's clock, ahead of the real one.</summary>
    private sealed class ShiftedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
