using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Notifications;

public sealed class OutboxDispatcherTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 0, 0, TimeSpan.Zero));
    private readonly InMemoryOutbox _store = new();
    private readonly RecordingEmailSender _email = new();
    private readonly RecordingTeamsChannel _teams = new();

    private OutboxDispatcher CreateSut(int maxAttempts = 3) => new(
        _store, _email, _teams, _time,
        Options.Create(new OutboxOptions { MaxAttempts = maxAttempts, BaseDelay = TimeSpan.FromSeconds(30), MaxDelay = TimeSpan.FromMinutes(10), LeaseDuration = TimeSpan.FromMinutes(2) }),
        NullLogger<OutboxDispatcher>.Instance);

    private static OutboxMessage Email(string id, string to = "a@example.com") =>
        new() { Id = id, Channel = Channel.Email, Recipient = to, Subject = "s", TextBody = "t" };

    [Fact]
    public async Task EnqueueAsync_SameIdTwice_QueuesOnceAndSendsOnce()
    {
        var sut = CreateSut();

        var first = await sut.EnqueueAsync([Email("m1")], default);
        var second = await sut.EnqueueAsync([Email("m1")], default);
        await sut.SendQueuedAsync(first.Concat(second), default);
        await sut.SendQueuedAsync(first, default);

        Assert.Equal(["m1"], first);
        Assert.Empty(second);
        Assert.Single(_email.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task RetryDueAsync_TransientFailureWithRetryAfter_WaitsAtLeastRetryAfter()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Transient("429 Too Many Requests", TimeSpan.FromMinutes(5)));
        var queued = await sut.EnqueueAsync([Email("m1")], default);
        await sut.SendQueuedAsync(queued, default);

        var stored = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Pending, stored.Status);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(5), stored.NextAttemptAt);

        _time.Advance(TimeSpan.FromMinutes(4));
        await sut.RetryDueAsync(default);
        Assert.Empty(_email.Sent);

        _time.Advance(TimeSpan.FromMinutes(1));
        await sut.RetryDueAsync(default);
        Assert.Single(_email.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task RetryDueAsync_Retry_TellsTheSenderOfTheEarlierAttemptsAndWhenItWasQueued()
    {
        var sut = CreateSut();
        var queuedAt = _time.GetUtcNow();
        _email.Script(new SendResult.Transient("lost answer"));
        await sut.SendQueuedAsync(await sut.EnqueueAsync([Email("m1")], default), default);

        _time.Advance(TimeSpan.FromMinutes(5));
        await sut.RetryDueAsync(default);

        var (message, _) = Assert.Single(_email.Sent);
        Assert.Equal(1, message.PriorAttempts);
        Assert.Equal(queuedAt, message.QueuedAt);
    }

    [Fact]
    public async Task RetryDueAsync_MessageStillLeasedByItsSender_IsLeftAlone()
    {
        var sut = CreateSut();
        await sut.EnqueueAsync([Email("m1")], default); // queued, never sent: the sender "crashed"

        await sut.RetryDueAsync(default);
        Assert.Empty(_email.Sent);

        _time.Advance(TimeSpan.FromMinutes(2));
        await sut.RetryDueAsync(default);
        Assert.Single(_email.Sent);
    }

    [Fact]
    public async Task RetryDueAsync_AlwaysTransient_GivesUpVisiblyAfterMaxAttempts()
    {
        var sut = CreateSut(maxAttempts: 3);
        _email.Script(new SendResult.Transient("down"), new SendResult.Transient("down"), new SendResult.Transient("still down"));
        var queued = await sut.EnqueueAsync([Email("m1")], default);
        await sut.SendQueuedAsync(queued, default);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromMinutes(10));
            await sut.RetryDueAsync(default);
        }

        var failed = await _store.ListAsync(OutboxStatus.Failed, 10, default);
        var message = Assert.Single(failed);
        Assert.Equal(3, message.Attempts);
        Assert.Contains("still down", message.LastError);
        Assert.Equal(3, _email.Attempts);
        Assert.Empty(_email.Sent);
    }

    [Fact]
    public async Task SendQueuedAsync_PermanentFailure_GivesUpAtOnce()
    {
        var sut = CreateSut();
        _email.Script(new SendResult.Permanent("550 mailbox unavailable"));
        await sut.SendQueuedAsync(await sut.EnqueueAsync([Email("m1")], default), default);

        _time.Advance(TimeSpan.FromHours(1));
        await sut.RetryDueAsync(default);

        Assert.Equal(1, _email.Attempts);
        Assert.Equal(OutboxStatus.Failed, (await _store.GetAsync("m1", default))!.Status);
    }

    [Fact]
    public async Task SendQueuedAsync_TeamsMessage_PostsTheCard()
    {
        var sut = CreateSut();
        var card = new OutboxMessage { Id = "t1", Channel = Channel.Teams, Recipient = "teams", CardJson = "{\"type\":\"AdaptiveCard\"}" };

        await sut.SendQueuedAsync(await sut.EnqueueAsync([card], default), default);

        Assert.Equal(["{\"type\":\"AdaptiveCard\"}"], _teams.Cards);
    }

    [Fact]
    public async Task SendQueuedAsync_LeaseRanOutWhileEarlierMessagesWereSent_LeavesTheRestToTheRetryTimer()
    {
        // m1 takes 110 s of a 2-minute enqueue lease; m2's send would start with 10 s of its lease left, and another
        // instance's retry timer, running 20 s later, finds m2's lease over and sends it too.
        OutboxDispatcher? otherInstance = null;
        var slow = new ScriptedEmailSender(async (call, id) =>
        {
            if (call == 1)
            {
                _time.Advance(TimeSpan.FromSeconds(110));
            }
            else if (call == 2)
            {
                _time.Advance(TimeSpan.FromSeconds(20));
                await otherInstance!.RetryDueAsync(default);
            }
        });
        var options = Options.Create(new OutboxOptions { MaxAttempts = 3, LeaseDuration = TimeSpan.FromMinutes(2) });
        var sender = new OutboxDispatcher(_store, slow, _teams, _time, options, NullLogger<OutboxDispatcher>.Instance);
        otherInstance = new OutboxDispatcher(_store, slow, _teams, _time, options, NullLogger<OutboxDispatcher>.Instance);

        var queued = await sender.EnqueueAsync([Email("m1", "a@example.com"), Email("m2", "b@example.com")], default);
        await sender.SendQueuedAsync(queued, default);
        _time.Advance(TimeSpan.FromMinutes(10));
        await sender.RetryDueAsync(default);

        Assert.Equal(["m1", "m2"], slow.Sent.Order(StringComparer.Ordinal));
        Assert.All(_store.All, m => Assert.Equal(OutboxStatus.Sent, m.Status));
    }

    [Fact]
    public async Task SendQueuedAsync_LeaseNearlyOver_LeavesTheMessageToTheRetryTimer()
    {
        var sut = CreateSut();
        var queued = await sut.EnqueueAsync([Email("m1")], default);

        _time.Advance(TimeSpan.FromSeconds(90));
        await sut.SendQueuedAsync(queued, default);
        Assert.Empty(_email.Sent);

        _time.Advance(TimeSpan.FromSeconds(30));
        await sut.RetryDueAsync(default);
        Assert.Single(_email.Sent);
    }

    [Fact]
    public async Task RetryDueAsync_AnotherInstanceSettledAMessageFirst_TheRestOfTheBatchIsStillSent()
    {
        // m1 was meanwhile settled by another instance: recording its retry fails with a concurrency error.
        var store = new SettledElsewhereOutbox(_store, "m1");
        var options = Options.Create(new OutboxOptions { MaxAttempts = 3, LeaseDuration = TimeSpan.FromMinutes(2) });
        var sut = new OutboxDispatcher(store, _email, _teams, _time, options, NullLogger<OutboxDispatcher>.Instance);
        await sut.EnqueueAsync([Email("m1", "a@example.com"), Email("m2", "b@example.com")], default);
        _time.Advance(TimeSpan.FromMinutes(3));
        _email.Script(new SendResult.Transient("421 try later"));

        var summary = await sut.RetryDueAsync(default);

        Assert.Equal(["m2"], _email.Sent.Select(s => s.Id));
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m2", default))!.Status);
        Assert.Equal(1, summary.Delivered);
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

    [Fact]
    public async Task SendQueuedAsync_AdapterThrowsOnAMalformedMessage_GivesUpAtOnceInsteadOfRetryingForHours()
    {
        var sut = new OutboxDispatcher(
            _store, new ThrowingEmailSender(new FormatException("Invalid addr-spec token at offset 0")), _teams, _time,
            Options.Create(new OutboxOptions { MaxAttempts = 8 }), NullLogger<OutboxDispatcher>.Instance);

        await sut.SendQueuedAsync(await sut.EnqueueAsync([Email("m1", "not an address")], default), default);

        var message = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Contains("FormatException", message.LastError);
    }

    [Fact]
    public async Task SendQueuedAsync_AdapterThrowsANetworkError_IsRetriedLater()
    {
        var sut = new OutboxDispatcher(
            _store, new ThrowingEmailSender(new IOException("connection reset")), _teams, _time,
            Options.Create(new OutboxOptions { MaxAttempts = 8 }), NullLogger<OutboxDispatcher>.Instance);

        await sut.SendQueuedAsync(await sut.EnqueueAsync([Email("m1")], default), default);

        var message = (await _store.GetAsync("m1", default))!;
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(1, message.Attempts);
    }

    private sealed class ThrowingEmailSender(Exception error) : IEmailSender
    {
        public Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken) => throw error;
    }

    [Fact]
    public async Task SendQueuedAsync_StorageBlipWhileRecordingSent_RetriesTheRecordAndNeverResends()
    {
        var store = new FlakyMarkSentOutbox(_store, failures: 2);
        var sut = new OutboxDispatcher(store, _email, _teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);

        await sut.SendQueuedAsync(await sut.EnqueueAsync([Email("m1")], default), default);
        _time.Advance(TimeSpan.FromHours(1));
        await sut.RetryDueAsync(default);

        Assert.Single(_email.Sent);
        Assert.Equal(OutboxStatus.Sent, (await _store.GetAsync("m1", default))!.Status);
        Assert.Equal(3, store.MarkSentCalls);
    }
}

/// <summary>Delivers every message, running a step first for each call (1-based): time passing, another instance at work.</summary>
internal sealed class ScriptedEmailSender(Func<int, string, Task> step) : IEmailSender
{
    private int _calls;

    public System.Collections.Concurrent.ConcurrentQueue<string> Sent { get; } = new();

    public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        await step(Interlocked.Increment(ref _calls), messageId);
        Sent.Enqueue(messageId);
        return new SendResult.Delivered();
    }
}

/// <summary>The in-memory outbox, except that recording the outcome of <c>settledId</c> fails as if another instance had settled it.</summary>
internal sealed class SettledElsewhereOutbox(InMemoryOutbox inner, string settledId) : IOutboxStore
{
    public Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryEnqueueAsync(message, leaseUntil, cancellationToken);

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListDueAsync(now, max, cancellationToken);

    public Task<bool> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryLeaseAsync(id, now, leaseUntil, cancellationToken);

    public Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        id == settledId ? throw new ConcurrencyException($"Outbox message '{id}' is already Failed.") : inner.MarkSentAsync(id, sentAt, cancellationToken);

    public Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        id == settledId ? throw new ConcurrencyException($"Outbox message '{id}' is already Sent.") : inner.MarkRetryAsync(id, error, nextAttemptAt, cancellationToken);

    public Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        id == settledId ? throw new ConcurrencyException($"Outbox message '{id}' is already Sent.") : inner.MarkFailedAsync(id, error, at, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken) => inner.ListAsync(status, max, cancellationToken);
}


/// <summary>The in-memory outbox whose first <c>failures</c> MarkSent calls fail as if storage blinked.</summary>
internal sealed class FlakyMarkSentOutbox(InMemoryOutbox inner, int failures) : IOutboxStore
{
    public int MarkSentCalls { get; private set; }

    public Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryEnqueueAsync(message, leaseUntil, cancellationToken);

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.ListDueAsync(now, max, cancellationToken);

    public Task<bool> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) => inner.TryLeaseAsync(id, now, leaseUntil, cancellationToken);

    public Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        ++MarkSentCalls <= failures
            ? throw new OnDuty.Core.Common.DependencyUnavailableException("Table Storage", new IOException("blip"))
            : inner.MarkSentAsync(id, sentAt, cancellationToken);

    public Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) => inner.MarkRetryAsync(id, error, nextAttemptAt, cancellationToken);

    public Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken) => inner.MarkFailedAsync(id, error, at, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken) => inner.ListAsync(status, max, cancellationToken);
}