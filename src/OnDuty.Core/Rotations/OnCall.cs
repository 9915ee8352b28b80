using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The shift containing now, the next one, the members on duty now (covers for part of the shift applied: what pages use), and
/// the roster to name everyone.
/// </summary>
public sealed record OnCall(Rotation Rotation, ScheduledShift? Current, ScheduledShift? Next, IReadOnlyList<Member> Members, IReadOnlyDictionary<string, Member> Roster)
{
    /// <summary>Who is on duty now and why (<see cref="ScheduledShift.DutyAt"/>): the shift's members, or a cover's replacement in a member's place.</summary>
    public IReadOnlyList<Assignment> Duty { get; init; } = Current?.Members ?? [];
}
