using System.Collections.Concurrent;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>Followers by incident, as the table keeps them: one row per member, added once.</summary>
internal sealed class InMemoryIncidentFollowers : IIncidentFollowers
{
    private readonly ConcurrentDictionary<(string Incident, string Member), DateTimeOffset> _rows = new();

    private readonly List<(string Incident, string Member)> _stale = [];

    public Task<bool> FollowAsync(string incidentId, string memberId, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryAdd((incidentId, memberId), at));

    public Task<bool> UnfollowAsync(string incidentId, string memberId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryRemove((incidentId, memberId), out _));

    public Task<IReadOnlyList<string>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _rows.Keys.Where(k => k.Incident == incidentId).Select(k => k.Member).Order(StringComparer.Ordinal)]);

    /// <summary>The member's index: as the table's, it can name a follow since undone (<see cref="StaleIndex"/>).</summary>
    public Task<IReadOnlyList<string>> FollowedByAsync(string memberId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _rows.Keys.Where(k => k.Member == memberId).Select(k => k.Incident)
            .Concat(_stale.Where(k => k.Member == memberId).Select(k => k.Incident)).Distinct().Order(StringComparer.Ordinal)]);

    public Task<int> ForgetMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        _stale.RemoveAll(k => k.Member == memberId);
        return Task.FromResult(_rows.Keys.Where(k => k.Member == memberId).Count(k => _rows.TryRemove(k, out _)));
    }

    /// <summary>An index row left behind by an unfollow that failed half-way: <paramref name="memberId"/>'s index names <paramref name="incidentId"/>.</summary>
    public void StaleIndex(string incidentId, string memberId) => _stale.Add((incidentId, memberId));
}
