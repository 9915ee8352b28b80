using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>The shift containing now, the next one, the members on duty now, and the roster to name everyone.</summary>
public sealed record OnCall(Rotation Rotation, ScheduledShift? Current, ScheduledShift? Next, IReadOnlyList<Member> Members, IReadOnlyDictionary<string, Member> Roster);
