using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To a member who stays on a week not yet announced, starting within <see cref="ScheduleChangeNotifier.PartnerNotice"/>, whose
/// partner a change (a swap, a replacement, leave) replaced: their own weeks did not move, so the schedule-change mail never
/// reached them and they heard of their new partner only at the announcement. <see cref="Weeks"/> are the weeks it changed.
/// </summary>
public sealed record PartnerChangedNotice(Language Language, Rotation Rotation, Member Reader, IReadOnlyList<PartnerChange> Weeks) : Notice(Language)
{
    /// <summary>Who made the change, as they signed in or typed their name (a roster name where known); null when not said (Outlook).</summary>
    public string? By { get; init; }

    /// <summary><c>Team__PublicBaseUrl</c> (no trailing slash): the mail links the duty page; null: no link.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The rotation has a duty page of its own (<c>?rotation={id}</c>): every rotation but the paging one.</summary>
    public bool OwnDutyPage { get; init; }
}
