namespace OnDuty.Core.Incidents;

/// <summary>Where an incident stands. Everything but <see cref="Resolved"/> counts as open.</summary>
public enum IncidentStatus
{
    Investigating,
    Identified,
    Monitoring,
    Resolved,
}
