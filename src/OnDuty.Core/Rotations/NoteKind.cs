namespace OnDuty.Core.Rotations;

/// <summary>What a <see cref="ScheduleNote"/> says; OnDuty.Messages has a phrase per kind (<c>Note.{Kind}</c>).</summary>
public enum NoteKind
{
    /// <summary>Only <see cref="ScheduleNote.Count"/> of <see cref="ScheduleNote.Of"/> members available.</summary>
    ShortHanded,

    /// <summary>No experienced member was free to pair with <see cref="ScheduleNote.MemberIds"/>.</summary>
    NoExperiencedPartner,

    /// <summary>An override (or swap) of <see cref="ScheduleNote.MemberId"/> with <see cref="ScheduleNote.ReplacementId"/> was ignored: the member is not on the shift.</summary>
    OverrideMemberNotOnShift,

    /// <summary>An override (or swap) was ignored: its replacement is already on the shift.</summary>
    OverrideReplacementOnShift,

    /// <summary><see cref="ScheduleNote.ReplacementId"/> cannot serve (<see cref="ScheduleNote.Ineligible"/>) but an override put them on.</summary>
    ReplacementIneligible,

    /// <summary>Frozen as announced; the current roster would give <see cref="ScheduleNote.MemberIds"/> (nobody when empty).</summary>
    FrozenDiffers,

    /// <summary>
    /// A cover of <see cref="ScheduleNote.MemberId"/> by <see cref="ScheduleNote.ReplacementId"/> does not apply: the replacement
    /// left the roster (or is inactive), so the member stays on duty and is paged.
    /// </summary>
    CoverReplacementGone,

    /// <summary>
    /// A cover of <see cref="ScheduleNote.MemberId"/> by <see cref="ScheduleNote.ReplacementId"/> does not apply: it overlaps an
    /// older cover that applies, of the same member or by the same replacement (who cannot be on duty twice), so the member
    /// stays on duty and is paged.
    /// </summary>
    CoverConflicts,

    /// <summary>
    /// A handoff moved off non-working days (into this shift or out of it, e.g. over 年末年始) leaves the shift shorter than
    /// <see cref="ScheduleNote.MinimumShift"/>: it lasts <see cref="ScheduleNote.Count"/> hours. Whoever is on it may want to know
    /// before they plan around a whole week.
    /// </summary>
    ShortShift,

    /// <summary>
    /// The shift contains days of a company closure (<see cref="ScheduleNote.Days"/>, one closure's run of days, e.g. 年末年始
    /// 12/29–1/3): the pair is on duty through it. <see cref="ScheduleNote.Of"/> is the shift's length in weeks.
    /// </summary>
    IncludesClosure,

    /// <summary>
    /// The shift contains public holidays (<see cref="ScheduleNote.Days"/>, e.g. 成人の日): the pair is on duty on them too.
    /// <see cref="ScheduleNote.Of"/> is the shift's length in weeks.
    /// </summary>
    IncludesHolidays,

    /// <summary>
    /// A part-timer on the shift leaves team working days <see cref="ScheduleNote.WorkingDays"/> with only
    /// <see cref="ScheduleNote.MemberIds"/> working them (nobody when empty): 「木・金は佐藤さんのみ」. Said when no other pairing
    /// would have covered them (the queue looks for one first).
    /// </summary>
    WorkingDaysThin,

    /// <summary>
    /// A shift before the rotation's first start that nobody holds: the start was moved later past a shift that still ran or was
    /// announced, which keeps its pair until it ends; between its end and the first start nobody is on duty and pages go to the leads.
    /// </summary>
    BeforeStart,
}
