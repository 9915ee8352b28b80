using System.Text.Json;
using OnDuty.Core.Common;
using OnDuty.Core.Maintenance;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// Maintenance windows in memory, as strict as the table store: every write a new ETag, a stale one refused, and each window
/// kept as the JSON the table store writes, so nobody changes a stored window through a reference they hold.
/// </summary>
internal sealed class InMemoryMaintenanceWindowStore : IMaintenanceWindowStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = OnDuty.Core.Incidents.Incident.StoredTextEncoder };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Data, string ETag)> _rows = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>Reads fail as when storage cannot be reached (writes still work).</summary>
    public bool FailReads { get; set; }

    public Task<IReadOnlyList<Versioned<MaintenanceWindow>>> ListAsync(CancellationToken cancellationToken)
    {
        ThrowIfReadsFail();
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Versioned<MaintenanceWindow>>>(
                [.. _rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Read(r.Value))]);
        }
    }

    public Task<Versioned<MaintenanceWindow>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        ThrowIfReadsFail();
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue(id, out var row) ? Read(row) : null);
        }
    }

    public Task<string> AddAsync(MaintenanceWindow window, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rows.ContainsKey(window.Id))
            {
                throw new ConcurrencyException($"Maintenance window {window.Id} exists already.");
            }

            return Task.FromResult(Write(window));
        }
    }

    public Task<string> ReplaceAsync(MaintenanceWindow window, string etag, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(window.Id, out var current) || (etag != "*" && etag != current.ETag))
            {
                throw new ConcurrencyException($"Maintenance window {window.Id} was changed (or deleted) since it was read.");
            }

            return Task.FromResult(Write(window));
        }
    }

    public Task<int> PruneAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var ended = _rows.Where(r => Read(r.Value).Value.Until < endedBefore).Select(r => r.Key).ToList();
            foreach (var id in ended)
            {
                _rows.Remove(id);
            }

            return Task.FromResult(ended.Count);
        }
    }

    private void ThrowIfReadsFail()
    {
        if (FailReads)
        {
            throw new DependencyUnavailableException("Table Storage", new HttpRequestException("storage is down"));
        }
    }

    private string Write(MaintenanceWindow window)
    {
        var data = JsonSerializer.Serialize(window, Json);
        TableStorageRules.CheckRow("window", TableStorageRules.Escape(window.Id), ("Data", data), ("Until", window.Until));
        var etag = $"W/\"v{++_version}\"";
        _rows[window.Id] = (data, etag);
        return etag;
    }

    private static Versioned<MaintenanceWindow> Read((string Data, string ETag) row) =>
        new(JsonSerializer.Deserialize<MaintenanceWindow>(row.Data, Json)!, row.ETag);
}
