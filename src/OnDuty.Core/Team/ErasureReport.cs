namespace OnDuty.Core.Team;

/// <summary>What an erasure touched.</summary>
public sealed record ErasureReport(int RowsScrubbed, int RowsDeleted);
