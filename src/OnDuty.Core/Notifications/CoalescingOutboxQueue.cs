namespace OnDuty.Core.Notifications;

/// <summary>
/// Group commit for the send queues' signals. A signal to send now goes out at once when none of its priority is in flight;
/// signals made while one is (a storm of new incidents, each queuing its page) wait for it and then go out together, as few
/// queue messages as <see cref="OutboxSignal.Chunk"/> allows. So a quiet instance signals as before, and a busy one pays one
/// enqueue and one dequeue per batch instead of per incident. Each caller returns once the queue message naming its ids was
/// accepted, and sees its batch's failure as its own (the outbox rows stay due, so the retry timer sweeps them either
/// way). Delayed signals (retries) are not held: they go out alone, at their own delay. While the queue service is slow, a
/// signal may wait for the one in flight before its own goes out: each is bounded by the queue client's timeout and retries.
/// </summary>
public sealed class CoalescingOutboxQueue(IOutboxQueue inner) : IOutboxQueue
{
    private readonly Lane _pages = new();
    private readonly Lane _normal = new();

    public Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (delay > TimeSpan.Zero || messageIds.Count == 0)
        {
            return inner.SignalAsync(messageIds, priority, delay, cancellationToken);
        }

        // An id no queue message can name fails its own caller here, not the batch it would have joined.
        OutboxSignal.ThrowIfAnyInvalid(messageIds);
        var lane = priority == OutboxPriority.Page ? _pages : _normal;
        Task batch;
        var lead = false;
        lock (lane.Gate)
        {
            lane.Waiting.AddRange(messageIds);
            lane.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            batch = lane.Next.Task;
            if (!lane.Sending)
            {
                lane.Sending = true;
                lead = true;
            }
        }

        if (lead)
        {
            _ = SendWaitingAsync(lane, priority);
        }

        return batch.WaitAsync(cancellationToken);
    }

    /// <summary>Sends what waits in <paramref name="lane"/>, batch after batch, until nothing does.</summary>
    private async Task SendWaitingAsync(Lane lane, OutboxPriority priority)
    {
        while (true)
        {
            List<string> ids;
            TaskCompletionSource done;
            lock (lane.Gate)
            {
                if (lane.Next is null)
                {
                    lane.Sending = false;
                    return;
                }

                (ids, done) = (lane.Waiting, lane.Next);
                (lane.Waiting, lane.Next) = ([], null);
            }

            try
            {
                // Ids signalled twice in one batch (a repeated enqueue) are named once.
                var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
                await Task.WhenAll(OutboxSignal.Chunk(distinct).Select(chunk => inner.SignalAsync(chunk, priority, TimeSpan.Zero, CancellationToken.None))).ConfigureAwait(false);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        }
    }

    private sealed class Lane
    {
        public readonly Lock Gate = new();

        public List<string> Waiting = [];

        /// <summary>Completes when the batch now gathering was accepted; null while nothing gathers.</summary>
        public TaskCompletionSource? Next;

        public bool Sending;
    }
}
