namespace OnDuty.Core.Calendar;

/// <summary>A half-open interval of time [Start, End).</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End);
