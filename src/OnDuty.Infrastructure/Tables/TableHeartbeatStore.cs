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

    private readonly JsonRows<Heartbeat> _rows = new(tables.Heartbeats, Partition, Json, h => h.Name, "Heartbeat");

    public Task<IReadOnlyList<Versioned<Heartbeat>>> ListAsync(CancellationToken cancellationToken) => _rows.ListAsync(cancellationToken);

    public Task<Versioned<Heartbeat>?> GetAsync(string name, CancellationToken cancellationToken) => _rows.GetAsync(name, cancellationToken);

    public Task<string> AddAsync(Heartbeat heartbeat, CancellationToken cancellationToken) => _rows.AddAsync(heartbeat, cancellationToken);

    public Task<string> ReplaceAsync(Heartbeat heartbeat, string etag, CancellationToken cancellationToken) => _rows.ReplaceAsync(heartbeat, etag, cancellationToken);

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
}
