namespace OnDuty.Core.Incidents;

/// <summary>When a person last said something about an incident, and what (the status page shows it).</summary>
public sealed record PersonUpdate(DateTimeOffset At, string? Message);
