namespace OnDuty.Core.Calendar;

/// <summary>What one calendar sync did.</summary>
public sealed record CalendarSyncResult(int Created, int Updated, int Cancelled, IReadOnlyList<string> Errors);
