using System.Collections.Concurrent;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Notifications;

public sealed class CoalescingOutboxQueueTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SignalAsync_NothingInFlight_SentAtOnceAsItsOwnQueueMessage()
    {
        var inner = new GatedQueue();
        var sut = new CoalescingOutboxQueue(inner);

        await sut.SignalAsync(["incident:INC-2026-0001:page:email", "incident:INC-2026-0001:page:teams"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None).WaitAsync(Wait);
        await sut.SignalAsync(["incident:INC-2026-0002:page:email"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(
            [["incident:INC-2026-0001:page:email", "incident:INC-2026-0001:page:teams"], ["incident:INC-2026-0002:page:email"]],
            inner.Sent.Select(s => s.Ids));
        Assert.All(inner.Sent, s => Assert.Equal((OutboxPriority.Page, TimeSpan.Zero), (s.Priority, s.Delay)));
    }

    [Fact]
    public async Task SignalAsync_WhileOneIsInFlight_TheOthersWaitForItThenGoOutAsOneQueueMessage()
    {
        var (inner, sut, hold, first) = await InFlightAsync("a", OutboxPriority.Page);

        var later = Enumerable.Range(1, 5).Select(i => sut.SignalAsync([$"b{i}", $"c{i}"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None)).ToList();
        await Task.Delay(100);

        // Nobody is answered before the queue message naming their ids was accepted.
        Assert.False(first.IsCompleted);
        Assert.All(later, t => Assert.False(t.IsCompleted));
        Assert.Equal(1, inner.Calls); // the held one; the rest wait for it

        hold.Release.SetResult();
        await Task.WhenAll(later.Append(first)).WaitAsync(Wait);

        Assert.Equal(2, inner.Sent.Count);
        Assert.Equal(["a"], inner.Sent.First().Ids);
        Assert.Equal(
            Enumerable.Range(1, 5).SelectMany(i => new[] { $"b{i}", $"c{i}" }).Order(StringComparer.Ordinal),
            inner.Sent.Last().Ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SignalAsync_ManyGathered_SplitIntoQueueMessagesThatEachFit()
    {
        var (inner, sut, hold, first) = await InFlightAsync("first", OutboxPriority.Normal);
        var ids = Enumerable.Range(0, 130).Select(i => $"incident:INC-2026-{i:D4}:page:email").ToList();
        var later = ids.Select(id => sut.SignalAsync([id], OutboxPriority.Normal, TimeSpan.Zero, CancellationToken.None)).ToList();

        hold.Release.SetResult();
        await Task.WhenAll(later.Append(first)).WaitAsync(Wait);

        var batch = inner.Sent.Skip(1).ToList();
        Assert.Equal(3, batch.Count); // 130 ids, at most 48 a message
        Assert.All(batch, s => Assert.InRange(s.Ids.Count, 1, OutboxSignal.MaxIds));
        Assert.Equal(ids.Order(StringComparer.Ordinal), batch.SelectMany(s => s.Ids).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SignalAsync_TheBatchIsRefused_ItsCallersSeeTheFailure_TheNextBatchGoesOut()
    {
        var (inner, sut, hold, first) = await InFlightAsync("a", OutboxPriority.Page);
        inner.FailNext(new InvalidOperationException("queue down"));
        var refused = new[] { sut.SignalAsync(["b"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None), sut.SignalAsync(["c"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None) };

        hold.Release.SetResult();
        await first.WaitAsync(Wait);
        foreach (var task in refused)
        {
            Assert.Equal("queue down", (await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(Wait))).Message);
        }

        await sut.SignalAsync(["d"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None).WaitAsync(Wait);
        Assert.Equal([["a"], ["d"]], inner.Sent.Select(s => s.Ids));
    }

    [Fact]
    public async Task SignalAsync_AnIdNoQueueMessageCanName_FailsItsCallerOnly_TheBatchItWouldHaveJoinedGoesOut()
    {
        var (inner, sut, hold, first) = await InFlightAsync("a", OutboxPriority.Page);
        var valid = sut.SignalAsync(["b"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentException>(() => sut.SignalAsync(["c", "two\nlines"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None).WaitAsync(Wait));

        hold.Release.SetResult();
        await Task.WhenAll(first, valid).WaitAsync(Wait);
        Assert.Equal([["a"], ["b"]], inner.Sent.Select(s => s.Ids));
    }

    [Fact]
    public async Task SignalAsync_DelayedOrOfTheOtherPriority_NotHeldBehindWhatIsInFlight()
    {
        var (inner, sut, hold, normal) = await InFlightAsync("mail", OutboxPriority.Normal);

        await sut.SignalAsync(["page"], OutboxPriority.Page, TimeSpan.Zero, CancellationToken.None).WaitAsync(Wait);
        await sut.SignalAsync(["retry"], OutboxPriority.Normal, TimeSpan.FromMinutes(2), CancellationToken.None).WaitAsync(Wait);
        Assert.False(normal.IsCompleted);

        hold.Release.SetResult();
        await normal.WaitAsync(Wait);
        Assert.Contains(inner.Sent, s => s.Ids.SequenceEqual(["page"]) && s.Priority == OutboxPriority.Page);
        Assert.Contains(inner.Sent, s => s.Ids.SequenceEqual(["retry"]) && s.Delay == TimeSpan.FromMinutes(2));
        Assert.Equal(3, inner.Sent.Count);
    }

    /// <summary>A signal of <paramref name="id"/> sent and held in flight (the queue has not answered yet).</summary>
    private static async Task<(GatedQueue Inner, CoalescingOutboxQueue Sut, GatedQueue.Hold Hold, Task First)> InFlightAsync(string id, OutboxPriority priority)
    {
        var inner = new GatedQueue();
        var sut = new CoalescingOutboxQueue(inner);
        var hold = inner.HoldNext();
        var first = sut.SignalAsync([id], priority, TimeSpan.Zero, CancellationToken.None);
        await hold.Entered.Task.WaitAsync(Wait);
        return (inner, sut, hold, first);
    }

    /// <summary>A queue that records what was sent once accepted, and can hold the next send until released or refuse it.</summary>
    private sealed class GatedQueue : IOutboxQueue
    {
        private Hold? _hold;
        private Exception? _failNext;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ConcurrentQueue<(IReadOnlyList<string> Ids, OutboxPriority Priority, TimeSpan Delay)> Sent { get; } = new();

        public Hold HoldNext() => _hold = new Hold();

        public void FailNext(Exception failure) => _failNext = failure;

        public async Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            _ = OutboxSignal.Format(messageIds); // what the real queue could not take as one message, this one does not either
            if (Interlocked.Exchange(ref _hold, null) is { } hold)
            {
                hold.Entered.SetResult();
                await hold.Release.Task;
            }
            else if (Interlocked.Exchange(ref _failNext, null) is { } failure)
            {
                throw failure;
            }

            Sent.Enqueue(([.. messageIds], priority, delay));
        }

        public sealed class Hold
        {
            public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
