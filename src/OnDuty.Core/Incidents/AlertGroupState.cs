namespace OnDuty.Core.Incidents;

/// <summary>An alert group's two rows as one read found them: who holds it now, and its last resolved incident.</summary>
public sealed record AlertGroupState(AlertGroupClaim? Open, LastAlertGroupIncident? Last);
