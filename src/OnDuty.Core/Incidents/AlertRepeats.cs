namespace OnDuty.Core.Incidents;

/// <summary>An alert's repeats within a timeline page: the first and last, how many, and what the last one said.</summary>
public sealed record AlertRepeats(string AlertKey, DateTimeOffset First, DateTimeOffset Last, int Count, string? By, string? LastMessage);
