using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Heartbeats in their own table: PK <c>heartbeat</c>, RK the name (a slug, safe as a key), the heartbeat as JSON in <c>Data</c>.
/// One partition, so the check reads every heartbeat with one query.
/// </summary>
public sealed class TableHeartbeatStore(OnDutyTables tables) : IHeartbeatStore
{
    private const string Partition = "heartbeat";

    /// <summary>
    /// Text as it is (quotes, HTML-sensitive and control characters escaped), as the incident repository stores it: the default
    /// encoder writes each Japanese character as <c>\uXXXX</c> (six characters), and a heartbeat with its title, description,
    /// failure and labels at their limits in Japanese would overflow the 64 KiB property (storage refuses it with a 400).
    /// </summary>
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = OnDuty.Core.Incidents.Incident.StoredTextEncoder,
        Converters = { new JsonStringEnumConverter() },
    };

    private readonly TableClient _table = tables.Heartbeats;

    public Task<IReadOnlyList<Versioned<Heartbeat>>> ListAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<Heartbeat>>>(async () =>
        {
            var heartbeats = new List<Versioned<Heartbeat>>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                heartbeats.Add(Read(entity));
            }

            return heartbeats;
        }, cancellationToken);

    public Task<Versioned<Heartbeat>?> GetAsync(string name, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(name))
            {
                return null; // no heartbeat can have it: storage would refuse the read with a 400
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKey.Escape(name), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity ? Read(entity) : null;
        }, cancellationToken);

    public Task<string> AddAsync(Heartbeat heartbeat, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                var response = await _table.AddEntityAsync(Entity(heartbeat), cancellationToken).ConfigureAwait(false);
                return ETagOf(response);
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                throw new ConcurrencyException($"Heartbeat {heartbeat.Name} exists already.");
            }
        }, cancellationToken);

    public Task<string> ReplaceAsync(Heartbeat heartbeat, string etag, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var ifMatch = TableCall.ClientETag(etag, $"Heartbeat {heartbeat.Name}");
            try
            {
                var response = await _table.UpdateEntityAsync(Entity(heartbeat), ifMatch, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                return ETagOf(response);
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound() || ex.IsConflict())
            {
                throw new ConcurrencyException($"Heartbeat {heartbeat.Name} was changed (or deleted) since it was read.");
            }
        }, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(name))
            {
                return false;
            }

            try
            {
                // The SDK answers a row that is not there with its 404 response rather than throwing.
                var response = await _table.DeleteEntityAsync(Partition, TableKey.Escape(name), ETag.All, cancellationToken).ConfigureAwait(false);
                return response.Status != 404;
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                return false;
            }
        }, cancellationToken);

    private static TableEntity Entity(Heartbeat heartbeat) => new(Partition, TableKey.Escape(heartbeat.Name))
    {
        ["Data"] = JsonSerializer.Serialize(heartbeat, Json),
    };

    private static Versioned<Heartbeat> Read(TableEntity entity) =>
        new(JsonSerializer.Deserialize<Heartbeat>(entity.RequiredString("Data"), Json)!, entity.ETag.ToString());

    private static string ETagOf(Response response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
}
