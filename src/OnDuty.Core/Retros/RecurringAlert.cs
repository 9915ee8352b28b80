namespace OnDuty.Core.Retros;

/// <summary>An alert group that opened more than one incident in the range: the same thing breaking again (再発).</summary>
public sealed record RecurringAlert(string GroupKey, string Title, int Incidents, DateTimeOffset LastDetectedAt, IReadOnlyList<string> IncidentIds)
{
    /// <summary>The newest incident opened about a refused delivery: the refusal it keeps (<see cref="Incidents.Incident.Refusal"/>), its title worded from it for each reader; else null.</summary>
    public Incidents.RefusedDelivery? Refusal { get; init; }

    /// <summary>One of its incidents is confidential (<see cref="Incidents.Incident.Confidential"/>): the report does not name the alert's title.</summary>
    public bool Confidential { get; init; }
}
