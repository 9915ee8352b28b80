namespace OnDuty.Core.Incidents;

/// <summary>The group's last incident and when it resolved, for the reopen window.</summary>
public sealed record LastAlertGroupIncident(string IncidentId, DateTimeOffset ResolvedAt);
