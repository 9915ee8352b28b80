namespace OnDuty.Core.Calendar;

/// <summary>A handoff moved off its nominal date because that date (and maybe the next ones) were not working days.</summary>
public sealed record HandoffMove(DateOnly NominalDate, DateOnly Date, IReadOnlyList<NonWorkingDay> Skipped);
