using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>What a duty-change announcement is about: an announced shift, the change a person made to it, who is on it now.</summary>
public sealed record DutyChangeNotice(
    Rotation Rotation,
    string Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    DutyChange Change,
    Member Replaced,
    Member Replacement,
    IReadOnlyList<Member> Members);
