namespace OnDuty.Core.Retros;

/// <summary>
/// Retros of the range's incidents: owed by each SEV1–SEV2 outage resolved, written, overdue (not written past its due
/// day); action items in the retros of the range's incidents, done, and open past their due date. <see cref="OverdueIncidents"/>
/// names the retros overdue (oldest first, at most <see cref="IncidentReportCalculator.MaxListed"/>), <see cref="PendingIncidents"/>
/// those owed and not written that are not due yet (due soonest first, as many at most), each with its due day.
/// </summary>
public sealed record RetroStats(int Owed, int Written, int Overdue, int ActionItems, int ActionItemsDone, int ActionItemsOverdue, IReadOnlyList<ReportIncidentRef> OverdueIncidents)
{
    public IReadOnlyList<ReportIncidentRef> PendingIncidents { get; init; } = [];

    /// <summary>Written late: retros first saved after their due day (among <see cref="Written"/>).</summary>
    public int WrittenLate { get; init; }

    /// <summary>Final reports (最終報) expected (<see cref="FinalReportDue.IsExpected"/>): outages resolved whose stakeholders were told.</summary>
    public int FinalReportsExpected { get; init; }

    /// <summary>Final reports sent, of those expected.</summary>
    public int FinalReportsSent { get; init; }

    /// <summary>Final reports owed (<see cref="FinalReportDue.IsOwed"/>): the retro written, nothing sent.</summary>
    public int FinalReportsOwed { get; init; }

    /// <summary>The incidents whose final report is owed, resolved first first, at most <see cref="IncidentReportCalculator.MaxListed"/>.</summary>
    public IReadOnlyList<ReportIncidentRef> FinalReportOwedIncidents { get; init; } = [];

    /// <summary>Owed, not written and not overdue: <see cref="Owed"/> less <see cref="Written"/> and <see cref="Overdue"/>.</summary>
    public int Pending => Owed - Written - Overdue;
}
