using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Maintenance;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Maintenance windows in their own table: PK <c>window</c>, RK the window id, the window as JSON in <c>Data</c> and its
/// <see cref="MaintenanceWindow.Until"/> in <c>Until</c>, so pruning queries the ended ones rather than reading every row.
/// </summary>
public sealed class TableMaintenanceWindowStore(OnDutyTables tables) : IMaintenanceWindowStore
{
    private const string Partition = "window";

    /// <summary>Japanese kept as it is (the default encoder writes each such character as six): a window at its limits fits a 64 KiB property.</summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = OnDuty.Core.Incidents.Incident.StoredTextEncoder };

    private readonly TableClient _table = tables.MaintenanceWindows;

    private readonly JsonRows<MaintenanceWindow> _rows = new(tables.MaintenanceWindows, Partition, Json, w => w.Id, "Maintenance window", (entity, w) => entity["Until"] = w.Until);

    public Task<IReadOnlyList<Versioned<MaintenanceWindow>>> ListAsync(CancellationToken cancellationToken) => _rows.ListAsync(cancellationToken);

    public Task<Versioned<MaintenanceWindow>?> GetAsync(string id, CancellationToken cancellationToken) => _rows.GetAsync(id, cancellationToken);

    public Task<string> AddAsync(MaintenanceWindow window, CancellationToken cancellationToken) => _rows.AddAsync(window, cancellationToken);

    public Task<string> ReplaceAsync(MaintenanceWindow window, string etag, CancellationToken cancellationToken) => _rows.ReplaceAsync(window, etag, cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and Until lt {endedBefore}");
            var ended = new List<TableEntity>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ended.Add(entity);
            }

            var deleted = 0;
            foreach (var entity in ended)
            {
                try
                {
                    // At the version read: a window changed meanwhile (its end moved) is judged again by the next prune. The SDK
                    // answers a row deleted meanwhile (by another instance's prune) with its 404 response rather than throwing.
                    var response = await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken).ConfigureAwait(false);
                    deleted += response.Status == 404 ? 0 : 1;
                }
                catch (RequestFailedException ex) when (ex.IsNotFound() || ex.IsPreconditionFailed())
                {
                }
            }

            return deleted;
        }, cancellationToken);
}
