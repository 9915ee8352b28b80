using OnDuty.Core.Calendar;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>What an announcement is about: a shift, who is on it, who is next.</summary>
public sealed record DutyAnnouncement(
    Rotation Rotation,
    string Week,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<Member> Members,
    IReadOnlyList<string> ContinuingIds,
    string? NextWeek,
    IReadOnlyList<Member> NextMembers)
{
    /// <summary>Set when this shift's handoff moved off a non-working day.</summary>
    public HandoffMove? HandoffMoved { get; init; }

    /// <summary>Set when the next shift's handoff will move off a non-working day.</summary>
    public HandoffMove? NextHandoffMoved { get; init; }

    /// <summary>The shift's closure and holiday notes (<see cref="NoteKind.IncludesClosure"/>, <see cref="NoteKind.IncludesHolidays"/>): the pair is on duty through them.</summary>
    public IReadOnlyList<ScheduleNote> DaysOff { get; init; } = [];

    /// <summary>
    /// The shift's <see cref="NoteKind.WorkingDaysThin"/> notes: team working days a part-timer on it leaves to one member or none
    /// (「木・金は佐藤さんのみ」).
    /// </summary>
    public IReadOnlyList<ScheduleNote> ThinDays { get; init; } = [];

    /// <summary>The shift's covers for part of it (that apply), listed with their time; their replacements are told too.</summary>
    public IReadOnlyList<NamedCover> Covers { get; init; } = [];

    /// <summary>
    /// Set when every lead (<c>Incidents__Leads</c>) is on duty in this shift of the paging rotation: the leads' escalation step
    /// is passed over that week, and an unanswered page goes to <see cref="LeadsOnDuty.Next"/> instead.
    /// </summary>
    public LeadsOnDuty? LeadsOnDuty { get; init; }

    /// <summary>
    /// Set when another shift of the rotation was frozen under the same week label (its cadence was changed, e.g. by a version
    /// before such edits were refused): the announcement's ids then carry this shift's start date, so this shift is not taken
    /// for the one already announced. Null for every other shift, whose ids stay <c>duty:{rotation}:{week}</c>.
    /// </summary>
    public DateOnly? ShiftStartInId { get; init; }

    /// <summary>
    /// The next turn of each member on the shift (and of each cover's replacement) after it, by member id: their own mail says
    /// 「あなたの次回の当番：…」. Missing for one with none in the next <see cref="NextDuty.LookAhead"/> shifts.
    /// </summary>
    public IReadOnlyDictionary<string, NextDuty> NextDuties { get; init; } = new Dictionary<string, NextDuty>();

    /// <summary>
    /// Per member on the shift who serves the following shifts in a row too, those shifts (the rest of their turn, see
    /// <see cref="NextDuty.RestOfTurn"/>): their own mail says the whole turn. Missing for a one-shift turn.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<ScheduledShift>> RestOfTurns { get; init; } = new Dictionary<string, IReadOnlyList<ScheduledShift>>();

    /// <summary>The team lists' recipients with groups expanded; null = <see cref="Rotation.NotifyEmails"/> as they are.</summary>
    public IReadOnlyList<AudienceRecipient>? Audience { get; init; }
}
