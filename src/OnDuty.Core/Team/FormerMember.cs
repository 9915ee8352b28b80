namespace OnDuty.Core.Team;

/// <summary>
/// Someone taken off the roster (<see cref="MemberRemoval"/>): their member id stays in history — who saved a retro, owns an
/// action item, posted an update or acknowledged — so pages name them by the name they had when they left, marked as no longer on
/// the roster, never by the bare id. <see cref="DisplayName"/> is null when their personal data was erased with them.
/// </summary>
public sealed record FormerMember(string Id, string? DisplayName, Language Language, DateTimeOffset RemovedAt)
{
    /// <summary>The record kept of <paramref name="member"/> removed at <paramref name="at"/>: without their name when <paramref name="erased"/>.</summary>
    public static FormerMember Of(Member member, bool erased, DateTimeOffset at) =>
        new(member.Id, erased ? null : member.DisplayName, member.Language, at);
}
