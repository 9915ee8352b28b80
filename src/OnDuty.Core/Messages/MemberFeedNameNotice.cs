using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The name of a member's own calendar feed (<c>X-WR-CALNAME</c>), e.g. <c>山田 太郎 の当番</c>.</summary>
public sealed record MemberFeedNameNotice(Language Language, string MemberName) : Notice(Language);
