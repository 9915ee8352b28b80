namespace OnDuty.Core.Notifications;

/// <summary>
/// The send queues: a queue message only says "send these outbox ids" (the outbox rows are the record of truth).
/// Pages and escalations go on their own queue so they never wait behind other mail.
/// </summary>
public interface IOutboxQueue
{
    /// <summary>
    /// Asks a consumer to send <paramref name="messageIds"/> (one or more, all of <paramref name="priority"/>) once
    /// <paramref name="delay"/> has passed: one queue message (<see cref="OutboxSignal"/>), so the messages a page step
    /// records together cost one enqueue and one dequeue, not one per recipient.
    /// </summary>
    Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken);
}
