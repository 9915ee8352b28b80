using System.Collections.Concurrent;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>The people added on incidents, in memory, as the table keeps them: one per normalised address.</summary>
internal sealed class InMemoryIncidentReaders : IIncidentReaders
{
    private readonly ConcurrentDictionary<(string Incident, string Address), IncidentReader> _rows = new();

    public Task<bool> AddAsync(string incidentId, IncidentReader reader, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryAdd((incidentId, IncidentReader.Normalise(reader.Address)), reader with { Address = IncidentReader.Normalise(reader.Address) }));

    public Task<bool> RemoveAsync(string incidentId, string address, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryRemove((incidentId, IncidentReader.Normalise(address)), out _));

    public Task<IReadOnlyList<IncidentReader>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IncidentReader>>([.. _rows.Where(r => r.Key.Incident == incidentId).Select(r => r.Value).OrderBy(r => r.Address, StringComparer.Ordinal)]);

    /// <summary>Those pages and calls for help reached, by incident and normalised address.</summary>
    public ConcurrentDictionary<(string Incident, string Address), ReachedReader> Reached { get; } = new();

    /// <summary>When set, recording who was reached throws it (storage gone).</summary>
    public Exception? RecordFails { get; set; }

    public Task<bool> RecordReachedAsync(string incidentId, ReachedReader reached, CancellationToken cancellationToken) =>
        RecordFails is { } failure ? Task.FromException<bool>(failure)
        : Task.FromResult(Reached.TryAdd((incidentId, IncidentReader.Normalise(reached.Address)), reached with { Address = IncidentReader.Normalise(reached.Address) }));

    public Task<IReadOnlyList<string>> MayReadAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _rows.Keys.Concat(Reached.Keys).Where(k => k.Incident == incidentId).Select(k => k.Address).Distinct(StringComparer.Ordinal)]);

    public async Task<ReadersOnIncident> ListWithReachedAsync(string incidentId, CancellationToken cancellationToken) =>
        new(await ListAsync(incidentId, cancellationToken), [.. Reached.Where(r => r.Key.Incident == incidentId).OrderBy(r => r.Key.Address, StringComparer.Ordinal).Select(r => r.Value)]);

    public Task<IReadOnlySet<string>> AddedOnAsync(IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        var normal = addresses.Select(IncidentReader.Normalise).ToHashSet(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlySet<string>>(_rows.Keys.Where(k => normal.Contains(k.Address)).Select(k => k.Incident).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>The addresses reached on <paramref name="incidentId"/> with their kind, in address order.</summary>
    public IReadOnlyList<(string Address, string Kind)> ReachedOn(string incidentId) =>
        [.. Reached.Where(r => r.Key.Incident == incidentId).OrderBy(r => r.Key.Address, StringComparer.Ordinal).Select(r => (r.Key.Address, r.Value.Kind))];
}
