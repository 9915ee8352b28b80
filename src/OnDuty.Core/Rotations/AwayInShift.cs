using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// A member kept on an announced shift through leave of hers (<see cref="LeaveDutyNotifier.KeptOn"/>): the hours of it, from
/// <see cref="From"/> to <see cref="To"/>, someone is needed to cover (session 62: the handoff morning after the shift's dates).
/// </summary>
public sealed record AwayInShift(Member Member, DateTimeOffset From, DateTimeOffset To);
