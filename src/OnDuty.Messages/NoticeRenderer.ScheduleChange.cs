using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

public sealed partial class NoticeRenderer
{
    /// <summary>
    /// To a member whose coming weeks a change moved: what was changed (the reader is 「あなた」), by whom and why, then their
    /// weeks before and after — <c>【障害当番 予定の変更】あなたの当番：12月7日(月)からの週</c>.
    /// </summary>
    private RenderedEmail ScheduleChangedEmail(ScheduleChangedNotice n)
    {
        var p = Phrases.For(n.Language);
        var c = n.Cause;
        var name = n.Rotation.DisplayName(n.Language);
        string Called(Member m) => m.Id == n.Reader.Id ? p["ScheduleChange.You"] : p.Honorific(NameFor(m, n.Language));
        string Week(string? week) => week is null ? "" : Dated(n.Rotation, week, p);
        string Weeks(IReadOnlyList<DutyWeek> weeks) => weeks.Count == 0 ? p["ScheduleChange.NoWeeks"] : p.Join(weeks.Select(w => WeekSpan(n.Rotation, w.Week, p, w.HandoffDate)));
        string DatedWeeks(IReadOnlyList<DutyWeek> weeks) => weeks.Count == 0 ? p["ScheduleChange.NoWeeks"] : p.Join(weeks.Select(w => Dated(n.Rotation, w.Week, p, w.HandoffDate)));
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
            ScheduleChangeKind.Roster => p.Format("ScheduleChange.Roster", Called(n.Member)),
            ScheduleChangeKind.Settings => p["ScheduleChange.Settings"],
            ScheduleChangeKind.MemberRemoved => p.Format("ScheduleChange.MemberRemoved", RemovedNames()),
            _ => p.Format(c.Outlook ? "ScheduleChange.LeaveOutlookCancelled" : "ScheduleChange.LeaveCancelled", Called(n.Member), c.From is { } f ? p.Day(f) : "", c.To is { } t ? p.Day(t) : ""),
        };
        var lines = new List<string> { name, what };
        if (c.EffectiveFrom is { } from)
        {
            // The cadence in force from then is the rotation's own; the weeks before keep theirs.
            var r = n.Rotation;
            var day = p.Culture.DateTimeFormat.GetDayName(r.HandoffDay);
            var cadence = r.ShiftWeeks > 1
                ? p.Format("ScheduleChange.CadenceEveryWeeks", r.ShiftWeeks, day, r.HandoffTime.ToString("HH:mm", p.Culture))
                : p.Format("ScheduleChange.CadenceWeekly", day, r.HandoffTime.ToString("HH:mm", p.Culture));
            lines.Add(p.Format("ScheduleChange.CadenceFrom", p.Day(from), cadence));
            if (c.ShortenedWeek is not null && c.ShortenedShiftStart is { } started)
            {
                var zone = TimeZones.Find(r.TimeZone);
                lines.Add(p.Format("ScheduleChange.Shortened", p.Time(started, zone, "Format.ShortDateTime"), p.Day(from) + " " + r.HandoffTime.ToString("HH:mm", p.Culture)));
            }
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
        // What moved first (the weeks gained, the weeks lost), then the whole list before and after.
        var added = n.After.Where(w => !n.Before.Any(b => b.Week == w.Week)).ToList();
        var removed = n.Before.Where(w => !n.After.Any(a => a.Week == w.Week)).ToList();
        if (added.Count > 0)
        {
            lines.Add(p.Format("ScheduleChange.Added", DatedWeeks(added)));
        }

        if (removed.Count > 0)
        {
            lines.Add(p.Format("ScheduleChange.Removed", DatedWeeks(removed)));
        }

        lines.Add(p.Format("ScheduleChange.Before", DatedWeeks(n.Before)));
        lines.Add(p.Format("ScheduleChange.After", DatedWeeks(n.After)));
        lines.Add("");
        lines.Add(p["ScheduleChange.Planned"]);

        // Only the horizon is compared: a change that reshuffles the order moves later weeks too, which nobody is mailed about.
        lines.Add(p.Format("ScheduleChange.Later", n.Horizon * n.Rotation.ShiftWeeks));
        lines.Add(p["Common.Shout"]);
        var model = new LinesView(LanguageTag(n.Language), p.Format("ScheduleChange.Subject", name, Weeks(n.After)), lines)
        {
            Link = n.BaseUrl is null ? null : DutyPageLink(n.BaseUrl, n.Rotation, n.OwnDutyPage),
            LinkLabel = n.BaseUrl is null ? null : p.Format("Announce.LinkLine", p["Announce.DutyPageLink"], ""),
        };
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// A week in an English change mail with its days (trial 32b L: Emma could not tell 2026-W53 was the New Year week):
    /// "2026-W53 (28 Dec – 4 Jan)", from the day it really starts to the next handoff's day. Japanese already names the week by
    /// its first day (「12月28日(月)からの週」) and is left as it is.
    /// </summary>
    private static string Dated(Rotation rotation, string week, Phrases p, DateOnly? startsOn = null)
    {
        var span = WeekSpan(rotation, week, p, startsOn);
        if (p.Language == Language.Ja || WeekStart(week, rotation.HandoffDay) is not { } nominal || ShiftStart(week, rotation, startsOn) is not { } first)
        {
            return span;
        }

        var last = nominal.AddDays(7 * Math.Max(1, rotation.ShiftWeeks));
        return span + p.Format("Format.Paren", p.Format("Format.Range", first.ToString(p["Format.MonthDay"], p.Culture), last.ToString(p["Format.MonthDay"], p.Culture)));
    }
}
