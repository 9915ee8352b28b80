using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The handoff brief to one incoming duty member, in their language (times in <see cref="TimeZone"/>).</summary>
public sealed record HandoffBriefNotice(Language Language, HandoffBrief Brief, string TimeZone, DateOnly Today) : Notice(Language)
{
    /// <summary>Origin of the links to incident and retro pages; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Pages go by SMS and the reader has no number on the roster: the brief asks them to add one before their week.</summary>
    public bool NoPhoneForSms { get; init; }

    /// <summary>Pages go to the team's Teams channel too: the no-number note says pages reach the reader by email and Teams, else by email only.</summary>
    public bool TeamsEnabled { get; init; } = true;

    /// <summary>
    /// The reader is on duty already: they took over after the shift was announced (a replacement mid-week), or the brief goes out
    /// well after the handoff (a first run on fresh storage, a host that was down): what to fix is asked for now, not "before your
    /// week starts" (trial 33, L5).
    /// </summary>
    public bool OnDutyAlready { get; init; }

    /// <summary>Messages to the reader's address or number that recently did not arrive (given up or reported undelivered), newest first.</summary>
    public IReadOnlyList<Notifications.OutboxMessage> Undelivered { get; init; } = [];

    /// <summary>Pages to the reader in the week before that reached them late, after a failed attempt (the latest first): the record of a mail outage (trial 36, M3).</summary>
    public IReadOnlyList<Notifications.OutboxMessage> LatePages { get; init; } = [];

    /// <summary>Audiences' display names by name (<c>Comms__Audiences__{name}__DisplayName</c>), for those that have one.</summary>
    public IReadOnlyDictionary<string, string> AudienceNames { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
