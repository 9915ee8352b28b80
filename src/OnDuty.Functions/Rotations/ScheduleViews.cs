using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Messages;

namespace OnDuty.Functions.Rotations;

/// <summary>JSON shapes of the schedule and on-call answers.</summary>
public static class ScheduleViews
{
    /// <summary>Who reads the texts: the language the request asked for, else a member's own (notes: the team's).</summary>
    public sealed record Readers(Language? Asked, ReaderLanguage Languages)
    {
        public Language Of(Member? member) => Asked ?? Languages.Of(member);

        public Language Team => Asked ?? Languages.Team;
    }

    /// <summary>
    /// The shifts; a member taken off the roster since (<paramref name="former"/>) named as the rest of the API names them
    /// (<see cref="MemberNames"/>: 「小林 次郎（退任）」, erased 「退任したメンバー」), never by their bare id.
    /// </summary>
    public static object Schedule(RotationSchedule schedule, IReadOnlyDictionary<string, Member> roster, Readers readers, IReadOnlyList<FormerMember>? former = null)
    {
        var names = new MemberNames(roster, former ?? [], readers.Asked);
        return new
        {
            rotation = schedule.Rotation.Id,
            name = schedule.Rotation.Name,
            timeZone = schedule.Rotation.TimeZone,
            shifts = schedule.Shifts.Select(s => Shift(s, schedule.Rotation, roster, readers, names)),
        };
    }

    /// <summary>Who could take over in a shift, best first, with the counts behind the order and short hints in the reader's language.</summary>
    public static object Replacements(ReplacementList list, Readers readers)
    {
        var text = ScheduleText.For(readers.Team, list.Roster);
        return new
        {
            week = list.Shift.Week,
            startDate = list.Shift.StartDate,
            memberId = list.MemberId,
            current = list.Current,
            counted = new { pastWeeks = ReplacementList.PastShifts * list.ShiftWeeks, comingWeeks = ReplacementList.ComingShifts * list.ShiftWeeks },
            language = readers.Team,
            items = list.Candidates.Select(c => new
            {
                memberId = c.MemberId,
                displayName = list.Roster.TryGetValue(c.MemberId, out var m) ? m.DisplayName : c.MemberId,
                pastWeeks = c.PastWeeks,
                comingWeeks = c.ComingWeeks,
                lastWeek = c.LastWeek,
                nextWeek = c.NextWeek,
                weeksInARow = c.WeeksInARow,
                leave = c.Leave is { } l ? new { from = l.From, to = l.To } : null,
                leavesOn = c.LeavesOn,
                away = c.Away,
                hints = text.Hints(c, list.Current, list.ShiftWeeks),
            }),
        };
    }

    /// <summary>A member's coming duty: on duty now or not, and the next shifts with partners and as text in the reader's language.</summary>
    public static object NextDuties(MemberNextDuties duties, Readers readers)
    {
        var language = readers.Of(duties.Member);
        return new
        {
            rotation = duties.Rotation.Id,
            memberId = duties.Member.Id,
            onDutyNow = duties.Now is not null,
            nowUntil = duties.Now?.EndsAt,
            lookAheadShifts = NextDuty.LookAhead,
            language,
            next = duties.Next.Select(n => new
            {
                week = n.Shift.Week,
                startDate = n.Shift.StartDate,
                endDate = n.Shift.EndDate,
                startsAt = n.Shift.StartsAt,
                endsAt = n.Shift.EndsAt,
                frozen = n.Shift.Frozen,
                partners = n.Partners.Select(m => new { id = m.Id, displayName = m.DisplayName }),
                text = NoticeRenderer.NextDutyText(duties.Rotation, n, language),
            }),
        };
    }

    /// <summary>An override as before, plus whether it changed an announced week at once and what to know about it (the experience mix).</summary>
    public static object Change(RotationOverride o, DutyChangeResult result) => new
    {
        o.Id,
        o.Kind,
        o.ShiftStart,
        o.MemberId,
        o.ReplacementId,
        o.SwapId,
        o.Reason,
        o.By,
        o.CreatedAt,
        o.From,
        o.To,
        appliesNow = result.ChangedNow.Count > 0,
        changedNow = result.ChangedNow,
        warnings = result.Warnings,
    };

    public static object OnCall(OnCall onCall, IReadOnlyDictionary<string, Member> roster, Readers readers) => new
    {
        rotation = onCall.Rotation.Id,
        week = onCall.Current?.Week,
        startsAt = onCall.Current?.StartsAt,
        endsAt = onCall.Current?.EndsAt,
        handoffMoved = Moved(onCall.Current?.HandoffMoved, onCall.Rotation),
        timeZone = onCall.Rotation.TimeZone,
        frozen = onCall.Current?.Frozen ?? false,
        members = onCall.Duty.Select(a => MemberView(a, onCall.Rotation, roster, readers)).ToList(),
        // Part-timers on duty who do not work today: pages go to the others (to everyone when nobody on duty works today).
        notWorkingToday = onCall.NotWorkingToday.Select(m => m.Id).ToList(),
        covers = onCall.Current is null ? [] : onCall.Current.Covers.Select(c => CoverView(c, onCall.Rotation, roster, readers)).ToList(),
        notes = onCall.Current is null ? [] : ScheduleText.For(readers.Team, roster).Notes(onCall.Current.Notes),
        noteDetails = onCall.Current is null ? [] : onCall.Current.Notes.Select(NoteView).ToList(),
        next = onCall.Next is null ? null : new
        {
            week = onCall.Next.Week,
            startsAt = onCall.Next.StartsAt,
            handoffMoved = Moved(onCall.Next.HandoffMoved, onCall.Rotation),
            members = onCall.Next.Members.Select(a => MemberView(a, onCall.Rotation, roster, readers)).ToList(),
            // After a shift held over past a start moved later: nobody is on duty from this shift's end (endsAt) to the next's start.
            nobodyOnDutyBefore = onCall.NobodyBeforeNext,
        },
    };

    private static object Shift(ScheduledShift shift, Rotation rotation, IReadOnlyDictionary<string, Member> roster, Readers readers, MemberNames names) => new
    {
        week = shift.Week,
        startDate = shift.StartDate,
        endDate = shift.EndDate,
        startsAt = shift.StartsAt,
        endsAt = shift.EndsAt,
        handoffMoved = Moved(shift.HandoffMoved, rotation),
        frozen = shift.Frozen,
        members = shift.Members.Select(a => MemberView(a, rotation, roster, readers, names)),
        notes = ScheduleText.For(readers.Team, roster).Notes(shift.Notes),
        noteDetails = shift.Notes.Select(NoteView),
        covers = shift.Covers.Select(c => CoverView(c, rotation, roster, readers)),
    };

    /// <summary>
    /// A cover for part of a shift: who covers whom, when, why and by whom, and as text in the team's language and the rotation's
    /// time zone (「12月3日(木) 19:00〜23:00 は木村さんが山田さんの代わり」); <c>applies</c> false with <c>notApplied</c> when it does not.
    /// </summary>
    private static object CoverView(Cover cover, Rotation rotation, IReadOnlyDictionary<string, Member> roster, Readers readers) => new
    {
        id = cover.Id,
        memberId = cover.MemberId,
        replacementId = cover.ReplacementId,
        from = cover.From,
        to = cover.To,
        reason = cover.Reason,
        by = cover.By,
        applies = cover.Applies,
        notApplied = cover.NotApplied,
        text = ScheduleText.For(readers.Team, roster).Cover(cover, TimeZones.Find(rotation.TimeZone)),
    };

    /// <summary>Where and why the handoff moved off a non-working day; null when it did not.</summary>
    private static object? Moved(HandoffMove? move, Rotation rotation) => move is null ? null : new
    {
        nominalDate = move.NominalDate,
        date = move.Date,
        skipped = move.Skipped.Select(d => new { date = d.Date, kind = d.Kind, name = d.Name, nameJa = d.NameJa }),
        text = HandoffMoveText.Describe(move, rotation.HandoffTime, rotation.TimeZone, Phrases.For(Language.En)),
        textJa = HandoffMoveText.Describe(move, rotation.HandoffTime, rotation.TimeZone, Phrases.For(Language.Ja)),
    };

    /// <summary>
    /// A member on a shift with the reason as data and as text, counted in the rotation's shifts (「2 回担当」 for a rotation of
    /// 4-week shifts, 「2 週担当」 for a weekly one); weeks by their ISO labels.
    /// </summary>
    private static object MemberView(Assignment assignment, Rotation rotation, IReadOnlyDictionary<string, Member> roster, Readers readers, MemberNames? names = null)
    {
        roster.TryGetValue(assignment.MemberId, out var member);
        var language = readers.Of(member);
        return new
        {
            id = assignment.MemberId,
            // One taken off the roster since: as MemberNames names them (the name they had, marked; erased, 「退任したメンバー」).
            displayName = member?.DisplayName ?? names?.Of(assignment.MemberId) ?? assignment.MemberId,
            email = member?.Email,
            language = member?.Language,
            kind = assignment.Kind,
            reason = ScheduleText.For(language, roster, rotation).Reason(assignment.Reason),
            reasonLanguage = language,
            reasonParts = assignment.Reason.Parts.Select(PartView),
        };
    }

    /// <summary>A reason part as data: its kind and only the fields it uses.</summary>
    private static object PartView(ReasonPart part) => new
    {
        kind = part.Kind,
        memberId = part.MemberId,
        memberIds = part.MemberIds.Count == 0 ? null : part.MemberIds,
        week = part.Week,
        count = part.Count,
        of = part.Of,
        ineligible = IneligibleView(part.Ineligible),
        skipped = part.Skipped.Count == 0 ? null : part.Skipped.Select(s => new { memberId = s.MemberId, ineligible = IneligibleView(s.Why) }),
        note = part.Note,
        workingDays = part.WorkingDays.Count == 0 ? null : part.WorkingDays,
    };

    private static object NoteView(ScheduleNote note) => new
    {
        kind = note.Kind,
        memberId = note.MemberId,
        replacementId = note.ReplacementId,
        swap = note.Swap ? true : (bool?)null,
        memberIds = note.MemberIds.Count == 0 ? null : note.MemberIds,
        count = note.Count,
        of = note.Of,
        ineligible = IneligibleView(note.Ineligible),
        days = note.Days.Count == 0 ? null : note.Days.Select(d => new { date = d.Date, kind = d.Kind, name = d.Name, nameJa = d.NameJa }),
        workingDays = note.WorkingDays.Count == 0 ? null : note.WorkingDays,
    };

    private static object? IneligibleView(Ineligibility? why) => why is null ? null : new
    {
        kind = why.Kind,
        date = why.Date,
        from = why.Leave?.From,
        to = why.Leave?.To,
        source = why.Leave?.Source,
    };
}
