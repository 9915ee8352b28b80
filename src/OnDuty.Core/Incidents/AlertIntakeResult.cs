namespace OnDuty.Core.Incidents;

public sealed record AlertIntakeResult(AlertIntakeOutcome Outcome, string? IncidentId, int Fired, int Repeated, int ResolvedAlerts);
