namespace OnDuty.Core.Retros;

/// <summary>
/// Counts of a range. <see cref="Incidents"/> are outages: a duplicate merged into another counts in <see cref="Merged"/> only.
/// Times are minutes from detection: to the first acknowledgement, and to the resolution (the time it stayed open: a quiet
/// spell between a resolution and a reopen does not count); p50 and p90 by nearest rank, null when nothing to measure.
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
    double? AckMinutesP50,
    double? AckMinutesP90,
    double? ResolveMinutesP50,
    double? ResolveMinutesP90);
