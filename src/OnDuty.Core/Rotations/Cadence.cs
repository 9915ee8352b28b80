namespace OnDuty.Core.Rotations;

/// <summary>
/// An earlier cadence of a rotation (<see cref="Rotation.PreviousCadences"/>): its shifts started on <see cref="StartDate"/>
/// (a <see cref="HandoffDay"/>) at <see cref="HandoffTime"/> and lasted <see cref="ShiftWeeks"/> weeks, until the next cadence
/// took over. The rotation's own handoff day, time, shift length and start date are the cadence in force now.
/// </summary>
public sealed record Cadence
{
    public required DateOnly StartDate { get; init; }

    public required DayOfWeek HandoffDay { get; init; }

    public required TimeOnly HandoffTime { get; init; }

    public required int ShiftWeeks { get; init; }

    public static Cadence Of(Rotation rotation) => new()
    {
        StartDate = rotation.StartDate,
        HandoffDay = rotation.HandoffDay,
        HandoffTime = rotation.HandoffTime,
        ShiftWeeks = rotation.ShiftWeeks,
    };
}
