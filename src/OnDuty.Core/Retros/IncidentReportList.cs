namespace OnDuty.Core.Retros;

/// <summary>The incidents of a report's range, oldest first, with what the report reads in each: the rows of its CSV export.</summary>
public sealed record IncidentReportList(DateOnly From, DateOnly To, string TimeZone, bool Truncated, IReadOnlyList<ReportIncident> Incidents)
{
    /// <summary><c>Retros__SelfResolvedGraceMinutes</c>: which blips owe no retro (<see cref="RetroDue.SelfResolvedMinutes"/>); null: the default.</summary>
    public TimeSpan? SelfResolvedGrace { get; init; }

    /// <summary>Each incident's row as the report states it (its retro's state and due day, written late, its final report), by id.</summary>
    public IReadOnlyDictionary<string, ReportIncidentRow> Rows { get; init; } = new Dictionary<string, ReportIncidentRow>();
}
