namespace OnDuty.Core.Rotations;

/// <summary>
/// What new leave leaves as it is from today on: the current or announced shifts it falls in (<see cref="Announced"/>), the weeks not
/// yet announced it leaves short (<see cref="ShortHanded"/>) and those of them it took the member off (<see cref="ShortHandedTold"/>, told).
/// </summary>
public sealed record LeaveDutyShifts(
    IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> Announced,
    IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> ShortHanded,
    IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> ShortHandedTold)
{
    /// <summary>
    /// The weeks not yet announced the leave meets but keeps the member on (its handoff morning after their dates, session 62): their
    /// announcement asks the others on them and the leads to cover those hours.
    /// </summary>
    public IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> Kept { get; init; } = [];
}
