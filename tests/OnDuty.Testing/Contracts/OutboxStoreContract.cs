using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Testing.Contracts;

/// <summary>
/// What every <see cref="IOutboxStore"/> does, written once and run against the table adapter on Azurite and against
/// the in-memory fake, so the fake the Core tests lean on cannot be kinder than the store production uses.
/// </summary>
public abstract class OutboxStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateTimeOffset T0 = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    protected IOutboxStore Sut { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IOutboxStore> CreateStoreAsync();

    /// <summary>Another app instance (its own clients) on the storage of <see cref="Sut"/>.</summary>
    protected abstract IOutboxStore SecondInstance();

    public virtual async Task InitializeAsync() => Sut = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TryEnqueueAsync_New_RoundTripsEveryField()
    {
        var message = new OutboxMessage
        {
            Id = "duty:incident-duty:2026-W50|yamada@example.jp/#?%.",
            Channel = Channel.Teams,
            Recipient = "PM channel",
            RecipientName = "山田 太郎",
            Subject = "今週の障害当番",
            TextBody = "Ann and Bob are on duty.",
            HtmlBody = "<p>Ann and Bob are on duty.</p>",
            CardJson = """{"type":"AdaptiveCard","version":"1.5"}""",
            Topic = "duty:incident-duty:2026-W50",
            Attempts = 0,
            CreatedAt = T0,
            NextAttemptAt = T0.AddMinutes(1),
            LastError = "none yet",
        };

        Assert.True(await Sut.TryEnqueueAsync(message, T0.AddMinutes(2), None));

        Assert.Equal(message, await Sut.GetAsync(message.Id, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_MinimalMessage_RoundTripsAndIsDue()
    {
        var message = new OutboxMessage { Id = "m1", Channel = Channel.Email, Recipient = "a@example.com" };

        Assert.True(await Sut.TryEnqueueAsync(message, default, None));

        Assert.Equal(message, await Sut.GetAsync("m1", None));
        Assert.Equal(["m1"], (await Sut.ListDueAsync(T0, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task TryEnqueueAsync_SameIdTwice_ReturnsFalseAndKeepsFirst()
    {
        var first = NewMessage("notice:ann", T0) with { Subject = "first" };

        Assert.True(await Sut.TryEnqueueAsync(first, T0, None));
        Assert.False(await Sut.TryEnqueueAsync(first with { Subject = "second", NextAttemptAt = T0.AddHours(-1) }, T0, None));

        Assert.Equal("first", (await Sut.GetAsync("notice:ann", None))!.Subject);
        Assert.Single(await Sut.ListAsync(OutboxStatus.Pending, 10, None));
        Assert.Single(await Sut.ListDueAsync(T0, 10, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_AfterSent_ReturnsFalseAndStaysSent()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0, None);

        Assert.False(await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task TryEnqueueAsync_NotPendingOrBadId_ThrowsAndStoresNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TryEnqueueAsync(NewMessage("sent", T0) with { Status = OutboxStatus.Sent }, T0, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TryEnqueueAsync(NewMessage("", T0), T0, None));
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.TryEnqueueAsync(NewMessage(new string('x', OutboxMessage.MaxIdLength + 1), T0), T0, None));

        Assert.Null(await Sut.GetAsync("sent", None));
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Sut.GetAsync("nope", None));
    }

    [Fact]
    public async Task ListDueAsync_HonoursNextAttemptAndLease_OldestFirstUpToMax()
    {
        await Sut.TryEnqueueAsync(NewMessage("later", T0.AddMinutes(10)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("newer", T0.AddMinutes(-1)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("older-b", T0.AddMinutes(-5)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("older-a", T0.AddMinutes(-5)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("oldest", T0.AddMinutes(-9)), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("leased", T0.AddMinutes(-20)), leaseUntil: T0.AddMinutes(3), None);

        Assert.Equal(["oldest", "older-a", "older-b", "newer"], (await Sut.ListDueAsync(T0, 10, None)).Select(m => m.Id));
        Assert.Equal(["oldest", "older-a"], (await Sut.ListDueAsync(T0, 2, None)).Select(m => m.Id));
        Assert.Equal(["leased", "oldest", "older-a", "older-b", "newer"], (await Sut.ListDueAsync(T0.AddMinutes(3), 10, None)).Select(m => m.Id));
        Assert.Equal(6, (await Sut.ListDueAsync(T0.AddMinutes(10), 10, None)).Count);
    }

    [Fact]
    public async Task TryLeaseAsync_TwoInstancesAtOnce_ExactlyOneGetsIt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        var other = SecondInstance();

        var results = await Task.WhenAll(
            Sut.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None),
            other.TryLeaseAsync("m1", T0, T0.AddMinutes(5), None));

        Assert.Single(results, r => r);
        Assert.Empty(await Sut.ListDueAsync(T0.AddMinutes(1), 10, None));
        Assert.Single(await Sut.ListDueAsync(T0.AddMinutes(5), 10, None));
    }

    [Fact]
    public async Task TryLeaseAsync_LeasedNotDueOrMissing_ReturnsFalse()
    {
        await Sut.TryEnqueueAsync(NewMessage("leased", T0), T0.AddMinutes(5), None);
        await Sut.TryEnqueueAsync(NewMessage("future", T0.AddMinutes(5)), T0, None);

        Assert.False(await Sut.TryLeaseAsync("leased", T0, T0.AddMinutes(10), None));
        Assert.False(await Sut.TryLeaseAsync("future", T0, T0.AddMinutes(10), None));
        Assert.False(await Sut.TryLeaseAsync("missing", T0, T0.AddMinutes(10), None));
        Assert.True(await Sut.TryLeaseAsync("leased", T0.AddMinutes(5), T0.AddMinutes(10), None));
        Assert.True(await Sut.TryLeaseAsync("future", T0.AddMinutes(5), T0.AddMinutes(10), None));
    }

    [Fact]
    public async Task TryLeaseAsync_RetryNotYetDue_ReturnsFalseUntilNextAttempt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkRetryAsync("m1", "429", T0.AddMinutes(2), None);

        Assert.False(await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(5), None));
        Assert.True(await Sut.TryLeaseAsync("m1", T0.AddMinutes(2), T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task TryLeaseAsync_SentOrFailed_ReturnsFalse()
    {
        await Sut.TryEnqueueAsync(NewMessage("sent", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("failed", T0), T0, None);
        await Sut.MarkSentAsync("sent", T0, None);
        await Sut.MarkFailedAsync("failed", "550", T0, None);

        Assert.False(await Sut.TryLeaseAsync("sent", T0.AddDays(1), T0.AddDays(2), None));
        Assert.False(await Sut.TryLeaseAsync("failed", T0.AddDays(1), T0.AddDays(2), None));
    }

    [Fact]
    public async Task MarkSentAsync_Pending_RecordsSentOnceAndLeavesDueIndex()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0.AddMinutes(1), None);
        await Sut.TryLeaseAsync("m1", T0.AddMinutes(1), T0.AddMinutes(2), None);

        await Sut.MarkSentAsync("m1", T0.AddSeconds(90), None);
        await Sut.MarkSentAsync("m1", T0.AddSeconds(95), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Sent, stored!.Status);
        Assert.Equal(T0.AddSeconds(90), stored.SentAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Pending, 10, None));
        Assert.Equal(["m1"], (await Sut.ListAsync(OutboxStatus.Sent, 10, None)).Select(m => m.Id));
    }

    [Fact]
    public async Task MarkSentAsync_AfterFailed_ThrowsConcurrencyAndStaysFailed()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkFailedAsync("m1", "550", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkSentAsync("m1", T0.AddMinutes(1), None));

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Failed, stored!.Status);
        Assert.Null(stored.SentAt);
        Assert.Equal(1, stored.Attempts);
    }

    [Fact]
    public async Task MarkAsync_Missing_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkSentAsync("nope", T0, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkRetryAsync("nope", "503", T0, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.MarkFailedAsync("nope", "550", T0, None));
    }

    [Fact]
    public async Task MarkRetryAsync_Leased_CountsAttemptAndFreesMessageAtNextAttempt()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0.AddMinutes(30), None);

        await Sut.MarkRetryAsync("m1", "429 Too Many Requests", T0.AddMinutes(2), None);
        await Sut.MarkRetryAsync("m1", "503 Service Unavailable", T0.AddMinutes(4), None);

        var stored = await Sut.GetAsync("m1", None);
        Assert.Equal(OutboxStatus.Pending, stored!.Status);
        Assert.Equal(2, stored.Attempts);
        Assert.Equal("503 Service Unavailable", stored.LastError);
        Assert.Equal(T0.AddMinutes(4), stored.NextAttemptAt);
        Assert.Empty(await Sut.ListDueAsync(T0.AddMinutes(3), 10, None));
        Assert.Equal(["m1"], (await Sut.ListDueAsync(T0.AddMinutes(4), 10, None)).Select(m => m.Id));
        Assert.True(await Sut.TryLeaseAsync("m1", T0.AddMinutes(4), T0.AddMinutes(5), None));
    }

    [Fact]
    public async Task MarkRetryAsync_AfterSentOrFailed_ThrowsConcurrency()
    {
        await Sut.TryEnqueueAsync(NewMessage("sent", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("failed", T0), T0, None);
        await Sut.MarkSentAsync("sent", T0, None);
        await Sut.MarkFailedAsync("failed", "550", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkRetryAsync("sent", "late", T0.AddMinutes(1), None));
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkRetryAsync("failed", "late", T0.AddMinutes(1), None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("sent", None))!.Status);
        Assert.Equal(1, (await Sut.GetAsync("sent", None))!.Attempts);
        Assert.Equal(OutboxStatus.Failed, (await Sut.GetAsync("failed", None))!.Status);
        Assert.Empty(await Sut.ListDueAsync(T0.AddDays(1), 10, None));
    }

    [Fact]
    public async Task MarkFailedAsync_Pending_GivesUpOnceAndListsNewestFirst()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m2", T0), T0, None);
        await Sut.TryEnqueueAsync(NewMessage("m3", T0), T0, None);

        await Sut.MarkFailedAsync("m2", "550 mailbox unavailable", T0.AddMinutes(1), None);
        await Sut.MarkFailedAsync("m1", "400 bad address", T0.AddMinutes(2), None);
        await Sut.MarkFailedAsync("m1", "again", T0.AddMinutes(3), None);

        var failed = await Sut.ListAsync(OutboxStatus.Failed, 10, None);
        Assert.Equal(["m1", "m2"], failed.Select(m => m.Id));
        Assert.All(failed, m => Assert.Equal(OutboxStatus.Failed, m.Status));
        Assert.Equal("400 bad address", failed[0].LastError);
        Assert.Equal(1, failed[0].Attempts);
        Assert.Equal(["m1"], (await Sut.ListAsync(OutboxStatus.Failed, 1, None)).Select(m => m.Id));
        Assert.Equal(["m3"], (await Sut.ListDueAsync(T0.AddDays(1), 10, None)).Select(m => m.Id));
        Assert.Equal(["m3"], (await Sut.ListAsync(OutboxStatus.Pending, 10, None)).Select(m => m.Id));
        Assert.False(await Sut.TryLeaseAsync("m1", T0.AddDays(1), T0.AddDays(2), None));
    }

    [Fact]
    public async Task MarkFailedAsync_AfterSent_ThrowsConcurrencyAndStaysSent()
    {
        await Sut.TryEnqueueAsync(NewMessage("m1", T0), T0, None);
        await Sut.MarkSentAsync("m1", T0, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.MarkFailedAsync("m1", "late", T0.AddMinutes(1), None));

        Assert.Equal(OutboxStatus.Sent, (await Sut.GetAsync("m1", None))!.Status);
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
    }

    [Fact]
    public async Task ListAsync_ByStatus_NewestFirstAndMax()
    {
        for (var i = 1; i <= 3; i++)
        {
            await Sut.TryEnqueueAsync(NewMessage($"p{i}", T0) with { CreatedAt = T0.AddMinutes(i) }, T0, None);
            await Sut.TryEnqueueAsync(NewMessage($"s{i}", T0), T0, None);
            await Sut.MarkSentAsync($"s{i}", T0.AddMinutes(10 - i), None);
        }

        Assert.Equal(["p3", "p2", "p1"], (await Sut.ListAsync(OutboxStatus.Pending, 10, None)).Select(m => m.Id));
        Assert.Equal(["p3"], (await Sut.ListAsync(OutboxStatus.Pending, 1, None)).Select(m => m.Id));
        Assert.Equal(["s1", "s2"], (await Sut.ListAsync(OutboxStatus.Sent, 2, None)).Select(m => m.Id));
        Assert.Empty(await Sut.ListAsync(OutboxStatus.Failed, 10, None));
    }

    protected static OutboxMessage NewMessage(string id, DateTimeOffset nextAttemptAt) => new()
    {
        Id = id,
        Channel = Channel.Email,
        Recipient = "ann@example.com",
        Subject = "Duty",
        TextBody = "You are on duty.",
        CreatedAt = T0,
        NextAttemptAt = nextAttemptAt,
    };
}
