using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// Renders the schedule's reasons and notes (data from <c>ScheduleCalculator</c>) in the reader's phrases: the API, the
/// feeds and the schedule page all read the same words. Plain text; templates encode it.
/// </summary>
/// <remarks>
/// Weeks in reasons are ISO labels (as the API says them) unless <paramref name="handoffDay"/> is given: then a reader whose
/// phrases name a week by its first day reads 「11月30日(月)の週」 (<c>Week.Ref</c>), as the schedule page and the feed's
/// rows name their weeks. A week whose handoff moved off a holiday is named by the day it really starts when
/// <paramref name="movedStarts"/> knows it (the schedule's <c>MovedStarts</c>: the shifts shown and the weeks their reasons
/// name), as the rows' own labels are. With <paramref name="rotation"/>, a week of an earlier cadence (<c>previousCadences</c>) is
/// named by that cadence's handoff day, and a reason counting shifts longer than a week counts them as such (「2 回担当」, not 「2 週担当」)
/// and names them by their span, as the rows do (「12月7日(月)からの4週間から継続」, not 「12月7日(月)の週から継続」).
/// </remarks>
public sealed class ScheduleText(Phrases p, IReadOnlyDictionary<string, Member> roster, DayOfWeek? handoffDay = null, IReadOnlyDictionary<string, DateOnly>? movedStarts = null, Rotation? rotation = null)
{
    /// <summary>
    /// The API's words: weeks as ISO labels; with <paramref name="rotation"/>, a reason counting shifts longer than a week counts
    /// them as such (「2 回担当」), as the pages do.
    /// </summary>
    public static ScheduleText For(Language language, IReadOnlyDictionary<string, Member> roster, Rotation? rotation = null) => new(Phrases.For(language), roster, rotation: rotation);

    /// <summary>The day each of <paramref name="shifts"/> really starts, by week label, for those whose handoff moved.</summary>
    public static IReadOnlyDictionary<string, DateOnly> MovedStarts(IEnumerable<ScheduledShift> shifts) =>
        shifts.Where(s => s.HandoffMoved is not null).GroupBy(s => s.Week, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().HandoffMoved!.Date, StringComparer.Ordinal);

    /// <summary>e.g. "Next in the queue (last rotated in 2026-W04); serves 2 shifts, until 2026-W06", 「2026-W39 から継続（2 週のうち 2 週目）」.</summary>
    public string Reason(AssignmentReason reason)
    {
        var parts = reason.Parts;
        if (parts.Count > 0 && parts[0].Kind is ReasonKind.AsAnnounced or ReasonKind.ChangedAfterAnnouncement)
        {
            var key = $"Reason.{parts[0].Kind}";
            var rest = parts.Skip(1).Select(Part).ToList();
            return Capitalize(Tight(rest.Count == 0
                ? p.Format(key, Week(parts[0].Week))
                : p.Format($"{key}Because", Week(parts[0].Week), string.Join(p["Reason.Separator"], rest)), parts[0].Week));
        }

        return Capitalize(string.Join(p["Reason.Separator"], parts.Select(Part)));
    }

    public string Note(ScheduleNote note)
    {
        string Change() => p.Format(note.Swap ? "Note.Swap" : "Note.Override", Name(note.MemberId), Name(note.ReplacementId));
        return note.Kind switch
        {
            // Nobody at all: 「当番に入れる人がいません（2人中0人）」, not 「2人中0人だけです」.
            NoteKind.ShortHanded => p.Format(note.Count == 0 ? "Note.ShortHanded.Nobody" : "Note.ShortHanded", note.Count, note.Of),
            // A sentence in Japanese: 「田中さんと組める経験者がいません」, not 「田中 健さん」 (JA-STYLE: family name with さん).
            NoteKind.NoExperiencedPartner => p.Format("Note.NoExperiencedPartner", Called(note.MemberIds)),
            NoteKind.OverrideMemberNotOnShift => p.Format("Note.OverrideMemberNotOnShift", Change(), Name(note.MemberId)),
            NoteKind.OverrideReplacementOnShift => p.Format("Note.OverrideReplacementOnShift", Change(), Name(note.ReplacementId)),
            NoteKind.ReplacementIneligible => p.Format("Note.ReplacementIneligible", Name(note.ReplacementId), Ineligible(note.Ineligible)),
            NoteKind.CoverReplacementGone => p.Format("Note.CoverReplacementGone", Name(note.ReplacementId), Name(note.MemberId)),
            NoteKind.CoverConflicts => p.Format("Note.CoverConflicts", Name(note.ReplacementId), Name(note.MemberId)),
            NoteKind.FrozenDiffers => note.MemberIds.Count == 0 ? p["Note.FrozenDiffersNobody"] : p.Format("Note.FrozenDiffers", Names(note.MemberIds)),
            NoteKind.ShortShift => p.Format("Note.ShortShift", Hours(note.Count ?? 0)),
            NoteKind.BeforeStart => p["Note.BeforeStart"],
            NoteKind.IncludesClosure or NoteKind.IncludesHolidays => DaysOff(note, p),
            NoteKind.WorkingDaysThin => note.MemberIds.Count == 0
                ? p.Format("Note.WorkingDaysThin.Nobody", WorkingDaysText.Days(note.WorkingDays, p))
                : p.Format("Note.WorkingDaysThin", WorkingDaysText.Days(note.WorkingDays, p), Called(note.MemberIds)),
            _ => note.Kind.ToString(),
        };
    }

    public IReadOnlyList<string> Notes(IEnumerable<ScheduleNote> notes) => [.. notes.Select(Note)];

    /// <summary>
    /// The notes as lines of their own — a row of the duty and schedule pages, a line of a feed event's description: an English
    /// note starts with a capital there, as the reasons above it do ("This week includes the New Year closure …", not "this week
    /// …", session 44 reader pass). <see cref="Notes"/> keeps the API's <c>notes</c> as they were.
    /// </summary>
    public IReadOnlyList<string> NoteLines(IEnumerable<ScheduleNote> notes) => [.. notes.Select(Note).Select(Capitalize)];

    /// <summary>Whether <paramref name="note"/> names closure or holiday days in the shift (what announcements and reminders repeat).</summary>
    public static bool IsDaysOff(ScheduleNote note) => note.Kind is NoteKind.IncludesClosure or NoteKind.IncludesHolidays;

    /// <summary>
    /// Closure or holiday days in a shift: 「この週は年末年始休業（12月29日〜1月3日）を含みます。休業中も当番です」,
    /// 「この週は祝日を含みます（1月11日(月)は成人の日）。祝日も当番です」; a shift of several weeks says 「この当番期間」.
    /// </summary>
    /// <remarks>As a line of its own in a mail or card (<paramref name="sentence"/>) an English note starts with a capital.</remarks>
    public static string DaysOff(ScheduleNote note, Phrases p, bool sentence = false)
    {
        var text = DaysOffNote(note, p);
        return sentence && text.Length > 0 ? char.ToUpper(text[0], p.Culture) + text[1..] : text;
    }

    private static string DaysOffNote(ScheduleNote note, Phrases p)
    {
        var shift = note.Of is > 1 ? ".Shift" : "";
        if (note.Days.Count == 0)
        {
            return note.Kind.ToString();
        }

        if (note.Kind == NoteKind.IncludesClosure)
        {
            var first = note.Days[0].Date;
            var last = note.Days[^1].Date;
            var days = first == last
                ? first.ToString(p["Format.MonthDay"], p.Culture)
                : p.Format("Format.Range", first.ToString(p["Format.MonthDay"], p.Culture), last.ToString(p["Format.MonthDay"], p.Culture));
            return p.Format("Note.IncludesClosure" + shift, ClosureName(note.Days[0].NameIn(p.Language), p.Language), days);
        }

        var holidays = note.Days.Select(d => p.Format("Note.IncludesHolidays.Day", d.Date.ToString(p["Format.DayOffDay"], p.Culture), d.NameIn(p.Language)));
        return p.Format("Note.IncludesHolidays" + shift, string.Join(p["List.Separator"], holidays));
    }

    /// <summary>「年末年始」 read as 「年末年始休業」 in Japanese (a name that already says 休業・休暇・休み as it is); English as configured.</summary>
    internal static string ClosureName(string name, Language language) =>
        language == Language.Ja && !name.EndsWith("休業", StringComparison.Ordinal) && !name.EndsWith("休暇", StringComparison.Ordinal) && !name.EndsWith("休み", StringComparison.Ordinal)
            ? name + "休業"
            : name;

    /// <summary>
    /// A week inside a reason: its ISO label, or with the handoff day the reader's <c>Week.Ref</c> (「11月30日(月)の週」, "the week
    /// of Mon 30 Nov": an English reader of the schedule and duty pages, whose rows read "Week of Mon 30 Nov", is not told
    /// "continues from 2026-W48" beside them); a shift longer than a week as <see cref="NoticeRenderer.ShiftLabel"/> names it
    /// for a sentence (<c>WeekRef.SpanLabel</c>: 「11月30日(月)からの4週間」, "the 4-week shift starting Mon 30 Nov"), as the rows are
    /// named, not as one week of it.
    /// </summary>
    private string? Week(string? week) =>
        week is not null && handoffDay is { } day && (movedStarts is not null && movedStarts.TryGetValue(week, out var moved) ? moved : rotation is not null ? NoticeRenderer.ShiftStart(week, rotation, null) : NoticeRenderer.WeekStart(week, day)) is { } start
            ? rotation is not null && (NoticeRenderer.CadenceOf(week, rotation, start)?.ShiftWeeks ?? rotation.ShiftWeeks) is > 1 and var shiftWeeks
                ? NoticeRenderer.ShiftLabel(week, start, shiftWeeks, p, "WeekRef")
                : p.Format("Week.Ref", week, start.ToString(p["Format.ReasonDay"], p.Culture))
            : week;

    /// <summary>
    /// A reason counting shifts: 「2 週担当」 for weekly shifts, 「2 回担当」 with <paramref name="rotation"/> for longer ones (its
    /// <c>.Shift</c> phrase, as the mails choose theirs); without the rotation, as for weekly shifts.
    /// </summary>
    private string Counted(string key) => rotation is null ? key : NoticeRenderer.ShiftPhrase(rotation, key, p);

    /// <summary>A short shift's length: whole days as days (「1 日」), else hours (「30 時間」).</summary>
    private string Hours(int hours) => hours > 0 && hours % 24 == 0 ? p.Format("Note.ShortShift.Days", hours / 24) : p.Format("Note.ShortShift.Hours", hours);

    /// <summary>
    /// Japanese phrases set a week's ISO label apart by spaces (「2026-W49 から継続」); a week named by its first day
    /// (「11月30日(月)の週」) runs on without them: 「11月30日(月)の週から継続」 (trial 34 L5).
    /// </summary>
    private string Tight(string text, string? week) =>
        p.Language == Language.Ja && Week(week) is { } named && named != week
            ? text.Replace(" " + named, named, StringComparison.Ordinal).Replace(named + " ", named, StringComparison.Ordinal)
            : text;

    private string Part(ReasonPart part) => Tight(PartText(part), part.Week);

    private string PartText(ReasonPart part) => part.Kind switch
    {
        ReasonKind.FillsIn => p.Format("Reason.FillsIn", Name(part.MemberId), Ineligible(part.Ineligible)),
        ReasonKind.AheadForExperience => p.Format("Reason.AheadForExperience", Name(part.MemberId), Called(part.MemberIds)),
        ReasonKind.AheadForWorkingDays => p.Format("Reason.AheadForWorkingDays", Name(part.MemberId), Called(part.MemberIds), WorkingDaysText.Days(part.WorkingDays, p)),
        ReasonKind.NextInQueue => p.Format("Reason.NextInQueue", Week(part.Week)),
        ReasonKind.FirstTurn => p["Reason.FirstTurn"],
        ReasonKind.Skipped => p.Format("Reason.Skipped", string.Join(p["List.Separator"], part.Skipped.Select(s => p.Format("Reason.SkippedMember", Name(s.MemberId), Ineligible(s.Why))))),
        ReasonKind.Serves => p.Format(Counted("Reason.Serves"), part.Count, Week(part.Week)),
        ReasonKind.ServesOne => p[Counted("Reason.ServesOne")],
        ReasonKind.StartsStagger => p[Counted("Reason.StartsStagger")],
        ReasonKind.Continues => p.Format(Counted("Reason.Continues"), Week(part.Week), part.Count, part.Of),
        ReasonKind.BackAfterChange => part.Count is { } shiftOf && part.Of is { } of
            ? p.Format(Counted("Reason.BackAfterChange"), Week(part.Week), shiftOf, of)
            : p.Format(Counted("Reason.BackAfterChange.Plain"), Week(part.Week)),
        ReasonKind.Replaces => part.Note is null
            ? p.Format("Reason.Replaces", Name(part.MemberId))
            : p.Format("Reason.ReplacesWithNote", Name(part.MemberId), part.Note),
        ReasonKind.Covers => part.Note is null
            ? p.Format("Reason.Covers", Name(part.MemberId))
            : p.Format("Reason.CoversWithNote", Name(part.MemberId), part.Note),
        ReasonKind.Swapped => WithNote(part.Week is null
            ? p.Format("Reason.Swapped", Name(part.MemberId))
            : p.Format("Reason.SwappedWeek", Name(part.MemberId), Week(part.Week)), part.Note),
        ReasonKind.AsAnnounced => p.Format("Reason.AsAnnounced", Week(part.Week)),
        ReasonKind.AnnouncedOnly => p.Format(Counted("Reason.AnnouncedOnly"), Week(part.Week)),
        ReasonKind.AnnouncedOnLeave => p.Format("Reason.AnnouncedOnLeave", Name(part.MemberId)),
        ReasonKind.ChangedAfterAnnouncement => p.Format("Reason.ChangedAfterAnnouncement", Week(part.Week)),
        ReasonKind.ReplacedEarlier or ReasonKind.SwappedEarlier => WithNote(p.Format($"Reason.{part.Kind}", Name(part.MemberId), Name(part.MemberIds.FirstOrDefault())), part.Note),
        _ => part.Kind.ToString(),
    };

    /// <summary>
    /// What speaks for or against a replacement, each short (trial 32b M4): 「先週当番」「来週当番」「直近8週で2回」「今後4週で1回」
    /// 「3週連続になります」「休暇予定 1月12日〜」. <paramref name="current"/>: the shift is on now (last week, next week). The shifts
    /// next to it are the shifts, not weeks, when they last longer (「前回当番」「次の回に当番」, by the mails' rule).
    /// </summary>
    public IReadOnlyList<string> Hints(ReplacementCandidate candidate, bool current, int shiftWeeks)
    {
        var hints = new List<string>();
        if (candidate.LastWeek)
        {
            hints.Add(p[NoticeRenderer.ShiftPhrase(shiftWeeks, current ? "Replacement.LastWeek" : "Replacement.WeekBefore", p)]);
        }

        if (candidate.NextWeek)
        {
            hints.Add(p[NoticeRenderer.ShiftPhrase(shiftWeeks, current ? "Replacement.NextWeek" : "Replacement.WeekAfter", p)]);
        }

        if (candidate.PastWeeks > 0)
        {
            hints.Add(p.Format("Replacement.PastWeeks", ReplacementList.PastShifts * shiftWeeks, candidate.PastWeeks));
        }

        if (candidate.ComingWeeks > 0)
        {
            hints.Add(p.Format("Replacement.ComingWeeks", ReplacementList.ComingShifts * shiftWeeks, candidate.ComingWeeks));
        }

        if (candidate.WeeksInARow is { } run)
        {
            hints.Add(p.Format("Replacement.InARow", run));
        }

        if (candidate.Leave is { } leave)
        {
            hints.Add(candidate.OnLeaveNow
                ? p.Format("Replacement.OnLeaveUntil", leave.To.ToString(p["Format.MonthDay"], p.Culture))
                : p.Format("Replacement.Leave", leave.From.ToString(p["Format.MonthDay"], p.Culture)));
        }

        if (candidate.LeavesOn is { } last)
        {
            hints.Add(p.Format("Replacement.Leaving", last.ToString(p["Format.MonthDay"], p.Culture)));
        }

        return hints;
    }

    /// <summary>
    /// A cover in the reader's words and <paramref name="zone"/>: 「12月3日(木) 19:00〜23:00 は木村さんが山田さんの代わり」,
    /// "Thu 3 Dec 2026 19:00 – 23:00: Kimura covers for Yamada"; the end's date is said only when it is another day. A line standing
    /// alone (a calendar event's) passes <paramref name="timeZoneId"/> and says its zone: 「12月3日(木) 19:00〜23:00（JST）は木村さんが山田さんの代わり」.
    /// </summary>
    public string Cover(Cover cover, TimeZoneInfo zone, string? timeZoneId = null) => timeZoneId is null
        ? p.Format("Cover.Text", p.CoverRange(cover.From, cover.To, zone), Name(cover.ReplacementId), Name(cover.MemberId))
        : p.Format("Cover.Text.Zoned", p.CoverPeriod(cover.From, cover.To, timeZoneId), Name(cover.ReplacementId), Name(cover.MemberId));

    private string WithNote(string text, string? note) => note is null ? text : p.Format("Reason.WithNote", text, note);

    private string Ineligible(Ineligibility? why)
    {
        if (why is null)
        {
            return "";
        }

        if (why.Date is { } date)
        {
            return p.Format($"Ineligible.{why.Kind}", Day(date));
        }

        if (why.Leave is not { } leave)
        {
            return p[$"Ineligible.{why.Kind}"];
        }

        var text = leave.From == leave.To
            ? p.Format("Ineligible.LeaveDay", Day(leave.From))
            : p.Format("Ineligible.LeaveRange", Day(leave.From), Day(leave.To));
        return leave.Source == Leave.OutlookSource ? p.Format("Ineligible.Outlook", text) : text;
    }

    /// <summary>A leave day as the reader writes dates in a sentence, with its weekday like the page's other lists: "Mon 7 Dec", 「12月7日(月)」 (JA-STYLE: no ISO dates in Japanese prose).</summary>
    private string Day(DateOnly date) => date.ToString(p["Format.ReasonDay"], p.Culture);

    /// <summary>
    /// One member as a sentence names them before さん: a Japanese reader reads a Japanese colleague by family name (「山田」 of
    /// 山田 太郎, JA-STYLE), anyone else reads the display name (Emma Wilson); an id not on the roster as it is.
    /// </summary>
    private string Name(string? memberId) => memberId is null
        ? ""
        : roster.TryGetValue(memberId, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName)
            ? NoticeRenderer.PersonName(member.DisplayName, member.Language, p.Language)
            : memberId;

    /// <summary>
    /// Members in a sentence before a single さん: 「中村さん・小林」 so 「中村さん・小林さん」 reads (JA-STYLE: family names in
    /// sentences, not 「中村 陽太さん」); in English as <see cref="Names"/>.
    /// </summary>
    private string Called(IEnumerable<string> memberIds) =>
        p.Language == Language.Ja ? string.Join("さん・", memberIds.Select(Name)) : Names(memberIds);

    /// <summary>A member in a list: the display name as written (JA-STYLE: full names in lists).</summary>
    private string FullName(string memberId) =>
        roster.TryGetValue(memberId, out var member) && !string.IsNullOrWhiteSpace(member.DisplayName) ? member.DisplayName : memberId;

    /// <summary>"Dan, Emi and Fumi" / 「Dan・Emi・Fumi」.</summary>
    private string Names(IEnumerable<string> memberIds)
    {
        return p.JoinAnd([.. memberIds.Select(FullName)]);
    }

    /// <summary>A reason starts a sentence in languages that have capitals; other scripts are unchanged.</summary>
    private string Capitalize(string text) => text.Length == 0 ? text : char.ToUpper(text[0], p.Culture) + text[1..];
}
