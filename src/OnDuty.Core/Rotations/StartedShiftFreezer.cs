using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// A shift counts as frozen from its start, not from the next run of <c>AnnounceDutyWeek</c>: before anything a schedule is
/// computed from is changed (rotation settings or members, a member's edit, leave), the running shift of each rotation that
/// the timer has not frozen yet is frozen with the pair it has had since its handoff — computed from the input as it is
/// before the change. The record is stored as <see cref="FrozenShiftStatus.Announcing"/>, so the timer's next run announces
/// exactly that pair; the change then moves only shifts not yet started.
/// </summary>
public sealed class StartedShiftFreezer(IRotationRepository rotations, IRosterRepository roster, TimeProvider time, IWorkingCalendar? workingCalendar = null)
{
    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    /// <summary>Freezes the running shift of every rotation (one roster read for all); returns the weeks frozen now.</summary>
    public async Task<IReadOnlyList<string>> FreezeStartedAsync(CancellationToken cancellationToken)
    {
        var frozen = new List<string>();
        var all = await rotations.ListAsync(cancellationToken);
        if (all.Count == 0)
        {
            return frozen;
        }

        var team = await _schedules.LoadRosterAsync(cancellationToken);
        foreach (var rotation in all)
        {
            if (await FreezeAsync(rotation.Value, team, cancellationToken) is { } week)
            {
                frozen.Add($"{rotation.Value.Id} {week}");
            }
        }

        return frozen;
    }

    /// <summary>Freezes the running shift of <paramref name="rotation"/> (as stored, before an edit); returns its week when frozen now.</summary>
    public Task<string?> FreezeStartedAsync(Rotation rotation, CancellationToken cancellationToken) => FreezeAsync(rotation, null, cancellationToken);

    private async Task<string?> FreezeAsync(Rotation rotation, TeamRoster? team, CancellationToken cancellationToken)
    {
        var calendar = _schedules.Calendar(rotation);
        var now = time.GetUtcNow();
        var index = calendar.ShiftIndexAt(now);
        if (index < 0 || index >= ScheduleCalculator.MaxIndex)
        {
            return null;
        }

        var start = calendar.ShiftStartDate(index);
        var input = await _schedules.LoadAsync(rotation, team, cancellationToken);
        if (input.State.Frozen.Any(f => f.ShiftStart == start))
        {
            return null;
        }

        var shift = ScheduleCalculator.ComputeShift(input, index);
        var etag = await rotations.TryFreezeShiftAsync(rotation.Id, new FrozenShift
        {
            ShiftStart = start,
            Week = shift.Week,
            Members = shift.MemberIds,
            Status = FrozenShiftStatus.Announcing,
            FrozenAt = now,
        }, cancellationToken);
        return etag is null ? null : shift.Week;
    }
}
