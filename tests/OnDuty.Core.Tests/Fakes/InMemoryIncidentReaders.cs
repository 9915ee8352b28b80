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
}
