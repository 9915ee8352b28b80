namespace OnDuty.Core.Incidents;

/// <summary>One row of the status page: the incident and when a person last said something about it (its opening if nobody has).</summary>
public sealed record StatusBoardEntry(Incident Incident, DateTimeOffset LastUpdateAt, string? LastUpdate);
