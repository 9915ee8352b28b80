using System.Collections.Concurrent;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>Followers by incident, as the table keeps them: one row per member, added once.</summary>
internal sealed class InMemoryIncidentFollowers : IIncidentFollowers
{
    private readonly ConcurrentDictionary<(string Incident, string Member), DateTimeOffset> _rows = new();

    public Task<bool> FollowAsync(string incidentId, string memberId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryAdd((incidentId, memberId), at));

    public Task<bool> UnfollowAsync(string incidentId, string memberId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryRemove((incidentId, memberId), out _));

    public Task<IReadOnlyList<string>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _rows.Keys.Where(k => k.Incident == incidentId).Select(k => k.Member).Order(StringComparer.Ordinal)]);
}
