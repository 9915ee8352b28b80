namespace OnDuty.Core.Retros;

/// <summary>
/// Counts of a range. <see cref="Incidents"/> are outages: a duplicate merged into another counts in <see cref="Merged"/> only.
/// Times are minutes from detection: to the first acknowledgement, and to the resolution (the time it stayed open: a quiet
/// spell between a resolution and a reopen does not count); p50 and p90 by nearest rank, null when nothing to measure.
/// The times to acknowledge are of the <see cref="Acknowledged"/> outages only; <see cref="Unacknowledged"/> ones (nobody
/// acknowledged them: resolved first — by monitoring, <see cref="UnacknowledgedAutoResolved"/>, or by a person — or still
/// waiting) have no time, as in PagerDuty's MTTA, and are counted instead so the times are not read as everyone's.
/// <see cref="Declared"/> and <see cref="FromMonitoring"/> count incidents by how they were opened, merged or not (a person's
/// declaration later merged into a monitoring incident is still a declaration): together they are <see cref="Incidents"/> plus
/// <see cref="Merged"/>, and <see cref="DeclaredMerged"/> and <see cref="FromMonitoringMerged"/> say how many of each were merged.
/// </summary>
public sealed record IncidentTotals(
    int Incidents,
    int Merged,
    int Declared,
    int FromMonitoring,
    int StillOpen,
    int Reopened,
    int Escalated,
    int Unreached,
    int OutOfHours,
    int Acknowledged,
    int UnacknowledgedAutoResolved,
    double? AckMinutesP50,
    double? AckMinutesP90,
    double? ResolveMinutesP50,
    double? ResolveMinutesP90)
{
    /// <summary>Outages nobody acknowledged: not in the times to acknowledge.</summary>
    public int Unacknowledged => Incidents - Acknowledged;

    /// <summary>
    /// The longest time to acknowledge and to resolve (the worst case a lead quotes beside the median, which p90 by nearest rank
    /// is not once there are ten or more); null when none was measured.
    /// </summary>
    public double? AckMinutesMax { get; init; }

    /// <inheritdoc cref="AckMinutesMax"/>
    public double? ResolveMinutesMax { get; init; }

    /// <summary>
    /// Of <see cref="Unacknowledged"/>, the ones only a monitoring tool acknowledged (its sender's <c>acknowledge</c>): not a person's
    /// acknowledgement, so neither in <see cref="Acknowledged"/> nor in the times to acknowledge.
    /// </summary>
    public int AcknowledgedByTool { get; init; }

    /// <summary>Of <see cref="Declared"/>, the ones merged into another incident (also in <see cref="Merged"/>).</summary>
    public int DeclaredMerged { get; init; }

    /// <summary>Of <see cref="FromMonitoring"/>, the ones merged into another incident (also in <see cref="Merged"/>).</summary>
    public int FromMonitoringMerged { get; init; }

    /// <summary>
    /// Outages with a page that reached a person more than <see cref="Notifications.LatePagesCheck.Late"/> after it was queued (its
    /// provider failed first: a mail outage, trial 36 M3), apart from <see cref="Unreached"/> (given up on everyone). Pages delivered
    /// before this was recorded on their rows count as on time.
    /// </summary>
    public int PagesLate { get; init; }

    /// <summary>
    /// Minutes from when the first page reached a person (its first delivery row: an email, text or call, not the Teams card) to the
    /// first acknowledgement by a person, of the acknowledged outages paged before they were acknowledged; beside the times from
    /// detection, which count a mail outage's minutes against the people paged. p50 and p90 by nearest rank, null when none.
    /// </summary>
    public double? AckFromReachedMinutesP50 { get; init; }

    /// <inheritdoc cref="AckFromReachedMinutesP50"/>
    public double? AckFromReachedMinutesP90 { get; init; }

    /// <summary>
    /// Outages opened while a maintenance window held their pages (<see cref="Incidents.Incident.PagesHeldUntil"/>, the first page held):
    /// planned work's alerts, often at night and resolved by monitoring before anyone was paged. Said apart, so a lead can tell
    /// them from the out-of-hours and unacknowledged outages they are also counted in.
    /// </summary>
    public int HeldForMaintenance { get; init; }
}
