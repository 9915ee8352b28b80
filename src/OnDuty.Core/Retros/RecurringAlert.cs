namespace OnDuty.Core.Retros;

/// <summary>An alert group that opened more than one incident in the range: the same thing breaking again (再発).</summary>
public sealed record RecurringAlert(string GroupKey, string Title, int Incidents, DateTimeOffset LastDetectedAt, IReadOnlyList<string> IncidentIds);
