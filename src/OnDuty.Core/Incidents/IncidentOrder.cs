namespace OnDuty.Core.Incidents;

/// <summary>
/// The one order incidents are listed in wherever a person picks what to look at (the status page, 「まとめて対応する」, the handoff
/// brief): open ones first; of those, the ones nobody has taken that page someone; then by severity; newest first within
/// (resolved ones newest first). The pages used together list the same incidents in the same order (trial 36, L1), and a SEV1
/// nobody has answered is never at the bottom of a phone screen (trial day 27).
/// </summary>
public static class IncidentOrder
{
    /// <summary>Open, nobody took it, and it pages: an announcement that pages nobody (<see cref="Incident.PagesNobodyFor"/>) waits for nobody.</summary>
    public static bool Unanswered(Incident i) => i.IsOpen && !i.IsAcknowledged && i.PagesNobodyFor is null;

    /// <summary>
    /// Open, no person took it (a monitoring tool's acknowledgement is no person's), and it pages: what 「まとめて対応する」 offers.
    /// </summary>
    public static bool NotTaken(Incident i) => i.IsOpen && !i.AcknowledgedByPerson && i.PagesNobodyFor is null;

    /// <summary>Incidents in the order above.</summary>
    public static IReadOnlyList<Incident> ForAttention(IEnumerable<Incident> incidents) => [.. ForAttention(incidents, i => i)];

    /// <summary>Items about incidents (<paramref name="incident"/> of each) in the order above.</summary>
    public static IOrderedEnumerable<T> ForAttention<T>(IEnumerable<T> items, Func<T, Incident> incident) => items
        .OrderBy(e => incident(e).IsOpen ? 0 : 1)
        .ThenBy(e => Unanswered(incident(e)) ? 0 : 1)
        .ThenBy(e => incident(e).IsOpen ? (int)incident(e).Severity : 0)
        .ThenByDescending(e => incident(e).DetectedAt)
        .ThenBy(e => incident(e).Id, StringComparer.Ordinal);
}
