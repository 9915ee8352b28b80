using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// The people added on a confidential incident, in the Incidents table beside it (its own partition): RK <c>reader|{address}</c>
/// (trimmed, lower case, escaped), one row each with when and by whom. Adding is one conditional insert (two presses at once: one
/// row), taking off one delete, and the list one range query of the partition — read only when a signed-in visitor is not let in
/// by setting (<see cref="ConfidentialAccess"/>) and on the incident's own page.
/// </summary>
public sealed class TableIncidentReaders(OnDutyTables tables) : IIncidentReaders
{
    private const string Prefix = "reader|";

    /// <summary>Those a page or a call for help reached (<see cref="ReachedReader"/>), apart from the people added.</summary>
    private const string ReachedPrefix = "reached|";

    private readonly TableClient _table = tables.Incidents;

    public Task<bool> AddAsync(string incidentId, IncidentReader reader, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _table.AddEntityAsync(
                    new TableEntity(TableKey.Escape(incidentId), RowKey(reader.Address)) { ["AddedAt"] = reader.AddedAt, ["AddedBy"] = reader.AddedBy },
                    cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return false;
            }
        }, cancellationToken);

    public Task<bool> RemoveAsync(string incidentId, string address, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return false;
            }

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

    private static string RowKey(string address) => Prefix + TableKey.Escape(IncidentReader.Normalise(address));
}
