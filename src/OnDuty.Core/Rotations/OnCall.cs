using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The shift containing now, the next one with people (after a shift held over past a start moved later, the rotation's first:
/// <see cref="NobodyBeforeNext"/>), the members on duty now (covers for part of the shift applied: what pages use), and
/// the roster to name everyone. On a team working weekday a part-timer on duty does not work, <see cref="Members"/> leaves them
/// out (<see cref="NotWorkingToday"/>) and pages go to their partner; when nobody on duty works that day, everyone stays in.
/// </summary>
public sealed record OnCall(Rotation Rotation, ScheduledShift? Current, ScheduledShift? Next, IReadOnlyList<Member> Members, IReadOnlyDictionary<string, Member> Roster)
{
    /// <summary>Who is on duty now and why (<see cref="ScheduledShift.DutyAt"/>): the shift's members, or a cover's replacement in a member's place.</summary>
    public IReadOnlyList<Assignment> Duty { get; init; } = Current?.Members ?? [];

    /// <summary>
    /// Members on duty whose <see cref="Member.WorkingDays"/> leave out today (the rotation's time zone), a team working weekday:
    /// not in <see cref="Members"/> when someone on duty works today, still in it (and here too) when nobody does.
    /// </summary>
    public IReadOnlyList<Member> NotWorkingToday { get; init; } = [];

    /// <summary>Everyone's leave (the roster's, as entered: each in its member's calendar), so the leads' step can pass over a lead on leave now (<see cref="LeadsOnLeave"/>).</summary>
    public IReadOnlyList<Leave> Leave { get; init; } = [];

    /// <summary>Nobody is on duty from the end of <see cref="Current"/> to the start of <see cref="Next"/> (a shift held over past a start moved later).</summary>
    public bool NobodyBeforeNext => Current is not null && Next is not null && Next.StartsAt > Current.EndsAt;

    /// <summary>Nobody on duty works today: <see cref="Members"/> are all of them, paged anyway so the page reaches a person.</summary>
    public bool NobodyWorkingToday => NotWorkingToday.Count > 0 && NotWorkingToday.Count == Members.Count;
}
