using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// 「【OnDuty】当番表に追加されました」 to a member just added to the roster: their first duty (if the schedule has one), how pages
/// reach them, that 「対応します」 takes a page, and where to look (only with <see cref="BaseUrl"/>).
/// </summary>
public sealed record MemberWelcomeNotice(Language Language, Member Member) : Notice(Language)
{
    /// <summary>The rotation of <see cref="FirstDuty"/>; null with it.</summary>
    public Rotation? Rotation { get; init; }

    /// <summary>Their first shift not started yet in the next <see cref="NextDuty.LookAhead"/>, with their partners; null: none scheduled yet.</summary>
    public NextDuty? FirstDuty { get; init; }

    /// <summary>Pages go to the team's Teams channel too.</summary>
    public bool TeamsEnabled { get; init; } = true;

    /// <summary>Pages are texted too (an SMS provider is configured).</summary>
    public bool SmsEnabled { get; init; }

    /// <summary>A reply of 「1」 to a page's text acknowledges it (<c>Sms__AcceptReplies</c>); said only with <see cref="SmsEnabled"/>.</summary>
    public bool RepliesAccepted { get; init; }

    /// <summary>The severities whose pages are texted (<c>Sms__Severities</c>); empty: every page.</summary>
    public IReadOnlyList<Alerts.AlertSeverity> TextedSeverities { get; init; } = [];

    /// <summary>Pages ring the number too, from this escalation step (0 with the first page); null when calls are off.</summary>
    public int? CallsFromStep { get; init; }

    /// <summary>The severities that ring (<c>Voice__Severities</c>); empty: every one.</summary>
    public IReadOnlyList<Alerts.AlertSeverity> CalledSeverities { get; init; } = [];

    /// <summary><c>Team__PublicBaseUrl</c> (no trailing slash): the duty page and the member's own page are linked; null: no links.</summary>
    public string? BaseUrl { get; init; }

    /// <summary><see cref="Rotation"/> has a duty page of its own (<c>?rotation={id}</c>).</summary>
    public bool OwnDutyPage { get; init; }
}
