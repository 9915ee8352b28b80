using OnDuty.Core.Common;
using OnDuty.Core.Calendar;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Everything the schedule is computed from: stored state only, so the result is deterministic.</summary>
/// <param name="Leave">Leave in the rotation's dates (<see cref="TeamRoster.LeaveIn(TimeZoneInfo)"/>): what the schedule works in.</param>
public sealed record ScheduleInput(
    Rotation Rotation,
    IReadOnlyDictionary<string, Member> Roster,
    IReadOnlyList<Leave> Leave,
    RotationState State)
{
    private readonly IReadOnlyList<Leave>? _ownLeave;

    /// <summary>
    /// The leave as entered, each in its member's own calendar: for what is compared with instants (<see cref="Team.Leave.Span(Member, TimeZoneInfo)"/>)
    /// and said to people. <see cref="Leave"/> when not given (everyone in the rotation's zone).
    /// </summary>
    public IReadOnlyList<Leave> OwnLeave
    {
        get => _ownLeave ?? Leave;
        init => _ownLeave = value;
    }

    /// <summary><paramref name="leave"/> (one of <see cref="Leave"/>) as its member entered it: the days they said, in their calendar.</summary>
    public Leave OwnOf(Leave leave) => OwnLeave.FirstOrDefault(l => l.Id == leave.Id && l.MemberId == leave.MemberId) ?? leave;

    /// <summary>The instants <paramref name="leave"/> (one of <see cref="Leave"/>) covers: its days as entered, in its member's zone.</summary>
    public (DateTimeOffset From, DateTimeOffset To) SpanOf(Leave leave)
    {
        var zone = TimeZones.Find(Rotation.TimeZone);
        var own = OwnOf(leave);
        return Roster.TryGetValue(leave.MemberId, out var member) ? own.Span(member, zone) : own.Span(zone);
    }

    /// <summary>Moves handoffs off non-working days (when the rotation opts in); null = nominal handoffs.</summary>
    public IWorkingCalendar? WorkingCalendar { get; init; }

    /// <summary>The rotation's calendar with this input's working days.</summary>
    public DutyCalendar Calendar() => new(Rotation, WorkingCalendar);

    /// <summary>
    /// The first shift there is: 0, the rotation's first start, or earlier while a shift frozen before it is stored — the start
    /// was moved later past a running or announced shift, whose pair keeps it as stored until it ends (a page must reach a
    /// person). The shifts from there to the first start are nobody's but those (<see cref="NoteKind.BeforeStart"/>).
    /// </summary>
    public int FirstIndex()
    {
        var calendar = Calendar();
        var first = 0;
        foreach (var frozen in State.Frozen)
        {
            if (frozen.ShiftStart < Rotation.FirstStartDate && calendar.IndexOfStartDate(frozen.ShiftStart) is { } index && index < first)
            {
                first = index;
            }
        }

        return first;
    }

    /// <summary>
    /// The shift after <paramref name="index"/> that has people: the next one, or, from a shift held over past a start moved later,
    /// the next one held over or the rotation's first (the shifts between are nobody's, <see cref="FirstIndex"/>).
    /// </summary>
    public int NextWithPeople(int index)
    {
        var calendar = Calendar();
        var next = index + 1;
        while (next < 0 && !State.Frozen.Any(f => f.ShiftStart == calendar.ShiftStartDate(next)))
        {
            next++;
        }

        return next;
    }

    /// <summary><paramref name="index"/>, or <see cref="FirstIndex"/> when it is before it: where a reader's shifts begin.</summary>
    public int ClampToFirst(int index) => Math.Max(FirstIndex(), index);
}
