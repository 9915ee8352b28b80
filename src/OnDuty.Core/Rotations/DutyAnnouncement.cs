using OnDuty.Core.Calendar;
using OnDuty.Core.Incidents;
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

    /// <summary>
    /// Set for a shift held over past a start moved later when nobody is on duty from its end (<see cref="DutyAnnouncement.EndsAt"/>)
    /// to the next shift (the rotation's first): when that one starts. The next shift is then not next week's.
    /// </summary>
    public DateTimeOffset? NobodyUntil { get; init; }

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
    /// Members on the shift through hours of their leave (the handoff morning after its dates, entered before the announcement),
    /// with those hours: the announcement asks for a cover of them, as the mail to the partner and the leads does.
    /// </summary>
    public IReadOnlyList<AwayInShift> Away { get; init; } = [];

    /// <summary>
    /// Set when every lead (<c>Incidents__Leads</c>) is on duty in this shift of the paging rotation: the leads' escalation step
    /// is passed over that week, and an unanswered page goes to <see cref="LeadsOnDuty.Next"/> instead.
    /// </summary>
    public LeadsOnDuty? LeadsOnDuty { get; init; }

    /// <summary>For the paging rotation: the days of the shift every lead is on leave (the leads' step is passed over then), or null.</summary>
    public LeadsAwayDays? LeadsOnLeave { get; init; }

    /// <summary>
    /// Set when the shift has fewer members than the rotation's pair size (its <see cref="NoteKind.ShortHanded"/> note, e.g. 1 of 2
    /// over 年末年始): the announcement says so, and for the paging rotation who an unanswered page goes to next (trial 34 H3).
    /// </summary>
    public ShortHandedWeek? ShortHanded { get; init; }

    /// <summary>
    /// The pair as announced has no experienced member (<see cref="Rotation.LacksExperience"/>, e.g. two juniors after a swap):
    /// the announcement says so, not only the duty page once after the change (trial 34 L6).
    /// </summary>
    public bool NoExperienced { get; init; }

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

    /// <summary>
    /// The team lists' recipients with groups expanded, and the leads for a short-handed week of the paging rotation; null =
    /// <see cref="Rotation.NotifyEmails"/> as they are.
    /// </summary>
    public IReadOnlyList<AudienceRecipient>? Audience { get; init; }
}

/// <summary>
/// A shift with only <paramref name="Count"/> of <paramref name="Of"/> members on duty. With one or nobody in the paging rotation,
/// escalation 1 has no other duty member to reach and is passed over: an unanswered page goes at once to
/// <paramref name="NextLeads"/> (the leads not on duty, by name), or to <paramref name="NextList"/> (the organisation's list) when
/// every lead is on duty. Both empty for another rotation, or a shift still with two or more.
/// </summary>
public sealed record ShortHandedWeek(int Count, int Of, IReadOnlyList<string> NextLeads, string? NextList)
{
    /// <summary>
    /// <paramref name="shift"/>'s short-handed note as the announcement and the leave mail say it (null when it has none), with who
    /// is paged next when the one on duty does not answer, for the rotation <paramref name="paging"/> names (null: no paging).
    /// </summary>
    public static ShortHandedWeek? For(Rotation rotation, ScheduledShift shift, IReadOnlyList<Member> onDuty, IReadOnlyDictionary<string, Member> roster, IncidentOptions? paging, Language teamLanguage)
    {
        if (shift.Notes.FirstOrDefault(n => n.Kind == NoteKind.ShortHanded) is not { } note)
        {
            return null;
        }

        var count = note.Count ?? onDuty.Count;
        var of = note.Of ?? rotation.PeoplePerShift;

        if (onDuty.Count > 1 || paging is null || !string.Equals(rotation.Id, paging.RotationId, StringComparison.Ordinal))
        {
            return new ShortHandedWeek(count, of, [], null);
        }

        if (LeadsOnDuty.For(onDuty, roster.Values, paging, teamLanguage) is { } leadsOnDuty)
        {
            return new ShortHandedWeek(count, of, [], leadsOnDuty.Next);
        }

        // A lead configured by address is named as the roster member who has it.
        var active = roster.Values.Where(m => m.Active).ToList();
        var leads = paging.LeadAddresses.Select(l => active.FirstOrDefault(m => m.IsMailedAt(l))?.DisplayName ?? l).ToList();
        return new ShortHandedWeek(count, of, leads, leads.Count == 0 ? paging.OrganisationList?.Trim() : null);
    }
}
