using System.Collections.Concurrent;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// The send queues in memory. With a <see cref="Consumer"/> a signal without delay is consumed at once (as a queue
/// trigger would, only sooner); delayed signals (retries) and everything without a consumer wait in <see cref="Signals"/>.
/// </summary>
internal sealed class InMemoryOutboxQueue(TimeProvider? time = null) : IOutboxQueue
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string, OutboxPriority, TimeSpan), DateTimeOffset> _visibleAt = new();

    public ConcurrentQueue<(string Id, OutboxPriority Priority, TimeSpan Delay)> Signals { get; } = new();

    /// <summary>Every signal ever made, consumed or not.</summary>
    public ConcurrentQueue<(string Id, OutboxPriority Priority, TimeSpan Delay)> History { get; } = new();

    public Func<string, Task>? Consumer { get; set; }

    /// <summary>When set, signalling throws it (the queue service is down).</summary>
    public Exception? Failure { get; set; }

    /// <summary>The ids of each queue message, in the order signalled (a queue message may name several).</summary>
    public ConcurrentQueue<IReadOnlyList<string>> QueueMessages { get; } = new();

    public async Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (Failure is { } failure)
        {
            throw failure;
        }

        // As the real queue would refuse it: what cannot be one queue message is not one here either.
        _ = OutboxSignal.Format(messageIds);
        QueueMessages.Enqueue(messageIds);
        foreach (var messageId in messageIds)
        {
            History.Enqueue((messageId, priority, delay));
            if (Consumer is { } consume && delay <= TimeSpan.Zero)
            {
                await consume(messageId);
                continue;
            }

            _visibleAt[(messageId, priority, delay)] = _time.GetUtcNow() + delay;
            Signals.Enqueue((messageId, priority, delay));
        }
    }

    /// <summary>Hands every signal visible now (its delay passed on the clock) to <paramref name="consume"/>; later ones stay.</summary>
    public async Task DrainAsync(Func<string, Task> consume)
    {
        var waiting = new List<(string Id, OutboxPriority Priority, TimeSpan Delay)>();
        while (Signals.TryDequeue(out var signal))
        {
            if (_visibleAt.GetValueOrDefault(signal) > _time.GetUtcNow())
            {
                waiting.Add(signal);
                continue;
            }

            await consume(signal.Id);
        }

        foreach (var signal in waiting)
        {
            Signals.Enqueue(signal);
        }
    }
}
