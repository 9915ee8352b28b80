namespace OnDuty.Core.Notifications;

/// <summary>Outcome of one delivery attempt, as the provider reported it.</summary>
public abstract record SendResult
{
    public sealed record Delivered(string? ProviderId = null) : SendResult;

    /// <summary>Worth trying again (429, 5xx, network); <paramref name="RetryAfter"/> is the provider's hint.</summary>
    public sealed record Transient(string Error, TimeSpan? RetryAfter = null) : SendResult;

    /// <summary>Will never work as is (rejected address, bad request); the message is given up at once.</summary>
    public sealed record Permanent(string Error) : SendResult;
}

public sealed record EmailMessage(
    string To,
    string? ToName,
    string Subject,
    string TextBody,
    string? HtmlBody)
{
    /// <summary>Attempts recorded before this one. An adapter whose provider has no idempotent send
    /// checks for an earlier attempt's result before sending again when this is above zero.</summary>
    public int PriorAttempts { get; init; }

    /// <summary>When the message was queued; null when unknown. An attempt long after it may follow one that was
    /// never recorded (an instance that stopped mid-send), so adapters treat it like a retry.</summary>
    public DateTimeOffset? QueuedAt { get; init; }

    /// <summary>Blind-copied readers. When set, <see cref="To"/> is empty: adapters address the message to the sender
    /// itself, so no reader sees who else got it.</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];
}

/// <summary>Sends one email. <paramref name="messageId"/> is stable across retries of the same message.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken);
}

/// <summary>Posts an Adaptive Card to the team's Teams channel.</summary>
public interface ITeamsChannel
{
    bool Enabled { get; }

    Task<SendResult> PostCardAsync(string cardJson, CancellationToken cancellationToken);
}

/// <summary>Durable outbox of messages. Message row and its due-index row are written together.</summary>
public interface IOutboxStore
{
    /// <summary>Queues a message unless one with the same id exists; returns false when it existed (nothing written).
    /// The message is leased to the caller until <paramref name="leaseUntil"/> so a retry timer leaves it alone while it is sent.</summary>
    Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Pending messages whose next attempt is due and whose lease (if any) has expired, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Takes the send lease on a due message (ETag-guarded); null if another instance holds it, it is not due yet or no longer pending.</summary>
    Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends a lease this caller still holds; null when it was lost (taken over or settled meanwhile).</summary>
    Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; the message stays pending until <paramref name="nextAttemptAt"/>.</summary>
    Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Gives the message up: status Failed, out of the due index, visible in <see cref="ListAsync"/>.</summary>
    Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Drops a pending message that no longer applies: status Cancelled, out of the due index, visible in <see cref="ListAsync"/>.</summary>
    Task MarkCancelledAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Messages by status, newest first (single-partition index query).</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="max"/> sent messages sent before <paramref name="sentBefore"/>; returns how many.</summary>
    Task<int> PurgeSentAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken);
}

/// <summary>A send lease on one message; <see cref="Token"/> tells this holder's lease from a later one.</summary>
public sealed record OutboxLease(string MessageId, string Token, DateTimeOffset Until);

/// <summary>
/// The send queues: a queue message only says "send this outbox id" (the outbox row is the record of truth).
/// Pages and escalations go on their own queue so they never wait behind other mail.
/// </summary>
public interface IOutboxQueue
{
    /// <summary>Asks a consumer to send <paramref name="messageId"/> once <paramref name="delay"/> has passed.</summary>
    Task SignalAsync(string messageId, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>
/// Knows whether a message about its kind of subject still applies, checked right before each attempt, and hears
/// how each attempt ended (so an incident's timeline can say which channel reached whom).
/// </summary>
public interface IOutboxSubject
{
    /// <summary>Null when the message still applies (or is not about this subject); otherwise why it no longer does.</summary>
    Task<string?> NoLongerAppliesAsync(OutboxMessage message, CancellationToken cancellationToken);

    /// <summary>Called once a message is delivered or given up; <paramref name="error"/> is null when delivered.</summary>
    Task SettledAsync(OutboxMessage message, string? error, CancellationToken cancellationToken);
}
