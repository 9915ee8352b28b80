namespace OnDuty.Core.Rotations;

/// <summary>What a person did that moved duty weeks not yet announced; OnDuty.Messages has a phrase per kind (<c>ScheduleChange.{Kind}</c>).</summary>
public enum ScheduleChangeKind
{
    /// <summary><see cref="ScheduleChangeCause.MemberId"/> (in <see cref="ScheduleChangeCause.Week"/>) and <see cref="ScheduleChangeCause.OtherMemberId"/> (in <see cref="ScheduleChangeCause.OtherWeek"/>) traded weeks.</summary>
    Swap,

    /// <summary><see cref="ScheduleChangeCause.OtherMemberId"/> replaces <see cref="ScheduleChangeCause.MemberId"/> in <see cref="ScheduleChangeCause.Week"/>.</summary>
    Replace,

    /// <summary>A change of a week not yet announced (replacement or swap, <see cref="ScheduleChangeCause.Week"/>) was taken back.</summary>
    Undo,

    /// <summary>Leave of <see cref="ScheduleChangeCause.MemberId"/> from <see cref="ScheduleChangeCause.From"/> to <see cref="ScheduleChangeCause.To"/> was entered.</summary>
    Leave,

    /// <summary>That leave was cancelled.</summary>
    LeaveCancelled,

    /// <summary>
    /// The roster entry of <see cref="ScheduleChangeCause.MemberId"/> was edited: what moves duty (a leaving or joining date, made
    /// inactive or active again) is in <see cref="ScheduleChangeCause.Details"/>; anything else (experience) has the general phrase.
    /// </summary>
    Roster,

    /// <summary>
    /// The rotation's own settings were edited (pair size, start, members and their order, cadence …), each named in
    /// <see cref="ScheduleChangeCause.Details"/>; with a member taken out of its members, <see cref="MemberRemoved"/> instead.
    /// </summary>
    Settings,

    /// <summary><see cref="ScheduleChangeCause.MemberId"/> was taken out of the rotation's members (an edit of its settings).</summary>
    MemberRemoved,
}
