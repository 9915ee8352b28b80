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

    /// <summary>
    /// The range's incidents (duplicates merged into another left out, as in the counts), newest first, at most
    /// <see cref="IncidentReportCalculator.MaxRows"/>: fewer than <see cref="IncidentTotals.Incidents"/> when cut (the CSV has them all).
    /// </summary>
    public IReadOnlyList<ReportIncidentRow> Incidents { get; init; } = [];

    /// <summary>
    /// The outages month by month, a row for each calendar month the range touches (oldest first, months without any
    /// included): a quarter's October, November and December.
    /// </summary>
    public IReadOnlyList<MonthCount> Months { get; init; } = [];
}
