using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>
/// An incident with what the detail view shows: its alerts and a page of its timeline (the newest rows, oldest first, alert
/// repeats summarised in <see cref="Repeats"/>; <see cref="TimelineContinuationToken"/> reads older ones).
/// </summary>
public sealed record IncidentDetails(
    Versioned<Incident> Incident,
    IReadOnlyList<TrackedAlert> Alerts,
    IReadOnlyList<TimelineEntry> Timeline,
    IReadOnlyList<AlertRepeats>? Repeats = null,
    string? TimelineContinuationToken = null)
{
    /// <summary>
    /// Every alert of it resolved as monitoring would have resolved it on, and it stays open because a person runs it
    /// (<see cref="IncidentOptions.AlertsResolvedLeftToPerson"/>): the incident page asks them to resolve it if it is over.
    /// </summary>
    public bool AlertsResolvedLeftToPerson { get; init; }
}
