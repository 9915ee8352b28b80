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
    IReadOnlyList<Member> Members)
{
    /// <summary>
    /// Set when the change puts <see cref="Replacement"/> on <see cref="RotationService.LongRunWeeks"/> or more weeks in a row:
    /// their own mail says so (「3週連続の当番になります。」), as the change's <c>warnings</c> and the duty page do.
    /// </summary>
    public int? ReplacementWeeksInARow { get; init; }

    /// <summary>
    /// Set when the change is half of a trade (a swap): the other shift of it, where <see cref="Replaced"/> serves in return —
    /// every mail and the card say it is a trade and name that shift (「入れ替えのため、1月26日(火)からの週は高橋さんに代わって佐藤さんが担当します。」).
    /// </summary>
    public TradedShift? Trade { get; init; }
}

/// <summary>The other shift of a trade: its ISO week label and when it starts.</summary>
public sealed record TradedShift(string Week, DateTimeOffset StartsAt);
