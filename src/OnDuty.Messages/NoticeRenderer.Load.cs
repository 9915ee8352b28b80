using System.Globalization;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// The fair-load page: one inline SVG (no script, no outside resources) with a row per member — the name on a line of its own,
/// then a bar per measure, each measure scaled to its largest value across the team — and a table of the same numbers for
/// reading exactly. The SVG has no viewBox: bar lengths are percentages of its width and everything else is in CSS pixels, so
/// the text keeps its size on a phone instead of shrinking with the chart, and a long name never runs into the bars.
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>The longest bar, in percent of the chart's width: the rest is room for its value.</summary>
    private const double MaxBarPercent = 85;
    private const int NameHeight = 20;
    private const int BarPitch = 15;
    private const int BarHeight = 10;
    private const int RowGap = 10;

    private static readonly (string Key, string Colour, Func<MemberLoad, double> Value)[] Measures =
    [
        ("dutyWeeksServed", "#4a6fa5", m => m.DutyWeeksServed),
        ("dutyHours", "#6f8fbf", m => m.DutyHours),
        ("incidentsHandled", "#d9822b", m => m.IncidentsHandled),
        ("pagesOutOfHours", "#b00020", m => m.PagesOutOfHours),
        ("updatesPosted", "#1e7e34", m => m.UpdatesPosted),
        ("retrosWritten", "#7b4ea3", m => m.RetrosWritten),
        ("holidayDays", "#8c6d1f", m => m.HolidayDays),
        ("scheduledWeeks", "#9aa9c4", m => m.ScheduledWeeks),
        ("scheduledHolidayDays", "#c9b26b", m => m.ScheduledHolidayDays),
    ];

    private string LoadReportPage(LoadReportPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var r = n.Report;
        // No look-ahead (a range already over, or ahead=0): no columns of weeks to come, which would be zeros for everyone.
        var measures = r.AheadWeeks > 0 ? Measures : [.. Measures.Where(m => !m.Key.StartsWith("scheduled", StringComparison.Ordinal))];
        var max = measures.Select(m => Math.Max(1, r.Members.Select(m.Value).DefaultIfEmpty(0).Max())).ToArray();
        var rowHeight = NameHeight + (measures.Length * BarPitch) + RowGap;
        var rows = r.Members.Select((member, k) =>
        {
            var top = k * rowHeight;
            var bars = measures.Select((m, j) =>
            {
                var value = m.Value(member);
                var y = top + NameHeight + (j * BarPitch);
                var width = Math.Round(MaxBarPercent * value / max[j], 1);
                return new LoadBarView(y, (value == 0 ? 0 : Math.Max(0.5, width)).ToString(CultureInfo.InvariantCulture), m.Colour, Number(value), y + BarHeight);
            }).ToList();
            return new LoadRowView(member.DisplayName, member.Active, top + NameHeight - 6, bars,
                [.. measures.Select(m => Number(m.Value(member)))]);
        }).ToList();

        var model = new LoadPageView(
            LanguageTag(n.Language),
            p["Load.Title"],
            Query(n.Language),
            // The incident report of the same days: the month a lead came from, not this month so far.
            string.Create(CultureInfo.InvariantCulture, $"/api/reports/incidents/page{Query(n.Language)}&from={r.From:yyyy-MM-dd}&to={r.To:yyyy-MM-dd}"),
            p.Format("Load.Range", p.Day(r.From), p.Day(r.To), p.ZoneName(r.TimeZone), r.Incidents)
                + (r.AheadTo is { } aheadTo ? p.Format("Load.Ahead", r.AheadWeeks, p.Day(aheadTo)) : ""),
            r.Truncated ? p["Load.Truncated"] : null,
            [.. measures.Select(m => new LoadLegendView(p[$"Load.{m.Key}"], m.Colour))],
            Math.Max(rowHeight, rows.Count * rowHeight),
            BarHeight,
            rows)
        {
            Navigation = LoadNavigation(r, p, Query(n.Language)),
            Skew = OutOfHoursSkew(r, p),
        };
        return templates.RenderHtml("load-page.html", model, p);
    }

    /// <summary>
    /// The load page's own steps, as the incident report has them: a month steps a month (and links its quarter once that has more
    /// than this month), a quarter steps a quarter and links its months, any other range (the last 12 weeks) links the quarter it
    /// ends in and the one before; nothing that has not begun is linked.
    /// </summary>
    private static List<LinkView> LoadNavigation(LoadReport r, Phrases p, string query)
    {
        bool Begun(DateOnly first) => r.AsOf is not { } day || first <= day;
        string Link(DateOnly first, DateOnly last) => string.Create(CultureInfo.InvariantCulture, $"/api/reports/load/page{query}&from={first:yyyy-MM-dd}&to={last:yyyy-MM-dd}");
        LinkView Month(DateOnly first, string text) => new(text, Link(first, first.AddMonths(1).AddDays(-1)));
        LinkView Quarter(DateOnly first, string text) => new(text, Link(first, first.AddMonths(3).AddDays(-1)));
        var links = new List<LinkView>();
        switch (ReportRange.PeriodOf(r.From, r.To))
        {
            case Core.Retros.ReportPeriod.Month or Core.Retros.ReportPeriod.MonthToDate:
                var month = new DateOnly(r.From.Year, r.From.Month, 1);
                links.Add(Month(month.AddMonths(-1), p["Report.PreviousLink"]));
                if (Begun(month.AddMonths(1)))
                {
                    links.Add(Month(month.AddMonths(1), p["Report.NextLink"]));
                }

                var ofMonth = ReportRange.QuarterOf(month);
                if (Begun(ofMonth.AddMonths(1)))
                {
                    links.Add(Quarter(ofMonth, p.Format("Report.QuarterLink", QuarterName(ofMonth, p))));
                }

                break;
            case Core.Retros.ReportPeriod.Quarter or Core.Retros.ReportPeriod.QuarterToDate:
                links.Add(Quarter(r.From.AddMonths(-3), p["Report.PreviousQuarterLink"]));
                if (Begun(r.From.AddMonths(3)))
                {
                    links.Add(Quarter(r.From.AddMonths(3), p["Report.NextQuarterLink"]));
                }

                links.AddRange(Enumerable.Range(0, 3).Select(r.From.AddMonths).Where(Begun).Select(m => Month(m, m.ToString(p["Format.Month"], p.Culture))));
                break;
            default:
                var quarter = ReportRange.QuarterOf(r.To);
                links.Add(Quarter(quarter.AddMonths(-3), p.Format("Report.QuarterLink", QuarterName(quarter.AddMonths(-3), p))));
                links.Add(Quarter(quarter, p.Format("Report.QuarterLink", QuarterName(quarter, p))));
                break;
        }

        return links;
    }

    /// <summary>
    /// 「時間外の呼び出しが山田 太郎さんに偏っています：6回（ほかの当番のメンバーは平均1.5回）」 when the pages out of hours fell on one
    /// member on duty in the range, by the duty report's rule (<see cref="DutyFairness"/>: at least twice the others' mean and at
    /// least 2 more; trial 55: the nights a member carried are what a lead's fairness question is about; a bar per member does not
    /// say it is too many); else null.
    /// </summary>
    private static string? OutOfHoursSkew(LoadReport r, Phrases p) =>
        DutyFairness.PagesOutOfHoursOf(r.Members) is { } skew
            ? p.Format("Load.Skew", p.Honorific(skew.Member.DisplayName), skew.Count, Number(skew.OthersMean))
            : null;

    /// <summary>A count as is, hours to a tenth and weeks served to a hundredth when not whole (<c>163.5</c>, <c>0.45</c>).</summary>
    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>A bar: <see cref="Width"/> in percent of the chart's width (invariant digits), its value written just after it.</summary>
    private sealed record LoadBarView(int Y, string Width, string Colour, string Value, int TextY);

    private sealed record LoadRowView(string Name, bool Active, int LabelY, IReadOnlyList<LoadBarView> Bars, IReadOnlyList<string> Values);

    private sealed record LoadLegendView(string Label, string Colour);

    private sealed record LoadPageView(
        string Lang, string Title, string Query, string ReportLink, string Range, string? Truncated, IReadOnlyList<LoadLegendView> Legend, int Height, int BarHeight,
        IReadOnlyList<LoadRowView> Rows)
    {
        /// <summary>前月／翌月, 前の四半期／次の四半期 and the months or quarter to step to (<see cref="LoadNavigation"/>).</summary>
        public IReadOnlyList<LinkView> Navigation { get; init; } = [];

        /// <summary>The warning when one member took far more pages out of hours than the others on duty (<see cref="OutOfHoursSkew"/>).</summary>
        public string? Skew { get; init; }
    }
}
