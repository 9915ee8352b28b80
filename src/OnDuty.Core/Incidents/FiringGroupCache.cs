using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace OnDuty.Core.Incidents;

/// <summary>
/// This instance's memory, per alert group, of its open incident and the alerts firing in it as of one
/// <see cref="Incident.AlertVersion"/>. Only a hint: a repeat is folded on it after one point read shows the incident still
/// open at that version (every alert state change, resolve and reopen bumps it), so a memory made stale by another instance,
/// a person or a resolve costs the full path once, never a wrong decision.
/// </summary>
internal sealed class FiringGroupCache
{
    /// <summary>Groups remembered at most; beyond it the memory starts afresh (a storm of distinct groups gains nothing from it).</summary>
    public const int Capacity = 20_000;

    /// <summary>Longer group keys are not remembered (they are rare, and would make the memory large).</summary>
    private const int MaxGroupKeyLength = 1024;

    private readonly ConcurrentDictionary<(string Source, string GroupKey), Known> _groups = new();

    public sealed record Known(string IncidentId, long AlertVersion, FrozenSet<string> Firing);

    /// <summary>What is remembered of the group, when every one of <paramref name="dedupKeys"/> was firing in it.</summary>
    public Known? Find(string source, string groupKey, IEnumerable<string> dedupKeys) =>
        _groups.TryGetValue((source, groupKey), out var known) && dedupKeys.All(known.Firing.Contains) ? known : null;

    /// <summary>Remembers the group's incident and its firing alerts as of <paramref name="alertVersion"/> (a newer memory of the same incident wins).</summary>
    public void Remember(string source, string groupKey, string incidentId, long alertVersion, IEnumerable<string> firing)
    {
        if (groupKey.Length > MaxGroupKeyLength)
        {
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
}
