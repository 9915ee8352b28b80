using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Everything the schedule is computed from: stored state only, so the result is deterministic.</summary>
public sealed record ScheduleInput(
    Rotation Rotation,
    IReadOnlyDictionary<string, Member> Roster,
    IReadOnlyList<Leave> Leave,
    RotationState State);

/// <summary>Works out who is on each shift, and why. See the class remarks for the rules.</summary>
public static class ScheduleCalculator
{
    public static IReadOnlyList<ScheduledShift> Compute(ScheduleInput input, int fromIndex, int count)
    {
        throw new NotImplementedException("being written");
    }
}
