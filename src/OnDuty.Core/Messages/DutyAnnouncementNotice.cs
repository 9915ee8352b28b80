using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>The weekly "who is on duty" announcement, for one reader or the channel.</summary>
public sealed record DutyAnnouncementNotice(Language Language, DutyAnnouncement Announcement) : Notice(Language)
{
    /// <summary>
    /// Origin of the links to the duty page (where a member who cannot serve finds a replacement) and to "how pages reach me";
    /// null without <c>Team__PublicBaseUrl</c> (then the announcement names no page).
    /// </summary>
    public string? BaseUrl { get; init; }

    /// <summary>The rotation is not the paging one: its duty page is <c>/api/status/duty?rotation={id}</c>, not the plain address.</summary>
    public bool OwnDutyPage { get; init; }

    /// <summary>The member the mail is addressed to (one of the pair or a cover's replacement): it says their next duty. Null for the team lists and the channel.</summary>
    public string? ReaderId { get; init; }
}
