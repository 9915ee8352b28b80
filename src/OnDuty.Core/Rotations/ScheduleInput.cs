using OnDuty.Core.Calendar;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Everything the schedule is computed from: stored state only, so the result is deterministic.</summary>
public sealed record ScheduleInput(
    Rotation Rotation,
    IReadOnlyDictionary<string, Member> Roster,
    IReadOnlyList<Leave> Leave,
    RotationState State)
{
    /// <summary>Moves handoffs off non-working days (when the rotation opts in); null = nominal handoffs.</summary>
    public IWorkingCalendar? WorkingCalendar { get; init; }

    /// <summary>The rotation's calendar with this input's working days.</summary>
    public DutyCalendar Calendar() => new(Rotation, WorkingCalendar);
}
