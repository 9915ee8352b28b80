using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Notifications;

public sealed class OutboxDispatcherTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryOutbox _store = new();
    private readonly InMemoryOutboxQueue _queue;
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();

    public OutboxDispatcherTests()
    {
        _queue = new InMemoryOutboxQueue(_time);
    }

    private static OutboxOptions Options(int maxAttempts = 3) => new()
    {
        MaxAttempts = maxAttempts,
        BaseDelay = TimeSpan.FromSeconds(30),
        MaxDelay = TimeSpan.FromMinutes(10),
        LeaseDuration = TimeSpan.FromMinutes(1),
        SweepAfter = TimeSpan.FromMinutes(1),
        PageGiveUpAfter = TimeSpan.FromHours(1),
        PageMaxDelay = TimeSpan.FromMinutes(2),
    };

    private OutboxDispatcher CreateSut(int maxAttempts = 3, IOutboxStore? store = null, IEmailSender? email = null, IOutboxSubject? subject = null,
        ILogger<OutboxDispatcher>? logger = null, OnDuty.Core.Health.DependencyWarnings? warnings = null, ISmsSender? sms = null) => new(
        store ?? _store, _queue, subject is null ? [] : [subject], email ?? _email, _teams, _time,
        Microsoft.Extensions.Options.Options.Create(Options(maxAttempts)),
        logger ?? NullLogger<OutboxDispatcher>.Instance, smsSender: sms, warnings: warnings);

    private static OutboxMessage Email(string id, string to = "a@example.com", OutboxPriority priority = OutboxPriority.Normal) =>
        new() { Id = id, Channel = Channel.Email, Recipient = to, Subject = "s", TextBody = "t", Priority = priority };

    /// <summary>What the queue trigger does: every signal waiting (delays are honoured by moving the clock first).</summary>
    private Task DrainAsync(OutboxDispatcher sut) => _queue.DrainAsync(id => sut.SendAsync(id, default));

    /// <summary>
    /// A page failing for its own reason (one mailbox full) while the provider delivers everything else: the first message
    /// through after its failure sends it again at once (the provider might have been down), but failing again there does not
    /// arm the next catch-up — it is not re-sent on every other message's success (session 37's clean run: an outbox that never
    /// settled), it waits out its own backoff and is retried then.
    /// </summary>
    [Fact]
    public async Task PageFailingForItsOwnReason_OtherMailGoesThrough_RetriedOnceThenAtItsBackoff_NotOnEverySuccess()
    {
        var sut = CreateSut();
        _email.FullMailbox = "full@example.com";
        await sut.EnqueueAsync([Email("page", "full@example.com", OutboxPriority.Page)], default);
        await DrainAsync(sut);
        Assert.Equal(1, (await _store.GetAsync("page", default))!.Attempts);

        for (var i = 0; i < 5; i++)
        {
            await sut.EnqueueAsync([Email($"other{i}", "b@example.com")], default);
            await DrainAsync(sut);
        }

        Assert.Equal(5, _email.Sent.Count);
        var page = (await _store.GetAsync("page", default))!;
        Assert.Equal(OutboxStatus.Pending, page.Status);
        Assert.Equal(2, page.Attempts);
        Assert.True(page.NextAttemptAt > _time.GetUtcNow());

        _email.FullMailbox = null;
        _time.Advance(Options(3).PageMaxDelay);
        await sut.RetryDueAsync(default);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("page", default))!.Status);
        Assert.Equal(3, (await _store.GetAsync("page", default))!.Attempts);
        Assert.Contains(_email.Sent, s => s.Id == "page");
    }

    /// <summary>
    /// A relay open only for the company's own domain refuses the page to an outside address as the sender's fault while the
    /// team's own mail goes through: the health warning stays and the error is logged once, not cleared and logged again on
    /// every message in turn. It is over when the refused page itself goes through, or after ten minutes without a refusal.
    /// </summary>
    [Fact]
    public async Task RelayRefusingOnlyOutsideRecipients_WarningStaysAndIsLoggedOnce_OverWhenTheRefusedOneGoesThrough()
    {
        var log = new CountingLogger();
        var warnings = new OnDuty.Core.Health.DependencyWarnings();
        var sut = CreateSut(logger: log, warnings: warnings);
        _email.RelaysOnlyTo = "example.co.jp";

        await sut.EnqueueAsync([Email("page", "duty@partner.example", OutboxPriority.Page)], default);
        await DrainAsync(sut);
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await sut.EnqueueAsync([Email($"own{i}", "sato@example.co.jp")], default);
            await DrainAsync(sut);
            await sut.RetryDueAsync(default);
            Assert.Equal(OutboxDispatcher.SenderWarning, Assert.Single(warnings.Current).Key);
        }

        Assert.Equal(4, _email.Sent.Count);
        Assert.True((await _store.GetAsync("page", default))!.Attempts >= 3);
        Assert.Equal(1, log.Count(LogLevel.Error, "refuses the sender"));
        Assert.Equal(0, log.Count(LogLevel.Information, "accepts the sender again"));

        _email.RelaysOnlyTo = null;
        _time.Advance(Options().PageMaxDelay);
        await sut.RetryDueAsync(default);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("page", default))!.Status);
        Assert.Empty(warnings.Current);
        Assert.Equal(1, log.Count(LogLevel.Information, "accepts the sender again"));

        // Refused again for a normal mail, given up after its attempts: the team's own mail within ten minutes of the last
        // refusal keeps the warning, the first after ten quiet minutes clears it.
        _email.RelaysOnlyTo = "example.co.jp";
        await sut.EnqueueAsync([Email("weekly", "all@partner.example")], default);
        await DrainAsync(sut);
        for (var i = 0; i < 2; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(2));
            await sut.RetryDueAsync(default);
        }

        Assert.Equal(OutboxStatus.Failed, (await _store.GetAsync("weekly", default))!.Status);
        Assert.Single(warnings.Current);
        Assert.Equal(2, log.Count(LogLevel.Error, "refuses the sender"));
        _time.Advance(TimeSpan.FromMinutes(9));
        await sut.EnqueueAsync([Email("own-late", "sato@example.co.jp")], default);
        await DrainAsync(sut);
        Assert.Single(warnings.Current);
        _time.Advance(TimeSpan.FromMinutes(1));
        await sut.EnqueueAsync([Email("own-later", "sato@example.co.jp")], default);
        await DrainAsync(sut);
        Assert.Empty(warnings.Current);
        Assert.Equal(2, log.Count(LogLevel.Information, "accepts the sender again"));
    }

    /// <summary>
    /// The SMS provider refusing OnDuty's number refuses every text alike: the page text is kept and retried, not given up; health
    /// names it as the SMS sender's (not the email sender's) at once, with the setting; the error is logged once, and mail going
    /// through meanwhile neither clears the warning nor says the SMS sender is accepted again. After five minutes the late-pages
    /// line says it is the SMS provider. Once it is fixed the text goes out once and the warning goes.
    /// </summary>
    [Fact]
    public async Task SmsSenderRefused_TextKeptAndRetried_WarnedAsTheSmsSender_MailDoesNotClearIt_SentOnceWhenFixed()
    {
        var log = new CountingLogger();
        var warnings = new OnDuty.Core.Health.DependencyWarnings();
        var sms = new RecordingSmsSender();
        var refused = SenderRefusal.OfPhone("ACS refused the SMS send (401 Unauthorized): check the access key in Sms__ConnectionString, and that Sms__From ('+18005550100') is a number (or sender ID) of that ACS resource.");
        sms.Script(refused, refused, refused, refused);
        var sut = CreateSut(logger: log, warnings: warnings, sms: sms);
        var text = new OutboxMessage { Id = "page:sms", Channel = Channel.Sms, Recipient = "+819012345678", TextBody = "【SEV1 障害】INC-1 決済", Priority = OutboxPriority.Page };

        await sut.EnqueueAsync([text, Email("page:email", "sato@example.com", OutboxPriority.Page)], default);
        await DrainAsync(sut);
        for (var i = 0; i < 3; i++)
        {
            _time.Advance(Options().PageMaxDelay);
            await DrainAsync(sut);
            await sut.EnqueueAsync([Email($"mail{i}", "ito@example.com")], default);
            await DrainAsync(sut);
            var warning = Assert.Single(warnings.Current);
            Assert.Equal("sms-sender", warning.Key);
            Assert.StartsWith(refused.Error + "; pages (outbox channel sms) are retried until Outbox__PageGiveUpAfter", warning.Value, StringComparison.Ordinal);
        }

        var waiting = (await _store.GetAsync("page:sms", default))!;
        Assert.Equal((OutboxStatus.Pending, 4, refused.Error), (waiting.Status, waiting.Attempts, waiting.LastError));
        Assert.Empty(sms.Sent);
        Assert.Equal(4, _email.Sent.Count);
        Assert.Equal(1, log.Count(LogLevel.Error, "The SMS provider refuses the sender, not the recipients"));
        Assert.Equal(0, log.Count(LogLevel.Error, "email provider"));
        Assert.Equal(0, log.Count(LogLevel.Information, "accepts the sender again"));
        var late = await new LatePagesCheck(_store, _time).CheckAsync(default);
        Assert.StartsWith("configuration: the SMS provider refuses the sender (ACS refused the SMS send (401 Unauthorized): check the access key in Sms__ConnectionString, ", late, StringComparison.Ordinal);
        Assert.DoesNotContain("email provider", late, StringComparison.Ordinal);

        // Fixed (the script is spent): the next retry texts once, and the refusal is over.
        _time.Advance(Options().PageMaxDelay);
        await DrainAsync(sut);
        await sut.RetryDueAsync(default);
        Assert.Equal("page:sms", Assert.Single(sms.Sent).Id);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("page:sms", default))!.Status);
        Assert.Empty(warnings.Current);
        Assert.Equal(1, log.Count(LogLevel.Information, "The SMS provider accepts the sender again"));
        Assert.Null(await new LatePagesCheck(_store, _time).CheckAsync(default));

        // The log says which message, its channel and the recipient masked: never the number or the address itself.
        Assert.Equal(1, log.Count(LogLevel.Information, "Sent Sms message page:sms to +81******5678 (attempt 5)"));
        Assert.Equal(1, log.Count(LogLevel.Information, "Sent Email message page:email to s***@example.com (attempt 1)"));
        Assert.Equal(0, log.Mentions("+819012345678"));
        Assert.Equal(0, log.Mentions("sato@"));
    }

    private sealed class CountingLogger : ILogger<OutboxDispatcher>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(LogLevel Level, string Text)> _lines = new();

        public int Count(LogLevel level, string saying) => _lines.Count(l => l.Level == level && l.Text.Contains(saying, StringComparison.Ordinal));

        public int Mentions(string saying) => _lines.Count(l => l.Text.Contains(saying, StringComparison.Ordinal));

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue((logLevel, formatter(state, exception)));
    }

    [Fact]
    public async Task SendAsync_BlindCopiedBatchWithAReaderErasedSinceQueuing_TheOthersGetItTheErasedOneNot()
    {
        var sut = CreateSut();

        await sut.EnqueueAsync([Email("batch", "stakeholders") with { Bcc = ["a@example.com", "emma", "b@example.com"] }, Email("erased", "stakeholders") with { Bcc = ["emma"] }], default);
        await DrainAsync(sut);

        var sent = Assert.Single(_email.Sent);
        Assert.Equal("", sent.Message.To);
        Assert.Equal(["a@example.com", "b@example.com"], sent.Message.Bcc);
        Assert.Equal(OutboxStatus.Failed, (await _store.GetAsync("erased", default))!.Status);
    }

    [Fact]
    public async Task EnqueueAsync_RecordsAndSignals_WithoutSendingOnTheCallersPath()
    {
        var sut = CreateSut();

        await sut.EnqueueAsync([Email("weekly"), Email("page", "b@example.com", OutboxPriority.Page)], default);

        Assert.Empty(_email.Sent);
        Assert.Equal(0, _email.Attempts);
        Assert.All(_store.All, m => Assert.Equal(OutboxStatus.Pending, m.Status));
        Assert.Equal(
            [("page", OutboxPriority.Page), ("weekly", OutboxPriority.Normal)],
            _queue.Signals.Select(s => (s.Id, s.Priority)).OrderBy(s => s.Id, StringComparer.Ordinal));
        Assert.All(_queue.Signals, s => Assert.Equal(TimeSpan.Zero, s.Delay));
    }

    /// <summary>A page step's email and card cost one queue message, not one each; other mail goes on its own queue.</summary>
    [Fact]
    public async Task EnqueueAsync_SeveralMessages_OneQueueMessagePerPriority()
    {
        var sut = CreateSut();

        await sut.EnqueueAsync([Email("page-a", "a@example.com", OutboxPriority.Page), Email("weekly"), Email("page-b", "b@example.com", OutboxPriority.Page)], default);

        Assert.Equal([["page-a", "page-b"], ["weekly"]], _queue.QueueMessages.Select(m => m.ToArray()).OrderBy(m => m[0], StringComparer.Ordinal));
    }

    [Fact]
    public async Task EnqueueAsync_MoreMessagesThanOneQueueMessageNames_SplitAcrossQueueMessagesNoneLost()
    {
        var sut = CreateSut();
        var messages = Enumerable.Range(0, OutboxSignal.MaxIds * 2 + 1).Select(i => Email($"notice-{i:D3}", $"r{i}@example.com")).ToList();

        await sut.EnqueueAsync(messages, default);

        Assert.Equal([OutboxSignal.MaxIds, OutboxSignal.MaxIds, 1], _queue.QueueMessages.Select(m => m.Count));
        Assert.Equal(messages.Select(m => m.Id), _queue.QueueMessages.SelectMany(m => m));
    }

    /// <summary>
    /// One queue message naming several ids: each is sent; one that cannot even be attempted (its check throws) does not stop
    /// the others, and the error reaches the queue trigger, so the queue delivers the message again.
    /// </summary>
    [Fact]
    public async Task SendQueuedAsync_OneOfSeveralIdsThrows_OthersSentAndTheErrorRethrown()
    {
        var sut = CreateSut(subject: new ThrowingSubject("page-b"));
        _queue.Consumer = null;
        await sut.EnqueueAsync([Email("page-a", "a@example.com", OutboxPriority.Page), Email("page-b", "b@example.com", OutboxPriority.Page), Email("page-c", "c@example.com", OutboxPriority.Page)], default);
        var queueMessage = OutboxSignal.Format(Assert.Single(_queue.QueueMessages));

        await Assert.ThrowsAsync<TimeoutException>(() => sut.SendQueuedAsync(queueMessage, default));

        Assert.Equal(["a@example.com", "c@example.com"], _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.Equal(OutboxStatus.Pending, (await _store.GetAsync("page-b", default))!.Status);
    }

    [Fact]
    public async Task SendQueuedAsync_QueueMessageOfOneIdAsWrittenBeforeIdsWereGrouped_SendsIt()
    {
        var sut = CreateSut();
        _queue.Consumer = null;
        await sut.EnqueueAsync([Email("weekly")], default);

        await sut.SendQueuedAsync("weekly", default);

        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("weekly", default))!.Status);
    }

    /// <summary>
    /// A page step's messages named by one queue message are leased in one call, recorded sent in one call once every send
    /// ended, and their subject hears of them in one call (one timeline write): each sent once, each recorded as alone.
    /// </summary>
    [Fact]
    public async Task SendQueuedAsync_PageStepOfThreeMessages_LeasedRecordedAndSettledTogether()
    {
        var store = new GroupRecordingOutbox(_store);
        var subject = new FixedSubject(null);
        var sut = CreateSut(store: store, subject: subject);
        _queue.Consumer = null;
        await sut.EnqueueAsync([Email("p1", "a@example.com", OutboxPriority.Page), Email("p2", "b@example.com", OutboxPriority.Page), Email("p3", "c@example.com", OutboxPriority.Page)], default);

        await sut.SendQueuedAsync(OutboxSignal.Format(Assert.Single(_queue.QueueMessages)), default);

        Assert.Equal(["a@example.com", "b@example.com", "c@example.com"], _email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.Equal(["p1", "p2", "p3"], Assert.Single(store.Leased).Order(StringComparer.Ordinal));
        var recorded = Assert.Single(store.RecordedSent);
        Assert.Equal(["p1", "p2", "p3"], recorded.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.All(recorded, d => Assert.Equal((T0, (string?)null), (d.SentAt, d.ProviderId)));
        Assert.Equal(["p1", "p2", "p3"], Assert.Single(subject.SettledTogether).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(_store.All, m => Assert.Equal((OutboxStatus.Sent, 1), (m.Status, m.Attempts)));

        await sut.SendQueuedAsync(OutboxSignal.Format(["p1", "p2", "p3"]), default); // delivered again by the queue: nothing sent twice
        Assert.Equal(3, _email.Sent.Count);
    }

    /// <summary>One message of a group refused for good is recorded failed on its own; the others are recorded sent together.</summary>
    [Fact]
    public async Task SendQueuedAsync_OneOfAGroupRefusedForGood_ItFailsOnItsOwnTheOthersAreSentTogether()
    {
        var store = new GroupRecordingOutbox(_store);
        var subject = new FixedSubject(null);
        var sut = CreateSut(store: store, subject: subject, email: new RefusingEmailSender("b@example.com"));
        _queue.Consumer = null;
        await sut.EnqueueAsync([Email("p1", "a@example.com", OutboxPriority.Page), Email("p2", "b@example.com", OutboxPriority.Page), Email("p3", "c@example.com", OutboxPriority.Page)], default);

        await sut.SendQueuedAsync(OutboxSignal.Format(Assert.Single(_queue.QueueMessages)), default);

        Assert.Equal(["p1", "p3"], Assert.Single(store.RecordedSent).Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Equal((OutboxStatus.Failed, "550 mailbox unavailable"), ((await _store.GetAsync("p2", default))!.Status, (await _store.GetAsync("p2", default))!.LastError));
        Assert.Equal(["p1", "p3"], Assert.Single(subject.SettledTogether).Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal([("p1", null), ("p2", "550 mailbox unavailable"), ("p3", null)], subject.Settled.OrderBy(x => x.Id, StringComparer.Ordinal));
    }

    /// <summary>
    /// A message delivered while another of its group is still being sent waits to be recorded with it, keeping its lease
    /// meanwhile (no other instance takes it and sends it again), for <see cref="OutboxDispatcher.GroupWait"/> at most: then it
    /// is recorded on its own, however long the peer's provider takes.
    /// </summary>
    [Fact]
    public async Task SendQueuedAsync_DeliveredWhileAPeerIsStillSending_WaitsForItHoldingItsLeaseThenIsRecordedAlone()
    {
        var email = new StallOneEmailSender("b@example.com");
        var subject = new FixedSubject(null);
        var sut = CreateSut(email: email, subject: subject);
        _queue.Consumer = null;
        await sut.EnqueueAsync([Email("p1", "a@example.com", OutboxPriority.Page), Email("p2", "b@example.com", OutboxPriority.Page)], default);

        var sending = sut.SendQueuedAsync(OutboxSignal.Format(Assert.Single(_queue.QueueMessages)), default);
        await email.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually(() => email.Delivered.Contains("a@example.com"));
        _time.Advance(OutboxDispatcher.GroupWait - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);

        Assert.Equal(OutboxStatus.Pending, (await _store.GetAsync("p1", default))!.Status);
        Assert.Null(await _store.TryLeaseAsync("p1", _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(1), default)); // still held

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually(() => _store.All.Single(m => m.Id == "p1").Status == OutboxStatus.Sent);
        Assert.Equal((OutboxStatus.Pending, 0), (_store.All.Single(m => m.Id == "p2").Status, _store.All.Single(m => m.Id == "p2").Attempts));
        Assert.Equal([["p1"]], subject.SettledTogether.Select(s => s.Select(x => x.Id)));

        for (var i = 0; i < 6; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20)); // two minutes: the stalled one's lease of one minute renewed along the way
            await Task.Delay(20);
        }

        Assert.Null(await _store.TryLeaseAsync("p2", _time.GetUtcNow(), _time.GetUtcNow().AddMinutes(1), default));
        email.Release.TrySetResult();
        await sending.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(_store.All, m => Assert.Equal((OutboxStatus.Sent, 1), (m.Status, m.Attempts)));
        Assert.Equal(["a@example.com", "b@example.com"], email.Delivered.Order(StringComparer.Ordinal));
        Assert.Equal([["p1"], ["p2"]], subject.SettledTogether.Select(s => s.Select(x => x.Id)));
    }

    /// <summary>A queue message of the most ids it may name: sent a chunk at a time, each chunk recorded together, none waiting forever on another.</summary>
    [Fact]
    public async Task SendQueuedAsync_MostIdsAQueueMessageNames_AllSentOnceAChunkRecordedAtATime()
    {
        var store = new GroupRecordingOutbox(_store);
        var sut = CreateSut(store: store);
        _queue.Consumer = null;
        var ids = Enumerable.Range(1, OutboxSignal.MaxIds).Select(i => $"n{i:D2}").ToList();
        await sut.EnqueueAsync(ids.Select(id => Email(id, $"{id}@example.com")), default);

        await sut.SendQueuedAsync(OutboxSignal.Format(Assert.Single(_queue.QueueMessages)), default).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ids, _email.Sent.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.Equal([16, 16, 16], store.RecordedSent.Select(r => r.Count));
        Assert.Equal(ids, store.RecordedSent.SelectMany(r => r.Select(d => d.Id)).Order(StringComparer.Ordinal));
        Assert.All(_store.All, m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    /// <summary>Recording a group sent survives a storage blip with a few quick retries, each message recorded once.</summary>
    [Fact]
    public async Task SendQueuedAsync_RecordingTheGroupBlinks_RetriedAndEachRecordedSentOnce()
    {
        var store = new FlakyMarkSentOutbox(_store, failures: 2);
        var sut = CreateSut(store: store);
        _queue.Consumer = null;
        await sut.EnqueueAsync([Email("p1", "a@example.com", OutboxPriority.Page), Email("p2", "b@example.com", OutboxPriority.Page)], default);

        await sut.SendQueuedAsync(OutboxSignal.Format(Assert.Single(_queue.QueueMessages)), default);

        Assert.Equal(2, _email.Sent.Count);
        Assert.All(_store.All, m => Assert.Equal((OutboxStatus.Sent, 1), (m.Status, m.Attempts)));
        Assert.True(store.MarkSentCalls >= 4);
    }

    private sealed class ThrowingSubject(string id) : IOutboxSubject
    {
        public Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            message.Id == id ? throw new TimeoutException("the incident could not be read") : Task.FromResult<string?>(null);

        public Task SettledAsync(OutboxMessage message, string? error, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task SendAsync_SameIdQueuedTwiceAndDeliveredTwice_SendsOnce()
    {
        var sut = CreateSut();

        var first = await sut.EnqueueAsync([Email("m1")], default);
        var second = await sut.EnqueueAsync([Email("m1")], default);
        await sut.SendAsync("m1", default); // the queue may deliver a message twice
        await DrainAsync(sut);

        Assert.Equal(["m1"], first);
        Assert.Empty(second);
        Assert.Single(_email.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task EnqueueAsync_QueueServiceDown_StillRecordedAndTheSweeperSendsIt()
    {
        var sut = CreateSut();
        _queue.Failure = new InvalidOperationException("queue down");

        await sut.EnqueueAsync([Email("m1")], default);
        await sut.RetryDueAsync(default);
        Assert.Empty(_email.Sent); // the sweeper leaves a fresh message to its queue message for SweepAfter

        _time.Advance(TimeSpan.FromMinutes(1));
        await sut.RetryDueAsync(default);
        Assert.Single(_email.Sent);
    }

    [Fact]
    public async Task SendAsync_TransientFailureWithRetryAfter_SignalsARetryNoSoonerThanRetryAfter()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Transient("429 Too Many Requests", TimeSpan.FromMinutes(5)));
        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);

        var stored = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Pending, stored.Status);
        Assert.Equal(T0 + TimeSpan.FromMinutes(5), stored.NextAttemptAt);
        var retry = Assert.Single(_queue.Signals);
        Assert.Equal(TimeSpan.FromMinutes(5), retry.Delay);

        // A queue message arriving early (a duplicate) does nothing.
        _time.Advance(TimeSpan.FromMinutes(4));
        await sut.SendAsync("m1", default);
        Assert.Empty(_email.Sent);

        _time.Advance(TimeSpan.FromMinutes(1));
        await DrainAsync(sut);
        Assert.Single(_email.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task SendAsync_Retry_TellsTheSenderOfTheEarlierAttemptsAndWhenItWasQueued()
    {
        var sut = CreateSut();
        var queuedAt = _time.GetUtcNow();
        _email.Script(new SendResult.Transient("lost answer"));
        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);

        _time.Advance(TimeSpan.FromMinutes(5));
        await DrainAsync(sut);

        var (message, _) = Assert.Single(_email.Sent);
        Assert.Equal(1, message.PriorAttempts);
        Assert.Equal(queuedAt, message.QueuedAt);
    }

    [Fact]
    public async Task SendAsync_AlwaysTransient_GivesUpVisiblyAfterMaxAttempts()
    {
        var sut = CreateSut(maxAttempts: 3);
        _email.Script(new SendResult.Transient("down"), new SendResult.Transient("down"), new SendResult.Transient("still down"));
        await sut.EnqueueAsync([Email("m1")], default);
        for (var i = 0; i < 5; i++)
        {
            await DrainAsync(sut);
            _time.Advance(TimeSpan.FromMinutes(10));
        }

        var message = Assert.Single(await _store.ListAsync(OutboxStatus.Failed, 10, default));
        Assert.Equal(3, message.Attempts);
        Assert.Contains("still down", message.LastError);
        Assert.Equal(3, _email.Attempts);
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task SendAsync_PageAlwaysTransient_IsNotGivenUpByCountButByAge()
    {
        var sut = CreateSut(maxAttempts: 3);
        _email.Script(Enumerable.Repeat<SendResult>(new SendResult.Transient("503"), 100).ToArray());
        await sut.EnqueueAsync([Email("p1", priority: OutboxPriority.Page)], default);

        // Retried every two minutes at most (PageMaxDelay), well past MaxAttempts, for the hour of PageGiveUpAfter.
        while (_time.GetUtcNow() < T0 + TimeSpan.FromMinutes(58))
        {
            await DrainAsync(sut);
            _time.Advance(TimeSpan.FromMinutes(2));
        }

        var pending = (await _store.GetAsync("p1", default))!;
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.True(pending.Attempts > 20, $"{pending.Attempts} attempts");

        _time.Advance(TimeSpan.FromMinutes(4));
        await DrainAsync(sut);
        var failed = Assert.Single(await _store.ListAsync(OutboxStatus.Failed, 10, default));
        Assert.Contains("PageGiveUpAfter", failed.LastError);
    }

    [Fact]
    public async Task SendAsync_PermanentFailure_GivesUpAtOnce()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Permanent("550 mailbox unavailable"));
        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);

        _time.Advance(TimeSpan.FromHours(1));
        await sut.RetryDueAsync(default);

        Assert.Equal(1, _email.Attempts);
        Assert.Equal(OutboxStatus.Failed, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task SendAsync_TeamsMessage_PostsTheCard()
    {
        var sut = CreateSut();
        var card = new OutboxMessage { Id = "t1", Channel = Channel.Teams, Recipient = "teams", CardJson = "{\"type\":\"AdaptiveCard\"}" };

        await sut.EnqueueAsync([card], default);
        await DrainAsync(sut);

        Assert.Equal(["{\"type\":\"AdaptiveCard\"}"], _teams.Cards);
    }

    [Fact]
    public async Task SendAsync_NoLongerApplies_IsCancelledVisiblyAndNotSent()
    {
        var subject = new FixedSubject("incident INC-1 was acknowledged");
        var sut = CreateSut(subject: subject);
        await sut.EnqueueAsync([Email("m1", priority: OutboxPriority.Page)], default);

        await DrainAsync(sut);

        Assert.Equal(0, _email.Attempts);
        var cancelled = Assert.Single(await _store.ListAsync(OutboxStatus.Cancelled, 10, default));
        Assert.Equal("incident INC-1 was acknowledged", cancelled.LastError);
        Assert.Empty(subject.Settled);
    }

    [Fact]
    public async Task SendAsync_StillApplies_IsSentAndItsSubjectHearsWhoWasReached()
    {
        var subject = new FixedSubject(null);
        var sut = CreateSut(subject: subject);
        _email.Script(new SendResult.Permanent("550 no such user"));
        await sut.EnqueueAsync([Email("m1", "gone@example.com"), Email("m2", "b@example.com")], default);

        await DrainAsync(sut);

        Assert.Equal([("m1", "550 no such user"), ("m2", null)], subject.Settled.OrderBy(s => s.Id, StringComparer.Ordinal));
    }

    [Fact]
    public async Task SendAsync_ProviderAccepted_SentAtOnceAndItsStatusConfirmedByALaterSweep()
    {
        var subject = new FixedSubject(null);
        var sut = CreateSut(subject: subject);
        _email.Script(new SendResult.Accepted("op-1"));
        await sut.EnqueueAsync([Email("m1")], default);

        await DrainAsync(sut);
        var sentAt = _time.GetUtcNow();
        await sut.RetryDueAsync(default); // too early: nothing asked
        var askedEarly = _email.Asked.Count;
        _time.Advance(OutboxDispatcher.ConfirmAfter);
        await sut.RetryDueAsync(default);

        var message = await _store.GetAsync("m1", default);
        Assert.Equal(OutboxStatus.Sent, message!.Status);
        Assert.Equal(sentAt, message.SentAt);
        Assert.Equal([("m1", (string?)null)], subject.Settled);
        Assert.Equal(0, askedEarly);
        Assert.Equal(["op-1"], _email.Asked);
        Assert.Empty(await _store.ListToConfirmAsync(_time.GetUtcNow().AddDays(1), 10, default));
    }

    [Fact]
    public async Task RetryDueAsync_AcceptedMessageFailsAtTheProvider_FailedVisiblyAndItsSubjectHears()
    {
        var subject = new FixedSubject(null);
        var sut = CreateSut(subject: subject);
        _email.Script(new SendResult.Accepted("op-1"));
        _email.ScriptConfirmations(new DeliveryConfirmation.Failed("ACS email operation op-1 Failed: EmailDroppedAllRecipientsSuppressed"));
        await sut.EnqueueAsync([Email("m1", priority: OutboxPriority.Page)], default);
        await DrainAsync(sut);

        _time.Advance(OutboxDispatcher.ConfirmAfter);
        var summary = await sut.RetryDueAsync(default);

        var failed = Assert.Single(await _store.ListAsync(OutboxStatus.Failed, 10, default));
        Assert.Equal("m1", failed.Id);
        Assert.Contains("EmailDroppedAllRecipientsSuppressed", failed.LastError);
        Assert.Equal(1, summary.Failed);
        var settled = subject.Settled.ToList();
        Assert.Equal(2, settled.Count);
        Assert.Null(settled[0].Error);
        Assert.Contains("after the provider accepted it", settled[1].Error);
        Assert.Equal(1, _email.Attempts); // never sent again: the provider had it
    }

    [Fact]
    public async Task RetryDueAsync_StatusNeverAskableForADay_LeftAcceptedNotFailed()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Accepted("op-1"));
        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);
        _email.ScriptConfirmations(Enumerable.Range(0, 1000).Select(_ => (DeliveryConfirmation)new DeliveryConfirmation.NotYet("paced", Answered: false)).ToArray());

        var pendingAfterTwoHours = false;
        for (var minute = 10; minute <= (24 * 60) + 10; minute += 10)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            await sut.RetryDueAsync(default);
            if (minute == 120)
            {
                pendingAfterTwoHours = (await _store.ListToConfirmAsync(_time.GetUtcNow().AddDays(1), 10, default)).Count == 1;
            }
        }

        Assert.True(pendingAfterTwoHours, "an unanswered check is not given up after an hour");
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
        Assert.Empty(await _store.ListAsync(OutboxStatus.Failed, 10, default));
        Assert.Empty(await _store.ListToConfirmAsync(_time.GetUtcNow().AddDays(10), 10, default));
    }

    [Fact]
    public async Task RetryDueAsync_ProviderSaysStillRunningAnHourAfterAcceptance_FailedVisibly()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Accepted("op-1"));
        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);
        _email.ScriptConfirmations(Enumerable.Range(0, 100).Select(_ => (DeliveryConfirmation)new DeliveryConfirmation.NotYet("ACS email operation op-1 is Running", Answered: true)).ToArray());

        for (var minute = 0; minute < 59; minute += 1)
        {
            _time.Advance(TimeSpan.FromMinutes(1));
            await sut.RetryDueAsync(default);
        }

        var beforeTheHour = (await _store.GetAsync("m1", default))!.Status;
        _time.Advance(TimeSpan.FromMinutes(2));
        await sut.RetryDueAsync(default);

        Assert.Equal(OutboxStatus.Sent, beforeTheHour);
        var failed = Assert.Single(await _store.ListAsync(OutboxStatus.Failed, 10, default));
        Assert.Contains("still had no final status after 1 h", failed.LastError);
    }

    [Fact]
    public async Task RetryDueAsync_SenderCrashedHoldingTheLease_IsRetriedOnceTheShortLeaseEnds()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync([Email("m1", priority: OutboxPriority.Page)], default);
        // A consumer took the message and died before sending; its queue message was deleted with it.
        Assert.NotNull(await _store.TryLeaseAsync("m1", T0, T0 + Options().LeaseDuration, default));
        _queue.Signals.Clear();

        _time.Advance(TimeSpan.FromSeconds(50));
        await sut.RetryDueAsync(default);
        Assert.Empty(_email.Sent);

        _time.Advance(TimeSpan.FromSeconds(15)); // a minute after the crash, not ten
        await sut.RetryDueAsync(default);
        Assert.Single(_email.Sent);
    }

    [Fact]
    public async Task SendAsync_SlowSend_RenewsItsLeaseSoNoOtherInstanceTakesTheMessage()
    {
        var stalled = new StalledEmailSender();
        var sender = CreateSut(email: stalled);
        var other = CreateSut();
        await sender.EnqueueAsync([Email("m1")], default);
        _queue.Signals.Clear();

        var sending = sender.SendAsync("m1", default);
        await stalled.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var firstLease = _store.LeaseUntil("m1");
        for (var i = 0; i < 40; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            await Task.Delay(20);
        }

        await Eventually(() => _store.LeaseUntil("m1") > _time.GetUtcNow());
        Assert.True(_time.GetUtcNow() > firstLease + TimeSpan.FromMinutes(2), "the send outlived its first lease by far");
        Assert.Equal(OutboxAttemptOutcome.Skipped, await other.SendAsync("m1", default));
        await other.RetryDueAsync(default);
        Assert.Empty(_email.Sent);

        stalled.Release.SetResult();
        Assert.Equal(OutboxAttemptOutcome.Delivered, await sending);
        Assert.Equal(["m1"], stalled.Delivered);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task SendAsync_LeaseCannotBeRenewed_StopsTheSendBeforeTheLeaseRunsOut_AndAnotherInstanceSendsOnce()
    {
        var stalled = new StalledEmailSender(_time);
        var sender = CreateSut(email: stalled);
        var other = CreateSut();
        await sender.EnqueueAsync([Email("m1")], default);
        _queue.Signals.Clear();

        var sending = sender.SendAsync("m1", default);
        await stalled.Started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var lease = _store.LeaseUntil("m1");
        _store.FailRenewals = new DependencyUnavailableException("Table Storage", new IOException("down"));
        // The clock goes on two seconds at a time up to the point where the sender must give up (a sixth of the lease before
        // it ends) and no further, so a sender slow to run on a loaded machine is judged by when it stopped, not by how far
        // the test had moved the clock meanwhile.
        var giveUpBy = lease - Options().LeaseDuration / 6;
        while (!sending.IsCompleted && _time.GetUtcNow() < giveUpBy)
        {
            var step = giveUpBy - _time.GetUtcNow();
            _time.Advance(step < TimeSpan.FromSeconds(2) ? step : TimeSpan.FromSeconds(2));
            await Task.WhenAny(sending, Task.Delay(20));
        }

        Assert.Equal(OutboxAttemptOutcome.Stopped, await sending.WaitAsync(TimeSpan.FromSeconds(10)));
        // It kept trying to renew until the last safe moment, not giving up at the first failure, and stopped there, a sixth of
        // the lease before the lease would have let another instance send the message too.
        Assert.Equal(giveUpBy, stalled.StoppedAt);
        Assert.True(giveUpBy < lease);
        var pending = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Pending, pending.Status);
        Assert.Equal(0, pending.Attempts); // nothing recorded by an instance that may no longer hold the message
        // Queued again for when the lease has run out, so the message does not wait, due, for the sweeper alone.
        var again = Assert.Single(_queue.Signals);
        Assert.Equal("m1", again.Id);
        Assert.True(_time.GetUtcNow() + again.Delay > lease, $"signalled for {_time.GetUtcNow() + again.Delay:O}, lease until {lease:O}");

        _store.FailRenewals = null;
        _time.SetUtcNow(lease + Options().SweepAfter);
        await other.RetryDueAsync(default);
        Assert.Single(_email.Sent);
        Assert.Empty(stalled.Delivered);
    }

    /// <summary>
    /// A message sent on its own (a queue message naming one id) keeps its lease until it is recorded sent, as one of a group
    /// does: recording it slowly (storage slow or failing, retried) past the lease's end does not let another instance's sweep
    /// take it and page again.
    /// </summary>
    [Fact]
    public async Task SendAsync_DeliveredButRecordingItIsSlow_KeepsItsLeaseUntilRecorded_SoTheSweepDoesNotSendItAgain()
    {
        var store = new HeldMarkSentOutbox(_store);
        var sender = CreateSut(store: store);
        var other = CreateSut();
        await sender.EnqueueAsync([Email("m1")], default);
        _queue.Signals.Clear();

        var sending = sender.SendAsync("m1", default);
        await store.MarkSentStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(_email.Sent);
        var firstLease = _store.LeaseUntil("m1");
        for (var i = 0; i < 24; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(5)); // two minutes: twice the lease, and past SweepAfter
            await Task.Delay(20);
        }

        await Eventually(() => _store.LeaseUntil("m1") > _time.GetUtcNow());
        Assert.True(_time.GetUtcNow() >= firstLease + TimeSpan.FromMinutes(1), "the record outlived its first lease by a whole lease");
        Assert.Equal(OutboxAttemptOutcome.Skipped, await other.SendAsync("m1", default));
        await other.RetryDueAsync(default);
        Assert.Single(_email.Sent);

        store.MarkSentRelease.SetResult();
        Assert.Equal(OutboxAttemptOutcome.Delivered, await sending.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal((OutboxStatus.Sent, 1), ((await _store.GetAsync("m1", default))!.Status, (await _store.GetAsync("m1", default))!.Attempts));
        Assert.Single(_email.Sent);
        Assert.Empty(_queue.Signals);
    }

    [Fact]
    public async Task SendAsync_AnotherInstanceSettledTheMessageFirst_ItsRecordStands()
    {
        var store = new SettledElsewhereOutbox(_store, "m1");
        var sut = CreateSut(store: store);
        await sut.EnqueueAsync([Email("m1", "a@example.com"), Email("m2", "b@example.com")], default);
        _email.Script(new SendResult.Transient("421 try later"));

        await DrainAsync(sut);

        Assert.Equal(["m2"], _email.Sent.Select(s => s.Id));
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m2", default))!.Status);
        Assert.Empty(_queue.Signals); // no retry signalled for a message this instance no longer owns
    }

    [Theory]
    [InlineData(1, null, 30)]
    [InlineData(2, null, 60)]
    [InlineData(3, null, 120)]
    [InlineData(10, null, 600)]
    [InlineData(1, 300, 300)]
    [InlineData(3, 10, 120)]
    public void RetryDelay_BackoffAndRetryAfter_TakesTheLonger(int attempts, int? retryAfterSeconds, int expectedSeconds)
    {
        var delay = CreateSut().RetryDelay(attempts, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Theory]
    [InlineData(10, null, 120)]
    [InlineData(10, 300, 300)]
    public void RetryDelay_Page_IsCappedLowerUnlessTheProviderAsksForMore(int attempts, int? retryAfterSeconds, int expectedSeconds)
    {
        var delay = CreateSut().RetryDelay(attempts, retryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null, OutboxPriority.Page);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public async Task SendAsync_AdapterThrowsOnAMalformedMessage_GivesUpAtOnceInsteadOfRetryingForHours()
    {
        var sut = CreateSut(maxAttempts: 8, email: new ThrowingEmailSender(new FormatException("Invalid addr-spec token at offset 0")));

        await sut.EnqueueAsync([Email("m1", "not an address")], default);
        await DrainAsync(sut);

        var message = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Contains("FormatException", message.LastError);
    }

    [Fact]
    public async Task SendAsync_AdapterThrowsANetworkError_IsRetriedLater()
    {
        var sut = CreateSut(maxAttempts: 8, email: new ThrowingEmailSender(new IOException("connection reset")));

        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);

        var message = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(1, message.Attempts);
    }

    [Fact]
    public async Task SendAsync_StorageBlipWhileRecordingSent_RetriesTheRecordAndNeverResends()
    {
        var store = new FlakyMarkSentOutbox(_store, failures: 2);
        var sut = CreateSut(store: store);

        await sut.EnqueueAsync([Email("m1")], default);
        await DrainAsync(sut);
        _time.Advance(TimeSpan.FromHours(1));
        await sut.RetryDueAsync(default);

        Assert.Single(_email.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
        Assert.Equal(3, store.MarkSentCalls);
    }

    private static async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }

    private sealed class ThrowingEmailSender(Exception error) : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken) => throw error;
    }

    private sealed class FixedSubject(string? noLongerApplies) : IOutboxSubject
    {
        public System.Collections.Concurrent.ConcurrentQueue<(string Id, string? Error)> Settled { get; } = new();

        public Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken) => Task.FromResult(noLongerApplies);

        public Task SettledAsync(OutboxMessage message, string? error, CancellationToken cancellationToken)
        {
            Settled.Enqueue((message.Id, error));
            return Task.CompletedTask;
        }

        /// <summary>The messages heard of together, call by call (each is in <see cref="Settled"/> too).</summary>
        public System.Collections.Concurrent.ConcurrentQueue<IReadOnlyList<(string Id, string? Error)>> SettledTogether { get; } = new();

        public async Task SettledManyAsync(IReadOnlyList<(OutboxMessage Message, string? Error)> settled, CancellationToken cancellationToken)
        {
            SettledTogether.Enqueue([.. settled.Select(s => (s.Message.Id, s.Error))]);
            foreach (var (message, error) in settled)
            {
                await SettledAsync(message, error, cancellationToken);
            }
        }
    }

    /// <summary>Refuses mail to one address for good (a 550), delivers the rest.</summary>
    private sealed class RefusingEmailSender(string refused) : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken) =>
            Task.FromResult<SendResult>(message.To == refused ? new SendResult.Permanent("550 mailbox unavailable") : new SendResult.Delivered());
    }

    /// <summary>Delivers at once, except to one address: that send stalls until released.</summary>
    private sealed class StallOneEmailSender(string stalled) : IEmailSender
    {
        public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<string> Delivered { get; } = new();

        public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
        {
            if (message.To == stalled)
            {
                Stalled.TrySetResult();
                await Release.Task.WaitAsync(cancellationToken);
            }

            Delivered.Enqueue(message.To);
            return new SendResult.Delivered();
        }
    }
}

/// <summary>The in-memory outbox, recording the ids of each lease and each record taken together.</summary>
internal sealed class GroupRecordingOutbox(InMemoryOutbox store) : DelegatingOutbox(store), IOutboxStore
{
    private readonly IOutboxStore _inner = store;

    public System.Collections.Concurrent.ConcurrentQueue<IReadOnlyList<string>> Leased { get; } = new();

    public System.Collections.Concurrent.ConcurrentQueue<IReadOnlyList<OutboxDelivery>> RecordedSent { get; } = new();

    public Task<IReadOnlyDictionary<string, OutboxLease>> TryLeaseManyAsync(IReadOnlyList<string> ids, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        Leased.Enqueue(ids);
        return _inner.TryLeaseManyAsync(ids, now, leaseUntil, cancellationToken);
    }

    public Task<IReadOnlyList<string>> MarkSentManyAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        RecordedSent.Enqueue(deliveries);
        return _inner.MarkSentManyAsync(deliveries, cancellationToken);
    }
}

/// <summary>An email provider that stalls each send until released (or the sender's token is cancelled).</summary>
internal sealed class StalledEmailSender(TimeProvider? time = null) : IEmailSender
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public System.Collections.Concurrent.ConcurrentQueue<string> Delivered { get; } = new();

    /// <summary>The (fake) time at which the sender was told to stop.</summary>
    public DateTimeOffset? StoppedAt { get; private set; }

    public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            StoppedAt = time?.GetUtcNow();
            throw;
        }

        Delivered.Enqueue(messageId);
        return new SendResult.Delivered();
    }
}

/// <summary>Passes every call to the in-memory outbox; tests override the calls they break.</summary>
internal class DelegatingOutbox(InMemoryOutbox inner) : IOutboxStore
{
    public virtual Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryEnqueueAsync(message, leaseUntil, cancellationToken);

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<OutboxMessage?> FindByProviderIdAsync(string providerId, CancellationToken cancellationToken) => inner.FindByProviderIdAsync(providerId, cancellationToken);

    public Task MarkDeliveredAsync(string id, DateTimeOffset sentAt, string providerId, CancellationToken cancellationToken) => inner.MarkDeliveredAsync(id, sentAt, providerId, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListDueAsync(now, max, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListLatePagesAsync(DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken) => inner.ListLatePagesAsync(queuedBefore, max, cancellationToken);

    public Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryLeaseAsync(id, now, leaseUntil, cancellationToken);

    public Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.RenewLeaseAsync(lease, leaseUntil, cancellationToken);

    public virtual Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) => inner.MarkSentAsync(id, sentAt, cancellationToken);

    public virtual Task MarkAcceptedAsync(string id, DateTimeOffset sentAt, string providerId, DateTimeOffset confirmAt, CancellationToken cancellationToken) => inner.MarkAcceptedAsync(id, sentAt, providerId, confirmAt, cancellationToken);

    public Task<IReadOnlyList<PendingConfirmation>> ListToConfirmAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListToConfirmAsync(now, max, cancellationToken);

    public Task SettleConfirmationAsync(string id, string? error, DateTimeOffset at, CancellationToken cancellationToken) => inner.SettleConfirmationAsync(id, error, at, cancellationToken);

    public Task DeferConfirmationAsync(string id, DateTimeOffset confirmAt, CancellationToken cancellationToken) => inner.DeferConfirmationAsync(id, confirmAt, cancellationToken);

    public virtual Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) => inner.MarkRetryAsync(id, error, nextAttemptAt, cancellationToken);

    public virtual Task<bool> BringForwardAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => inner.BringForwardAsync(id, at, cancellationToken);

    public virtual Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkFailedAsync(id, error, at, cancellationToken);

    public Task MarkCancelledAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkCancelledAsync(id, reason, at, cancellationToken);

    public virtual Task MarkResentAsync(string id, string resendId, CancellationToken cancellationToken) => inner.MarkResentAsync(id, resendId, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken) => inner.ListAsync(status, max, cancellationToken);

    public Task<int> PurgeSentAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken) => inner.PurgeSentAsync(sentBefore, max, cancellationToken);
    public Task<IReadOnlyList<OutboxMessage>> ListFailedToAsync(IReadOnlyCollection<string> recipients, DateTimeOffset since, int max, CancellationToken cancellationToken) => inner.ListFailedToAsync(recipients, since, max, cancellationToken);
    public Task<int> PurgeFailedToAsync(DateTimeOffset failedBefore, int max, CancellationToken cancellationToken) => inner.PurgeFailedToAsync(failedBefore, max, cancellationToken);
}

/// <summary>The in-memory outbox, except that recording the outcome of <c>settledId</c> fails as if another instance had settled it.</summary>
internal sealed class SettledElsewhereOutbox(InMemoryOutbox inner, string settledId) : DelegatingOutbox(inner)
{
    public override Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        id == settledId ? throw new ConcurrencyException($"Outbox message '{id}' is already Failed.") : base.MarkSentAsync(id, sentAt, cancellationToken);

    public override Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        id == settledId ? throw new ConcurrencyException($"Outbox message '{id}' is already Sent.") : base.MarkRetryAsync(id, error, nextAttemptAt, cancellationToken);

    public override Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        id == settledId ? throw new ConcurrencyException($"Outbox message '{id}' is already Sent.") : base.MarkFailedAsync(id, error, at, cancellationToken);
}

/// <summary>The in-memory outbox whose first <c>failures</c> MarkSent calls fail as if storage blinked.</summary>
internal sealed class FlakyMarkSentOutbox(InMemoryOutbox inner, int failures) : DelegatingOutbox(inner)
{
    public int MarkSentCalls { get; private set; }

    public override Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        ++MarkSentCalls <= failures
            ? throw new DependencyUnavailableException("Table Storage", new IOException("blip"))
            : base.MarkSentAsync(id, sentAt, cancellationToken);
}

/// <summary>The in-memory outbox whose MarkSent waits until released: storage slow (or failing and retried) when a delivery is recorded.</summary>
internal sealed class HeldMarkSentOutbox(InMemoryOutbox inner) : DelegatingOutbox(inner)
{
    public TaskCompletionSource MarkSentStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource MarkSentRelease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        MarkSentStarted.TrySetResult();
        await MarkSentRelease.Task;
        await base.MarkSentAsync(id, sentAt, cancellationToken);
    }
}
