using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Documents kept as JSON in one partition of a table (<c>Data</c>; RK the escaped key), each read with its ETag: the small
/// stores read whole (maintenance windows, heartbeats). A clash or a stale ETag is a <see cref="ConcurrencyException"/>; a
/// key no row can have is answered without a request.
/// </summary>
internal sealed class JsonRows<T>(TableClient table, string partition, JsonSerializerOptions json, Func<T, string> keyOf, string what, Action<TableEntity, T>? besides = null)
    where T : class
{
    public Task<IReadOnlyList<Versioned<T>>> ListAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<T>>>(async () =>
        {
            var rows = new List<Versioned<T>>();
            await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(Read(entity));
            }

            return rows;
        }, cancellationToken);

    public Task<Versioned<T>?> GetAsync(string key, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(key))
            {
                return null; // no row can have it: storage would refuse the read with a 400
            }

            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, TableKey.Escape(key), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity ? Read(entity) : null;
        }, cancellationToken);

    public Task<string> AddAsync(T value, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                return ETagOf(await table.AddEntityAsync(Entity(value), cancellationToken).ConfigureAwait(false));
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                throw new ConcurrencyException($"{what} {keyOf(value)} exists already.");
            }
        }, cancellationToken);

    public Task<string> ReplaceAsync(T value, string etag, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var ifMatch = TableCall.ClientETag(etag, $"{what} {keyOf(value)}");
            try
            {
                return ETagOf(await table.UpdateEntityAsync(Entity(value), ifMatch, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false));
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound() || ex.IsConflict())
            {
                throw new ConcurrencyException($"{what} {keyOf(value)} was changed (or deleted) since it was read.");
            }
        }, cancellationToken);

    private TableEntity Entity(T value)
    {
        var entity = new TableEntity(partition, TableKey.Escape(keyOf(value))) { ["Data"] = JsonSerializer.Serialize(value, json) };
        besides?.Invoke(entity, value);
        return entity;
    }

    private Versioned<T> Read(TableEntity entity) => new(JsonSerializer.Deserialize<T>(entity.RequiredString("Data"), json)!, entity.ETag.ToString());

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
}
