namespace OnDuty.Core.Notifications;

/// <summary>
/// The send queues: a queue message only says "send this outbox id" (the outbox row is the record of truth).
/// Pages and escalations go on their own queue so they never wait behind other mail.
/// </summary>
public interface IOutboxQueue
{
    /// <summary>Asks a consumer to send <paramref name="messageId"/> once <paramref name="delay"/> has passed.</summary>
    Task SignalAsync(string messageId, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken);
}
