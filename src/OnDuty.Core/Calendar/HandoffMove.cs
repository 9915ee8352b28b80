namespace OnDuty.Core.Calendar;

/// <summary>A handoff moved off its nominal date because that date (and maybe the next ones) were not working days.</summary>
public sealed record HandoffMove(DateOnly NominalDate, DateOnly Date, IReadOnlyList<NonWorkingDay> Skipped)
{
    /// <summary>The handoff time of the cadence the shift belongs to (an earlier cadence keeps its own); null when not known.</summary>
    public TimeOnly? Time { get; init; }
}
