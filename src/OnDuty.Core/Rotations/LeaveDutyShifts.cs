namespace OnDuty.Core.Rotations;

/// <summary>
/// What new leave leaves as it is from today on: the current or announced shifts it falls in (<see cref="Announced"/>), the weeks not
/// yet announced it leaves short (<see cref="ShortHanded"/>) and those of them it took the member off (<see cref="ShortHandedTold"/>, told).
/// </summary>
public sealed record LeaveDutyShifts(
    IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> Announced,
    IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> ShortHanded,
    IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> ShortHandedTold);
