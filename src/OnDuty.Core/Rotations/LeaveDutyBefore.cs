using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>What <see cref="LeaveDutyNotifier.BeforeAsync"/> took before leave was stored: its days, and the weeks not yet announced the member was on.</summary>
public sealed record LeaveDutyBefore(LeaveDays Days, IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> Shifts);
