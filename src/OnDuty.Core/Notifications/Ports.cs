namespace OnDuty.Core.Notifications;

/// <summary>Outcome of one delivery attempt, as the provider reported it.</summary>
public abstract record SendResult
{
    public sealed record Delivered(string? ProviderId = null) : SendResult;

    /// <summary>
    /// The provider took the message (ACS <c>202</c>) and processes it on its own: as good as sent for the sender, which
    /// does not wait, and its final status is asked for later (<see cref="IEmailSender.ConfirmAsync"/>), so a failure
    /// after acceptance still shows up.
    /// </summary>
    public sealed record Accepted(string ProviderId) : SendResult;

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

    /// <summary>Blind-copied readers. When set, <see cref="To"/> is empty: ACS sends it with nobody in "to", SMTP and Graph
    /// address it to the sending mailbox itself, so no reader sees who else got it.</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];
}

/// <summary>Sends one email. <paramref name="messageId"/> is stable across retries of the same message.</summary>
public interface IEmailSender
{
    Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// The final status of a message the provider accepted (<see cref="SendResult.Accepted"/>). Providers whose
    /// acceptance is final (SMTP, Graph) never answer <see cref="SendResult.Accepted"/> and keep this default.
    /// </summary>
    Task<DeliveryConfirmation> ConfirmAsync(string providerId, CancellationToken cancellationToken) =>
        Task.FromResult<DeliveryConfirmation>(new DeliveryConfirmation.Confirmed());
}

/// <summary>What the provider says about a message it accepted earlier.</summary>
public abstract record DeliveryConfirmation
{
    /// <summary>Done on the provider's side.</summary>
    public sealed record Confirmed : DeliveryConfirmation;

    /// <summary>The provider gave it up after accepting it (e.g. ACS operation <c>Failed</c>).</summary>
    public sealed record Failed(string Error) : DeliveryConfirmation;

    /// <summary>
    /// No final status yet (<paramref name="Answered"/>: the provider said it is still working on it), or the provider could
    /// not be asked now (its status polls are paced or throttled); ask again after <paramref name="RetryAfter"/>.
    /// </summary>
    public sealed record NotYet(string Reason, bool Answered, TimeSpan? RetryAfter = null) : DeliveryConfirmation;
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

    /// <summary>
    /// <see cref="TryEnqueueAsync"/> for several messages at once (a page step's email and card), in as few writes as the
    /// store can make atomic; returns the ones newly queued (those queued before are skipped, as one by one).
    /// </summary>
    async Task<IReadOnlyList<OutboxMessage>> TryEnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var queued = new List<OutboxMessage>();
        foreach (var message in messages)
        {
            if (await TryEnqueueAsync(message, leaseUntil, cancellationToken))
            {
                queued.Add(message);
            }
        }

        return queued;
    }

    Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Pending messages whose next attempt is due and whose lease (if any) has expired, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Takes the send lease on a due message (ETag-guarded); null if another instance holds it, it is not due yet or no longer pending.</summary>
    Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>Extends a lease this caller still holds; null when it was lost (taken over or settled meanwhile).</summary>
    Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="MarkSentAsync"/> for a message the provider accepted under <paramref name="providerId"/>, and in the
    /// same transaction lists it for a status check at <paramref name="confirmAt"/>.
    /// </summary>
    Task MarkAcceptedAsync(string id, DateTimeOffset sentAt, string providerId, DateTimeOffset confirmAt, CancellationToken cancellationToken);

    /// <summary>Accepted messages whose status check is due, oldest first.</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListToConfirmAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Ends the status check: <paramref name="error"/> null when the provider finished it, else the message becomes Failed (visible).</summary>
    Task SettleConfirmationAsync(string id, string? error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Asks again at <paramref name="confirmAt"/>.</summary>
    Task DeferConfirmationAsync(string id, DateTimeOffset confirmAt, CancellationToken cancellationToken);

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

/// <summary>An accepted message waiting for its provider's final status.</summary>
public sealed record PendingConfirmation(string MessageId, string ProviderId, DateTimeOffset SentAt, DateTimeOffset ConfirmAt);

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
