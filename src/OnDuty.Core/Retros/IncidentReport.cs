using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>
/// How the team's incidents went from <see cref="From"/> to <see cref="To"/> (dates inclusive, team time zone), beside the
/// range just before (<see cref="PreviousFrom"/>–<see cref="PreviousTo"/>): the monthly incident report (障害月次レポート).
/// </summary>
public sealed record IncidentReport(
    DateOnly From,
    DateOnly To,
    string TimeZone,
    bool Truncated,
    IncidentTotals Totals,
    DateOnly PreviousFrom,
    DateOnly PreviousTo,
    IncidentTotals Previous,
    IReadOnlyList<SeverityStats> Severities,
    RetroStats Retros,
    IReadOnlyList<RecurringAlert> Recurring,
    IReadOnlyList<AreaCount> Areas)
{
    /// <summary>The day (team time zone) the report was made: retros and action items are overdue as of it.</summary>
    public DateOnly? AsOf { get; init; }
}

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

/// <summary>One severity's incidents (by the severity they have now) and their times.</summary>
public sealed record SeverityStats(
    AlertSeverity Severity,
    int Incidents,
    int Acknowledged,
    double? AckMinutesP50,
    double? AckMinutesP90,
    int Resolved,
    double? ResolveMinutesP50,
    double? ResolveMinutesP90,
    int Escalated);

/// <summary>
/// Retros of the range's incidents: owed by each SEV1–SEV2 outage resolved, written, overdue (not written past its due
/// day); action items in the retros of the range's incidents, done, and open past their due date. <see cref="OverdueIncidents"/>
/// names the retros overdue (oldest first, at most <see cref="IncidentReportCalculator.MaxListed"/>).
/// </summary>
public sealed record RetroStats(int Owed, int Written, int Overdue, int ActionItems, int ActionItemsDone, int ActionItemsOverdue, IReadOnlyList<ReportIncidentRef> OverdueIncidents);

/// <summary>An incident a report names.</summary>
public sealed record ReportIncidentRef(string Id, string Title, AlertSeverity Severity);

/// <summary>An alert group that opened more than one incident in the range: the same thing breaking again (再発).</summary>
public sealed record RecurringAlert(string GroupKey, string Title, int Incidents, DateTimeOffset LastDetectedAt, IReadOnlyList<string> IncidentIds);

/// <summary>Outages of the range that named an affected area.</summary>
public sealed record AreaCount(string Area, int Incidents);

/// <summary>The incidents of a report's range, oldest first, with what the report reads in each: the rows of its CSV export.</summary>
public sealed record IncidentReportList(DateOnly From, DateOnly To, string TimeZone, bool Truncated, IReadOnlyList<ReportIncident> Incidents);
