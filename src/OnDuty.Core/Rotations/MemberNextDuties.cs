using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>A member's coming duty shifts in one rotation (<c>GET /rotations/{id}/members/{memberId}/next</c>): on duty now or not, and the next ones not started yet.</summary>
public sealed record MemberNextDuties(Rotation Rotation, Member Member, ScheduledShift? Now, IReadOnlyList<NextDuty> Next);
