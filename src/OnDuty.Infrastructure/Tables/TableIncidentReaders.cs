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

    private static string RowKey(string address) => Prefix + TableKey.Escape(IncidentReader.Normalise(address));
}
