namespace OnDuty.Core.Rotations;

/// <summary>
/// Shifts a rotation's start was moved later past that have not ended (see <see cref="ScheduleInput.FirstIndex"/>): their pair keeps
/// them, as stored, until <see cref="Until"/>; from then to the rotation's first handoff, <see cref="FirstStartsAt"/>, nobody is on
/// duty and pages go to the leads (<see cref="Gap"/>). What the edit's answer and the schedule-change mail say.
/// </summary>
/// <param name="Weeks">ISO week labels of the shifts held over, in order.</param>
/// <param name="StartsOn">The day each of them really started (its handoff moved off a holiday, or its start date), in the same order.</param>
public sealed record HeldOverShifts(IReadOnlyList<string> Weeks, IReadOnlyList<DateOnly> StartsOn, DateTimeOffset Until, DateTimeOffset FirstStartsAt)
{
    /// <summary>Nobody is on duty between the shifts held over and the rotation's first shift.</summary>
    public bool Gap => FirstStartsAt > Until;

    /// <summary>The shifts before <paramref name="input"/>'s first start that run at or after <paramref name="now"/>; null when there are none.</summary>
    public static HeldOverShifts? Of(ScheduleInput input, DateTimeOffset now)
    {
        var first = input.FirstIndex();
        if (first >= 0)
        {
            return null;
        }

        var from = Math.Max(first, -ScheduleCalculator.MaxCount);
        var held = ScheduleCalculator.Compute(input, from, -from).Where(s => s.Frozen && s.EndsAt > now).ToList();
        return held.Count == 0 ? null : new HeldOverShifts([.. held.Select(s => s.Week)], [.. held.Select(s => s.HandoffMoved?.Date ?? s.StartDate)], held.Max(s => s.EndsAt), input.Calendar().ShiftStartsAt(0));
    }
}
