using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    private RenderedEmail AnnouncementEmail(DutyAnnouncementNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = AnnouncementModel(n, p);
        return new RenderedEmail(model.Subject, templates.RenderText("announcement.txt", model, p), templates.RenderHtml("announcement.html", model, p));
    }

    private RenderedCard AnnouncementCard(DutyAnnouncementNotice n)
    {
        var p = Phrases.For(n.Language);
        var model = AnnouncementModel(n, p);
        var card = new AdaptiveCardBuilder().Title(model.Heading).Subtle(model.Period);
        foreach (var move in model.Moves)
        {
            card.Attention(move);
        }

        var facts = new List<(string, string)>
        {
            (model.ThisTitle, model.Members.Count == 0 ? p["Common.Nobody"] : p.Join(model.Members.Select(m => p.Aside(m.Name, m.Role)))),
        };
        if (model.NextWeek is not null)
        {
            facts.Add((p.Aside(model.NextTitle, model.NextWeek), model.NextNames));
        }

        card.Facts(facts);
        foreach (var cover in model.Covers)
        {
            card.Text(cover);
        }

        if (model.LeadsOnDuty is not null)
        {
            card.Attention(model.LeadsOnDuty);
        }

        if (model.DutyPage is not null && model.ContactPage is not null)
        {
            card.Text(p["Announce.CannotServe"]);
            card.Actions([(p["Announce.DutyPageLink"], new Uri(model.DutyPage)), (p["Announce.ContactPageLink"], new Uri(model.ContactPage))]);
        }

        card.Footer(p["Common.Shout"]);
        return new RenderedCard(model.Subject, templates.RenderText("announcement.txt", model, p), card.Build(model.Subject));
    }

    /// <summary>
    /// 「【障害当番】12月7日(月)からの週 伊藤さん・山田さん」; in English by its first day too (<c>DutyList.Label</c>, as the duty page lists it): <c>[Incident duty] Week of Mon 7 Dec: A &amp; B</c>.
    /// </summary>
    public static string AnnouncementSubject(DutyAnnouncement a, Phrases p)
    {
        var names = a.Members.Count == 0
            ? p["Announce.SubjectNobody"]
            : p.JoinNames([.. a.Members.Select(m => p.Honorific(NameFor(m, p.Language)))]);
        return p.Format("Announce.Subject", a.Rotation.DisplayName(p.Language), WeekSpan(a.Rotation, a.Week, p, a.HandoffMoved?.Date, "DutyList"), names);
    }

    /// <summary>
    /// A duty mail's heading line, the rotation and its shift: 「障害当番 3月1日(月)からの週」, "Incident duty, the week of Mon 1 Mar".
    /// </summary>
    internal static string DutyHeading(string rotationName, string week, Phrases p) => p.Format("Duty.Heading", rotationName, week);

    /// <summary>
    /// The weeks a shift covers as its readers name them (<c>Week.Label</c>, <c>Week.SpanLabel</c>): in Japanese by the day it
    /// starts (「12月7日(月)からの週」, 「11月9日(月)からの4週間」, as Japanese teams say it, not 2026-W50); in English by ISO week
    /// (<c>2026-W49</c>, first to last for a longer shift: <c>2026-W46–W49</c>, <c>2026-W52–2027-W03</c>), so a block announced
    /// on its first day does not read as one old week. The API keeps the ISO label.
    /// </summary>
    /// <remarks>
    /// A shift whose handoff moved off a holiday (<paramref name="startsOn"/>, the day it really starts) is named by that day:
    /// 「12月8日(火)からの週」 when Monday 12月7日 is a holiday, as its announcement, reminder, calendar event and schedule row say
    /// when the handoff is. A day outside the shift's nominal days is not its start and is ignored.
    /// </remarks>
    /// <param name="area">Whose words, as for <see cref="ShiftLabel"/>: <c>Brief</c> names the week by its first day in English too.</param>
    internal static string WeekSpan(Rotation rotation, string week, Phrases p, DateOnly? startsOn = null, string area = "Week")
    {
        var shiftWeeks = CadenceOf(week, rotation, startsOn)?.ShiftWeeks ?? rotation.ShiftWeeks;
        var last = DutyCalendar.LastWeekOf(week, shiftWeeks);
        var iso = last == week ? week : p.Format("Format.WeekSpan", week, last[..4] == week[..4] ? last[5..] : last);
        return ShiftStart(week, rotation, startsOn) is { } start ? ShiftLabel(iso, start, shiftWeeks, p, area) : iso;
    }

    /// <summary>
    /// A shift named by its first day (<c>Week.Label</c>, <c>Week.SpanLabel</c>): 「12月7日(月)からの週」, 「11月9日(月)からの4週間」; in
    /// English <paramref name="iso"/> as it is.
    /// </summary>
    /// <param name="area">Whose words: <c>Week</c> (the ISO label in English), or <c>Brief</c> (the handoff brief, by the day in English too).</param>
    internal static string ShiftLabel(string iso, DateOnly start, int shiftWeeks, Phrases p, string area = "Week") =>
        p.Format(shiftWeeks > 1 ? $"{area}.SpanLabel" : $"{area}.Label", iso, start.ToString(p["Format.ReasonDay"], p.Culture), shiftWeeks);

    /// <summary>
    /// The cadence the shift labelled <paramref name="week"/> started under: the one in force on <paramref name="startsOn"/> (the day
    /// it starts) when given, else the one the label reads as (<see cref="Rotation.CadenceOfWeek"/>); null for a label it cannot read.
    /// </summary>
    internal static Cadence? CadenceOf(string week, Rotation rotation, DateOnly? startsOn) =>
        WeekStart(week, DayOfWeek.Monday) is not { } monday ? null
        : startsOn is { } day ? rotation.CadenceOn(day)
        : rotation.CadenceOfWeek(monday);

    /// <summary>A shift's weeks named as <see cref="WeekSpan(Rotation, string, Phrases, DateOnly?)"/> does, from the day its handoff really happens.</summary>
    internal static string WeekSpan(Rotation rotation, ScheduledShift shift, Phrases p, string area = "Week") => WeekSpan(rotation, shift.Week, p, shift.HandoffMoved?.Date ?? shift.StartDate, area);

    /// <summary>The local day of <paramref name="startsAt"/> in the rotation's time zone: the day a shift starting then begins.</summary>
    internal static DateOnly StartDay(Rotation rotation, DateTimeOffset startsAt) =>
        TimeZones.DateAt(startsAt, TimeZones.Find(rotation.TimeZone));

    /// <summary>
    /// The day the shift labelled <paramref name="week"/> starts: <paramref name="startsOn"/> (its moved handoff) when that falls in
    /// the shift's nominal days, else the nominal day (<see cref="WeekStart"/>); null for a label it cannot read.
    /// </summary>
    internal static DateOnly? ShiftStart(string week, Rotation rotation, DateOnly? startsOn) =>
        CadenceOf(week, rotation, startsOn) is not { } cadence || WeekStart(week, cadence.HandoffDay) is not { } nominal ? null
        : startsOn is { } moved && moved >= nominal && moved < nominal.AddDays(7 * Math.Max(1, cadence.ShiftWeeks)) ? moved
        : nominal;

    /// <summary>
    /// The day a shift labelled <paramref name="week"/> (<c>2026-W50</c>) starts: the rotation's handoff day in that ISO week
    /// (Monday to Sunday); null for a label it cannot read.
    /// </summary>
    internal static DateOnly? WeekStart(string week, DayOfWeek handoffDay) =>
        week.Length == 8 && week[4..6] == "-W"
        && int.TryParse(week[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
        && int.TryParse(week[6..], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        && year >= 1 && number >= 1 && number <= ISOWeek.GetWeeksInYear(year)
            ? DateOnly.FromDateTime(ISOWeek.ToDateTime(year, number, handoffDay))
            : null;

    /// <summary>The moved starts a notice carries, and those its shifts say themselves (the same days; either may be missing).</summary>
    private static Dictionary<string, DateOnly> Merged(IReadOnlyDictionary<string, DateOnly> given, IReadOnlyDictionary<string, DateOnly> own)
    {
        var all = new Dictionary<string, DateOnly>(given, StringComparer.Ordinal);
        foreach (var (week, day) in own)
        {
            all.TryAdd(week, day);
        }

        return all;
    }

    /// <summary>
    /// Phrase key for "this week" / "next week", said "this shift" / "next shift" when shifts last longer than a week: a key naming
    /// the week says the shift instead (<c>Announce.ThisWeek</c> → <c>Announce.ThisShift</c>), any other has its <c>.Shift</c>
    /// variant (<c>PmPage.DutyPage.Intro</c> → <c>PmPage.DutyPage.Intro.Shift</c>, 「今週と今後の当番」 → 「今回と今後の当番」).
    /// </summary>
    private static string ShiftKey(Rotation rotation, string key) => ShiftKey(rotation.ShiftWeeks, key);

    private static string ShiftKey(int shiftWeeks, string key) => shiftWeeks <= 1 ? key
        : key.Contains("Week", StringComparison.Ordinal) ? key.Replace("Week", "Shift", StringComparison.Ordinal)
        : key + ".Shift";

    /// <summary>
    /// As <see cref="ShiftKey(Rotation, string)"/> for a page's phrases, most of which say no week (a field's label, a form's
    /// button): the shift variant where the catalogs have one, else the phrase as it is.
    /// </summary>
    internal static string ShiftPhrase(Rotation rotation, string key, Phrases p) => ShiftPhrase(rotation.ShiftWeeks, key, p);

    internal static string ShiftPhrase(int shiftWeeks, string key, Phrases p) => ShiftKey(shiftWeeks, key) is var shift && p.Has(shift) ? shift : key;

    /// <summary>Japanese readers see Japanese colleagues by family name (<c>山田</c>), everyone else by display name.</summary>
    private static string NameFor(Member m, Language reader) => PersonName(m.DisplayName, m.Language, reader);

    /// <summary>
    /// As <see cref="NameFor"/>: cut to the family name only for a Japanese member whose name is written in Japanese script (family
    /// name first); a Latin-script name is kept whole whoever reads it (「Liam Chenさん」, not 「Liamさん」, even for a member who reads Japanese).
    /// </summary>
    internal static string PersonName(string displayName, Language language, Language reader) =>
        reader == Language.Ja && language == Language.Ja && TextScript.HasCjk(displayName) ? Member.ShortNameOf(displayName) : displayName;

    /// <summary>
    /// A person in a sentence with the reader's honorific: 「山田さん」 for a Japanese reader of a Japanese name, the display name
    /// otherwise (「Emma Wilsonさん」, one word as it is). <paramref name="language"/> is the member's when known; a name known
    /// only as written (typed, signed in, a lead's) counts as Japanese when it is written in Japanese script.
    /// </summary>
    internal static string Called(string displayName, Language? language, Phrases p) =>
        p.Honorific(PersonName(displayName, language ?? (TextScript.HasCjk(displayName) ? Language.Ja : Language.En), p.Language));

    /// <summary>
    /// A person addressed by a name known only as written (a test message's greeting): 「伊藤」 of 伊藤 さくら for a Japanese reader,
    /// an English name as written (Liam Chen), as <see cref="Called"/> names them; the resource adds the honorific.
    /// </summary>
    internal static string Addressed(string name, Language reader) =>
        PersonName(name, TextScript.HasCjk(name) ? Language.Ja : Language.En, reader);

    private static AnnouncementView AnnouncementModel(DutyAnnouncementNotice n, Phrases p)
    {
        var a = n.Announcement;
        var moves = new List<string>();
        if (a.HandoffMoved is { } moved)
        {
            moves.Add(HandoffMoveText.Describe(moved, a.Rotation.HandoffTime, a.Rotation.TimeZone, p));
        }

        moves.AddRange(a.DaysOff.Select(d => ScheduleText.DaysOff(d, p, sentence: true)));
        moves.AddRange(ThinDayLines(a.ThinDays, a.Members.ToDictionary(m => m.Id, StringComparer.Ordinal), p));
        if (a.ShortHanded is { } shortHanded)
        {
            moves.Add(ShortHandedLine(shortHanded, p));
        }

        // A member kept on the week through the hours of her leave in it (the handoff morning after its dates, session 62).
        var zoneOfShift = TimeZones.Find(a.Rotation.TimeZone);
        moves.AddRange(a.Away.Select(away => p.Format("Announce.Away", Called(away.Member.DisplayName, away.Member.Language, p), p.CoverRange(away.From, away.To, zoneOfShift), p.ZoneName(a.Rotation.TimeZone, away.From, away.To))));
        if (a.NoExperienced)
        {
            moves.Add(p["Announce.NoExperienced"]);
        }

        if (a.NobodyUntil is { } until)
        {
            // A shift held over past a start moved later: nobody from its end to the rotation's first shift, as the change mail said.
            var zone = TimeZones.Find(a.Rotation.TimeZone);
            moves.Add(p.Format("ScheduleChange.Gap", p.Time(a.EndsAt, zone, "Format.ShortDateTime"), p.TimeWithZone(until, zone, a.Rotation.TimeZone, "Format.ShortDateTime")));
        }

        if (a.NextHandoffMoved is { } next && a.NextWeek is not null)
        {
            moves.Add(p.Format(a.NobodyUntil is null ? ShiftKey(a.Rotation, "Announce.NextWeekMove") : "Announce.NextShiftMove", WeekSpan(a.Rotation, a.NextWeek, p, a.NextHandoffMoved?.Date, "Brief"), HandoffMoveText.Describe(next, a.Rotation.HandoffTime, a.Rotation.TimeZone, p)));
        }

        var you = n.ReaderId is { } reader ? a.Members.FirstOrDefault(m => m.Id == reader) ?? a.Covers.FirstOrDefault(c => c.Replacement.Id == reader)?.Replacement : null;
        return new AnnouncementView(
            LanguageTag(n.Language),
            AnnouncementSubject(a, p),
            DutyHeading(a.Rotation.DisplayName(n.Language), WeekSpan(a.Rotation, a.Week, p, a.HandoffMoved?.Date, "Brief"), p),
            p.Period(a.StartsAt, a.EndsAt, a.Rotation.TimeZone),
            moves,
            [.. a.Members.Select(m => new MemberView(WorkingDaysText.Named(m.DisplayName, m, p), m.Email, p[a.ContinuingIds.Contains(m.Id) ? "Role.Continuing" : a.Rotation.ShiftWeeks > 1 ? "Role.NewShift" : "Role.New"]))],
            a.NextWeek is null ? null : WeekSpan(a.Rotation, a.NextWeek, p, a.NextHandoffMoved?.Date, "Brief"),
            p.Join(a.NextMembers.Select(m => WorkingDaysText.Named(m.DisplayName, m, p))))
        {
            Covers = CoverLines(a.Covers, a.Rotation, p),
            LeadsOnDuty = string.Join(p.Language == Language.Ja ? "" : " ", new[]
            {
                a.LeadsOnDuty is { } leads ? LeadsOnDutyLine(leads, p, a.Rotation.ShiftWeeks > 1 ? WeekSpan(a.Rotation, a.Week, p, a.HandoffMoved?.Date, "Brief") : null) : null,
                a.LeadsOnLeave is { } away ? LeadsAwayLine(away, p) : null,
            }.OfType<string>()) is { Length: > 0 } line ? line : null,
            ThisLead = p[ShiftKey(a.Rotation, "Announce.ThisWeek")],
            ThisTitle = p[ShiftKey(a.Rotation, "Announce.ThisWeekTitle")],
            NextTitle = p[a.NobodyUntil is null ? ShiftKey(a.Rotation, "Announce.NextWeek") : "Announce.NextShift"],
            DutyPage = n.BaseUrl is null ? null : DutyPageLink(n.BaseUrl, a.Rotation, n.OwnDutyPage),
            ContactPage = n.BaseUrl is null ? null : $"{n.BaseUrl}/api/status/me",
            DutyPageLabel = p["Announce.DutyPageLink"],
            ContactPageLabel = p["Announce.ContactPageLink"],
            // The pair's and a cover's replacement's own mail; the team lists read none.
            YourNext = you is not null ? YourNextDuty(a.Rotation, a.NextDuties.GetValueOrDefault(you.Id), p, you, DateOnly.FromDateTime(a.StartsAt.Date)) : null,
            YourTime = you is not null ? YourTimeLine(you, a.StartsAt, a.EndsAt, a.Rotation.TimeZone, p) : null,
            YourTurn = n.ReaderId is { } own && a.RestOfTurns.TryGetValue(own, out var rest) ? RestOfTurnLine(a.Rotation, a.DaysOff, rest, p) : null,
        };
    }

    /// <summary>
    /// The rest of a turn of shifts in a row, so nobody reads they are free after the first (trial 34 H2):
    /// 「12月21日(月)からの週・12月28日(月)からの週も続けて当番です（3週連続、1月4日(月) 10:00まで、年末年始休業を含む）」. Null for a
    /// one-shift turn.
    /// </summary>
    internal static string? RestOfTurnLine(Rotation rotation, IReadOnlyList<ScheduleNote> firstNotes, IReadOnlyList<ScheduledShift> rest, Phrases p)
    {
        if (rest.Count == 0)
        {
            return null;
        }

        var zone = TimeZones.Find(rotation.TimeZone);
        var weeks = p.JoinNames([.. rest.Select(s => WeekSpan(rotation, s, p, "Brief"))]);
        var until = p.TimeWithZone(rest[^1].EndsAt, zone, rotation.TimeZone, "Format.ShortDateTime");
        var closures = firstNotes.Concat(rest.SelectMany(s => s.Notes))
            .Where(n => n.Kind == NoteKind.IncludesClosure)
            .Select(n => ScheduleText.ClosureName(n.Days[0].NameIn(p.Language), p.Language))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return closures.Count == 0
            ? p.Format("Duty.RestOfTurn", weeks, rest.Count + 1, until)
            : p.Format("Duty.RestOfTurn.Closure", weeks, rest.Count + 1, until, p.Join(closures));
    }

    /// <summary>
    /// 「あなたの次回の当番：1月11日(月)からの週（佐藤さんと）」 / "Your next duty: the week of Mon 11 Jan (with Sato)"; with nobody else on it, the
    /// week alone; none in the next <see cref="NextDuty.LookAhead"/> shifts: that it is not scheduled yet — or, for a reader whose
    /// last day (<see cref="Member.LeavesOn"/>) falls within them, that there is none before it (trial 34 L2: 「まだありません」
    /// read as if one would come).
    /// </summary>
    /// <remarks>
    /// A reader abroad (trial 59) reads when it starts in her own time too, the rotation's beside it — "the week of Mon 21 Dec" begins on
    /// her Sunday: "Your next duty: the week of Mon 21 Dec, starting Sun 20 Dec 2026 17:00 PST (21 Dec 10:00 JST)".
    /// </remarks>
    internal static string YourNextDuty(Rotation rotation, NextDuty? next, Phrases p, Member reader, DateOnly from) => next is not null
        ? new ReaderClock(p, rotation.TimeZone, reader.TimeZone) is { OtherZone: true } clock
            ? p.Format("Duty.YourNext", p.Format("Duty.YourNext.Starts", NextDutyText(rotation, next, p), clock.At(next.Shift.StartsAt)))
            : p.Format("Duty.YourNext", NextDutyText(rotation, next, p))
        : reader.LeavesOn is { } last && last < from.AddDays(7 * NextDuty.LookAhead * rotation.ShiftWeeks)
        ? p["Duty.YourNext.Leaving"]
        : p.Format("Duty.YourNext.None", NextDuty.LookAhead * rotation.ShiftWeeks);

    /// <summary>
    /// A shift in its member's own zone when that is not the rotation's — a member abroad on the Tokyo rotation (trial 59):
    /// "In your time zone: Sun 6 Dec 2026 17:00 – Sun 13 Dec 2026 17:00 (PST)", 「あなたのタイムゾーンでは 12月6日(日) 17:00〜…（PST）です。」
    /// (across her change of clocks each end with its own zone: "… 17:00 (PST) – … 18:00 (PDT)"); null when they share it (or the member's zone is unknown).
    /// </summary>
    internal static string? YourTimeLine(Member reader, DateTimeOffset from, DateTimeOffset to, string rotationZone, Phrases p) =>
        TimeZones.TryFind(reader.TimeZone, out var theirs) && TimeZones.TryFind(rotationZone, out var team) && !string.Equals(theirs.Id, team.Id, StringComparison.OrdinalIgnoreCase)
            ? p.Format("Duty.YourTime", p.PeriodOnTheirClock(from, to, reader.TimeZone!, "Format.ShortDateTime"))
            : null;

    /// <summary>A coming duty shift said as <see cref="YourNextDuty"/> says it, without the lead-in: 「1月11日(月)からの週（佐藤さんと）」 (the API's <c>text</c>).</summary>
    public static string NextDutyText(Rotation rotation, NextDuty next, Language language) => NextDutyText(rotation, next, Phrases.For(language));

    private static string NextDutyText(Rotation rotation, NextDuty next, Phrases p)
    {
        // By its first day in English too ("the week of Mon 1 Mar", as the welcome names the first shift): a reader told
        // "2027-W09" has to work out when that is.
        var week = WeekSpan(rotation, next.Shift, p, "Brief");
        return next.Partners.Count == 0
            ? week
            : p.Format("Duty.NextWith", week, p.Join(next.Partners.Select(m => p.Honorific(NameFor(m, p.Language)))));
    }

    /// <summary>
    /// Every lead is on duty: 「今週はリーダー全員が当番のため、応答がないときはリーダーを飛ばして PM 組織の全員（pm@…）に連絡します。」,
    /// or that nobody more is paged when no organisation's list is set. A shift of several weeks says its span instead of 「今週」
    /// (<paramref name="span"/>: 「1月12日(火)からの4週間はリーダー全員が当番のため…」).
    /// </summary>
    /// <summary>Every lead on leave some days of a shift: 「12月28日(月)〜1月3日(日)はリーダー全員が休暇のため、…」, with who is paged then.</summary>
    internal static string LeadsAwayLine(LeadsAwayDays away, Phrases p)
    {
        string Day(DateOnly d) => d.ToString(p["Format.DayOffDay"], p.Culture);
        var days = away.First == away.Last ? Day(away.First) : p.Format("Format.Range", Day(away.First), Day(away.Last));
        var one = away.OneLead ? ".One" : "";
        return away.Next is { } next ? p.Format("Announce.LeadsOnLeave" + one, days, next) : p.Format("Announce.LeadsOnLeave.PagedAnyway" + one, days);
    }

    /// <summary>A team with one lead hears 「リーダーが当番」 / "the lead is on duty", not 「リーダー全員」 / "every lead" (session 44 reader pass).</summary>
    internal static string LeadsOnDutyLine(LeadsOnDuty leads, Phrases p, string? span = null)
    {
        var one = leads.OneLead ? ".One" : "";
        return span is null
            ? leads.Next is { } next ? p.Format("Announce.LeadsOnDuty" + one, next) : p["Announce.LeadsOnDuty.NobodyMore" + one]
            : leads.Next is { } to ? p.Format("Announce.LeadsOnDuty.Shift" + one, to, span) : p.Format("Announce.LeadsOnDuty.NobodyMore.Shift" + one, span);
    }

    /// <summary>
    /// A shift with fewer members than the pair: 「当番に入れるのは 2 人中 1 人だけです。」, and in the paging rotation who an unanswered
    /// page goes to next, at once (escalation 1 has nobody else on duty to reach): 「応答がないときは、すぐにリーダー（山田 太郎）に連絡します。」
    /// </summary>
    internal static string ShortHandedLine(ShortHandedWeek week, Phrases p)
    {
        var line = p.Format(week.Count == 0 ? "Announce.ShortHanded.Nobody" : "Announce.ShortHanded", week.Count, week.Of);
        // One lead named: "the lead (…) is paged", not "the leads (…) are".
        return week.NextLeads.Count > 0 ? line + p.Format(week.NextLeads.Count == 1 ? "Announce.ShortHanded.Lead" : "Announce.ShortHanded.Leads", p.Join(week.NextLeads))
            : week.NextList is { } list ? line + p.Format("Announce.ShortHanded.List", list)
            : line;
    }

    /// <summary>
    /// Team working days a part-timer leaves thin, one line each, as a sentence: 「木・金は佐藤さんのみ」, "Thu and Fri: only Sato".
    /// </summary>
    private static IEnumerable<string> ThinDayLines(IReadOnlyList<ScheduleNote> notes, IReadOnlyDictionary<string, Member> roster, Phrases p)
    {
        var text = new ScheduleText(p, roster);
        return notes.Select(text.Note).Select(line => line.Length == 0 ? line : char.ToUpper(line[0], p.Culture) + line[1..]);
    }

    /// <summary>A week's covers, one line each with its zone: 「一時交代：1月13日(水) 19:00〜23:00（JST）は山田さんに代わって佐藤さんが当番です」.</summary>
    private static IReadOnlyList<string> CoverLines(IReadOnlyList<NamedCover> covers, Rotation rotation, Phrases p)
    {
        string Called(Member m) => p.Honorific(NameFor(m, p.Language));
        return [.. covers.Select(c => p.Format("Announce.Cover", p.CoverPeriod(c.Cover.From, c.Cover.To, rotation.TimeZone), Called(c.Member), Called(c.Replacement)))];
    }

    private RenderedEmail ReminderEmail(DutyReminderNotice n)
    {
        var p = Phrases.For(n.Language);
        var zone = TimeZones.Find(n.Rotation.TimeZone);
        // A member abroad reads the start in her own time first, the rotation's beside it (trial 59: 「Mon 21 Dec 10:00 (JST)」 is her Sunday).
        var yourTime = YourTimeLine(n.Member, n.Shift.StartsAt, n.Shift.EndsAt, n.Rotation.TimeZone, p);
        var start = yourTime is null
            ? p.TimeWithZone(n.Shift.StartsAt, zone, n.Rotation.TimeZone, "Format.ShortDateTime")
            : new ReaderClock(p, n.Rotation.TimeZone, n.Member.TimeZone).At(n.Shift.StartsAt);
        var name = n.Rotation.DisplayName(n.Language);
        var lines = new List<string>
        {
            p.Format("Reminder.Greeting", NameFor(n.Member, p.Language)),
            "",
            p.Format("Reminder.Shift", name, WeekSpan(n.Rotation, n.Shift, p, "Brief"), p.Period(n.Shift.StartsAt, n.Shift.EndsAt, n.Rotation.TimeZone, "Format.ShortDateTime")),
        };
        if (yourTime is not null)
        {
            lines.Add(yourTime);
        }

        if (n.SentDuringLeave)
        {
            // Sent on the working day before the handoff, which may fall in the member's leave (trial 34 L7).
            lines.Add(p.Format("Reminder.AfterLeave", start));
        }

        if (n.Partners.Count > 0)
        {
            // A part-timer partner with their days: 「山田 太郎（月・火・水のみ）」.
            lines.Add(p.Format("Reminder.With", p.Join(n.Partners.Select(name => WorkingDaysText.Named(name, n.Roster.Values.FirstOrDefault(m => m.DisplayName == name), p)))));
        }

        if (n.Member.PartTime)
        {
            lines.Add(p.Format("Reminder.YourDays", WorkingDaysText.Days(n.Member.WorkingDays!, p)));
        }

        if (n.Shift.HandoffMoved is { } moved)
        {
            lines.Add(HandoffMoveText.Describe(moved, n.Rotation.HandoffTime, n.Rotation.TimeZone, p));
        }

        lines.AddRange(n.Shift.Notes.Where(ScheduleText.IsDaysOff).Select(d => ScheduleText.DaysOff(d, p, sentence: true)));
        lines.AddRange(ThinDayLines([.. n.Shift.Notes.Where(d => d.Kind == NoteKind.WorkingDaysThin)], n.Roster, p));
        lines.AddRange(CoverLines(n.Covers, n.Rotation, p));
        if (RestOfTurnLine(n.Rotation, n.Shift.Notes, n.RestOfTurn, p) is { } rest)
        {
            lines.Add(rest);
        }

        if (n.NextDutyKnown)
        {
            lines.Add(YourNextDuty(n.Rotation, n.NextDuty, p, n.Member, n.Shift.StartDate));
        }

        lines.Add("");
        lines.Add(p["Reminder.Planned"]);
        lines.Add(p["Common.Shout"]);
        // "Register a swap if it does not suit you": where (trial 48: it linked nothing), as the schedule-change mail links it.
        var model = WithDutyPageLink(new LinesView(LanguageTag(n.Language), p.Format("Reminder.Subject", name, WeekSpan(n.Rotation, n.Shift, p, "Brief"), start), lines), n.BaseUrl, n.Rotation, n.OwnDutyPage, p);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    private RenderedEmail CalendarEventEmail(DutyCalendarEventNotice n)
    {
        var p = Phrases.For(n.Language);
        var name = n.Rotation.DisplayName(n.Language);
        if (n.Cover is { } cover)
        {
            // 「障害当番 2026-W49 一時交代：木村さんが山田さんの代わり」, its time and why in the body.
            string Called(Member m) => p.Honorific(NameFor(m, n.Language));
            var lines = string.Join("\n", CoverLines([cover], n.Rotation, p).Append(CoverPartners(n.Shift, cover.Cover, n.Roster, p))
                .Concat(string.IsNullOrWhiteSpace(cover.Cover.Reason) ? [] : [p.Format("Change.Reason", cover.Cover.Reason)]));
            var covered = new CalendarEventView(p.Format("Feed.CoverSummary", name, WeekSpan(n.Rotation, n.Shift, p, "Brief"), Called(cover.Replacement), Called(cover.Member)), DutyHeading(name, WeekSpan(n.Rotation, n.Shift, p, "Brief"), p), lines);
            return new RenderedEmail(covered.Subject, templates.RenderText("calendar-event.txt", covered, p), templates.RenderHtml("calendar-event.html", covered, p));
        }

        // Partners as the announcement names them, a part-timer with their days; a part-timer's own event says who is paged on
        // the weekdays they do not work.
        var partners = n.Shift.MemberIds.Where(id => id != n.Reader.Id)
            .Select(id => n.Roster.TryGetValue(id, out var m) ? WorkingDaysText.Named(m.DisplayName, m, p) : id).ToList();
        var model = new CalendarEventView(
            p.Format("Event.Subject", name, WeekSpan(n.Rotation, n.Shift, p, "DutyList")),
            DutyHeading(name, WeekSpan(n.Rotation, n.Shift, p, "Brief"), p),
            p.Format("Event.With", partners.Count == 0 ? p["Event.Nobody"] : p.Join(partners)))
        {
            YourDays = n.Reader is { PartTime: true, WorkingDays: { } days } ? p.Format("Reminder.YourDays", WorkingDaysText.Days(days, p)) : null,
        };
        return new RenderedEmail(model.Subject, templates.RenderText("calendar-event.txt", model, p), templates.RenderHtml("calendar-event.html", model, p));
    }

    /// <summary>An iCalendar event: subject = SUMMARY, text = DESCRIPTION (iCalendar is plain text; the HTML part is empty).</summary>
    private RenderedEmail FeedEvent(FeedEventNotice n)
    {
        var p = Phrases.For(n.Language);
        var shift = n.Shift;
        var name = n.Rotation.DisplayName(n.Language);
        // One taken off the roster since (a past week's pair): by the name they had, marked.
        string Gone(string id) => n.Former.FirstOrDefault(f => f.Id == id) is { } gone ? FormerName(gone, p) : id;
        string Names(IEnumerable<string> ids, bool withDays = false)
        {
            var names = ids.Select(id => n.Roster.TryGetValue(id, out var m) ? withDays ? WorkingDaysText.Named(NameFor(m, n.Language), m, p) : NameFor(m, n.Language) : Gone(id)).ToList();
            return names.Count == 0 ? p["Feed.Nobody"] : string.Join(p["List.NameSeparator"], names);
        }

        if (n.Cover is { } cover)
        {
            return CoverFeedEvent(n, cover, p, name);
        }

        string summary;
        if (n.ForMemberId is { } me)
        {
            var others = shift.MemberIds.Where(id => id != me).ToList();
            summary = others.Count == 0
                ? p.Format("Feed.MemberSummary", name, WeekSpan(n.Rotation, shift, p, "Brief"))
                : p.Format("Feed.MemberSummaryWith", name, WeekSpan(n.Rotation, shift, p, "Brief"), Names(others));
        }
        else
        {
            // 「障害当番 1月12日(火)からの週：田中（月・火・水のみ）・Liam Chen」, as the announcement names a part-timer.
            summary = p.Format("Feed.Summary", name, WeekSpan(n.Rotation, shift, p, "Brief"), Names(shift.MemberIds, withDays: true));
        }

        var text = new ScheduleText(p, n.Roster, n.Rotation.HandoffDay, Merged(n.MovedStarts, ScheduleText.MovedStarts([shift])), n.Rotation);
        var lines = shift.Members
            .Select(a => p.Format("Feed.Line", n.Roster.TryGetValue(a.MemberId, out var m) ? WorkingDaysText.Named(m.DisplayName, m, p) : Gone(a.MemberId), KindLabel(a.Kind, current: false, n.Rotation, p), text.Reason(a.Reason)))
            .ToList();
        if (shift.Members.Count == 0)
        {
            lines.Add(p["Common.Nobody"]);
        }

        if (shift.HandoffMoved is { } moved)
        {
            lines.Add(HandoffMoveText.Describe(moved, n.Rotation.HandoffTime, n.Rotation.TimeZone, p));
        }

        lines.AddRange(text.NoteLines(shift.Notes));
        lines.AddRange(shift.Covers.Where(c => c.Applies).Select(c => text.Cover(c, TimeZones.Find(n.Rotation.TimeZone), n.Rotation.TimeZone)));
        lines.Add(p[shift.Frozen ? "Feed.Announced" : "Feed.Planned"]);
        return new RenderedEmail(summary, string.Join("\n", lines), "");
    }

    /// <summary>A cover's own event: 「障害当番 2026-W49 一時交代：木村さんが山田さんの代わり」, its time, why and who made it.</summary>
    private static RenderedEmail CoverFeedEvent(FeedEventNotice n, Cover cover, Phrases p, string name)
    {
        string Called(string id) => p.Honorific(n.Roster.TryGetValue(id, out var m) ? NameFor(m, n.Language) : id);
        var text = new ScheduleText(p, n.Roster, n.Rotation.HandoffDay, rotation: n.Rotation);
        var lines = new List<string> { text.Cover(cover, TimeZones.Find(n.Rotation.TimeZone), n.Rotation.TimeZone), CoverPartners(n.Shift, cover, n.Roster, p) };
        if (!string.IsNullOrWhiteSpace(cover.Reason))
        {
            lines.Add(p.Format("Change.Reason", cover.Reason));
        }

        if (!string.IsNullOrWhiteSpace(cover.By))
        {
            lines.Add(p.Format("Change.By", cover.By));
        }

        return new RenderedEmail(p.Format("Feed.CoverSummary", name, WeekSpan(n.Rotation, n.Shift, p, "Brief"), Called(cover.ReplacementId), Called(cover.MemberId)), string.Join("\n", lines), "");
    }

    /// <summary>
    /// Who is on duty beside a cover's replacement — the shift's others, not the member covered — as the week's own event says
    /// it: 「一緒に担当：Liam Chen」. Session 51 reader pass: 佐藤, covering a sick 鈴木 for the rest of the week, could not tell
    /// from her event whom she shared the pages with.
    /// </summary>
    private static string CoverPartners(ScheduledShift shift, Cover cover, IReadOnlyDictionary<string, Member> roster, Phrases p)
    {
        var others = shift.MemberIds.Where(id => id != cover.MemberId && id != cover.ReplacementId)
            .Select(id => roster.TryGetValue(id, out var m) ? WorkingDaysText.Named(m.DisplayName, m, p) : id).ToList();
        return p.Format("Event.With", others.Count == 0 ? p["Event.Nobody"] : p.Join(others));
    }

    /// <summary>
    /// The comment with a cancelled Outlook duty event: 「1月18日(月)からの週の当番は交代になりました。」, "Your duty for the week of Mon
    /// 18 Jan has been handed to someone else." — by its first day as the event named it, not 2027-W03 (the ISO label without a rotation).
    /// </summary>
    private static string EventCancelled(DutyEventCancelledNotice n)
    {
        var p = Phrases.For(n.Language);
        return p.Format("Event.Cancelled", n.Rotation is { } rotation ? WeekSpan(rotation, n.Week, p, n.ShiftStart, "Brief") : n.Week);
    }

    private sealed record AnnouncementView(
        string Lang, string Subject, string Heading, string Period, IReadOnlyList<string> Moves, IReadOnlyList<MemberView> Members, string? NextWeek, string NextNames)
    {
        /// <summary>The shift's covers for part of it, one line each.</summary>
        public IReadOnlyList<string> Covers { get; init; } = [];

        /// <summary>Every lead is on duty this week: who an unanswered page goes to instead; null when not so.</summary>
        /// <summary>The reader's own next duty (the pair's and a cover's replacement's mail only).</summary>
        public string? YourNext { get; init; }

        /// <summary>The rest of the reader's turn when they serve the following shifts in a row too (<see cref="RestOfTurnLine"/>).</summary>
        public string? YourTurn { get; init; }

        /// <summary>The shift in the reader's own zone when it is not the rotation's (<see cref="YourTimeLine"/>); null otherwise.</summary>
        public string? YourTime { get; init; }

        public string? LeadsOnDuty { get; init; }

        /// <summary>"On duty this week:" (this shift, for longer shifts) before the members.</summary>
        public required string ThisLead { get; init; }

        public required string ThisTitle { get; init; }

        /// <summary>"Next week" (next shift).</summary>
        public required string NextTitle { get; init; }

        /// <summary>The duty page, where a member who cannot serve finds a replacement; null without a public base URL.</summary>
        public string? DutyPage { get; init; }

        /// <summary>"How pages reach me"; null without a public base URL.</summary>
        public string? ContactPage { get; init; }

        public string DutyPageLabel { get; init; } = "";

        public string ContactPageLabel { get; init; } = "";
    }

    private sealed record MemberView(string Name, string Email, string Role);

    /// <summary>The duty page as the mail's last line (「当番表を開く：…」), when <paramref name="baseUrl"/> is set.</summary>
    private static LinesView WithDutyPageLink(LinesView model, string? baseUrl, Rotation rotation, bool own, Phrases p) => baseUrl is null ? model : model with
    {
        Link = DutyPageLink(baseUrl, rotation, own),
        LinkLabel = p.Format("Announce.LinkLine", p["Announce.DutyPageLink"], ""),
    };

    private sealed record LinesView(string Lang, string Subject, IReadOnlyList<string> Lines)
    {
        /// <summary>A last line that is a link: its label (<see cref="LinkLabel"/>) then the address, an anchor in HTML.</summary>
        public string? Link { get; init; }

        public string? LinkLabel { get; init; }

        /// <summary>More last lines that are links, after <see cref="Link"/>, each its label then the address (an anchor in HTML).</summary>
        public IReadOnlyList<LinkLineView> Links { get; init; } = [];
    }

    private sealed record LinkLineView(string Label, string Url);

    private sealed record CalendarEventView(string Subject, string Heading, string With)
    {
        /// <summary>A part-timer's own days, in their own event.</summary>
        public string? YourDays { get; init; }
    }
}
