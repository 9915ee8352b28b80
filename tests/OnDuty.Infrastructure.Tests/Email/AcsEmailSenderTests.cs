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
    public async Task SendAsync_Accepted_SentUnderItsOperationIdWithoutWaitingForItsStatus()
    {
        var result = await CreateSut().SendAsync(Message, "duty:2026-W49:email:sato", CancellationToken.None);

        var operationId = AcsEmailSender.OperationIdFor("duty:2026-W49:email:sato").ToString();
        Assert.Equal(new SendResult.Accepted(operationId), result);
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
            [("POST", $"/emails:send?api-version={LoopbackAcsServer.ApiVersion}", 202)],
            _server.Requests.Select(r => (r.Method, r.Target, r.Status)));
    }

    [Fact]
    public async Task SendAsync_MailOfASeries_RepliesToTheSeriesMessageAsSmtpNamesIt_AMailOfItsOwnDoesNot()
    {
        var sut = CreateSut();

        await sut.SendAsync(Message with { Thread = "incident:INC-2027-0007:notices" }, "incident:INC-2027-0007:notice:2:email:ja:0", CancellationToken.None);
        await sut.SendAsync(Message, "duty:2026-W49:email:sato", CancellationToken.None);

        var root = $"<{SmtpEmailSender.StableMessageId("incident:INC-2027-0007:notices", From)}>";
        Assert.Equal(2, _server.Deliveries.Count);
        Assert.Equal(root, _server.Deliveries[0].Headers["In-Reply-To"]);
        Assert.Equal(root, _server.Deliveries[0].Headers["References"]);
        Assert.Equal(["X-OnDuty-Message"], _server.Deliveries[1].Headers.Keys);
    }

    [Fact]
    public async Task ConfirmAsync_RunningThenSucceeded_NotYetAnsweredThenConfirmed()
    {
        var sut = CreateSut();
        var accepted = Assert.IsType<SendResult.Accepted>(await sut.SendAsync(Message, "m-1", CancellationToken.None));

        var first = await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);
        var second = await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);

        var running = Assert.IsType<DeliveryConfirmation.NotYet>(first);
        Assert.True(running.Answered);
        Assert.Contains("Running", running.Reason);
        Assert.IsType<DeliveryConfirmation.Confirmed>(second);
        Assert.Equal(
            [
                ("POST", $"/emails:send?api-version={LoopbackAcsServer.ApiVersion}", 202),
                ("GET", $"/emails/operations/{accepted.ProviderId}?api-version={LoopbackAcsServer.ApiVersion}", 200),
                ("GET", $"/emails/operations/{accepted.ProviderId}?api-version={LoopbackAcsServer.ApiVersion}", 200),
            ],
            _server.Requests.Select(r => (r.Method, r.Target, r.Status)));
    }

    [Fact]
    public async Task SendAsync_ManyMessagesWithStatusPollsPacedToTwoAMinute_EveryOneSentWithoutWaiting()
    {
        // The fan-out stall: each send used to wait for a paced status poll, so a batch went out at the poll rate.
        var sut = CreateSut(acs => acs.MaxPollsPerMinute = 2);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => sut.SendAsync(Message, $"m-{i}", CancellationToken.None)));

        Assert.All(results, r => Assert.IsType<SendResult.Accepted>(r));
        Assert.Equal(20, _server.PostCount);
        Assert.DoesNotContain(_server.Requests, r => r.Method == "GET");
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatch_FiftyReadersInBccAndNobodyInTo()
    {
        var readers = Enumerable.Range(0, 50).Select(i => $"reader{i:00}@example.com").ToList();

        var result = await CreateSut().SendAsync(Message with { To = "", ToName = null, Bcc = readers }, "incident:INC-2026-0001:notice:1:email:ja:0", CancellationToken.None);

        AssertSent(result, "incident:INC-2026-0001:notice:1:email:ja:0");
        var delivery = Assert.Single(_server.Deliveries);
        Assert.Empty(delivery.To);
        Assert.Equal(readers, delivery.Bcc.Select(r => r.Address));
        Assert.Contains("\"to\":[]", _server.SendPosts.Single());
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatchOver50_PermanentAndNothingPosted()
    {
        var readers = Enumerable.Range(0, 51).Select(i => $"reader{i:00}@example.com").ToList();

        var result = await CreateSut().SendAsync(Message with { To = "", ToName = null, Bcc = readers }, "too-many", CancellationToken.None);

        Assert.IsType<SendResult.Permanent>(result);
        Assert.Equal(0, _server.PostCount);
    }

    [Fact]
    public async Task SendAsync_NoHtmlNoDisplayName_SendsPlainTextOnly()
    {
        var result = await CreateSut().SendAsync(Message with { ToName = null, HtmlBody = null }, "m-plain", CancellationToken.None);

        AssertSent(result, "m-plain");
        var delivery = Assert.Single(_server.Deliveries);
        Assert.Equal([new AcsRecipient("sato@example.com", null)], delivery.To);
        Assert.Equal(Message.TextBody, delivery.PlainText);
        Assert.Null(delivery.Html);
    }

    [Fact]
    public async Task SendAsync_WrongAccessKey_RetriedAsASenderRefusalNamingTheConnectionString()
    {
        var wrongKey = Convert.ToBase64String(new byte[64]);

        var result = await CreateSut(acs => acs.ConnectionString = $"endpoint={_server.Endpoint};accesskey={wrongKey}")
            .SendAsync(Message, "m-1", CancellationToken.None);

        // OnDuty's key, not the recipient: every email would fail alike, so it is retried (the pages go out once it is fixed).
        var refused = Assert.IsType<SendResult.Transient>(result);
        Assert.True(refused.SenderRefused);
        Assert.StartsWith(SenderRefusal.Prefix + "ACS refused the send of operation ", refused.Error, StringComparison.Ordinal);
        Assert.Contains(" (401 ", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Denied", refused.Error);
        Assert.EndsWith("check the access key in Email__Acs__ConnectionString.", refused.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(wrongKey, refused.Error);
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
        // The warning the outbox logs with it names the Operation-Id (trial day 32a, L2): support matches it to ACS's logs.
        Assert.StartsWith($"ACS send of operation {AcsEmailSender.OperationIdFor("m-1")} answered 500", transient.Error, StringComparison.Ordinal);
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
    public async Task ConfirmAsync_OperationFailedAfterAcceptance_FailedWithTheOperationError()
    {
        _server.RunningPolls = 0;
        _server.FailNextOperation("EmailDroppedAllRecipientsSuppressed", "Message was dropped because all recipients were suppressed.");
        var sut = CreateSut();

        var accepted = Assert.IsType<SendResult.Accepted>(await sut.SendAsync(Message, "m-1", CancellationToken.None));
        var result = await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);

        var failed = Assert.IsType<DeliveryConfirmation.Failed>(result);
        Assert.Contains("Failed", failed.Error);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed: Message was dropped because all recipients were suppressed.", failed.Error);
    }

    [Fact]
    public async Task SendAsync_RetryOfAnOperationThatFailed_PermanentWithTheOperationErrorAndNothingPostedAgain()
    {
        _server.RunningPolls = 0;
        _server.FailNextOperation("EmailDroppedAllRecipientsSuppressed", "Message was dropped because all recipients were suppressed.");
        var sut = CreateSut();

        await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        var permanent = Assert.IsType<SendResult.Permanent>(retry);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", permanent.Error);
        Assert.Equal(1, _server.PostCount);
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
        AssertSent(retry, "m-1");
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
        AssertSent(afterwards, "m-1");
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

        AssertSent(result, "m-1");
        Assert.Contains(_server.Requests, r => r is { Method: "POST", Status: 412 });
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task SendAsync_LongAfterQueuing_PollsFirstAsForARetry()
    {
        _server.LoseNextAnswer();
        await CreateSut().SendAsync(Message, "m-1", CancellationToken.None);

        var result = await CreateSut().SendAsync(Message with { QueuedAt = DateTimeOffset.UtcNow.AddMinutes(-30) }, "m-1", CancellationToken.None);

        AssertSent(result, "m-1");
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

        AssertSent(retry, "m-1");
        Assert.Single(_server.Deliveries);
        Assert.Equal(
            ["POST 503", "GET 404", "POST 202"],
            _server.Requests.Take(3).Select(r => $"{r.Method} {r.Status}"));
    }

    [Fact]
    public async Task ConfirmAsync_PollThrottled_NotYetUnansweredWithTheRetryAfterAndNothingPostedAgain()
    {
        _server.ScriptPoll(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", RetryAfterSeconds: 60));
        var sut = CreateSut();
        var accepted = Assert.IsType<SendResult.Accepted>(await sut.SendAsync(Message, "m-1", CancellationToken.None));

        var first = await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);
        // Another instance, whose polls were not throttled, asks later.
        var later = await CreateSut().ConfirmAsync(accepted.ProviderId, CancellationToken.None);

        var throttled = Assert.IsType<DeliveryConfirmation.NotYet>(first);
        Assert.False(throttled.Answered);
        Assert.Equal(TimeSpan.FromSeconds(60), throttled.RetryAfter);
        Assert.IsNotType<DeliveryConfirmation.Failed>(later);
        Assert.Equal(1, _server.PostCount);
        Assert.Single(_server.Deliveries);
    }

    [Fact]
    public async Task ConfirmAsync_PollThrottled_LaterPollsOfThisSenderWaitForTheRetryAfter()
    {
        _server.ScriptPoll(new AcsScriptedResponse(429, """{"error":{"code":"TooManyRequests","message":"Rate limit exceeded."}}""", RetryAfterSeconds: 60));
        var sut = CreateSut();
        var accepted = Assert.IsType<SendResult.Accepted>(await sut.SendAsync(Message, "m-1", CancellationToken.None));

        await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);
        var pollsBefore = _server.Requests.Count(r => r.Method == "GET");
        var again = await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        var notYet = Assert.IsType<DeliveryConfirmation.NotYet>(again);
        Assert.False(notYet.Answered);
        Assert.InRange(notYet.RetryAfter!.Value, TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(60));
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
    public async Task SendAsync_RetryWhileTheOperationStillRuns_AcceptedAndNothingPostedAgain()
    {
        _server.RunningPolls = int.MaxValue;
        var sut = CreateSut();

        var first = await sut.SendAsync(Message, "m-1", CancellationToken.None);
        var retry = await sut.SendAsync(Retry, "m-1", CancellationToken.None);

        var operationId = AcsEmailSender.OperationIdFor("m-1").ToString();
        Assert.Equal(new SendResult.Accepted(operationId), first);
        Assert.Equal(new SendResult.Accepted(operationId), retry);
        Assert.Single(_server.Deliveries);
        Assert.Equal(1, _server.PostCount);
    }

    [Fact]
    public async Task ConfirmAsync_PollFails_NotYetUnansweredWithTheRetryAfter()
    {
        _server.ScriptPoll(new AcsScriptedResponse(503, """{"error":{"code":"ServiceUnavailable","message":"Busy."}}""", RetryAfterSeconds: 3));
        var sut = CreateSut();
        var accepted = Assert.IsType<SendResult.Accepted>(await sut.SendAsync(Message, "m-1", CancellationToken.None));

        var result = await sut.ConfirmAsync(accepted.ProviderId, CancellationToken.None);

        var notYet = Assert.IsType<DeliveryConfirmation.NotYet>(result);
        Assert.False(notYet.Answered);
        Assert.Contains("503 ServiceUnavailable: Busy.", notYet.Reason);
        Assert.Equal(TimeSpan.FromSeconds(3), notYet.RetryAfter);
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

    /// <summary>Sent as far as the outbox is concerned: done, or accepted with its status asked for later — under the message's operation id.</summary>
    private static void AssertSent(SendResult result, string messageId)
    {
        var operationId = AcsEmailSender.OperationIdFor(messageId).ToString();
        Assert.True(result is SendResult.Delivered(var d) && d == operationId || result is SendResult.Accepted(var a) && a == operationId, $"expected sent under {operationId}, got {result}");
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
