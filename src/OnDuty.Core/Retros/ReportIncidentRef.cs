using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>An incident a report names.</summary>
public sealed record ReportIncidentRef(string Id, string Title, AlertSeverity Severity)
{
    /// <summary>The day its retro is due, where the report names it for its retro.</summary>
    public DateOnly? RetroDue { get; init; }

    /// <summary>Opened about a refused delivery: the refusal it keeps (<see cref="Incidents.Incident.Refusal"/>), its title worded from it for each reader; else null.</summary>
    public Incidents.RefusedDelivery? Refusal { get; init; }

    /// <summary>
    /// A confidential incident (<see cref="Incidents.Incident.Confidential"/>): the report names it by its id, 「非公開の障害」 for its
    /// title (its page has the rest); it still counts towards the range's figures.
    /// </summary>
    public bool Confidential { get; init; }
}
