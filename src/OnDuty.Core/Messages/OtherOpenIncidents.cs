using OnDuty.Core.Incidents;

namespace OnDuty.Core.Messages;

/// <summary>
/// The incidents already open when a new one pages the pair (trial 39 M1: an alert for the outage 伊藤 was working on paged the pair
/// with no word of it, and they started a second investigation): newest first, at most <see cref="MaxShown"/> named, the rest counted,
/// as of <see cref="At"/>. The new incident's first page and the top of its page name them, so whoever opens it sees the outage may
/// be in hand and can merge it.
/// </summary>
public sealed record OtherOpenIncidents(IReadOnlyList<OtherOpenIncident> Shown, int More, DateTimeOffset At)
{
    public const int MaxShown = 3;

    /// <summary>
    /// Of <paramref name="open"/> (the status board's rows), those besides <paramref name="incident"/> that are open, not merged or being
    /// merged, and detected no later than it: a duplicate is merged into the older one, so an older incident's page never suggests
    /// merging it into a newer. Null when there are none.
    /// </summary>
    /// <param name="nameOf">A member's display name by id or address; null when not known (the id is shown as recorded).</param>
    public static OtherOpenIncidents? Of(Incident incident, IEnumerable<Incident> open, DateTimeOffset at, Func<string, string?> nameOf) =>
        Of([incident], open, at, nameOf);

    /// <summary>
    /// As <see cref="Of(Incident, IEnumerable{Incident}, DateTimeOffset, Func{string, string?})"/> for the incidents a storm's first
    /// pages list together (<paramref name="listed"/>): the open ones besides them, detected no later than the newest of them — the
    /// incidents paged on their own just before the hold began, often the cause (trial 51).
    /// </summary>
    public static OtherOpenIncidents? Of(IReadOnlyCollection<Incident> listed, IEnumerable<Incident> open, DateTimeOffset at, Func<string, string?> nameOf)
    {
        var latest = listed.Max(i => i.DetectedAt);
        var others = open
            .Where(i => listed.All(l => l.Id != i.Id) && i.IsOpen && i.MergedInto is null && !i.IsBeingMerged(at) && i.DetectedAt <= latest)
            .OrderByDescending(i => i.DetectedAt).ThenByDescending(i => i.Id.Length).ThenByDescending(i => i.Id, StringComparer.Ordinal) // the same instant: the later id first
            .ToList();
        return others.Count == 0
            ? null
            : new([.. others.Take(MaxShown).Select(i => new OtherOpenIncident(i, TakenBy(i, nameOf)))], Math.Max(0, others.Count - MaxShown), at);
    }

    private static string? TakenBy(Incident i, Func<string, string?> nameOf) =>
        i.AcknowledgedByPerson && i.AcknowledgedBy is { } by
            ? i.Assignees.FirstOrDefault(a => a.Id == by)?.DisplayName ?? nameOf(by) ?? by
            : null;
}
