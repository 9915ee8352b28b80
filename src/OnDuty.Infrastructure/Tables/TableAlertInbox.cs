using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Accepted alert deliveries in the <c>AlertGroups</c> table: PK <c>inbox|{instance}</c>, so an instance's group commit is one
/// transaction in its own partition and a sweep one range query over the inboxes. The deliveries of one group commit share a
/// row (RK the first one's id, accept order; up to <see cref="MaxPerRow"/>), so a storm's transaction writes, and the apply
/// later deletes, one row where it wrote one per request: each row of a <c>$batch</c> costs the SDK about 20 KB of request
/// and response handling, whatever it holds. Rows of one delivery each (RK its id: the builds before 12-06) are still read
/// and removed. Deliveries set aside as unreadable keep a row each under PK <c>unreadable|{instance}</c>, outside the sweep's range.
/// </summary>
public sealed class TableAlertInbox(OnDutyTables tables) : IAlertInbox
{
    private const string Prefix = "inbox|";

    private const string SetAsidePrefix = "unreadable|";

    /// <summary>Deliveries in one row at most: 5 properties each within the 252 a row holds.</summary>
    internal const int MaxPerRow = 40;

    /// <summary>Notification characters in one row at most: 800 KB as stored (UTF-16), within the 1 MiB a row holds.</summary>
    internal const int MaxCharsPerRow = 400_000;

    /// <summary>How many deliveries a shared row holds (absent in a row of one delivery).</summary>
    private const string CountProperty = "Count";

    private readonly TableClient _table = tables.AlertGroups;

    /// <summary>
    /// Shared rows as this instance's last sweep read them (or its removals since left them): their ETag then and the deliveries
    /// they held. The sweep applies a dead instance's row an incident at a time and removes each incident's deliveries once
    /// applied, so a sweep that dies midway leaves the row holding exactly what is still to apply (nothing applied twice, nothing
    /// lost); each of those removals is one write at the ETag known here instead of a read and a write. Only the last listing's rows.
    /// </summary>
    private readonly ConcurrentDictionary<(string Partition, string RowKey), (ETag ETag, IReadOnlyList<InboxDelivery> Deliveries)> _sweptRows = new();

    public Task<IReadOnlyList<InboxDelivery>> AppendAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<InboxDelivery>>(async () =>
        {
            if (deliveries.Count == 0)
            {
                return deliveries;
            }

            if (deliveries.Count > IAlertInbox.MaxPerAppend || deliveries.Any(d => d.Inbox != deliveries[0].Inbox))
            {
                throw new ArgumentException($"One append holds at most {IAlertInbox.MaxPerAppend} deliveries of one inbox.", nameof(deliveries));
            }

            var stored = new List<InboxDelivery>(deliveries.Count);
            var rows = new List<TableTransactionAction>();
            foreach (var row in Rows(deliveries))
            {
                var key = row[0].Id;
                var placed = row.Select(d => d with { Row = key, RowCount = row.Count }).ToList();
                stored.AddRange(placed);
                rows.Add(new TableTransactionAction(TableTransactionActionType.Add, SharedEntity(Prefix + row[0].Inbox, key, placed)));
            }

            await _table.SubmitTransactionAsync(rows, cancellationToken).ConfigureAwait(false);
            return stored;
        }, cancellationToken);

    public Task<InboxDelivery?> FindAsync(InboxDelivery delivery, CancellationToken cancellationToken) =>
        TableCall.RunAsync<InboxDelivery?>(async () =>
        {
            var row = await _table.GetEntityIfExistsAsync<TableEntity>(Prefix + delivery.Inbox, delivery.Row ?? delivery.Id, cancellationToken: cancellationToken).ConfigureAwait(false);
            return row.HasValue ? Deliveries(row.Value!, Prefix).FirstOrDefault(d => d.Id == delivery.Id) : null;
        }, cancellationToken);

    public Task RemoveAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            await RemoveFromInboxAsync(deliveries, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<InboxDelivery>> ListAcceptedBeforeAsync(DateTimeOffset before, int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<InboxDelivery>>(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {Prefix} and PartitionKey lt {TableKey.RangeEnd(Prefix)} and AcceptedAt lt {before}");
            var found = new List<InboxDelivery>();
            _sweptRows.Clear();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var deliveries = Deliveries(row, Prefix);
                if (row.GetInt32(CountProperty) is not null)
                {
                    _sweptRows[(row.PartitionKey, row.RowKey)] = (row.ETag, deliveries);
                }

                found.AddRange(deliveries); // a shared row whole: its deliveries are removed together
                if (found.Count >= max)
                {
                    break;
                }
            }

            return found;
        }, cancellationToken);

    public Task SetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, string error, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // Kept first, removed after: a failure in between leaves it in both places, and the next sweep moves it again.
            foreach (var d in deliveries)
            {
                var kept = Entity(d, SetAsidePrefix);
                kept["Error"] = error.Length > 4_000 ? error[..4_000] : error;
                await _table.UpsertEntityAsync(kept, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            await RemoveFromInboxAsync(deliveries, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task RemoveSetAsideAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            await _table.DeleteAllAsync(deliveries.Select(d => new TableEntity(SetAsidePrefix + d.Inbox, d.Id)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<InboxDelivery>> ListSetAsideAsync(int max, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<InboxDelivery>>(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {SetAsidePrefix} and PartitionKey lt {TableKey.RangeEnd(SetAsidePrefix)}");
            var found = new List<InboxDelivery>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                found.Add(Deliveries(row, SetAsidePrefix)[0]);
                if (found.Count >= max)
                {
                    break;
                }
            }

            return found;
        }, cancellationToken);

    /// <summary>
    /// Deletes the rows whose deliveries are all removed now in one transaction per partition (a sweep and the instance itself
    /// may both remove them: a row already gone is done); a shared row some of whose deliveries stay is rewritten without the
    /// removed ones (rare: the deliveries of one group commit are applied together unless an incident's apply failed).
    /// </summary>
    private async Task RemoveFromInboxAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        List<TableEntity> whole = [];
        List<IGrouping<(string Inbox, string? Row), InboxDelivery>> partly = [];
        foreach (var row in deliveries.GroupBy(d => (d.Inbox, d.Row)))
        {
            if (row.Key.Row is null)
            {
                whole.AddRange(row.Select(d => new TableEntity(Prefix + d.Inbox, d.Id)));
            }
            else if (row.Select(d => d.Id).Distinct(StringComparer.Ordinal).Count() >= row.First().RowCount)
            {
                whole.Add(new TableEntity(Prefix + row.Key.Inbox, row.Key.Row));
                _sweptRows.TryRemove((Prefix + row.Key.Inbox, row.Key.Row), out _);
            }
            else
            {
                partly.Add(row);
            }
        }

        await _table.DeleteAllAsync(whole, cancellationToken).ConfigureAwait(false);
        foreach (var row in partly)
        {
            await RemoveSomeAsync(Prefix + row.Key.Inbox, row.Key.Row!, [.. row.Select(d => d.Id)], cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Removes some deliveries of a shared row: rewritten without them if others stay, else deleted; checked by ETag, read again
    /// when another changed it. A row the sweep read (<see cref="_sweptRows"/>) is written at once at the ETag it had then.
    /// </summary>
    private async Task RemoveSomeAsync(string partition, string key, HashSet<string> ids, CancellationToken cancellationToken)
    {
        if (_sweptRows.TryRemove((partition, key), out var swept))
        {
            var left = swept.Deliveries.Where(d => !ids.Contains(d.Id)).ToList();
            try
            {
                if (left.Count == 0)
                {
                    await _table.DeleteEntityAsync(partition, key, swept.ETag, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var written = await _table.UpdateEntityAsync(SharedEntity(partition, key, left), swept.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                    if (written.Headers.ETag is { } etag)
                    {
                        _sweptRows[(partition, key)] = (etag, left);
                    }
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                // Changed or deleted since the sweep read it: read it as it is now, below.
            }
        }

        while (true)
        {
            var read = await _table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!read.HasValue)
            {
                return;
            }

            var row = read.Value!;
            var left = Deliveries(row, Prefix).Where(d => !ids.Contains(d.Id)).ToList();
            try
            {
                if (left.Count == 0)
                {
                    await _table.DeleteEntityAsync(partition, key, row.ETag, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.UpdateEntityAsync(SharedEntity(partition, key, left), row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                // Another remover changed or deleted it meanwhile: read it again.
            }
        }
    }

    /// <summary>A commit's deliveries in rows of at most <see cref="MaxPerRow"/> and <see cref="MaxCharsPerRow"/>, in their order.</summary>
    private static IEnumerable<List<InboxDelivery>> Rows(IReadOnlyList<InboxDelivery> deliveries)
    {
        var row = new List<InboxDelivery>();
        var chars = 0;
        foreach (var d in deliveries)
        {
            if (row.Count > 0 && (row.Count == MaxPerRow || chars + d.Notification.Length > MaxCharsPerRow))
            {
                yield return row;
                row = [];
                chars = 0;
            }

            row.Add(d);
            chars += d.Notification.Length;
        }

        yield return row;
    }

    /// <summary>
    /// The deliveries a row holds: a shared row's, each with its <see cref="InboxDelivery.Row"/>, or a row of one (written by the
    /// builds before 12-06, and the set-aside rows).
    /// </summary>
    private static List<InboxDelivery> Deliveries(TableEntity row, string prefix)
    {
        var inbox = row.PartitionKey[prefix.Length..];
        if (row.GetInt32(CountProperty) is not { } count)
        {
            return [Delivery(inbox, row, row.RowKey, "")];
        }

        var found = new List<InboxDelivery>(count);
        for (var i = 0; i < count; i++)
        {
            found.Add(Delivery(inbox, row, row.GetString($"Id{i}"), i.ToString(System.Globalization.CultureInfo.InvariantCulture)) with { Row = row.RowKey, RowCount = count });
        }

        return found;
    }

    private static InboxDelivery Delivery(string inbox, TableEntity row, string id, string n) => new()
    {
        Inbox = inbox,
        Id = id,
        IncidentId = row.GetString("IncidentId" + n),
        AlertVersion = row.GetInt64("AlertVersion" + n) ?? 0,
        AcceptedAt = row.GetDateTimeOffset("AcceptedAt" + n) ?? DateTimeOffset.MinValue,
        Notification = row.GetString("Notification" + n),
    };

    /// <summary>
    /// A row of several deliveries: theirs as <c>Id{n}</c>, <c>IncidentId{n}</c>, <c>AlertVersion{n}</c>, <c>AcceptedAt{n}</c>,
    /// <c>Notification{n}</c>, with <c>Count</c>, and <c>AcceptedAt</c> the latest (what the sweep's query compares: the row is
    /// an orphan once its youngest delivery is).
    /// </summary>
    private static TableEntity SharedEntity(string partition, string key, IReadOnlyList<InboxDelivery> deliveries)
    {
        var row = new TableEntity(partition, key)
        {
            [CountProperty] = deliveries.Count,
            ["AcceptedAt"] = deliveries.Max(d => d.AcceptedAt),
        };
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            row[$"Id{i}"] = d.Id;
            row[$"IncidentId{i}"] = d.IncidentId;
            row[$"AlertVersion{i}"] = d.AlertVersion;
            row[$"AcceptedAt{i}"] = d.AcceptedAt;
            row[$"Notification{i}"] = d.Notification;
        }

        return row;
    }

    /// <summary>A row of one delivery: how the set-aside ones are kept (and how the builds before 12-06 stored each).</summary>
    private static TableEntity Entity(InboxDelivery d, string prefix) => new(prefix + d.Inbox, d.Id)
    {
        ["IncidentId"] = d.IncidentId,
        ["AlertVersion"] = d.AlertVersion,
        ["AcceptedAt"] = d.AcceptedAt,
        ["Notification"] = d.Notification,
    };
}
