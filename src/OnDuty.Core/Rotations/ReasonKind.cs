namespace OnDuty.Core.Rotations;

/// <summary>What one part of an <see cref="AssignmentReason"/> says; OnDuty.Messages has a phrase per kind (<c>Reason.{Kind}</c>).</summary>
public enum ReasonKind
{
    /// <summary>Fills in for <see cref="ReasonPart.MemberId"/> (<see cref="ReasonPart.Ineligible"/>) for the rest of their turn.</summary>
    FillsIn,

    /// <summary>Rotates in ahead of <see cref="ReasonPart.MemberId"/> to pair an experienced member with <see cref="ReasonPart.MemberIds"/>.</summary>
    AheadForExperience,

    /// <summary>Next in the queue; last rotated in <see cref="ReasonPart.Week"/>.</summary>
    NextInQueue,

    /// <summary>Next in the queue, never on duty before.</summary>
    FirstTurn,

    /// <summary>Members ahead in the queue were passed over: <see cref="ReasonPart.Skipped"/>.</summary>
    Skipped,

    /// <summary>Serves <see cref="ReasonPart.Count"/> shifts, until <see cref="ReasonPart.Week"/>.</summary>
    Serves,

    /// <summary>Serves one shift (a staggered pair's shorter half).</summary>
    ServesOne,

    /// <summary>Serves one shift so the stagger exists from the first shift.</summary>
    StartsStagger,

    /// <summary>Continues from <see cref="ReasonPart.Week"/>: shift <see cref="ReasonPart.Count"/> of <see cref="ReasonPart.Of"/>.</summary>
    Continues,

    /// <summary>Replaces <see cref="ReasonPart.MemberId"/> by an override, with the override's own <see cref="ReasonPart.Note"/> if any.</summary>
    Replaces,

    /// <summary>Swapped with <see cref="ReasonPart.MemberId"/>, who serves in their place in <see cref="ReasonPart.Week"/> (if known).</summary>
    Swapped,

    /// <summary>As announced for <see cref="ReasonPart.Week"/>; the parts after it say why it was computed so.</summary>
    AsAnnounced,

    /// <summary>As announced for <see cref="ReasonPart.Week"/>, though today's roster and leave would not put them there.</summary>
    AnnouncedOnly,

    /// <summary>
    /// As announced (the shift is frozen) and on leave during it: leave does not change an announced week, so
    /// <see cref="ReasonPart.MemberId"/> stays on duty (and is paged) until a person replaces them for the days off.
    /// </summary>
    AnnouncedOnLeave,

    /// <summary>
    /// Put on the announced shift of <see cref="ReasonPart.Week"/> by a person's change after the announcement (not in it); the
    /// part after it (<see cref="Replaces"/> or <see cref="Swapped"/>) says whom they replace and why.
    /// </summary>
    ChangedAfterAnnouncement,

    /// <summary>Covers for <see cref="ReasonPart.MemberId"/> for part of the shift, with the cover's own <see cref="ReasonPart.Note"/> if any.</summary>
    Covers,

    /// <summary>
    /// On the turn that began earlier (shift <see cref="ReasonPart.Count"/> of <see cref="ReasonPart.Of"/>), but not on the shift
    /// before (<see cref="ReasonPart.Week"/>): a swap or replacement took them off it, so they do not stay from it — they come in here.
    /// </summary>
    BackAfterChange,

    /// <summary>
    /// Rotated in ahead of <see cref="ReasonPart.MemberId"/> because <see cref="ReasonPart.MemberIds"/> (a part-timer) do not work
    /// <see cref="ReasonPart.WorkingDays"/> and this member does (「木・金に勤務する人と組むため…」).
    /// </summary>
    AheadForWorkingDays,

    /// <summary>
    /// After <see cref="Replaces"/> or <see cref="Swapped"/>: before that change, <see cref="ReasonPart.MemberIds"/> (one member) had
    /// replaced <see cref="ReasonPart.MemberId"/> on this shift, with that change's <see cref="ReasonPart.Note"/> — a replace then a
    /// trade of the same shift is read as both, not as the trade alone.
    /// </summary>
    ReplacedEarlier,

    /// <summary>As <see cref="ReplacedEarlier"/> for a trade: before the later change, <see cref="ReasonPart.MemberIds"/> had traded with <see cref="ReasonPart.MemberId"/>.</summary>
    SwappedEarlier,
}
