using System.Text.Json;
using System.Text.Json.Serialization;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>
/// Heartbeats in memory, as strict as the table store: every write a new ETag, a stale one refused, each heartbeat kept as the
/// JSON the table store writes. <see cref="FailWrites"/> and <see cref="BeforeReplace"/> let a test make storage fail or a
/// write race another.
/// </summary>
internal sealed class InMemoryHeartbeatStore : IHeartbeatStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() }, Encoder = OnDuty.Core.Incidents.Incident.StoredTextEncoder };

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Data, string ETag)> _rows = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>Writes fail as when storage cannot be reached.</summary>
    public bool FailWrites { get; set; }

    /// <summary>Runs before each replace is applied, with what is about to be written: another writer getting in first (the test clears it).</summary>
    public Func<Heartbeat, Task>? BeforeReplace { get; set; }

    /// <summary>Runs after each replace was applied, with what was written: another writer coming in just after (the test clears it).</summary>
    public Func<Heartbeat, Task>? AfterReplace { get; set; }

    public int Replaces { get; private set; }

    public Task<IReadOnlyList<Versioned<Heartbeat>>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<Versioned<Heartbeat>>>([.. _rows.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => Read(r.Value))]);
        }
    }

    public Task<Versioned<Heartbeat>?> GetAsync(string name, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_rows.TryGetValue(name, out var row) ? Read(row) : null);
        }
    }

    public Task<string> AddAsync(Heartbeat heartbeat, CancellationToken cancellationToken)
    {
        ThrowIfWritesFail();
        lock (_gate)
        {
            if (_rows.ContainsKey(heartbeat.Name))
            {
                throw new ConcurrencyException($"Heartbeat {heartbeat.Name} exists already.");
            }

            return Task.FromResult(Write(heartbeat));
        }
    }

    public async Task<string> ReplaceAsync(Heartbeat heartbeat, string etag, CancellationToken cancellationToken)
    {
        ThrowIfWritesFail();
        if (BeforeReplace is { } before)
        {
            await before(heartbeat);
        }

        string written;
        lock (_gate)
        {
            if (!_rows.TryGetValue(heartbeat.Name, out var current) || (etag != "*" && etag != current.ETag))
            {
                throw new ConcurrencyException($"Heartbeat {heartbeat.Name} was changed (or deleted) since it was read.");
            }

            Replaces++;
            written = Write(heartbeat);
        }

        if (AfterReplace is { } after)
        {
            await after(heartbeat);
        }

        return written;
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        ThrowIfWritesFail();
        lock (_gate)
        {
            return Task.FromResult(_rows.Remove(name));
        }
    }

    private void ThrowIfWritesFail()
    {
        if (FailWrites)
        {
            throw new DependencyUnavailableException("Table Storage", new HttpRequestException("storage is down"));
        }
    }

    private string Write(Heartbeat heartbeat)
    {
        var data = JsonSerializer.Serialize(heartbeat, Json);
        TableStorageRules.CheckRow("heartbeat", TableStorageRules.Escape(heartbeat.Name), ("Data", data));
        var etag = $"W/\"v{++_version}\"";
        _rows[heartbeat.Name] = (data, etag);
        return etag;
    }

    private static Versioned<Heartbeat> Read((string Data, string ETag) row) =>
        new(JsonSerializer.Deserialize<Heartbeat>(row.Data, Json)!, row.ETag);
}
