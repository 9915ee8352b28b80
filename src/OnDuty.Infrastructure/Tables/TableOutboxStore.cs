using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// The outbox in one partition (PK "outbox"), so every change that spans rows is one entity-group transaction:
/// <c>msg|{id}</c> holds the message, <c>due|{id}</c> indexes pending messages (next attempt, lease),
/// <c>failed|{id}</c> indexes given-up messages, <c>cancelled|{id}</c> messages dropped because they no longer applied,
/// <c>confirm|{id}</c> messages a provider accepted whose final status is still to be asked for,
/// <c>failedto|{recipient}|{latest first}|{id}</c> the failures of messages to one person by their address or number.
/// The due row carries the send lease (<c>LeaseUntil</c>, <c>LeaseToken</c>).
/// A pending message this instance has just read (to send it) is remembered at its ETag, so the write that settles it after
/// the attempt is one transaction at that ETag rather than a read and a transaction; if the row changed meanwhile (412), it is
/// read again and the write decided on what it says, exactly as without the memo.
/// A message this instance has just queued is remembered as written, with its due row's ETag: the lease that follows (its queue
/// message usually reaches this instance within moments) is one write at that ETag, and the message read after it needs no
/// request. Every write to a pending message changes or deletes its due row too, so a lease taken at the due row's ETag of the
/// queuing proves the message is still exactly as queued; if it is not (412, 404), the lease is decided on the rows as read now.
/// </summary>
public sealed class TableOutboxStore(OnDutyTables tables) : IOutboxStore
{
    internal const string Partition = "outbox";
    internal const string MessagePrefix = "msg|";
    internal const string DuePrefix = "due|";
    internal const string FailedPrefix = "failed|";
    internal const string CancelledPrefix = "cancelled|";
    internal const string ConfirmPrefix = "confirm|";

    /// <summary>An accepted message by its provider's id (an ACS email operation id): how a later delivery report finds it.</summary>
    internal const string ProviderPrefix = "provider|";

    /// <summary>
    /// Failures by recipient (<see cref="OutboxRows.FailedToKey"/>), written in the transaction that marks a message failed, so a
    /// member's failures are read without reading the team's. Kept for <see cref="OutboxRetention.FailedToKept"/>.
    /// </summary>
    internal const string FailedToPrefix = "failedto|";

    /// <summary>
    /// On a <c>failed|</c> row: whether the failure is in the index by recipient (false for a message to no one person). Rows
    /// written before that index existed lack it: <see cref="ListFailedToAsync"/> reads those the way the pages did before.
    /// </summary>
    private const string ByRecipient = "ByRecipient";

    /// <summary>Failures written before the index by recipient read at most per <see cref="ListFailedToAsync"/>: the team's newest, as before it.</summary>
    private const int UnindexedRead = 50;

    /// <summary>Rows an entity-group transaction may hold.</summary>
    private const int MaxTransactionRows = 100;

    /// <summary>Messages deleted per entity-group transaction when purging: each with its provider row, so at most 100 rows.</summary>
    private const int PurgeBatch = 50;

    /// <summary>Point reads run this many at a time when a listing joins index rows to messages.</summary>
    private const int ReadParallelism = 8;

    /// <summary>Pending messages remembered at most; beyond that the memo starts over (a read is only an optimisation).</summary>
    private const int MaxRemembered = 10_000;

    private readonly TableClient _table = tables.Outbox;

    /// <summary>Messages queued by this instance at most remembered as written; beyond that the memo starts over (it only saves reads).</summary>
    private const int MaxQueuedRemembered = 256;

    /// <summary>A message row's texts up to this many characters are remembered when queued; a larger message is read when sent.</summary>
    private const int MaxQueuedRememberedChars = 64 * 1024;

    /// <summary>Messages this instance queued and has not leased yet, as written: the message and its due row (ETag, next attempt, lease).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Queued> _queued = new(StringComparer.Ordinal);

    /// <summary>Messages leased at the due row's ETag of their queuing, so unchanged since: <see cref="GetAsync"/> answers from here once.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Queued> _leasedAsQueued = new(StringComparer.Ordinal);

    private sealed record Queued(OutboxMessage Message, ETag MessageETag, ETag DueETag, DateTimeOffset NextAttemptAt, DateTimeOffset LeaseUntil);

    /// <summary>What the settling writes need of a pending message read by <see cref="GetAsync"/>: its ETag, attempts and creation time.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TableEntity> _pendingRead = new(StringComparer.Ordinal);

    /// <summary>UTC ticks from which this instance found no failure without a row in the index by recipient (none written since).</summary>
    private long _noUnindexedFailuresFrom = long.MaxValue;

    public Task<bool> TryEnqueueAsync(OutboxMessage message, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        if (message.Status != OutboxStatus.Pending)
        {
            throw new ArgumentException($"Only pending messages are queued; '{message.Id}' is {message.Status}.", nameof(message));
        }

        if (string.IsNullOrEmpty(message.Id) || message.Id.Length > OutboxMessage.MaxIdLength)
        {
            throw new ArgumentException($"An outbox id must be 1-{OutboxMessage.MaxIdLength} characters.", nameof(message));
        }

        var actions = QueueActions(message, leaseUntil);
        return TableCall.RunAsync(async () =>
        {
            try
            {
                var written = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                RememberQueued([message], actions, written.Value, leaseUntil);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return false;
            }
        }, cancellationToken);
    }

    /// <summary>
    /// Messages whose rows fit one entity-group transaction (every row is in the outbox partition: at most 50 messages, well
    /// under its 4 MiB) are added in one; when one of them was queued before (the transaction fails whole with a 409), or they
    /// are too many or too large, they are queued one by one.
    /// </summary>
    public async Task<IReadOnlyList<OutboxMessage>> TryEnqueueManyAsync(IReadOnlyList<OutboxMessage> messages, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        const long MaxBatchTextBytes = 2L * 1024 * 1024;
        var text = messages.Sum(OutboxRows.TextChars) * sizeof(char);
        if (messages.Count > 1 && messages.Count <= 50 && text <= MaxBatchTextBytes && messages.DistinctBy(m => m.Id).Count() == messages.Count
            && messages.All(m => m.Status == OutboxStatus.Pending && m.Id is { Length: > 0 } id && id.Length <= OutboxMessage.MaxIdLength))
        {
            var actions = messages.SelectMany(m => QueueActions(m, leaseUntil)).ToList();
            var added = await TableCall.RunAsync(async () =>
            {
                try
                {
                    var written = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                    RememberQueued(messages, actions, written.Value, leaseUntil);
                    return true;
                }
                catch (RequestFailedException ex) when (ex.IsConflict())
                {
                    return false; // one was queued before: nothing of the transaction is written, so each goes on its own below
                }
            }, cancellationToken).ConfigureAwait(false);
            if (added)
            {
                return messages;
            }
        }

        var queued = new List<OutboxMessage>();
        foreach (var message in messages)
        {
            if (await TryEnqueueAsync(message, leaseUntil, cancellationToken).ConfigureAwait(false))
            {
                queued.Add(message);
            }
        }

        return queued;
    }

    public Task<OutboxMessage?> GetAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (_leasedAsQueued.TryRemove(id, out var queued))
            {
                RememberRead(queued.Message, queued.MessageETag);
                return queued.Message;
            }

            if (await ReadMessageAsync(id, cancellationToken).ConfigureAwait(false) is not { } entity)
            {
                return null;
            }

            var message = OutboxRows.ToMessage(entity);
            if (message.Status == OutboxStatus.Pending)
            {
                RememberRead(message, entity.ETag);
            }

            return message;
        }, cancellationToken);

    /// <remarks>One point read of the provider row, then of the message; none for an id no provider row is kept under (from a report, not from us).</remarks>
    public Task<OutboxMessage?> FindByProviderIdAsync(string providerId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!IsProviderKey(providerId))
            {
                return null;
            }

            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, OutboxRows.Key(ProviderPrefix, providerId), select: ["Id"], cancellationToken).ConfigureAwait(false);
            return row.HasValue && row.Value!.GetString("Id") is { } id ? await GetAsync(id, cancellationToken).ConfigureAwait(false) : null;
        }, cancellationToken);

    /// <remarks>Reads every due index row (one range query in the outbox partition) to order them by next attempt; the index holds only pending messages.</remarks>
    public Task<IReadOnlyList<OutboxMessage>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var filter = RangeFilter(DuePrefix) + " and " + TableClient.CreateQueryFilter($"NextAttemptAt le {now}");
            var due = new List<(string Id, DateTimeOffset NextAttemptAt)>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Id", "NextAttemptAt", "LeaseUntil"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                // A missing LeaseUntil means no lease; a comparison in the server filter would drop such rows.
                if (row.GetDateTimeOffset("LeaseUntil") is not { } lease || lease <= now)
                {
                    due.Add((row.RequiredString("Id"), row.Timestamp("NextAttemptAt")));
                }
            }

            var ids = due.OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id, StringComparer.Ordinal).Take(max).Select(d => d.Id);
            return await ReadMessagesAsync(ids, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<OutboxMessage>> ListLatePagesAsync(DateTimeOffset queuedBefore, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // From the due index (pending messages only): a due row written before rows carried the priority may be a page too.
            var filter = RangeFilter(DuePrefix) + " and " + TableClient.CreateQueryFilter($"CreatedAt le {queuedBefore}");
            var candidates = new List<(string Id, DateTimeOffset CreatedAt)>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Id", "CreatedAt", "Priority"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.GetString("Priority") is null or nameof(OutboxPriority.Page))
                {
                    candidates.Add((row.RequiredString("Id"), row.Timestamp("CreatedAt")));
                }
            }

            // Oldest first, read a chunk at a time until max pages are found: older legacy rows that turn out to be normal
            // mail must not fill the count and hide the pages behind them.
            var late = new List<OutboxMessage>();
            foreach (var chunk in candidates.OrderBy(c => c.CreatedAt).ThenBy(c => c.Id, StringComparer.Ordinal).Select(c => c.Id).Chunk(Math.Max(1, max)))
            {
                late.AddRange((await ReadMessagesAsync(chunk, cancellationToken).ConfigureAwait(false)).Where(m => m.Status == OutboxStatus.Pending && m.Priority == OutboxPriority.Page));
                if (late.Count >= max)
                {
                    break;
                }
            }

            return (IReadOnlyList<OutboxMessage>)[.. late.Take(max)];
        }, cancellationToken);

    public Task<OutboxLease?> TryLeaseAsync(string id, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (_queued.TryRemove(id, out var queued) && queued.NextAttemptAt <= now && queued.LeaseUntil <= now)
            {
                // Due and free as this instance queued it: one write at the due row's ETag of then. A 412 or 404 (another
                // instance leased, retried or settled it meanwhile) decides on the row as read now, below.
                var asQueued = new TableEntity(Partition, OutboxRows.Key(DuePrefix, id)) { ETag = queued.DueETag };
                if (await WriteLeaseAsync(asQueued, id, leaseUntil, cancellationToken).ConfigureAwait(false) is { } lease)
                {
                    if (_leasedAsQueued.Count >= MaxQueuedRemembered)
                    {
                        _leasedAsQueued.Clear();
                    }

                    _leasedAsQueued[id] = queued;
                    return lease;
                }
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, OutboxRows.Key(DuePrefix, id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.HasValue || response.Value is not { } due)
            {
                return null;
            }

            if (due.Timestamp("NextAttemptAt") > now || due.GetDateTimeOffset("LeaseUntil") > now)
            {
                return null;
            }

            return await WriteLeaseAsync(due, id, leaseUntil, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <summary>
    /// The messages this instance queued and finds due and free as queued (a page step's emails and card, a fan-out's batches)
    /// are leased in one transaction at their due rows' ETags of then; if any of them changed meanwhile (the transaction fails
    /// whole, 412 or 404), or this instance did not queue them, each is leased on its own, on the rows as read now.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, OutboxLease>> TryLeaseManyAsync(IReadOnlyList<string> ids, DateTimeOffset now, DateTimeOffset leaseUntil, CancellationToken cancellationToken)
    {
        var leases = new System.Collections.Concurrent.ConcurrentDictionary<string, OutboxLease>(StringComparer.Ordinal);
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var asQueued = new List<(string Id, Queued Queued)>();
        foreach (var id in distinct)
        {
            if (_queued.TryGetValue(id, out var queued) && queued.NextAttemptAt <= now && queued.LeaseUntil <= now && _queued.TryRemove(id, out queued))
            {
                asQueued.Add((id, queued));
            }
        }

        if (asQueued.Count > 1)
        {
            foreach (var chunk in asQueued.Chunk(MaxTransactionRows))
            {
                var token = Guid.NewGuid().ToString("N");
                var actions = chunk.Select(q => new TableTransactionAction(
                    TableTransactionActionType.UpdateMerge,
                    new TableEntity(Partition, OutboxRows.Key(DuePrefix, q.Id)) { ["LeaseUntil"] = leaseUntil, ["LeaseToken"] = token },
                    q.Queued.DueETag)).ToList();
                if (!await TrySubmitUnlessChangedAsync(actions, cancellationToken).ConfigureAwait(false))
                {
                    continue; // each is leased on its own below, on its rows as read now
                }

                foreach (var (id, queued) in chunk)
                {
                    if (_leasedAsQueued.Count >= MaxQueuedRemembered)
                    {
                        _leasedAsQueued.Clear();
                    }

                    _leasedAsQueued[id] = queued;
                    leases[id] = new OutboxLease(id, token, leaseUntil);
                }
            }
        }
        else
        {
            foreach (var (id, queued) in asQueued)
            {
                _queued[id] = queued; // one alone: TryLeaseAsync takes it at its queued ETag as before
            }
        }

        await Parallel.ForEachAsync(
            distinct.Where(id => !leases.ContainsKey(id)),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                if (await TryLeaseAsync(id, now, leaseUntil, ct).ConfigureAwait(false) is { } lease)
                {
                    leases[id] = lease;
                }
            }).ConfigureAwait(false);
        return leases;
    }

    public Task<OutboxLease?> RenewLeaseAsync(OutboxLease lease, DateTimeOffset leaseUntil, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, OutboxRows.Key(DuePrefix, lease.MessageId), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.HasValue || response.Value is not { } due || due.GetString("LeaseToken") != lease.Token)
            {
                return null;
            }

            return await WriteLeaseAsync(due, lease.MessageId, leaseUntil, cancellationToken, lease.Token).ConfigureAwait(false);
        }, cancellationToken);

    private async Task<OutboxLease?> WriteLeaseAsync(TableEntity due, string id, DateTimeOffset leaseUntil, CancellationToken cancellationToken, string? token = null)
    {
        token ??= Guid.NewGuid().ToString("N");
        var lease = new TableEntity(Partition, due.RowKey) { ["LeaseUntil"] = leaseUntil, ["LeaseToken"] = token };
        try
        {
            await _table.UpdateEntityAsync(lease, due.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return new OutboxLease(id, token, leaseUntil);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            return null;
        }
    }

    public Task MarkSentAsync(string id, DateTimeOffset sentAt, CancellationToken cancellationToken) =>
        MarkSentAsync(new OutboxDelivery(id, sentAt), cancellationToken);

    public Task MarkAcceptedAsync(string id, DateTimeOffset sentAt, string providerId, DateTimeOffset confirmAt, CancellationToken cancellationToken) =>
        MarkSentAsync(new OutboxDelivery(id, sentAt, providerId, confirmAt), cancellationToken);

    public Task MarkDeliveredAsync(string id, DateTimeOffset sentAt, string providerId, CancellationToken cancellationToken) =>
        MarkSentAsync(new OutboxDelivery(id, sentAt, providerId), cancellationToken);

    /// <summary>Sent, out of the due index, with its provider and confirm rows (<see cref="SentActions"/>), in one transaction.</summary>
    private Task MarkSentAsync(OutboxDelivery delivery, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => WithPendingAsync(delivery.Id, OutboxStatus.Sent, async message =>
        {
            if (message is null)
            {
                return;
            }

            await SubmitAsync(delivery.Id, cancellationToken, [.. SentActions(message, delivery)]).ConfigureAwait(false);
        }, cancellationToken), cancellationToken);

    /// <summary>
    /// Deliveries of messages this instance read to send (<see cref="GetAsync"/>), whose rows fit one entity-group transaction
    /// (four per message: message, due, confirm and provider rows), are recorded in one at the ETags read; if any changed meanwhile
    /// (the transaction fails whole, 412 or 404), or one was not read here, each is recorded on its own, as
    /// <see cref="MarkSentAsync(string, DateTimeOffset, CancellationToken)"/> does.
    /// </summary>
    public async Task<IReadOnlyList<string>> MarkSentManyAsync(IReadOnlyList<OutboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        const int RowsPerMessage = 4;
        var alone = new List<OutboxDelivery>();
        var together = new List<(OutboxDelivery Delivery, TableEntity Read)>();
        foreach (var delivery in deliveries.DistinctBy(d => d.Id, StringComparer.Ordinal))
        {
            _queued.TryRemove(delivery.Id, out _);
            _leasedAsQueued.TryRemove(delivery.Id, out _);
            if (_pendingRead.TryRemove(delivery.Id, out var read))
            {
                together.Add((delivery, read));
            }
            else
            {
                alone.Add(delivery);
            }
        }

        if (together.Count == 1)
        {
            _pendingRead[together[0].Delivery.Id] = together[0].Read; // one alone: recorded at its ETag below, as before
            alone.Add(together[0].Delivery);
            together.Clear();
        }

        foreach (var chunk in together.Chunk(MaxTransactionRows / RowsPerMessage))
        {
            var actions = chunk.SelectMany(c => SentActions(c.Read, c.Delivery)).ToList();
            if (!await TrySubmitUnlessChangedAsync(actions, cancellationToken).ConfigureAwait(false))
            {
                alone.AddRange(chunk.Select(c => c.Delivery));
            }
        }

        var settledOtherwise = new List<string>();
        foreach (var delivery in alone)
        {
            try
            {
                await MarkSentAsync(delivery, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyException)
            {
                settledOtherwise.Add(delivery.Id);
            }
        }

        return settledOtherwise;
    }

    /// <summary>
    /// The rows recording <paramref name="delivery"/> of the pending <paramref name="message"/> (as read, at its ETag): sent, out
    /// of the due index, and for an accepted one into the confirm index and findable by its provider's id.
    /// </summary>
    private static List<TableTransactionAction> SentActions(TableEntity message, OutboxDelivery delivery)
    {
        var id = delivery.Id;
        var update = new TableEntity(Partition, message.RowKey)
        {
            ["Status"] = nameof(OutboxStatus.Sent),
            ["SentAt"] = delivery.SentAt,
            ["Attempts"] = message.RequiredInt("Attempts") + 1,
        };
        List<TableTransactionAction> actions =
        [
            new(TableTransactionActionType.UpdateMerge, update, message.ETag),
            new(TableTransactionActionType.Delete, new TableEntity(Partition, OutboxRows.Key(DuePrefix, id)), ETag.All),
        ];
        // Only an id that is a plain key (ACS's operation ids are GUIDs): an odd one must never fail the write that records a send.
        if (delivery.ProviderId is { } providerId && IsProviderKey(providerId))
        {
            update["ProviderId"] = providerId;
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, OutboxRows.Key(ProviderPrefix, providerId))
            {
                ["Id"] = id,
                ["SentAt"] = delivery.SentAt,
            }));
        }

        if (delivery is { ProviderId: { } checkedAs, ConfirmAt: { } confirmAt })
        {
            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, OutboxRows.Key(ConfirmPrefix, id))
            {
                ["Id"] = id,
                ["ProviderId"] = checkedAs,
                ["SentAt"] = delivery.SentAt,
                ["ConfirmAt"] = confirmAt,
            }));
        }

        return actions;
    }

    /// <summary>Whether a provider's id is kept as a provider row's key: short and plain, as ACS's operation ids (GUIDs) are.</summary>
    private static bool IsProviderKey(string providerId) =>
        providerId.Length is > 0 and <= 200 && providerId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <remarks>One range query over the confirm index (only accepted messages not yet confirmed are in it).</remarks>
    public Task<IReadOnlyList<PendingConfirmation>> ListToConfirmAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<PendingConfirmation>>(async () =>
        {
            var filter = RangeFilter(ConfirmPrefix) + " and " + TableClient.CreateQueryFilter($"ConfirmAt le {now}");
            var due = new List<PendingConfirmation>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Id", "ProviderId", "SentAt", "ConfirmAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                due.Add(new PendingConfirmation(row.RequiredString("Id"), row.RequiredString("ProviderId"), row.Timestamp("SentAt"), row.Timestamp("ConfirmAt")));
            }

            return due.OrderBy(d => d.ConfirmAt).ThenBy(d => d.MessageId, StringComparer.Ordinal).Take(max).ToList();
        }, cancellationToken);

    public Task SettleConfirmationAsync(string id, string? error, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var confirm = new TableEntity(Partition, OutboxRows.Key(ConfirmPrefix, id));
            if (error is null)
            {
                try
                {
                    await _table.DeleteEntityAsync(confirm, ETag.All, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.IsNotFound())
                {
                    // Settled by another instance already.
                }

                return;
            }

            var message = await ReadMessageAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("Outbox message", id);
            if (message.RequiredEnum<OutboxStatus>("Status") != OutboxStatus.Sent)
            {
                return; // failed already (a repeated call)
            }

            var update = new TableEntity(Partition, message.RowKey)
            {
                ["Status"] = nameof(OutboxStatus.Failed),
                ["LastError"] = OutboxRows.Error(error),
                ["FailedAt"] = at,
            };
            // A message sent outright owes no status check (an SMS its delivery report says was not delivered): no row to delete.
            var owed = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, confirm.RowKey, select: ["RowKey"], cancellationToken).ConfigureAwait(false);
            TableTransactionAction[] actions = owed.HasValue
                ? [new(TableTransactionActionType.UpdateMerge, update, message.ETag), new(TableTransactionActionType.Delete, confirm, ETag.All), .. FailedActions(message, id, at)]
                : [new(TableTransactionActionType.UpdateMerge, update, message.ETag), .. FailedActions(message, id, at)];
            await SubmitAsync(id, cancellationToken, actions).ConfigureAwait(false);
        }, cancellationToken);

    public Task DeferConfirmationAsync(string id, DateTimeOffset confirmAt, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                var confirm = new TableEntity(Partition, OutboxRows.Key(ConfirmPrefix, id)) { ["ConfirmAt"] = confirmAt };
                await _table.UpdateEntityAsync(confirm, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                // Settled meanwhile.
            }
        }, cancellationToken);

    public Task MarkRetryAsync(string id, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => WithPendingAsync(id, null, async pending =>
        {
            var message = pending ?? throw new ConcurrencyException($"Outbox message '{id}' is no longer pending.");
            var update = new TableEntity(Partition, message.RowKey)
            {
                ["Attempts"] = message.RequiredInt("Attempts") + 1,
                ["LastError"] = OutboxRows.Error(error),
                ["NextAttemptAt"] = nextAttemptAt,
            };

            // Replacing the due row drops its lease: the message is free for whichever timer run is next.
            var due = OutboxRows.DueEntity(id, nextAttemptAt, leaseUntil: null, message.Timestamp("CreatedAt"), OutboxRows.PriorityOf(message));
            await SubmitAsync(id, cancellationToken,
                new(TableTransactionActionType.UpdateMerge, update, message.ETag),
                new(TableTransactionActionType.UpdateReplace, due, ETag.All)).ConfigureAwait(false);
        }, cancellationToken), cancellationToken);

    public Task<bool> BringForwardAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // The due row only exists while the message is pending; its ETag guards against a sender leasing it meanwhile.
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, OutboxRows.Key(DuePrefix, id), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.HasValue || response.Value is not { } due || due.Timestamp("NextAttemptAt") <= at || due.GetDateTimeOffset("LeaseUntil") > at)
            {
                return false;
            }

            _queued.TryRemove(id, out _);
            _pendingRead.TryRemove(id, out _);
            try
            {
                await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, due.RowKey) { ["NextAttemptAt"] = at }, due.ETag),
                    new(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, OutboxRows.Key(MessagePrefix, id)) { ["NextAttemptAt"] = at }, ETag.All),
                ], cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                return false; // leased, retried or settled meanwhile
            }
        }, cancellationToken);

    public Task MarkFailedAsync(string id, string error, DateTimeOffset at, CancellationToken cancellationToken) =>
        SettleAsync(id, OutboxStatus.Failed, FailedPrefix, "FailedAt", error, at, countsAsAttempt: true, cancellationToken);

    public Task MarkCancelledAsync(string id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        SettleAsync(id, OutboxStatus.Cancelled, CancelledPrefix, "CancelledAt", reason, at, countsAsAttempt: false, cancellationToken);

    public Task<int> PurgeSentAsync(DateTimeOffset sentBefore, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var filter = RangeFilter(MessagePrefix) + " and " + TableClient.CreateQueryFilter($"Status eq {nameof(OutboxStatus.Sent)} and SentAt lt {sentBefore}");
            var rows = new List<(string Key, string? ProviderId)>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey", "ProviderId"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add((row.RowKey, row.GetString("ProviderId")));
                if (rows.Count >= max)
                {
                    break;
                }
            }

            // A sent message's only other row is its provider row, when a provider accepted it; a report about it after this
            // finds nothing, as about any message no longer kept. One partition, so each batch in one transaction.
            await DeleteBatchesAsync(
                rows.Chunk(PurgeBatch).Select(chunk => chunk.SelectMany(r => r.ProviderId is { } provider ? [r.Key, OutboxRows.Key(ProviderPrefix, provider)] : new[] { r.Key }).ToList()),
                cancellationToken).ConfigureAwait(false);
            return rows.Count;
        }, cancellationToken);

    /// <remarks>One range query over the index by recipient (it holds only failures not purged yet), then transactions of 100 rows.</remarks>
    public Task<int> PurgeFailedToAsync(DateTimeOffset failedBefore, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var filter = RangeFilter(FailedToPrefix) + " and " + TableClient.CreateQueryFilter($"FailedAt lt {failedBefore}");
            var keys = new List<string>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                keys.Add(row.RowKey);
                if (keys.Count >= max)
                {
                    break;
                }
            }

            await DeleteBatchesAsync(keys.Chunk(MaxTransactionRows), cancellationToken).ConfigureAwait(false);
            return keys.Count;
        }, cancellationToken);

    /// <summary>Deletes each batch of rows (at most 100, all in the outbox partition) in one transaction.</summary>
    private async Task DeleteBatchesAsync(IEnumerable<IReadOnlyList<string>> batches, CancellationToken cancellationToken)
    {
        foreach (var keys in batches)
        {
            try
            {
                await _table.SubmitTransactionAsync(keys.Select(Delete), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                // A row already gone (another purge, or a message accepted before provider rows were kept): one by one.
                foreach (var key in keys)
                {
                    try
                    {
                        await _table.DeleteEntityAsync(Partition, key, ETag.All, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException gone) when (gone.IsNotFound())
                    {
                    }
                }
            }
        }

        static TableTransactionAction Delete(string key) => new(TableTransactionActionType.Delete, new TableEntity(Partition, key), ETag.All);
    }

    /// <summary>Takes a pending message out of the due index into <paramref name="indexPrefix"/>, with its status, in one transaction.</summary>
    private Task SettleAsync(string id, OutboxStatus status, string indexPrefix, string timeProperty, string error, DateTimeOffset at, bool countsAsAttempt, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => WithPendingAsync(id, status, async message =>
        {
            if (message is null)
            {
                return;
            }

            var update = new TableEntity(Partition, message.RowKey)
            {
                ["Status"] = status.ToString(),
                ["Attempts"] = message.RequiredInt("Attempts") + (countsAsAttempt ? 1 : 0),
                ["LastError"] = OutboxRows.Error(error),
                [timeProperty] = at,
            };
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateMerge, update, message.ETag),
                new(TableTransactionActionType.Delete, new TableEntity(Partition, OutboxRows.Key(DuePrefix, id)), ETag.All),
            ];
            if (status == OutboxStatus.Failed)
            {
                actions.AddRange(FailedActions(message, id, at));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, OutboxRows.Key(indexPrefix, id)) { ["Id"] = id, [timeProperty] = at }));
            }

            await SubmitAsync(id, cancellationToken, [.. actions]).ConfigureAwait(false);
        }, cancellationToken), cancellationToken);

    /// <summary>
    /// The index rows of <paramref name="message"/>'s failure (its row as read or remembered): the <c>failed|</c> row and, for a
    /// message to one person, its row in the index by recipient. They go in the transaction that marks it failed, at the message's
    /// ETag, and a message already failed is left alone: a repeated report or retry indexes nothing twice.
    /// </summary>
    private static IEnumerable<TableTransactionAction> FailedActions(TableEntity message, string id, DateTimeOffset at)
    {
        var recipient = OutboxRows.SoleRecipient(message);
        yield return new(TableTransactionActionType.UpsertReplace, new TableEntity(Partition, OutboxRows.Key(FailedPrefix, id))
        {
            ["Id"] = id,
            ["FailedAt"] = at,
            [ByRecipient] = recipient is not null,
        });
        if (recipient is not null)
        {
            yield return new(TableTransactionActionType.UpsertReplace, OutboxRows.FailedToEntity(recipient, id, at));
        }
    }

    /// <remarks>One point read, then one merge of <c>ResentAs</c> at the row's ETag (no index row changes: it stays given up).</remarks>
    public Task MarkResentAsync(string id, string resendId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var entity = await ReadMessageAsync(id, cancellationToken).ConfigureAwait(false) ?? throw new NotFoundException("Outbox message", id);
            var message = OutboxRows.ToMessage(entity);
            if (message.ResentAs == resendId)
            {
                return;
            }

            if (message.Status != OutboxStatus.Failed || message.ResentAs is not null)
            {
                throw new ConcurrencyException($"Outbox message '{id}' is {message.Status.ToString().ToLowerInvariant()}{(message.ResentAs is null ? "" : $", re-sent as '{message.ResentAs}'")}: not re-sent again.");
            }

            await SubmitAsync(id, cancellationToken,
                new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(Partition, entity.RowKey) { ["ResentAs"] = resendId }, entity.ETag)).ConfigureAwait(false);
        }, cancellationToken);

    /// <remarks>
    /// Pending, Failed and Cancelled read their index rows (single-partition range queries); Sent reads the message rows with a
    /// status filter (only Id and SentAt are returned), which grows with history: an admin listing, not a hot path.
    /// </remarks>
    public Task<IReadOnlyList<OutboxMessage>> ListAsync(OutboxStatus status, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var (filter, timeProperty) = status switch
            {
                OutboxStatus.Pending => (RangeFilter(DuePrefix), "CreatedAt"),
                OutboxStatus.Failed => (RangeFilter(FailedPrefix), "FailedAt"),
                OutboxStatus.Cancelled => (RangeFilter(CancelledPrefix), "CancelledAt"),
                OutboxStatus.Sent => (RangeFilter(MessagePrefix) + " and " + TableClient.CreateQueryFilter($"Status eq {nameof(OutboxStatus.Sent)}"), "SentAt"),
                _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
            };

            var rows = new List<(string Id, DateTimeOffset At)>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Id", timeProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add((row.RequiredString("Id"), row.Timestamp(timeProperty)));
            }

            var ids = rows.OrderByDescending(r => r.At).ThenBy(r => r.Id, StringComparer.Ordinal).Take(max).Select(r => r.Id);
            return await ReadMessagesAsync(ids, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    /// <remarks>
    /// One range query per recipient over its own rows of the index by recipient (the latest first, ending at
    /// <paramref name="since"/>), then a point read of each message. Failures written before that index existed have no row in
    /// it: see <see cref="UnindexedFailedToAsync"/>.
    /// </remarks>
    public Task<IReadOnlyList<OutboxMessage>> ListFailedToAsync(IReadOnlyCollection<string> recipients, DateTimeOffset since, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<OutboxMessage>>(async () =>
        {
            if (max <= 0 || recipients.Count == 0)
            {
                return [];
            }

            var prefixes = recipients.Select(OutboxRows.FailedToPrefix).Distinct(StringComparer.Ordinal).ToList();
            var indexed = await Task.WhenAll(prefixes.Select(async prefix =>
            {
                var end = TableKey.RangeEnd(prefix + OutboxRows.LatestFirst(since) + TableKey.Separator);
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {end}");
                var rows = new List<(string Id, DateTimeOffset At)>();
                await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: max, select: ["Id", "FailedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    rows.Add((row.RequiredString("Id"), row.Timestamp("FailedAt")));
                    if (rows.Count >= max)
                    {
                        break;
                    }
                }

                return rows;
            })).ConfigureAwait(false);

            var unindexed = await UnindexedFailedToAsync(recipients, since, cancellationToken).ConfigureAwait(false);
            var failedAt = indexed.SelectMany(rows => rows).Where(r => !unindexed.Any(u => u.Message.Id == r.Id))
                .GroupBy(r => r.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Max(r => r.At), StringComparer.Ordinal);
            var ids = failedAt.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Take(max).Select(f => f.Key);
            var read = await ReadMessagesAsync(ids, cancellationToken).ConfigureAwait(false);
            return read.Where(m => m.Status == OutboxStatus.Failed).Select(m => (Message: m, At: failedAt[m.Id]))
                .Concat(unindexed)
                .OrderByDescending(f => f.At).ThenBy(f => f.Message.Id, StringComparer.Ordinal)
                .Take(max).Select(f => f.Message).ToList();
        }, cancellationToken);

    /// <summary>
    /// Of the failures written before the index by recipient existed (their <c>failed|</c> rows lack <see cref="ByRecipient"/>) at
    /// or after <paramref name="since"/>, the team's newest 50, read as the pages read them before, those to
    /// <paramref name="recipients"/>. Once this instance finds none at or after a time it does not look again for a later one: every
    /// failure since is indexed, so a month after the index came the read is the recipients' own rows alone.
    /// </summary>
    private async Task<List<(OutboxMessage Message, DateTimeOffset At)>> UnindexedFailedToAsync(IReadOnlyCollection<string> recipients, DateTimeOffset since, CancellationToken cancellationToken)
    {
        if (since.UtcTicks >= Volatile.Read(ref _noUnindexedFailuresFrom))
        {
            return [];
        }

        var filter = RangeFilter(FailedPrefix) + " and " + TableClient.CreateQueryFilter($"FailedAt ge {since}");
        var unindexed = new List<(string Id, DateTimeOffset At)>();
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["Id", "FailedAt", ByRecipient], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (row.GetBoolean(ByRecipient) is null)
            {
                unindexed.Add((row.RequiredString("Id"), row.Timestamp("FailedAt")));
            }
        }

        if (unindexed.Count == 0)
        {
            // Two reads at once may both get here; whichever time is kept, none was found after it.
            if (since.UtcTicks < Volatile.Read(ref _noUnindexedFailuresFrom))
            {
                Volatile.Write(ref _noUnindexedFailuresFrom, since.UtcTicks);
            }

            return [];
        }

        var newest = unindexed.OrderByDescending(u => u.At).ThenBy(u => u.Id, StringComparer.Ordinal).Take(UnindexedRead).ToList();
        var failedAt = newest.ToDictionary(u => u.Id, u => u.At, StringComparer.Ordinal);
        var wanted = recipients.Select(r => r.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        return [.. (await ReadMessagesAsync(newest.Select(u => u.Id), cancellationToken).ConfigureAwait(false))
            .Where(m => m.Status == OutboxStatus.Failed && m.SoleRecipient is { } to && wanted.Contains(to.ToLowerInvariant()))
            .Select(m => (m, failedAt[m.Id]))];
    }

    private static string RangeFilter(string prefix)
    {
        var end = TableKey.RangeEnd(prefix);
        return TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {end}");
    }

    private async Task<TableEntity?> ReadMessageAsync(string id, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, OutboxRows.Key(MessagePrefix, id), cancellationToken: cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Runs a settling <paramref name="write"/> on the pending message: first at the version this instance remembered reading,
    /// and if that is stale (the transaction's 412 or 404), once more on the row as read now.
    /// </summary>
    private async Task WithPendingAsync(string id, OutboxStatus? target, Func<TableEntity?, Task> write, CancellationToken cancellationToken)
    {
        _queued.TryRemove(id, out _); // settled by this instance without leasing it first: the version queued is no longer current
        _leasedAsQueued.TryRemove(id, out _);
        if (_pendingRead.TryRemove(id, out var remembered))
        {
            try
            {
                await write(remembered).ConfigureAwait(false);
                return;
            }
            catch (ConcurrencyException)
            {
                // Changed since this instance read it (another sender, a sweep): decide on what the row says now.
            }
        }

        await write(await ReadPendingAsync(id, target, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <summary>
    /// What a later write of a pending message needs of its row: a retry rewrites its due row, priority included; a failure
    /// indexes it by recipient (<see cref="OutboxRows.SoleRecipient"/>: of its bcc readers only the first is kept, to say it has any).
    /// </summary>
    private void RememberRead(OutboxMessage message, ETag etag)
    {
        if (_pendingRead.Count >= MaxRemembered)
        {
            _pendingRead.Clear();
        }

        _pendingRead[message.Id] = new TableEntity(Partition, OutboxRows.Key(MessagePrefix, message.Id))
        {
            ETag = etag,
            ["Attempts"] = message.Attempts,
            ["CreatedAt"] = message.CreatedAt,
            ["Priority"] = message.Priority.ToString(),
            ["Channel"] = message.Channel.ToString(),
            ["Recipient"] = message.Recipient,
            ["Bcc"] = message.Bcc.Count > 0 ? message.Bcc[0] : null,
        };
    }

    /// <summary>The two rows a message is queued as, in one transaction: its message row, then its due row.</summary>
    private static TableTransactionAction[] QueueActions(OutboxMessage message, DateTimeOffset leaseUntil) =>
    [
        new(TableTransactionActionType.Add, OutboxRows.ToMessageEntity(message)),
        new(TableTransactionActionType.Add, OutboxRows.DueEntity(message.Id, message.NextAttemptAt, leaseUntil, message.CreatedAt, message.Priority)),
    ];

    /// <summary>
    /// Messages just queued (<paramref name="actions"/>: their <see cref="QueueActions"/>, message by message), as a read of their
    /// rows would return them, with the ETags of the transaction's answers (<paramref name="responses"/>, in the same order).
    /// </summary>
    private void RememberQueued(IReadOnlyList<OutboxMessage> messages, IReadOnlyList<TableTransactionAction> actions, IReadOnlyList<Response> responses, DateTimeOffset leaseUntil)
    {
        if (responses.Count != actions.Count)
        {
            return;
        }

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            if (OutboxRows.TextChars(message) > MaxQueuedRememberedChars
                || responses[2 * i].Headers.ETag is not { } messageETag || responses[(2 * i) + 1].Headers.ETag is not { } dueETag)
            {
                continue;
            }

            if (_queued.Count >= MaxQueuedRemembered)
            {
                _queued.Clear();
            }

            // The row as written, through the mapping a read uses: the memo holds exactly what a read would give.
            var row = (TableEntity)actions[2 * i].Entity;
            _queued[message.Id] = new Queued(OutboxRows.ToMessage(row), messageETag, dueETag, message.NextAttemptAt, leaseUntil);
        }
    }

    /// <summary>The message row if it is pending; null if it already has <paramref name="target"/> status (a repeated call); otherwise throws.</summary>
    private async Task<TableEntity?> ReadPendingAsync(string id, OutboxStatus? target, CancellationToken cancellationToken)
    {
        var message = await ReadMessageAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException("Outbox message", id);
        var status = message.RequiredEnum<OutboxStatus>("Status");
        if (status == OutboxStatus.Pending)
        {
            return message;
        }

        return status == target
            ? null
            : throw new ConcurrencyException($"Outbox message '{id}' is already {status}.");
    }

    /// <summary>
    /// One transaction of writes at the ETags this instance knows; false when one of the rows changed or went since (412, 404),
    /// and then nothing of it is written, so the caller decides each on the rows as read now.
    /// </summary>
    private Task<bool> TrySubmitUnlessChangedAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                return false;
            }
        }, cancellationToken);

    private async Task SubmitAsync(string id, CancellationToken cancellationToken, params TableTransactionAction[] actions)
    {
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
        {
            throw new ConcurrencyException($"Outbox message '{id}' was changed by another instance; read it again.");
        }
    }

    private async Task<IReadOnlyList<OutboxMessage>> ReadMessagesAsync(IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var list = ids.ToList();
        var found = new OutboxMessage?[list.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, list.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                if (await ReadMessageAsync(list[i], ct).ConfigureAwait(false) is { } entity)
                {
                    found[i] = OutboxRows.ToMessage(entity);
                }
            }).ConfigureAwait(false);
        return found.OfType<OutboxMessage>().ToList();
    }
}
