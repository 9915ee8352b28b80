using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To the others on an announced shift and to the leads: a member on duty entered leave (a sick day, often from a phone), or
/// Outlook showed her out of office, for days of it. Leave does not change an announced shift, so pages keep reaching <see cref="OnLeave"/> until someone is put in their
/// place; without this mail the partner and the lead heard nothing (session 51 reader pass). <see cref="From"/>–<see cref="To"/>
/// are the leave's days within the shift from today on.
/// </summary>
public sealed record LeaveDuringDutyNotice(Language Language, Rotation Rotation, string Week, Member OnLeave, DateOnly From, DateOnly To) : Notice(Language)
{
    /// <summary>The day the shift really starts when its handoff moved off a holiday (its Japanese week name says that day); null: its nominal day.</summary>
    public DateOnly? HandoffDate { get; init; }

    /// <summary>
    /// The instants of the leave in this shift for a member in another zone than the rotation's: her days there (<see cref="From"/>–
    /// <see cref="To"/>) cut to the shift's start and end. Her last day may run past the handoff by hours (session 61: 13–14 March in
    /// San Francisco end at 16:00 JST on the 15th, the shift at 10:00), so the hours a replacement is needed are said from these, not
    /// from her whole days. For a member of the rotation's zone, set when her leave in the shift is the morning of its handoff alone
    /// (session 61: 「JSTで12月7日(月) 00:00〜10:00」). Null: her whole days.
    /// </summary>
    public (DateTimeOffset From, DateTimeOffset To)? Hours { get; init; }

    /// <summary>Who entered the leave, as they signed in or typed their name (a colleague may enter it for someone sick); null when not said.</summary>
    public string? By { get; init; }

    /// <summary>The leave was read from the member's Outlook calendar (out of office), not entered by anyone.</summary>
    public bool FromOutlook { get; init; }

    /// <summary>
    /// The rotation pages for incidents (<c>Incidents__RotationId</c>): pages keep reaching the member on leave. Else (a maintenance
    /// rotation) nobody is paged by it: they only stay on duty.
    /// </summary>
    public bool Paged { get; init; } = true;

    /// <summary>
    /// Set for a shift not yet announced that the leave took <see cref="OnLeave"/> off while nobody else was free to take their place
    /// (leave entered weeks ahead): how short it is now and who an unanswered page goes to. Null for an announced shift.
    /// </summary>
    public ShortHandedWeek? ShortHanded { get; init; }

    /// <summary><c>Team__PublicBaseUrl</c> (no trailing slash): the mail links the duty page, where the replacement is made; null: no link.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>The rotation has a duty page of its own (<c>?rotation={id}</c>): every rotation but the paging one.</summary>
    public bool OwnDutyPage { get; init; }
}
