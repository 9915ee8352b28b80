using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace OnDuty.Core.Incidents;

/// <summary>
/// This instance's memory, per alert group, of its open incident and the alerts firing in it as of one
/// <see cref="Incident.AlertVersion"/>. Only a hint: a repeat is folded on it after one point read shows the incident still
/// open at that version (every alert state change, resolve and reopen bumps it), so a memory made stale by another instance,
/// a person or a resolve costs the full path once, never a wrong decision.
/// </summary>
/// <remarks>
/// One per instance (a singleton shared by the intake, the merger and the people's updates), so a change made through the
/// instance is answered by it at once: after a merge or a person's resolve, the next repeat of the group takes the full path
/// and is answered with what it did (folded into the incident merged into, or reopened), not with the memory from before.
/// </remarks>
public sealed class FiringGroupCache
{
    /// <summary>Groups remembered at most; beyond it the memory starts afresh (a storm of distinct groups gains nothing from it).</summary>
    public const int Capacity = 20_000;

    /// <summary>Longer group keys are not remembered (they are rare, and would make the memory large).</summary>
    private const int MaxGroupKeyLength = 1024;

    /// <summary>Merged incidents remembered at most (merges are rare: a day's worth fits many times over).</summary>
    private const int MergedCapacity = 1_000;

    private readonly ConcurrentDictionary<(string Source, string GroupKey), Known> _groups = new();

    /// <summary>Incidents known to be merged into another: never remembered again (they hold no group any more).</summary>
    private readonly ConcurrentDictionary<string, byte> _merged = new(StringComparer.Ordinal);

    public sealed record Known(string IncidentId, long AlertVersion, FrozenSet<string> Firing);

    /// <summary>What is remembered of the group, when every one of <paramref name="dedupKeys"/> was firing in it.</summary>
    public Known? Find(string source, string groupKey, IEnumerable<string> dedupKeys) =>
        _groups.TryGetValue((source, groupKey), out var known) && !_merged.ContainsKey(known.IncidentId) && dedupKeys.All(known.Firing.Contains) ? known : null;

    /// <summary>Remembers the group's incident and its firing alerts as of <paramref name="alertVersion"/> (a newer memory of the same incident wins).</summary>
    public void Remember(string source, string groupKey, string incidentId, long alertVersion, IEnumerable<string> firing)
    {
        if (groupKey.Length > MaxGroupKeyLength || _merged.ContainsKey(incidentId))
        {
            // A delivery that read the group's claim before a merge moved it must not bring the merged incident back.
            return;
        }

        if (_groups.Count >= Capacity)
        {
            _groups.Clear();
        }

        var known = new Known(incidentId, alertVersion, firing.ToFrozenSet(StringComparer.Ordinal));
        _groups.AddOrUpdate((source, groupKey), known, (_, old) => old.IncidentId == incidentId && old.AlertVersion > alertVersion ? old : known);
    }

    /// <summary>Drops the memory of the group (its incident resolved: no alert of it fires any more).</summary>
    public void Forget(string source, string groupKey) => _groups.TryRemove((source, groupKey), out _);

    /// <summary>Drops the memory when it is still <paramref name="stale"/> (a newer one written meanwhile stays).</summary>
    public void Forget(string source, string groupKey, Known stale) =>
        _groups.TryRemove(new KeyValuePair<(string, string), Known>((source, groupKey), stale));

    /// <summary>Drops every group remembered for <paramref name="incidentId"/> (a person resolved it: the next firing reopens it).</summary>
    public void ForgetIncident(string incidentId)
    {
        foreach (var (key, known) in _groups)
        {
            if (string.Equals(known.IncidentId, incidentId, StringComparison.Ordinal))
            {
                _groups.TryRemove(new KeyValuePair<(string, string), Known>(key, known));
            }
        }
    }

    /// <summary>
    /// <paramref name="incidentId"/> was merged into another: its groups are forgotten and it is never remembered again, so the
    /// next delivery of each takes the full path, which finds the group's claim on the incident merged into.
    /// </summary>
    public void Merged(string incidentId)
    {
        if (_merged.ContainsKey(incidentId))
        {
            return;
        }

        if (_merged.Count >= MergedCapacity)
        {
            _merged.Clear();
        }

        _merged[incidentId] = 0;
        ForgetIncident(incidentId);
    }

    /// <summary>
    /// The merge of <paramref name="incidentId"/> into <paramref name="from"/> was undone: it may be remembered again, and every group
    /// remembered for <paramref name="from"/> is forgotten (the duplicate's groups were remembered for it while merged), so the next
    /// delivery of each takes the full path and finds its claim.
    /// </summary>
    public void Unmerged(string incidentId, string from)
    {
        _merged.TryRemove(incidentId, out _);
        ForgetIncident(from);
    }
}
