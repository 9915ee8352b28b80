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

    /// <summary>Owed, not written and not overdue: <see cref="Owed"/> less <see cref="Written"/> and <see cref="Overdue"/>.</summary>
    public int Pending => Owed - Written - Overdue;
}
