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

    public Task<IReadOnlyList<Versioned<MaintenanceWindow>>> ListAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<MaintenanceWindow>>>(async () =>
        {
            var windows = new List<Versioned<MaintenanceWindow>>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                windows.Add(Read(entity));
            }

            return windows;
        }, cancellationToken);

    public Task<Versioned<MaintenanceWindow>?> GetAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(id))
            {
                return null; // no window can have it: storage would refuse the read with a 400
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(id), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity ? Read(entity) : null;
        }, cancellationToken);

    public Task<string> AddAsync(MaintenanceWindow window, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                var response = await _table.AddEntityAsync(Entity(window), cancellationToken).ConfigureAwait(false);
                return ETagOf(response);
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                throw new ConcurrencyException($"Maintenance window {window.Id} exists already.");
            }
        }, cancellationToken);

    public Task<string> ReplaceAsync(MaintenanceWindow window, string etag, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var ifMatch = TableCall.ClientETag(etag, $"Maintenance window {window.Id}");
            try
            {
                var response = await _table.UpdateEntityAsync(Entity(window), ifMatch, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return ETagOf(response);
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound() || ex.IsConflict())
            {
                throw new ConcurrencyException($"Maintenance window {window.Id} was changed (or deleted) since it was read.");
            }
        }, cancellationToken);

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

    private static TableEntity Entity(MaintenanceWindow window) => new(Partition, TableKey.Escape(window.Id))
    {
        ["Data"] = JsonSerializer.Serialize(window, Json),
        ["Until"] = window.Until,
    };

    private static Versioned<MaintenanceWindow> Read(TableEntity entity) =>
        new(JsonSerializer.Deserialize<MaintenanceWindow>(entity.RequiredString("Data"), Json)!, entity.ETag.ToString());

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
}
