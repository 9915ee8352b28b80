namespace OnDuty.Core.Notifications;

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

    /// <summary>
    /// The message its provider accepted under <paramref name="providerId"/> (<see cref="MarkAcceptedAsync"/>: an ACS email
    /// operation id), while it is kept; null for an id no message was accepted under. How a provider's later report (a
    /// bounce) finds the message it is about.
    /// </summary>
    Task<OutboxMessage?> FindByProviderIdAsync(string providerId, CancellationToken cancellationToken);

    /// <summary>Pending messages whose next attempt is due and whose lease (if any) has expired, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Pages (<see cref="OutboxPriority.Page"/>) queued at or before <paramref name="queuedBefore"/> and still pending (not yet
    /// taken by a provider, whether waiting for a retry or held by a sender), oldest first, <paramref name="max"/> at most.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ListLatePagesAsync(DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken);

    /// <summary>Takes the send lease on a due message (ETag-guarded); null if another instance holds it, it is not due yet or no longer pending.</summary>
    Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="TryLeaseAsync"/> for several messages (one queue message's ids), in as few writes as the store can make
    /// atomic; returns the leases taken, by id. A message held elsewhere, not due or settled is left out, as one by one.
    /// </summary>
    async Task<IReadOnlyDictionary<string, OutboxLease>> TryLeaseManyAsync(IReadOnlyList<string> ids, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var leases = new Dictionary<string, OutboxLease>(StringComparer.Ordinal);
        foreach (var id in ids.Distinct(StringComparer.Ordinal))
        {
            if (await TryLeaseAsync(id, now, leaseUntil, cancellationToken) is { } lease)
            {
                leases[id] = lease;
            }
        }

        return leases;
    }

    /// <summary>Extends a lease this caller still holds; null when it was lost (taken over or settled meanwhile).</summary>
    Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken);

    Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="MarkSentAsync"/> for a message the provider accepted under <paramref name="providerId"/>, and in the
    /// same transaction lists it for a status check at <paramref name="confirmAt"/> and makes it findable by that id
    /// (<see cref="FindByProviderIdAsync"/>).
    /// </summary>
    Task MarkAcceptedAsync(string id, DateTimeOffset sentAt, string providerId, DateTimeOffset confirmAt, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="MarkSentAsync"/> or <see cref="MarkAcceptedAsync"/> for each delivery, in as few writes as the store can make
    /// atomic. As one by one: a message recorded sent before is a no-op. Returns the ids another instance settled otherwise
    /// meanwhile (nothing recorded for them, as <see cref="Common.ConcurrencyException"/> one by one); a storage failure
    /// throws, and calling again with the same deliveries is safe.
    /// </summary>
    async Task<IReadOnlyList<string>> MarkSentManyAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        var settledOtherwise = new List<string>();
        foreach (var delivery in deliveries)
        {
            try
            {
                if (delivery is { ProviderId: { } providerId, ConfirmAt: { } confirmAt })
                {
                    await MarkAcceptedAsync(delivery.Id, delivery.SentAt, providerId, confirmAt, cancellationToken);
                }
                else if (delivery.ProviderId is { } done)
                {
                    await MarkDeliveredAsync(delivery.Id, delivery.SentAt, done, cancellationToken);
                }
                else
                {
                    await MarkSentAsync(delivery.Id, delivery.SentAt, cancellationToken);
                }
            }
            catch (Common.ConcurrencyException)
            {
                settledOtherwise.Add(delivery.Id);
            }
        }

        return settledOtherwise;
    }

    /// <summary>
    /// Like <see cref="MarkSentAsync"/> for a message its provider reports done already under <paramref name="providerId"/> (an
    /// ACS operation found <c>Succeeded</c> on a retry): no status check is owed, and it is findable by that id
    /// (<see cref="FindByProviderIdAsync"/>) for the provider's later reports.
    /// </summary>
    Task MarkDeliveredAsync(string id, DateTimeOffset sentAt, string providerId, CancellationToken cancellationToken);

    /// <summary>Accepted messages whose status check is due, oldest first.</summary>
    Task<IReadOnlyList<PendingConfirmation>> ListToConfirmAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Ends the status check: <paramref name="error"/> null when the provider finished it, else the message becomes Failed (visible).</summary>
    Task SettleConfirmationAsync(string id, string? error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Asks again at <paramref name="confirmAt"/>.</summary>
    Task DeferConfirmationAsync(string id, DateTimeOffset confirmAt, CancellationToken cancellationToken);

    /// <summary>Records a failed attempt; the message stays pending until <paramref name="nextAttemptAt"/>.</summary>
    Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a pending message waiting for a later retry due at <paramref name="at"/> (its provider is back: a page need not wait out
    /// its backoff). Attempts and the last error stay. False, nothing written, when it is not pending, already due by then, or held
    /// by a sender (leased): a message is never taken from whoever is sending it.
    /// </summary>
    Task<bool> BringForwardAsync(string id, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Gives the message up: status Failed, out of the due index, visible in <see cref="ListAsync"/>.</summary>
    Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Drops a pending message that no longer applies: status Cancelled, out of the due index, visible in <see cref="ListAsync"/>.</summary>
    Task MarkCancelledAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records on a given-up (failed) message that it was sent again as <paramref name="resendId"/>
    /// (<see cref="OutboxMessage.ResentAs"/>), unless it records that already. ETag-guarded: a
    /// <see cref="Common.ConcurrencyException"/> when the message is not given up or names another re-send; a
    /// <see cref="Common.NotFoundException"/> when there is none.
    /// </summary>
    Task MarkResentAsync(string id, string resendId, CancellationToken cancellationToken);

    /// <summary>Messages by status, newest first (single-partition index query).</summary>
    Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Failed messages (<see cref="MarkFailedAsync"/>, or <see cref="SettleConfirmationAsync"/> with an error) whose
    /// <see cref="OutboxMessage.SoleRecipient"/> is one of <paramref name="recipients"/> (an address, ignoring case, or a number),
    /// failed at or after <paramref name="since"/>, the latest failure first, <paramref name="max"/> at most. Read from an index
    /// by recipient written with each failure, so other recipients' failures, however many, neither hide these nor are read.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> ListFailedToAsync(IReadOnlyCollection<string> recipients, DateTimeOffset since, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Drops up to <paramref name="max"/> entries of the index <see cref="ListFailedToAsync"/> reads for failures before
    /// <paramref name="failedBefore"/>; returns how many. The messages stay failed (<see cref="ListAsync"/>).
    /// </summary>
    Task<int> PurgeFailedToAsync(DateTimeOffset failedBefore, int max, CancellationToken cancellationToken);

    /// <summary>Deletes up to <paramref name="max"/> sent messages sent before <paramref name="sentBefore"/>; returns how many.</summary>
    Task<int> PurgeSentAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken);
}
