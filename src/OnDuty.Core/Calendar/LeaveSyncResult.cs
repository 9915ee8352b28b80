namespace OnDuty.Core.Calendar;

/// <summary>What one leave sync did.</summary>
public sealed record LeaveSyncResult(int Added, int Removed, int Checked, IReadOnlyList<string> Errors);
