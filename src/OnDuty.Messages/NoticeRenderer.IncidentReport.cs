using System.Globalization;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Messages.Cards;

namespace OnDuty.Messages;

/// <summary>
/// The incident report (障害レポート): the same sections in the monthly email (■ headings, for the leads) and on its page,
/// which adds a table per severity and links to the incidents it names.
/// </summary>
public sealed partial class NoticeRenderer
{
    private RenderedEmail IncidentReportEmail(IncidentReportNotice n)
    {
        var p = Phrases.For(n.Language);
        var r = n.Report;
        var lines = new List<string> { p.Format("Report.Lead", ReportPeriod(r, p)), "" };
        foreach (var section in ReportSections(r, p, severityLines: true))
        {
            lines.Add(p.Format("Report.Heading", section.Heading));
            lines.AddRange(section.Lines.Select(l => l.Text));
            lines.Add("");
        }

        if (n.PastDue is { Listed.Count: > 0 } pastDue)
        {
            lines.Add(p.Format("Report.Heading", p["Report.Section.PastDueRetros"]));
            lines.AddRange(PastDueRetroLines(pastDue, p));
            lines.Add("");
        }

        if (LoadLines(n.Load, p) is { Count: > 0 } load)
        {
            lines.Add(p.Format("Report.Heading", p["Report.Section.Load"]));
            lines.AddRange(load);
            lines.Add("");
        }

        if (NamesConfidential(n))
        {
            lines.AddRange([p["Report.Confidential"], ""]);
        }

        if (r.Truncated)
        {
            lines.AddRange([p["Report.Truncated"], ""]);
        }

        var model = new LinesView(LanguageTag(n.Language), ReportSubject(r, p), lines)
        {
            Link = IsShowable(n.Link) ? n.Link : null,
            LinkLabel = p.Format("Report.Link", ""),
        };
        return new RenderedEmail(model.Subject, templates.RenderText("lines.txt", model, p), templates.RenderHtml("lines.html", model, p));
    }

    /// <summary>
    /// <paramref name="lines"/> joined into texts a card keeps whole (<see cref="AdaptiveCardBuilder.MaxTextLength"/>,
    /// <see cref="AdaptiveCardBuilder.MaxLines"/>), in order; a line longer than that alone is its own (and capped there).
    /// </summary>
    private static List<string> CardParts(IReadOnlyList<string> lines)
    {
        var parts = new List<string>();
        var part = new List<string>();
        foreach (var line in lines)
        {
            if (part.Count > 0 && (part.Count == AdaptiveCardBuilder.MaxLines || part.Sum(l => l.Length + 1) + line.Length > AdaptiveCardBuilder.MaxTextLength))
            {
                parts.Add(string.Join("\n", part));
                part.Clear();
            }

            part.Add(line);
        }

        if (part.Count > 0)
        {
            parts.Add(string.Join("\n", part));
        }

        return parts;
    }

    /// <summary>The monthly report in the team's channel: the same sections, each a heading and its lines, and the page's link.</summary>
    private RenderedCard IncidentReportCard(IncidentReportNotice n)
    {
        var p = Phrases.For(n.Language);
        var r = n.Report;
        var subject = ReportSubject(r, p);
        var card = new AdaptiveCardBuilder().Title(subject).Subtle(p.Format("Report.Range", p.Day(r.From), p.Day(r.To), p.ZoneName(r.TimeZone)));
        var text = new List<string> { subject };
        foreach (var section in ReportSections(r, p, severityLines: true))
        {
            // A section longer than a card keeps in one text (the times with a line per severity, in English) goes on under
            // 「対応時間（続き）」 rather than lose its last lines: the overall 復旧 line was cut from the English card.
            var parts = CardParts([.. section.Lines.Select(l => l.Text)]);
            for (var i = 0; i < parts.Count; i++)
            {
                card.Section(i == 0 ? section.Heading : p.Format("Report.Continued", section.Heading), parts[i], [], []);
            }

            text.Add(section.Heading);
            text.AddRange(section.Lines.Select(l => l.Text));
        }

        if (n.PastDue is { Listed.Count: > 0 } pastDue)
        {
            // Compact: the first few, each on a line, a button to each one's retro page, then 「ほか N件」 (the page lists more).
            var shown = pastDue.Listed.Take(MaxCardPastDueRetros).ToList();
            var lines = shown.Select(d => PastDueRetroText(d, p)).ToList();
            if (pastDue.Count > shown.Count)
            {
                lines.Add(p.Format("Report.MoreRetros", pastDue.Count - shown.Count));
            }

            card.Section(p["Report.Section.PastDueRetros"], string.Join("\n", lines), [], [.. shown.Where(d => IsShowable(d.Link)).Select(d => (d.Id, new Uri(d.Link!)))]);
            text.Add(p["Report.Section.PastDueRetros"]);
            text.AddRange(lines);
        }

        if (NamesConfidential(n))
        {
            card.Subtle(p["Report.Confidential"]);
            text.Add(p["Report.Confidential"]);
        }

        if (r.Truncated)
        {
            card.Attention(p["Report.Truncated"]);
            text.Add(p["Report.Truncated"]);
        }

        if (IsShowable(n.Link))
        {
            card.Section(p["Report.Title"], null, [], [(p["Report.CardLink"], new Uri(n.Link!))]);
            text.Add(n.Link!);
        }

        return new RenderedCard(subject, string.Join("\n", text), card.Build(subject));
    }

    private string IncidentReportPage(IncidentReportNotice n)
    {
        var p = Phrases.For(n.Language);
        var r = n.Report;
        var query = Query(n.Language);
        var month = new DateOnly(r.From.Year, r.From.Month, 1);
        // A month still running as of the report is linked by its first day only: the page then shows it so far, compared
        // with 前月同期, the same as the page without dates (its whole month is not over to compare with a whole month).
        string MonthLink(DateOnly first) => r.AsOf is { } day && first.AddMonths(1) > day
            ? string.Create(CultureInfo.InvariantCulture, $"/api/reports/incidents/page{query}&from={first:yyyy-MM-dd}")
            : string.Create(CultureInfo.InvariantCulture, $"/api/reports/incidents/page{query}&from={first:yyyy-MM-dd}&to={first.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
        var rows = r.Severities.Select(s => new ReportSeverityRow(
            s.Severity.ToString().ToUpperInvariant(),
            s.Incidents,
            string.Create(CultureInfo.InvariantCulture, $"{s.Acknowledged}/{s.Incidents}"),
            UnacknowledgedCell(s, p),
            NumberOnOneLine(Duration(s.AckMinutesP50, p)),
            NumberOnOneLine(Duration(s.AckMinutesP90, p)),
            NumberOnOneLine(Duration(s.ResolveMinutesP50, p)),
            NumberOnOneLine(Duration(s.ResolveMinutesP90, p)),
            s.Escalated)
        {
            AckMax = NumberOnOneLine(Duration(s.AckMinutesMax, p)),
            ResolveMax = NumberOnOneLine(Duration(s.ResolveMinutesMax, p)),
        }).ToList();
        // A quarter (or a quarter so far) steps a quarter at a time and links its months; any other range steps a month and
        // links its quarter, so a lead reviewing Oct–Dec gets there from any of its months in one click (and back).
        var quarter = ReportRange.QuarterOf(r.From);
        var byQuarter = ReportRange.PeriodOf(r.From, r.To) is Core.Retros.ReportPeriod.Quarter or Core.Retros.ReportPeriod.QuarterToDate;
        bool Begun(DateOnly first) => r.AsOf is not { } day || first <= day;
        string QuarterLink(DateOnly first) =>
            string.Create(CultureInfo.InvariantCulture, $"/api/reports/incidents/page{query}&from={first:yyyy-MM-dd}&to={first.AddMonths(3).AddDays(-1):yyyy-MM-dd}");
        var model = new ReportPageView(
            LanguageTag(n.Language),
            p.Format("Report.PageTitle", ReportPeriod(r, p)),
            query,
            p.Format("Report.Range", p.Day(r.From), p.Day(r.To), p.ZoneName(r.TimeZone)),
            r.Truncated ? p["Report.Truncated"] : null,
            byQuarter ? QuarterLink(quarter.AddMonths(-3)) : MonthLink(month.AddMonths(-1)),
            byQuarter
                ? (Begun(quarter.AddMonths(3)) ? QuarterLink(quarter.AddMonths(3)) : null)
                : (Begun(month.AddMonths(1)) ? MonthLink(month.AddMonths(1)) : null),
            [.. ReportSections(r, p, severityLines: false).Select(s => new ReportSectionView(s.Heading, s.Lines))],
            rows,
            string.Create(CultureInfo.InvariantCulture, $"/api/reports/incidents/csv{query}&from={r.From:yyyy-MM-dd}&to={r.To:yyyy-MM-dd}"),
            // The same days' load (who carried the nights): without them the load page shows the last 12 weeks, not this month.
            string.Create(CultureInfo.InvariantCulture, $"/api/reports/load/page{query}&from={r.From:yyyy-MM-dd}&to={r.To:yyyy-MM-dd}"),
            IncidentRows(r, p, query),
            PastDueView(n.PastDue, p, query),
            r.Incidents.Count < r.Totals.Incidents ? p.Format("Report.Rows.Cut", r.Incidents.Count, r.Totals.Incidents) : null,
            // The CSV has a row for each duplicate merged into another too: the link counts what the file holds.
            r.Totals.Merged > 0
                ? p.Format("Report.Rows.CsvLinkWithMerged", r.Totals.Incidents + r.Totals.Merged, r.Totals.Merged)
                : p.Format("Report.Rows.CsvLink", r.Totals.Incidents))
        {
            PreviousText = p[byQuarter ? "Report.PreviousQuarterLink" : "Report.PreviousLink"],
            NextText = p[byQuarter ? "Report.NextQuarterLink" : "Report.NextLink"],
            // Not while the quarter is still in its first month: it would be this month so far again.
            QuarterLink = byQuarter || !Begun(quarter.AddMonths(1)) ? null : QuarterLink(quarter),
            QuarterText = byQuarter || !Begun(quarter.AddMonths(1)) ? null : p.Format("Report.QuarterLink", QuarterName(quarter, p)),
            MonthLinks = byQuarter
                ? [.. Enumerable.Range(0, 3).Select(quarter.AddMonths).Where(Begun).Select(m => new ReportLineView(m.ToString(p["Format.Month"], p.Culture), MonthLink(m)))]
                : [],
            Columns = new ReportSeverityColumns(Column("Acknowledged", p), Column("Unacknowledged", p), Column("P90", p)),
            ConfidentialNote = NamesConfidential(n) ? p["Report.Confidential"] : null,
            Months = r.Months.Count > 1
                ? [.. r.Months.Select(m => new ReportMonthRow(m.Month.ToString(p["Format.Month"], p.Culture), m.Incidents, m.Sev1, m.Sev2, m.Sev3, m.Sev4))]
                : [],
        };
        return templates.RenderHtml("incident-report-page.html", model, p);
    }

    /// <summary>"【月次報告】障害レポート 2026年11月（12 件）": the email's subject and the card's title.</summary>
    private static string ReportSubject(IncidentReport r, Phrases p) => p.Format("Report.Subject", ReportPeriod(r, p), r.Totals.Incidents);

    /// <summary>"2026年10月〜12月" / "Oct–Dec 2026": the calendar quarter starting on <paramref name="first"/>.</summary>
    private static string QuarterName(DateOnly first, Phrases p) => p.Format("Report.Quarter", first, first.AddMonths(2));

    /// <summary>"2026年11月" for a whole month, "2026年10月〜12月" for a whole quarter, "2026年12月（12月2日まで）" for a month so far, else the dates.</summary>
    private static string ReportPeriod(IncidentReport r, Phrases p) => ReportRange.PeriodOf(r.From, r.To) switch
    {
        Core.Retros.ReportPeriod.Month => r.From.ToString(p["Format.Month"], p.Culture),
        Core.Retros.ReportPeriod.MonthToDate => p.Format("Report.MonthToDate", r.From.ToString(p["Format.Month"], p.Culture), r.To.ToString(p["Format.MonthDay"], p.Culture)),
        Core.Retros.ReportPeriod.Quarter => QuarterName(r.From, p),
        Core.Retros.ReportPeriod.QuarterToDate => p.Format("Report.MonthToDate", QuarterName(r.From, p), r.To.ToString(p["Format.MonthDay"], p.Culture)),
        _ => p.Format("Report.Range", p.Day(r.From), p.Day(r.To), p.ZoneName(r.TimeZone)),
    };

    /// <summary>
    /// The report's sections. Times to acknowledge are of the acknowledged incidents only, so each comes with how many of how
    /// many were acknowledged and how many nobody acknowledged; <paramref name="severityLines"/> adds a line per severity that
    /// had incidents (the email and the card; the page has its table instead).
    /// </summary>
    private static IReadOnlyList<(string Heading, IReadOnlyList<ReportLineView> Lines)> ReportSections(IncidentReport r, Phrases p, bool severityLines)
    {
        var before = ReportRange.PeriodOf(r.From, r.To) switch
        {
            Core.Retros.ReportPeriod.Month => "Report.PreviousMonth",
            Core.Retros.ReportPeriod.MonthToDate => "Report.PreviousMonthToDate",
            Core.Retros.ReportPeriod.Quarter => "Report.PreviousQuarter",
            Core.Retros.ReportPeriod.QuarterToDate => "Report.PreviousQuarterToDate",
            _ => "Report.PreviousPeriod",
        };
        string Before(string value) => p.Format(before, value);
        var t = r.Totals;
        var severities = p.Join(r.Severities.Where(s => s.Incidents > 0).Select(s => p.Format("Report.SeverityCount", s.Severity.ToString().ToUpperInvariant(), s.Incidents)));
        var counts = new List<ReportLineView>
        {
            Line(p.Format(p.Counted("Report.Count", t.Incidents), t.Incidents, Before(r.Previous.Incidents.ToString(CultureInfo.InvariantCulture)))
                + (severities.Length > 0 ? p.Format("Report.CountSeverities", severities) : "")),
            Line(p.Format("Report.Sources", SourceCount("Report.SourceMonitoring", t.FromMonitoring, t.FromMonitoringMerged, p), SourceCount("Report.SourceDeclared", t.Declared, t.DeclaredMerged, p))),
            Line(p.Format("Report.States", t.StillOpen, t.Reopened, t.Merged)),
            Line(p.Format("Report.Attention", t.OutOfHours, t.Escalated, t.Unreached) + (t.PagesLate > 0 ? p.Format("Report.Attention.Late", t.PagesLate) : "")
                + (t.HeldForMaintenance > 0 ? p.Format("Report.Attention.Held", t.HeldForMaintenance) : "")),
        };
        var times = new List<ReportLineView>
        {
            Line(p.Format("Report.Ack", Spread(t.AckMinutesP50, t.AckMinutesP90, t.AckMinutesMax, p), Before(Duration(r.Previous.AckMinutesP50, p)))),
            Line(AckCounts(t.Acknowledged, t.Incidents, t.UnacknowledgedAutoResolved, t.AcknowledgedByTool, p)),
        };
        if (t.PagesLate > 0)
        {
            // A page that arrived late counts its minutes against the people paged in the time from detection: both are said (trial 36 M3).
            times.Add(Line(p.Format(p.Counted("Report.AckFromReached", t.PagesLate), Spread(t.AckFromReachedMinutesP50, t.AckFromReachedMinutesP90, null, p), t.PagesLate)));
        }

        if (severityLines)
        {
            times.AddRange(r.Severities.Where(s => s.Incidents > 0).Select(s => Line(p.Format(
                "Report.SeverityAck", s.Severity.ToString().ToUpperInvariant(), Spread(s.AckMinutesP50, s.AckMinutesP90, s.AckMinutesMax, p),
                AckCounts(s.Acknowledged, s.Incidents, s.UnacknowledgedAutoResolved, s.AcknowledgedByTool, p)))));
        }

        times.Add(Line(p.Format("Report.Resolve", Spread(t.ResolveMinutesP50, t.ResolveMinutesP90, t.ResolveMinutesMax, p), Before(Duration(r.Previous.ResolveMinutesP50, p)))));
        if (t.Unacknowledged > 0)
        {
            times.Add(Line(p["Report.AckNote"]));
        }

        if (t.AcknowledgedByTool > 0 || r.Severities.Any(s => s.AcknowledgedByTool > 0))
        {
            times.Add(Line(p["Report.AckNote.Tool"]));
        }

        var retros = new List<ReportLineView>
        {
            Line(p.Format(r.Retros.WrittenLate > 0 ? "Report.RetrosLate" : "Report.Retros", r.Retros.Owed, r.Retros.Written, r.Retros.Overdue, r.Retros.WrittenLate)),
        };
        retros.AddRange(RetroLines(r.Retros.OverdueIncidents, r.Retros.Overdue, "Report.OverdueRetro", p));
        retros.AddRange(RetroLines(r.Retros.PendingIncidents, r.Retros.Pending, "Report.PendingRetro", p));
        if (r.Retros.FinalReportsExpected > 0)
        {
            // The stakeholders told about an outage wait for its final report once the retro is written (FinalReportDue): each one
            // still owed is named, linked to its retro page, where the final report is sent from.
            retros.Add(Line(p.Format("Report.FinalReports", r.Retros.FinalReportsExpected, r.Retros.FinalReportsSent, r.Retros.FinalReportsOwed)));
            retros.AddRange(RetroLines(r.Retros.FinalReportOwedIncidents, r.Retros.FinalReportsOwed, "Report.FinalReportOwed", p));
        }

        // Some still open: the page links the open action items, with their owners and due days (whom to ask).
        retros.Add(Line(
            p.Format(p.Counted("Report.Actions", r.Retros.ActionItems), r.Retros.ActionItems, r.Retros.ActionItemsDone, r.Retros.ActionItemsOverdue),
            r.Retros.ActionItems > r.Retros.ActionItemsDone ? "/api/action-items/page" : null));
        IReadOnlyList<ReportLineView> recurring = r.Recurring.Count == 0
            ? [Line(p["Report.None"])]
            : [.. r.Recurring.Select(a => Line(p.Format("Report.RecurringLine", ShownTitle(a.Confidential, a.Title, a.Refusal, p), a.Incidents), IncidentPath(a.IncidentIds[0])))];
        IReadOnlyList<ReportLineView> areas = r.Areas.Count == 0
            ? [Line(p["Report.None"])]
            : [.. r.Areas.Select(a => Line(p.Format("Report.AreaLine", a.Area, a.Incidents)))];
        return
        [
            (p["Report.Section.Counts"], counts),
            (p["Report.Section.Times"], times),
            (p["Report.Section.Retros"], retros),
            (p["Report.Section.Recurring"], recurring),
            (p["Report.Section.Areas"], areas),
        ];
    }

    private static ReportLineView Line(string text, string? link = null) => new(text, link);

    /// <summary>
    /// The report names a confidential incident (its list, retros, recurring alerts or past-due retros): it says that those show
    /// 「非公開の障害」 for their title and that their pages have the rest.
    /// </summary>
    private static bool NamesConfidential(IncidentReportNotice n) =>
        n.Report.Incidents.Any(i => i.Confidential)
        || n.Report.Retros.OverdueIncidents.Concat(n.Report.Retros.PendingIncidents).Concat(n.Report.Retros.FinalReportOwedIncidents).Any(i => i.Confidential)
        || n.Report.Recurring.Any(a => a.Confidential)
        || n.PastDue?.Listed.Any(d => d.Confidential) == true;

    /// <summary>
    /// 「佐藤 花子：当番1.45週（243.6時間）・時間外の呼び出し6回・対応した障害4件」 for each member who held duty, was paged out of hours
    /// or handled an incident, most pages out of hours first (then most hours on duty): who carried the nights, at a glance. The
    /// hours beside the weeks: a cover for part of a shift moves hours, not weeks, from the member to the replacement.
    /// </summary>
    private static List<string> LoadLines(IReadOnlyList<MemberLoad> load, Phrases p) =>
        [.. load
            .Where(m => m.DutyWeeksServed > 0 || m.DutyHours > 0 || m.PagesOutOfHours > 0 || m.IncidentsHandled > 0)
            .OrderByDescending(m => m.PagesOutOfHours).ThenByDescending(m => m.DutyHours).ThenBy(m => m.DisplayName, StringComparer.Ordinal)
            .Select(m => p.Format("Report.LoadLine", m.DisplayName + (m.Active ? "" : p["Load.Inactive"]), Number(m.DutyWeeksServed), Number(m.DutyHours), m.PagesOutOfHours, m.IncidentsHandled))];

    /// <summary>Past-due retros of earlier days the card names at most (then 「ほか N件」; the email and the page name more).</summary>
    private const int MaxCardPastDueRetros = 5;

    /// <summary>
    /// 「INC-2026-0031 決済画面が開かない（SEV1、10月28日(水) 復旧）— 期限 11月2日(月)、担当：田中さん」 for each retro owed from an
    /// earlier month and past due, newest first, its retro page's address on the next line; then 「ほか N件」 when more are
    /// owed than listed.
    /// </summary>
    private static IEnumerable<string> PastDueRetroLines(PastDueRetroList pastDue, Phrases p)
    {
        foreach (var r in pastDue.Listed)
        {
            yield return PastDueRetroText(r, p);
            if (IsShowable(r.Link))
            {
                yield return p.Format("Report.PastDueRetro.Link", r.Link);
            }
        }

        if (pastDue.Count > pastDue.Listed.Count)
        {
            yield return p.Format("Report.MoreRetros", pastDue.Count - pastDue.Listed.Count);
        }
    }

    /// <summary>A past-due retro's line, the same in the email, the card and the page (no duty member recorded: no 担当 part).</summary>
    private static string PastDueRetroText(PastDueRetro r, Phrases p) => PastDueRetroLine(r, p) + PastDueRetroOwners(r, p);

    /// <summary>「INC-2026-0031 決済画面が開かない（SEV1、10月28日(水) 復旧）— 期限 11月2日(月)」: the page links it to the retro page.</summary>
    private static string PastDueRetroLine(PastDueRetro r, Phrases p) =>
        p.Format("Report.PastDueRetro", r.Id, ShownTitle(r.Confidential, r.Title, r.Refusal, p), SevLabel(r.Severity),
            r.ResolvedOn.ToString(p["Format.ReasonDay"], p.Culture), r.Due.ToString(p["Format.ReasonDay"], p.Culture));

    /// <summary>「、担当：田中さん・Olivia Brown さん」, or "" when no duty member was recorded.</summary>
    private static string PastDueRetroOwners(PastDueRetro r, Phrases p) =>
        r.Owners.Count == 0 ? "" : p.Format("Report.PastDueRetro.Owners", p.JoinNames([.. r.Owners.Select(p.Honorific)]));

    /// <summary>
    /// The page's section of retros past due today from before the report's days: 「2026年12月6日(日) 時点で期限を過ぎている振り返り」,
    /// each linked to its retro page, owners named as the email does; null (no section) when none.
    /// </summary>
    private static PastDueSectionView? PastDueView(PastDueRetroList? pastDue, Phrases p, string query) => pastDue is not { Listed.Count: > 0 } list ? null
        : new PastDueSectionView(
            p.Format("Report.PastDueRetros.AsOf", p.Day(list.AsOf)),
            p.Format("Report.PastDueRetros.Before", p.Day(list.Before)),
            [.. list.Listed.Select(r => new PastDueRowView(PastDueRetroLine(r, p), RetroPath(r.Id) + query, PastDueRetroOwners(r, p)))],
            list.Count > list.Listed.Count ? p.Format("Report.MoreRetros", list.Count - list.Listed.Count) : null);

    /// <summary>
    /// 「手動起票 1 件（うち統合 1 件）」: incidents opened one way, merged or not, saying how many of them were merged into another
    /// (those are in 重複として統合 too, not in the outages counted above).
    /// </summary>
    private static string SourceCount(string key, int count, int merged, Phrases p) =>
        p.Format(key, count) + (merged > 0 ? p.Format("Report.SourceMerged", merged) : "");

    /// <summary>
    /// 「未記入：INC-2026-0001「決済APIの…」（期限 12月8日(火)）」 for each retro named, linking its retro page, then 「ほか 3 件」 when
    /// <paramref name="count"/> is more than the report names.
    /// </summary>
    private static IEnumerable<ReportLineView> RetroLines(IReadOnlyList<ReportIncidentRef> named, int count, string key, Phrases p)
    {
        foreach (var i in named)
        {
            var text = p.Format(key, i.Id, ShownTitle(i.Confidential, i.Title, i.Refusal, p));
            yield return Line(i.RetroDue is { } due ? text + p.Format("Report.RetroDue", due.ToString(p["Format.ReasonDay"], p.Culture)) : text, RetroPath(i.Id));
        }

        if (count > named.Count)
        {
            yield return Line(p.Format("Report.MoreRetros", count - named.Count));
        }
    }

    private static string IncidentPath(string id) => $"/api/incidents/{Uri.EscapeDataString(id)}/page";

    private static string RetroPath(string id) => $"/api/incidents/{Uri.EscapeDataString(id)}/retro/page";

    /// <summary>
    /// The page's list of the range's incidents: 検知 and 復旧 as tables write times (復旧 the same day as its time only), 影響時間
    /// rounded as a person says it, the retro's state linking the retro page where one is owed or written.
    /// </summary>
    private static List<ReportIncidentRowView> IncidentRows(IncidentReport r, Phrases p, string query)
    {
        var zone = TimeZones.TryFind(r.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        return [.. r.Incidents.Select(i =>
        {
            var detected = TimeZoneInfo.ConvertTime(i.DetectedAt, zone);
            var resolved = i.ResolvedAt is { } at ? TimeZoneInfo.ConvertTime(at, zone) : (DateTimeOffset?)null;
            return new ReportIncidentRowView(
                i.Id,
                IncidentPath(i.Id) + query,
                // Lowered since: 「SEV2（最大 SEV1）」, the severity it is counted by beside the one it ended with.
                i.MaxSeverity is { } max
                    ? p.Format("Report.Row.MaxSeverity", i.Severity.ToString().ToUpperInvariant(), max.ToString().ToUpperInvariant())
                    : i.Severity.ToString().ToUpperInvariant(),
                ShownTitle(i.Confidential, i.Title, i.Refusal, p),
                detected.ToString(p["Format.TableDateTime"], p.Culture),
                resolved is not { } end ? p["Report.Row.Open"]
                    : end.ToString(end.Date == detected.Date ? p["Format.CoverEndSameDay"] : p["Format.TableDateTime"], p.Culture),
                i.ImpactMinutes is { } minutes ? NumberOnOneLine(DurationText.About(minutes, p)) : p["Report.NoTime"],
                StatusOnOneLine(p[i.RetroLate ? "Report.Retro.WrittenLate" : $"Report.Retro.{i.Retro}"]),
                i.Retro is ReportRetroStatus.Written or ReportRetroStatus.Owed or ReportRetroStatus.Overdue ? RetroPath(i.Id) + query : null,
                i.Retro.ToString().ToLowerInvariant(),
                // 最終報: the day it went to the stakeholders told; owed, 「未送信」 linking the retro page it is sent from; else blank.
                i.FinalReportSentAt is { } sent ? TimeZoneInfo.ConvertTime(sent, zone).ToString(p["Format.TableDate"], p.Culture)
                    : i.FinalReportOwed ? p["Report.Row.FinalReportOwed"] : "",
                i.FinalReportSentAt is null && i.FinalReportOwed ? RetroPath(i.Id) + query : null);
        })];
    }

    /// <summary>"対応開始済み 1/4 件・未応答 3 件（うち監視で自動復旧 2 件）": the denominator of the times to acknowledge.</summary>
    private static string AckCounts(int acknowledged, int incidents, int autoResolved, int byTool, Phrases p)
    {
        var counts = p.Format("Report.AckCount", acknowledged, incidents);
        var unacknowledged = incidents - acknowledged;
        return unacknowledged == 0 ? counts
            : p.Format("Report.AckCounts", counts, (autoResolved > 0, byTool > 0) switch
            {
                (true, true) => p.Format("Report.UnacknowledgedAutoTool", unacknowledged, autoResolved, byTool),
                (false, true) => p.Format("Report.UnacknowledgedTool", unacknowledged, byTool),
                (true, false) => p.Format("Report.UnacknowledgedAuto", unacknowledged, autoResolved),
                _ => p.Format("Report.Unacknowledged", unacknowledged),
            });
    }

    /// <summary>The page's 未応答 cell: 「3（自動復旧 2）」, with those only a tool acknowledged 「3（自動復旧 2・ツールのみ 1）」.</summary>
    private static string UnacknowledgedCell(SeverityStats s, Phrases p) => (s.UnacknowledgedAutoResolved > 0, s.AcknowledgedByTool > 0) switch
    {
        (true, true) => p.Format("Report.UnacknowledgedCellTool", s.Unacknowledged, s.UnacknowledgedAutoResolved, s.AcknowledgedByTool),
        (false, true) => p.Format("Report.UnacknowledgedCellToolOnly", s.Unacknowledged, s.AcknowledgedByTool),
        (true, false) => p.Format("Report.UnacknowledgedCell", s.Unacknowledged, s.UnacknowledgedAutoResolved),
        _ => s.Unacknowledged.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Minutes as a person says them (<see cref="DurationText.About(double, Phrases)"/>: 「1分未満」「約1時間20分」); "—" for none.</summary>
    private static string Duration(double? minutes, Phrases p) => minutes is { } m ? DurationText.About(m, p) : p["Report.NoTime"];

    /// <summary>
    /// 「約5分／約12分、最長 約41分」: the median and p90, then the worst case, the one a lead asks about first at a quarter's review.
    /// Every time line of the report says its times through this (overall and per severity, mail, card and page alike); none
    /// measured (<paramref name="longest"/> null): 「—／—」 without 最長, not 「最長 —」.
    /// </summary>
    private static string Spread(double? median, double? p90, double? longest, Phrases p) =>
        p.Format(longest is null ? "Report.Spread" : "Report.Spread.Longest", Duration(median, p), Duration(p90, p), Duration(longest, p));

    /// <summary>
    /// A time in the severity table kept on one line from its number on (「about」 may wrap above 「1 h 20 min」, never a number from
    /// its unit): eleven columns fit a desktop's 800 px in English only when a cell may wrap somewhere (session 58).
    /// </summary>
    private static string NumberOnOneLine(string time) =>
        time.IndexOfAny(Digits) is var first and >= 0 ? time[..first] + time[first..].Replace(' ', '\u00a0') : time;

    private static readonly char[] Digits = [.. "0123456789"];

    /// <summary>
    /// A retro state in the list kept on one line but where it reads well: before its aside when a space leads it there
    /// (「not written」 above 「(not due yet)」), never inside a word or an aside, and never before a Japanese one (「未記入（期限内）」 broke
    /// into 「未記入」 and 「（期限内）」 in the desktop table's narrow column, session 59): a no-break space for every other space, a word
    /// joiner before 「（」.
    /// </summary>
    private static string StatusOnOneLine(string status)
    {
        var aside = status.IndexOf(" (", StringComparison.Ordinal);
        return aside < 0
            ? status.Replace(' ', '\u00a0').Replace("（", "\u2060（", StringComparison.Ordinal)
            : StatusOnOneLine(status[..aside]) + " " + StatusOnOneLine(status[(aside + 1)..]);
    }

    /// <summary>
    /// A severity-table header: the language's short word where it has one (<c>Report.Col.{name}.Short</c>: en 「P90」, 「Acked」),
    /// with the full one as its title; the full one alone where both are the same (ja).
    /// </summary>
    private static ReportColumnView Column(string name, Phrases p) =>
        p[$"Report.Col.{name}.Short"] is var text && p[$"Report.Col.{name}"] is var full && text != full ? new(text, full) : new(full, null);

    private sealed record ReportColumnView(string Text, string? Title);

    private sealed record ReportSeverityColumns(ReportColumnView Acknowledged, ReportColumnView Unacknowledged, ReportColumnView P90);

    private sealed record ReportLineView(string Text, string? Link);

    private sealed record ReportSectionView(string Heading, IReadOnlyList<ReportLineView> Lines);

    private sealed record ReportSeverityRow(string Severity, int Incidents, string Acknowledged, string Unacknowledged, string AckP50, string AckP90, string ResolveP50, string ResolveP90, int Escalated)
    {
        /// <summary>The longest time to acknowledge and to resolve: the worst case, beside the median and p90.</summary>
        public string AckMax { get; init; } = "";

        public string ResolveMax { get; init; } = "";
    }

    private sealed record ReportPageView(
        string Lang, string Title, string Query, string Range, string? Truncated, string PreviousLink, string? NextLink,
        IReadOnlyList<ReportSectionView> Sections, IReadOnlyList<ReportSeverityRow> Severities, string CsvLink, string LoadLink,
        IReadOnlyList<ReportIncidentRowView> Incidents, PastDueSectionView? PastDue, string? Cut, string CsvLinkText)
    {
        /// <summary>「← 前月」 or 「← 前の四半期」: what <see cref="PreviousLink"/> steps back by.</summary>
        public string PreviousText { get; init; } = "";

        public string NextText { get; init; } = "";

        /// <summary>The quarter the month shown is in (null on a quarter's own page) and its link text.</summary>
        public string? QuarterLink { get; init; }

        public string? QuarterText { get; init; }

        /// <summary>On a quarter's page: its months begun so far, each linking its month's report.</summary>
        public IReadOnlyList<ReportLineView> MonthLinks { get; init; } = [];

        /// <summary>The severity table's headers that English says shorter (the full text in their title).</summary>
        public ReportSeverityColumns? Columns { get; init; }

        /// <summary>「非公開の障害は…」 when the report names a confidential incident (<see cref="NamesConfidential"/>); else null.</summary>
        public string? ConfidentialNote { get; init; }

        /// <summary>The outages month by month when the range spans more than one month (none otherwise).</summary>
        public IReadOnlyList<ReportMonthRow> Months { get; init; } = [];
    }

    private sealed record ReportMonthRow(string Month, int Incidents, int Sev1, int Sev2, int Sev3, int Sev4);

    /// <summary>The page's past-due retros of earlier days: its heading (with the day), which incidents, the rows, 「ほか N件」.</summary>
    private sealed record PastDueSectionView(string Heading, string Before, IReadOnlyList<PastDueRowView> Rows, string? More);

    /// <summary>A past-due retro on the page: its line linked to <see cref="Link"/>, then who owes it.</summary>
    private sealed record PastDueRowView(string Text, string Link, string Owners);

    /// <summary>
    /// A row of the page's incident list; <see cref="RetroClass"/> names the retro's state for the page's style; <see cref="FinalReport"/>
    /// is blank when none is due, <see cref="FinalReportLink"/> set while one is owed.
    /// </summary>
    private sealed record ReportIncidentRowView(
        string Id, string Link, string Severity, string Title, string Detected, string Resolved, string Impact, string Retro, string? RetroLink, string RetroClass,
        string FinalReport, string? FinalReportLink);
}
