using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// The people added on a confidential incident, in the Incidents table beside it (its own partition): RK <c>reader|{address}</c>
/// (trimmed, lower case, escaped), one row each with when and by whom. Adding is one conditional insert (two presses at once: one
/// row), taking off one delete, and the list one range query of the partition — read only when a signed-in visitor is not let in
/// by setting (<see cref="ConfidentialAccess"/>) and on the incident's own page. Beside each, an index row by address, PK
/// <c>readerof|{address}</c> RK the incident id, so the lists (lessons search, 「似た障害」, the merge form, 「まとめて確認」, the action items
/// page) show a person the incidents they were added on with one query: written after the reader row, deleted before it, so a
/// failure between leaves it masked in the lists (fail closed), never listed whole to someone taken off.
/// </summary>
public sealed class TableIncidentReaders(OnDutyTables tables) : IIncidentReaders
{
    private const string Prefix = "reader|";

    /// <summary>Those a page or a call for help reached (<see cref="ReachedReader"/>), apart from the people added.</summary>
    private const string ReachedPrefix = "reached|";

    /// <summary>The index by address of the people added (<see cref="AddedOnAsync"/>): a partition per address.</summary>
    private const string IndexPrefix = "readerof|";

    private readonly TableClient _table = tables.Incidents;

    public Task<bool> AddAsync(string incidentId, IncidentReader reader, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _table.AddEntityAsync(
                    new TableEntity(TableKey.Escape(incidentId), RowKey(reader.Address)) { ["AddedAt"] = reader.AddedAt, ["AddedBy"] = reader.AddedBy },
                    cancellationToken).ConfigureAwait(false);
                await IndexAsync(incidentId, reader, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Added before (perhaps before the index was kept, or its index write failed): the index row is made now.
                await IndexAsync(incidentId, reader, cancellationToken).ConfigureAwait(false);
                return false;
            }
        }, cancellationToken);

    private async Task IndexAsync(string incidentId, IncidentReader reader, CancellationToken cancellationToken) =>
        await _table.UpsertEntityAsync(new TableEntity(IndexPartition(reader.Address), TableKey.Escape(incidentId)) { ["AddedAt"] = reader.AddedAt }, TableUpdateMode.Replace, cancellationToken)
            .ConfigureAwait(false);

    public Task<bool> RemoveAsync(string incidentId, string address, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return false;
            }

            // The index row first: a failure after it leaves the person masked in the lists while they may still open its page.
            await _table.DeleteEntityAsync(IndexPartition(address), TableKey.Escape(incidentId), ETag.All, cancellationToken).ConfigureAwait(false);

            // The client answers a row already gone with its 404 rather than throwing it.
            var response = await _table.DeleteEntityAsync(TableKey.Escape(incidentId), RowKey(address), ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }, cancellationToken);

    public Task<IReadOnlyList<IncidentReader>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<IncidentReader>>(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return [];
            }

            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(incidentId)} and RowKey ge {Prefix} and RowKey lt {TableKey.RangeEnd(Prefix)}");
            var readers = new List<IncidentReader>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                readers.Add(new IncidentReader(TableKey.Unescape(row.RowKey[Prefix.Length..]), row.GetDateTimeOffset("AddedAt") ?? row.Timestamp ?? default, row.GetString("AddedBy") ?? ""));
            }

            return readers;
        }, cancellationToken);

    public Task<bool> RecordReachedAsync(string incidentId, ReachedReader reached, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _table.AddEntityAsync(
                    new TableEntity(TableKey.Escape(incidentId), ReachedPrefix + TableKey.Escape(IncidentReader.Normalise(reached.Address))) { ["Kind"] = reached.Kind, ["At"] = reached.At },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return false;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<string>> MayReadAsync(string incidentId, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<string>>(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return [];
            }

            // One query of the partition for both ranges: the page's check reads it once.
            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {TableKey.Escape(incidentId)} and ((RowKey ge {Prefix} and RowKey lt {TableKey.RangeEnd(Prefix)}) or (RowKey ge {ReachedPrefix} and RowKey lt {TableKey.RangeEnd(ReachedPrefix)}))");
            var addresses = new List<string>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var prefix = row.RowKey.StartsWith(Prefix, StringComparison.Ordinal) ? Prefix : ReachedPrefix;
                addresses.Add(TableKey.Unescape(row.RowKey[prefix.Length..]));
            }

            return [.. addresses.Distinct(StringComparer.Ordinal)];
        }, cancellationToken);

    public Task<ReadersOnIncident> ListWithReachedAsync(string incidentId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return ReadersOnIncident.None;
            }

            var filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {TableKey.Escape(incidentId)} and ((RowKey ge {Prefix} and RowKey lt {TableKey.RangeEnd(Prefix)}) or (RowKey ge {ReachedPrefix} and RowKey lt {TableKey.RangeEnd(ReachedPrefix)}))");
            var added = new List<IncidentReader>();
            var reached = new List<ReachedReader>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey.StartsWith(Prefix, StringComparison.Ordinal))
                {
                    added.Add(new IncidentReader(TableKey.Unescape(row.RowKey[Prefix.Length..]), row.GetDateTimeOffset("AddedAt") ?? row.Timestamp ?? default, row.GetString("AddedBy") ?? ""));
                }
                else
                {
                    // A kind this release does not know (a later one's) reads as paged: they were reached either way.
                    var kind = row.GetString("Kind") is ReachedReader.Asked ? ReachedReader.Asked : ReachedReader.Paged;
                    reached.Add(new ReachedReader(TableKey.Unescape(row.RowKey[ReachedPrefix.Length..]), kind, row.GetDateTimeOffset("At") ?? row.Timestamp ?? default));
                }
            }

            return new ReadersOnIncident(added, reached);
        }, cancellationToken);

    public Task<IReadOnlySet<string>> AddedOnAsync(IReadOnlyList<string> addresses, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlySet<string>>(async () =>
        {
            var partitions = addresses.Where(a => !string.IsNullOrWhiteSpace(a)).Select(IndexPartition).Distinct(StringComparer.Ordinal).Where(TableKey.Fits).ToList();
            var ids = new HashSet<string>(StringComparer.Ordinal);
            if (partitions.Count == 0)
            {
                return ids;
            }

            // One query for every address the sign-in carries.
            var filter = string.Join(" or ", partitions.Select(p => TableClient.CreateQueryFilter($"PartitionKey eq {p}")));
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ids.Add(TableKey.Unescape(row.RowKey));
            }

            return ids;
        }, cancellationToken);

    /// <summary>
    /// The address a row of these keys is keyed by — a reader row, a reached row or an index row — or null for any other row of the
    /// Incidents table: an erasure (<see cref="TablePersonalDataStore"/>) deletes them by it, as the address is in the key, where no
    /// scrubbing of texts reaches it.
    /// </summary>
    internal static string? AddressKeyedBy(TableEntity row) =>
        row.PartitionKey.StartsWith(IndexPrefix, StringComparison.Ordinal) ? TableKey.Unescape(row.PartitionKey[IndexPrefix.Length..])
        : row.RowKey.StartsWith(Prefix, StringComparison.Ordinal) ? TableKey.Unescape(row.RowKey[Prefix.Length..])
        : row.RowKey.StartsWith(ReachedPrefix, StringComparison.Ordinal) ? TableKey.Unescape(row.RowKey[ReachedPrefix.Length..])
        : null;

    /// <summary>
    /// Deletes <paramref name="row"/>, one keyed by an address (<see cref="AddressKeyedBy"/>); a reader row's index row first, as taking
    /// a reader off does, so a failure between leaves them masked in the lists. False when it was gone already (an index row deleted
    /// with its reader row).
    /// </summary>
    internal static async Task<bool> DeleteKeyedAsync(TableClient table, TableEntity row, CancellationToken cancellationToken)
    {
        if (row.RowKey.StartsWith(Prefix, StringComparison.Ordinal) && !row.PartitionKey.StartsWith(IndexPrefix, StringComparison.Ordinal))
        {
            await table.DeleteEntityAsync(IndexPartition(TableKey.Unescape(row.RowKey[Prefix.Length..])), row.PartitionKey, ETag.All, cancellationToken).ConfigureAwait(false);
        }

        // The client answers a row already gone with its 404 rather than throwing it.
        return (await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false)).Status != 404;
    }

    private static string IndexPartition(string address) => IndexPrefix + TableKey.Escape(IncidentReader.Normalise(address));

    private static string RowKey(string address) => Prefix + TableKey.Escape(IncidentReader.Normalise(address));
}
