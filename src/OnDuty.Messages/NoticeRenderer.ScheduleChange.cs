using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// To a member whose coming weeks a change moved: what was changed (the reader is 「あなた」), by whom and why, then their
    /// weeks before and after — <c>【障害当番 予定の変更】あなたの当番：12月7日(月)からの週</c>. A reader with no shift before and
    /// some after (a newcomer, whose welcome could say none yet) reads their first shift as the welcome says it (session 49).
    /// </summary>
    private RenderedEmail ScheduleChangedEmail(ScheduleChangedNotice n)
    {
        var p = Phrases.For(n.Language);
        var c = n.Cause;
        var name = n.Rotation.DisplayName(n.Language);
        string Called(Member m) => m.Id == n.Reader.Id ? p["ScheduleChange.You"] : p.Honorific(NameFor(m, n.Language));
        // The change's own weeks with the days the reader's lists know for them (a week after a moved handoff ends on its day).
        DutyWeek? Known(string week) => n.Before.Concat(n.After).FirstOrDefault(w => w.Week == week);
        string Week(string? week) => week is null ? "" : Dated(n.Rotation, week, p, Known(week)?.HandoffDate, Known(week)?.EndsOn);
        string DatedWeeks(IReadOnlyList<DutyWeek> weeks) => weeks.Count == 0 ? p["ScheduleChange.NoWeeks"] : p.Join(weeks.Select(w => Dated(n.Rotation, w.Week, p, w.HandoffDate, w.EndsOn)));
        var other = n.Other is null ? "" : Called(n.Other);

        // A member taken out reads that they were (「あなたが…外れたため」) whoever else was; the others read every name.
        string RemovedNames() => n.Removed.Count == 0 ? Called(n.Member)
            : n.Removed.Any(m => m.Id == n.Reader.Id) ? p["ScheduleChange.You"]
            : p.JoinNames([.. n.Removed.Select(Called)]);
        var what = c.Kind switch
        {
            ScheduleChangeKind.Swap => p.Format("ScheduleChange.Swap", Called(n.Member), Week(c.Week), other, Week(c.OtherWeek)),
            ScheduleChangeKind.Replace => p.Format("ScheduleChange.Replace", Week(c.Week), Called(n.Member), other),
            ScheduleChangeKind.Undo => p.Format("ScheduleChange.Undo", Week(c.Week), Called(n.Member), other),
            ScheduleChangeKind.Leave => p.Format(c.Outlook ? "ScheduleChange.LeaveOutlook" : "ScheduleChange.Leave", Called(n.Member), c.From is { } f ? p.Day(f) : "", c.To is { } t ? p.Day(t) : ""),
            ScheduleChangeKind.Roster => n.Member.Id == n.Reader.Id ? p["ScheduleChange.Roster.You"] : p.Format("ScheduleChange.Roster", Called(n.Member)),
            ScheduleChangeKind.Settings => p["ScheduleChange.Settings"],
            ScheduleChangeKind.MemberRemoved => p.Format("ScheduleChange.MemberRemoved", RemovedNames()),
            _ => p.Format(c.Outlook ? "ScheduleChange.LeaveOutlookCancelled" : "ScheduleChange.LeaveCancelled", Called(n.Member), c.From is { } f ? p.Day(f) : "", c.To is { } t ? p.Day(t) : ""),
        };
        string Handoff(Cadence k)
        {
            var day = p.Culture.DateTimeFormat.GetDayName(k.HandoffDay);
            return k.ShiftWeeks > 1
                ? p.Format("ScheduleChange.CadenceEveryWeeks", k.ShiftWeeks, day, k.HandoffTime.ToString("HH:mm", p.Culture))
                : p.Format("ScheduleChange.CadenceWeekly", day, k.HandoffTime.ToString("HH:mm", p.Culture));
        }

        var lines = new List<string> { name };
        if (c.Kind == ScheduleChangeKind.Roster && c.Details.Count > 0)
        {
            // What the member's edit was (a leaving date told as one, trial 37 M2), then what it did.
            lines.AddRange(c.Details.Select(d => n.Member.Id == n.Reader.Id ? OwnRosterDetail(d, p) : RosterDetail(d, Called(n.Member), p)));
            lines.Add(p["ScheduleChange.Reworked"]);
        }
        else if (c.Kind is ScheduleChangeKind.Settings or ScheduleChangeKind.MemberRemoved && c.Details.Count > 0)
        {
            // Each setting as it was and is (trial 37 M8); members taken out keep their own sentence.
            lines.Add(c.Kind == ScheduleChangeKind.Settings ? p["ScheduleChange.SettingsChanged"] : what);
            if (c.Kind == ScheduleChangeKind.MemberRemoved)
            {
                lines.Add(p["ScheduleChange.SettingsAlso"]);
            }

            // A list names people in full without honorific (JA-STYLE), as on the roster.
            string Names(IEnumerable<string> ids) => p.Join(ids.Select(id => n.People.TryGetValue(id, out var m) ? m.DisplayName : id));
            lines.AddRange(c.Details.Select(d => d.Kind switch
            {
                ScheduleChangeDetailKind.PairSize => p.Format("ScheduleChange.Detail.PairSize", d.OldCount!, d.NewCount!),
                ScheduleChangeDetailKind.MembersAdded => p.Format("ScheduleChange.Detail.MembersAdded", Names(d.NewMembers)),
                ScheduleChangeDetailKind.Order => p.Format("ScheduleChange.Detail.Order", Names(d.OldMembers), Names(d.NewMembers)),
                ScheduleChangeDetailKind.StartDate => p.Format("ScheduleChange.Detail.StartDate", p.Day(d.OldDate!.Value), p.Day(d.NewDate!.Value)),
                _ => p.Format("ScheduleChange.Detail.Handoff", Handoff(d.OldCadence!), Handoff(d.NewCadence!)),
            }));
        }
        else
        {
            lines.Add(what);
        }

        if (c.EffectiveFrom is { } from)
        {
            // The cadence in force from then is the rotation's own; the weeks before keep theirs.
            var r = n.Rotation;
            lines.Add(p.Format("ScheduleChange.CadenceFrom", p.Day(from), Handoff(Cadence.Of(r))));
            if (c.ShortenedWeek is not null && c.ShortenedShiftStart is { } started)
            {
                var zone = TimeZones.Find(r.TimeZone);
                var handoff = from.ToDateTime(r.HandoffTime);
                var handoffAt = new DateTimeOffset(handoff, zone.GetUtcOffset(handoff));
                lines.Add(p.Format("ScheduleChange.Shortened", p.TimeWithZone(started, zone, r.TimeZone, "Format.ShortDateTime"),
                    p.Aside(p.Day(from) + " " + r.HandoffTime.ToString("HH:mm", p.Culture), p.ZoneName(r.TimeZone, handoffAt))));
            }
        }

        if (c.HeldOver is { } held)
        {
            lines.AddRange(HeldOverLines(n.Rotation, held, n.Language));
        }

        if (!string.IsNullOrWhiteSpace(c.Reason))
        {
            lines.Add(p.Format(c.Kind is ScheduleChangeKind.Leave or ScheduleChangeKind.LeaveCancelled ? "ScheduleChange.Note" : "Change.Reason", c.Reason));
        }

        if (!string.IsNullOrWhiteSpace(c.By))
        {
            lines.Add(p.Format("Change.By", c.By));
        }

        lines.Add("");
        // What moved first (the weeks gained, the weeks lost), then the whole list before and after when some week stays.
        // Not an announced week: its own change mail (【…交代】) told of it, this one is about the weeks not yet announced (a
        // swap of this week for a later one said 「1月12日(火)からの週はあなたの当番ではなくなりました。」 here too, trial 46 L).
        var added = n.After.Where(w => !w.Announced && !n.Before.Any(b => b.Week == w.Week)).ToList();
        var removed = n.Before.Where(w => !w.Announced && !n.After.Any(a => a.Week == w.Week)).ToList();
        if (added.Count > 0)
        {
            lines.Add(p.Format("ScheduleChange.Added", DatedWeeks(added)));
            if (n.FirstDuty is { } first)
            {
                // Their first weeks (a newcomer): the first shift with its times and partner, as the welcome says it.
                lines.AddRange(FirstDutyLines(n.Rotation, first, p));
            }
        }

        if (removed.Count > 0)
        {
            lines.Add(p.Format("ScheduleChange.Removed", DatedWeeks(removed)));
        }

        // The whole lists only when they add something: a week that stays or an announced week, or 「変更後：なし」 (none left).
        // Else they repeat the lines above word for word (a swap's 「変更前：1月25日(月)からの週／変更後：1月18日(月)からの週」
        // under 「…があなたの当番になりました。…はあなたの当番ではなくなりました。」, a new member's 「変更前：なし」, trial 46 L).
        if (n.After.Count == 0 || n.Before.Count + n.After.Count > added.Count + removed.Count)
        {
            lines.Add(p.Format("ScheduleChange.Before", DatedWeeks(n.Before)));
            lines.Add(p.Format("ScheduleChange.After", DatedWeeks(n.After)));
        }

        // A week they stay on whose partner changed: said as the partner-change mail says it.
        lines.AddRange(n.Partners.Select(w => PartnerLine(n.Rotation, w, n.Language, p)));

        lines.Add("");
        // 「お知らせ前の当番」 / "shifts not yet announced" fit a shift of any length (a 4-week rotation was told 「お知らせ前の週」,
        // sessions 44–45); only the count compared is said by the cadence ("next 8 shifts (32 weeks)", not "next 32 weeks").
        lines.Add(p["ScheduleChange.Planned"]);

        // Only the horizon is compared: a change that reshuffles the order moves later weeks too, which nobody is mailed about.
        lines.Add(n.Rotation.ShiftWeeks > 1
            ? p.Format("ScheduleChange.Later.Shifts", n.Horizon, n.Horizon * n.Rotation.ShiftWeeks)
            : p.Format("ScheduleChange.Later", n.Horizon * n.Rotation.ShiftWeeks));
        lines.Add(p["Common.Shout"]);
        var model = WithDutyPageLink(new LinesView(LanguageTag(n.Language), p.Format("ScheduleChange.Subject", name, SubjectWeeks(n.Rotation, n.After, n.Horizon, p)), lines), n.BaseUrl, n.Rotation, n.OwnDutyPage, p);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// To a member who stays on a week soon whose partner a change replaced: each such week in a sentence —
    /// 「12月28日(月)からの週の当番の相手が佐藤さんから鈴木さんに変わりました。」 — that their own duty is unchanged, and who changed it:
    /// <c>【障害当番 相手の変更】12月28日(月)からの週の当番の相手：鈴木さん</c>.
    /// </summary>
    private RenderedEmail PartnerChangedEmail(PartnerChangedNotice n)
    {
        var p = Phrases.For(n.Language);
        var name = n.Rotation.DisplayName(n.Language);
        var lines = new List<string> { name };
        lines.AddRange(n.Weeks.Select(w => PartnerLine(n.Rotation, w, n.Language, p)));
        lines.Add(p["PartnerChange.Stays"]);
        if (!string.IsNullOrWhiteSpace(n.By))
        {
            lines.Add(p.Format("Change.By", n.By));
        }

        lines.Add("");
        lines.Add(p["ScheduleChange.Planned"]);
        lines.Add(p["Common.Shout"]);
        var first = n.Weeks[0];
        var model = WithDutyPageLink(
            new LinesView(LanguageTag(n.Language), p.Format("PartnerChange.Subject", name, Dated(n.Rotation, first.Week, p, first.HandoffDate), PartnerNames(first.After, n.Language, p)), lines),
            n.BaseUrl, n.Rotation, n.OwnDutyPage, p);
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>「12月28日(月)からの週の当番の相手が佐藤さんから鈴木さんに変わりました。」 / "Your partner on duty in the week of Mon 28 Dec is now …".</summary>
    private static string PartnerLine(Rotation rotation, PartnerChange w, Language language, Phrases p) =>
        p.Format("PartnerChange.Line", Dated(rotation, w.Week, p, w.HandoffDate), PartnerNames(w.Before, language, p), PartnerNames(w.After, language, p));

    private static string PartnerNames(IReadOnlyList<Member> members, Language language, Phrases p) => p.JoinNames([.. members.Select(m => p.Honorific(NameFor(m, language)))]);

    /// <summary>
    /// What a start moved later past running or announced shifts leaves (<see cref="HeldOverShifts"/>), in sentences: those shifts
    /// keep whoever was announced until they end (「11月30日(月)からの週の当番は、お知らせどおりの担当のまま12月7日(月) 10:00（JST）まで続きます。」,
    /// "The duty for the week of Mon 30 Nov stays with whoever was announced for it, until …": the shift named by its day in English
    /// too, as the handoff brief and the duty page do, never 2026-W49; and no "pair", which a one-person rotation has not),
    /// and, when the first shift starts later, nobody is on duty until then (「12月7日(月) 10:00から12月14日(月) 10:00（JST）までは
    /// 当番がいません。…」). The schedule-change mail and the answer to the edit say the same.
    /// </summary>
    public static IReadOnlyList<string> HeldOverLines(Rotation rotation, HeldOverShifts held, Language language)
    {
        var p = Phrases.For(language);
        var zone = TimeZones.Find(rotation.TimeZone);
        var lines = new List<string>
        {
            p.Format("ScheduleChange.HeldOver", p.Join(held.Weeks.Select((w, i) => WeekSpan(rotation, w, p, held.StartsOn[i], "Brief"))), p.TimeWithZone(held.Until, zone, rotation.TimeZone, "Format.ShortDateTime")),
        };
        if (held.Gap)
        {
            lines.Add(p.Format("ScheduleChange.Gap", p.Time(held.Until, zone, "Format.ShortDateTime"), p.TimeWithZone(held.FirstStartsAt, zone, rotation.TimeZone, "Format.ShortDateTime")));
        }

        return lines;
    }

    /// <summary>One thing an edit of a member changed, in a sentence naming them (<paramref name="who"/>).</summary>
    private static string RosterDetail(ScheduleChangeDetail d, string who, Phrases p) => d.Kind switch
    {
        ScheduleChangeDetailKind.Leaving => p.Format("ScheduleChange.Detail.Leaving", who, p.Day(d.NewDate!.Value)),
        ScheduleChangeDetailKind.LeavingMoved => p.Format("ScheduleChange.Detail.LeavingMoved", who, p.Day(d.OldDate!.Value), p.Day(d.NewDate!.Value)),
        ScheduleChangeDetailKind.LeavingCancelled => p.Format("ScheduleChange.Detail.LeavingCancelled", who, p.Day(d.OldDate!.Value)),
        ScheduleChangeDetailKind.Joining => p.Format("ScheduleChange.Detail.Joining", who, p.Day(d.OldDate!.Value), p.Day(d.NewDate!.Value)),
        ScheduleChangeDetailKind.Inactive => p.Format("ScheduleChange.Detail.Inactive", who),
        _ => p.Format("ScheduleChange.Detail.Active", who),
    };

    /// <summary>
    /// The same told to the member themself, in a sentence of its own ("Your last day with the team is now …"): "you" does not
    /// fit where the others read a name ("The last day with the team for you", trial 38).
    /// </summary>
    private static string OwnRosterDetail(ScheduleChangeDetail d, Phrases p) => d.Kind switch
    {
        ScheduleChangeDetailKind.Leaving => p.Format("ScheduleChange.Detail.Leaving.You", p.Day(d.NewDate!.Value)),
        ScheduleChangeDetailKind.LeavingMoved => p.Format("ScheduleChange.Detail.LeavingMoved.You", p.Day(d.OldDate!.Value), p.Day(d.NewDate!.Value)),
        ScheduleChangeDetailKind.LeavingCancelled => p.Format("ScheduleChange.Detail.LeavingCancelled.You", p.Day(d.OldDate!.Value)),
        ScheduleChangeDetailKind.Joining => p.Format("ScheduleChange.Detail.Joining.You", p.Day(d.OldDate!.Value), p.Day(d.NewDate!.Value)),
        ScheduleChangeDetailKind.Inactive => p["ScheduleChange.Detail.Inactive.You"],
        _ => p["ScheduleChange.Detail.Active.You"],
    };

    /// <summary>
    /// A week in a change mail by the day it really starts, as people say it and the duty page's sentences do (<c>Brief.Label</c>):
    /// 「12月28日(月)からの週」, "the week of Mon 28 Dec" (trial 32b L: Emma could not tell 2026-W53 was the New Year week, and the
    /// ISO label with its days, "2027-W03 (18 Jan – 25 Jan)", is still not what anyone says). A week whose end a holiday moved
    /// (<paramref name="endsOn"/>: 2027-W01 ends on Tue 12 Jan when Mon 11 Jan is Coming of Age Day, session 44) says until when
    /// in English ("the week of Mon 4 Jan (until Tue 12 Jan)"); Japanese names the next week by its own day and is left as it is.
    /// </summary>
    private static string Dated(Rotation rotation, string week, Phrases p, DateOnly? startsOn = null, DateOnly? endsOn = null)
    {
        var span = WeekSpan(rotation, week, p, startsOn, "Brief");
        if (p.Language == Language.Ja || endsOn is not { } last || ShiftStart(week, rotation, startsOn) is not { } first
            || CadenceOf(week, rotation, startsOn) is not { } cadence || last == first.AddDays(7 * Math.Max(1, cadence.ShiftWeeks)))
        {
            return span;
        }

        return p.Format("ScheduleChange.Until", span, last.ToString(p["Format.ReasonDay"], p.Culture));
    }

    /// <summary>
    /// The reader's weeks after the change, short enough for a subject: each by its first day — "weeks of 11 Jan and 18 Jan",
    /// 「1月11日(月)・1月18日(月)からの週」 — and more than <see cref="SubjectWeeksNamed"/> by the first and the count ("4 weeks from
    /// 11 Jan", 「1月11日(月)から計4週」); a rotation of longer shifts says shifts (「…から計3回」). None within the
    /// <paramref name="horizon"/> compared says that span, as the body does — 「今後8週はなし」 / "none in the next 8 weeks" — not a bare
    /// 「なし」, which read to a member as taken off the rotation (session 49).
    /// </summary>
    private static string SubjectWeeks(Rotation rotation, IReadOnlyList<DutyWeek> weeks, int horizon, Phrases p)
    {
        if (weeks.Count == 0)
        {
            return rotation.ShiftWeeks > 1
                ? p.Format("ScheduleChange.SubjectNone.Shifts", horizon)
                : p.Format("ScheduleChange.SubjectNone", horizon);
        }

        var days = weeks.Select(w => ShiftStart(w.Week, rotation, w.HandoffDate) is { } day ? day.ToString(p["ScheduleChange.SubjectDay"], p.Culture) : w.Week).ToList();
        var key = ShiftPhrase(rotation, "ScheduleChange.SubjectWeeks", p);
        return weeks.Count > SubjectWeeksNamed
            ? p.Format(key + ".Many", days[0], weeks.Count)
            : p.Format(p.Counted(key, weeks.Count), p.JoinAnd(days), weeks.Count, rotation.ShiftWeeks);
    }

    /// <summary>How many weeks a change mail's subject names one by one; more are said by the first and their count.</summary>
    private const int SubjectWeeksNamed = 3;
}
