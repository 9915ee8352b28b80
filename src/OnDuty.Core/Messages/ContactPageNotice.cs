using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// "How pages reach me" (<c>/api/status/me</c>): a member's own contact details for pages — their mail address (read-only: it
/// is the roster's), their mobile number for pages by SMS, which they set or clear here, and a button that texts them a test
/// message. <see cref="Member"/> is the signed-in visitor's roster entry (matched by mail address); null when they are not on
/// the roster. Where pages are used without sign-in (locally), <see cref="Choices"/> lists the roster to pick whom to edit.
/// </summary>
public sealed record ContactPageNotice(Language Language, Member? Member, FormToken Token, PageVisitor Visitor) : Notice(Language)
{
    /// <summary>Without sign-in (local use only): the active members to choose from; empty when signed in.</summary>
    public IReadOnlyList<Member> Choices { get; init; } = [];

    /// <summary>Pages go by SMS too (a provider is configured): the phone field matters and the test button is shown.</summary>
    public bool SmsEnabled { get; init; }

    /// <summary>Pages go to the team's Teams channel too: the page says pages come by email and Teams, else by email.</summary>
    public bool TeamsEnabled { get; init; } = true;

    /// <summary>Page texts say that replying 1 acknowledges (<c>Sms__AcceptReplies</c>).</summary>
    public bool RepliesAccepted { get; init; }

    /// <summary>The severities whose pages are texted (<c>Sms__Severities</c>); empty: every page.</summary>
    public IReadOnlyList<Alerts.AlertSeverity> TextedSeverities { get; init; } = [];

    /// <summary>Pages ring the number too, from this escalation step (<c>Voice__FromStep</c>: 0 with the first page); null when calls are off.</summary>
    public int? CallsFromStep { get; init; }

    /// <summary>The severities that ring (<c>Voice__Severities</c>); empty: every one.</summary>
    public IReadOnlyList<Alerts.AlertSeverity> CalledSeverities { get; init; } = [];

    /// <summary>
    /// When each severity that rings goes to its next step unless someone acknowledged (its ack timeout): a member's own call rule
    /// (<see cref="Member.CallAfterMinutes"/>) works only before it, which the page says. Empty when calls are off.
    /// </summary>
    public IReadOnlyList<(Alerts.AlertSeverity Severity, TimeSpan After)> NextStepAfter { get; init; } = [];

    /// <summary>What the failed form had typed, by field name (<c>phone</c>, <c>member</c>, <c>callAfterMinutes</c>).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    /// <summary>The failed form's problems by field: a form code (<c>required</c>) or the roster's rule as Core says it.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>What the last post did (after its redirect): one of <see cref="IsDone"/>'s.</summary>
    public string? Done { get; init; }

    /// <summary>What a post on the page can have done: <c>saved</c>, <c>cleared</c>, <c>tested</c>, <c>called</c>, <c>emailed</c>, <c>unfollowed</c>, <c>revoked</c>, <c>ruleSaved</c> or <c>ruleCleared</c>.</summary>
    public static bool IsDone(string? done) => done is "saved" or "cleared" or "tested" or "called" or "emailed" or "unfollowed" or "revoked" or "ruleSaved" or "ruleCleared";

    /// <summary>
    /// 「カレンダーに追加」: the calendar feed URLs the member made here (<see cref="Calendar.FeedToken.ByMember"/>), oldest first, each
    /// with 「無効にする」; an admin's are not listed. Shown with a member known.
    /// </summary>
    public IReadOnlyList<Calendar.FeedToken> CalendarFeeds { get; init; } = [];

    /// <summary>The subscribe URL (https) of the feed just made: shown this once, as the admin API returns its secret only on creation.</summary>
    public string? NewCalendarUrl { get; init; }

    /// <summary>How many feed URLs a member may have at once (<see cref="Calendar.FeedService.MaxTokensPerFeed"/>), said at the cap.</summary>
    public int CalendarMax { get; init; } = Calendar.FeedService.MaxTokensPerFeed;

    /// <summary>
    /// The open incidents the member follows (<see cref="Incidents.IncidentFollowing.FollowedOpenAsync"/>), newest first: each linked
    /// to its page, with 「フォローをやめる」 beside it.
    /// </summary>
    public IReadOnlyList<Incidents.Incident> Following { get; init; } = [];

    /// <summary>Messages to the member's address or number that recently did not arrive (given up, or reported undelivered), newest first.</summary>
    public IReadOnlyList<Notifications.OutboxMessage> Undelivered { get; init; } = [];

    /// <summary>The team's country calling code a national number is saved with (<c>Team__PhoneCountryCode</c>); null: international numbers only.</summary>
    public string? PhoneCountryCode { get; init; }

    /// <summary>The zone the page shows times in (<c>Incidents__TimeZone</c>).</summary>
    public required string TimeZone { get; init; }

    /// <summary>
    /// Whether the member lives in another zone than the team's (<see cref="TimeZone"/>): her own number is no domestic one of the
    /// team's country, so the number's hint asks for the country code (session 61: Emma in San Francisco was told +81).
    /// </summary>
    public bool MemberAbroad =>
        Member is { } m && Common.TimeZones.TryFind(m.TimeZone, out var own) && Common.TimeZones.TryFind(TimeZone, out var team) && !Leave.SameZone(own, team);
}

/// <summary>The test page email a member sends themselves from <see cref="ContactPageNotice"/>'s page, to <paramref name="Address"/>.</summary>
public sealed record EmailTestNotice(Language Language, string Name, string Address) : Notice(Language);

/// <summary>The test text a member sends themselves from <see cref="ContactPageNotice"/>'s page.</summary>
public sealed record SmsTestNotice(Language Language, string Name) : Notice(Language);
