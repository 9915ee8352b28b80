using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To a cover's replacement: a whole-shift <see cref="Change"/> to an announced shift made their cover unneeded.
/// <see cref="NewMember"/> is who the change put on the shift.
/// </summary>
public sealed record CoverCancelledNotice(Language Language, Rotation Rotation, string Week, NamedCover Cover, Member NewMember, DutyChange Change)
    : Notice(Language)
{
    /// <summary>True when the covered member was replaced for the shift; false when the cover's replacement joined it.</summary>
    public bool MemberReplaced => Change.MemberId == Cover.Member.Id;

    /// <summary>The day the shift really starts when its handoff moved off a holiday (its Japanese week name says that day); null: its nominal day.</summary>
    public DateOnly? HandoffDate { get; init; }
}
