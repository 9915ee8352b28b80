using System.Collections.Concurrent;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Tests.Fakes;

/// <summary>Followers by incident, as the table keeps them: one row per member, added once.</summary>
internal sealed class InMemoryIncidentFollowers : IIncidentFollowers
{
    private readonly ConcurrentDictionary<(string Incident, string Member), DateTimeOffset> _rows = new();

    private readonly List<(string Incident, string Member)> _stale = [];

    /// <summary>Follows the member's index no longer names (pruned, or never written): the incident's row stays.</summary>
    private readonly HashSet<(string Incident, string Member)> _unindexed = [];

    public Task<bool> FollowAsync(string incidentId, string memberId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _unindexed.Remove((incidentId, memberId)); // written again on every follow, as the table's
        return Task.FromResult(_rows.TryAdd((incidentId, memberId), at));
    }

    public Task<bool> UnfollowAsync(string incidentId, string memberId, CancellationToken cancellationToken) =>
        Task.FromResult(_rows.TryRemove((incidentId, memberId), out _));

    public Task<IReadOnlyList<string>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _rows.Keys.Where(k => k.Incident == incidentId).Select(k => k.Member).Order(StringComparer.Ordinal)]);

    /// <summary>The member's index: as the table's, it can name a follow since undone (<see cref="StaleIndex"/>).</summary>
    public Task<IReadOnlyList<string>> FollowedByAsync(string memberId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _rows.Keys.Where(k => k.Member == memberId && !_unindexed.Contains(k)).Select(k => k.Incident)
            .Concat(_stale.Where(k => k.Member == memberId).Select(k => k.Incident)).Distinct().Order(StringComparer.Ordinal)]);

    public async Task<FollowIndex> IndexOfAsync(string memberId, CancellationToken cancellationToken) =>
        new(await FollowedByAsync(memberId, cancellationToken), _prunedMembers.Contains(memberId));

    /// <summary>The members whose index <see cref="PruneIndexAsync"/> took rows out of, as the table marks them.</summary>
    private readonly HashSet<string> _prunedMembers = new(StringComparer.Ordinal);

    public Task IndexAsync(string memberId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Indexed.Add((incidentId, memberId));
        _unindexed.Remove((incidentId, memberId));
        return Task.CompletedTask;
    }

    public Task PruneIndexAsync(string memberId, IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken)
    {
        _prunedMembers.Add(memberId);
        foreach (var incidentId in incidentIds)
        {
            Pruned.Add((incidentId, memberId));
            _unindexed.Add((incidentId, memberId));
            _stale.RemoveAll(k => k == (incidentId, memberId));
        }

        return Task.CompletedTask;
    }

    /// <summary>Every index row <see cref="PruneIndexAsync"/> took out, in order.</summary>
    public List<(string Incident, string Member)> Pruned { get; } = [];

    /// <summary>Every index row <see cref="IndexAsync"/> wrote again, in order.</summary>
    public List<(string Incident, string Member)> Indexed { get; } = [];

    public Task<int> ForgetMemberAsync(string memberId, CancellationToken cancellationToken)
    {
        _stale.RemoveAll(k => k.Member == memberId);
        _prunedMembers.Remove(memberId);
        return Task.FromResult(_rows.Keys.Where(k => k.Member == memberId).Count(k => _rows.TryRemove(k, out _)));
    }

    /// <summary>An index row left behind by an unfollow that failed half-way: <paramref name="memberId"/>'s index names <paramref name="incidentId"/>.</summary>
    public void StaleIndex(string incidentId, string memberId) => _stale.Add((incidentId, memberId));
}
