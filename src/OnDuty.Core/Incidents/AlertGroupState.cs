namespace OnDuty.Core.Incidents;

/// <summary>
/// An alert group's rows as one read found them: who holds it now, its last resolved incident, and the resolves it sent while
/// it had no incident (by dedup key), remembered a while so that a late firing behind one is known as stale.
/// </summary>
public sealed record AlertGroupState(AlertGroupClaim? Open, LastAlertGroupIncident? Last, IReadOnlyDictionary<string, RememberedResolve>? Resolves = null);

/// <summary>A resolve of an alert of a group with no incident: the alert's <c>endsAt</c>, and when it was received.</summary>
public sealed record RememberedResolve(DateTimeOffset EndsAt, DateTimeOffset RememberedAt);
