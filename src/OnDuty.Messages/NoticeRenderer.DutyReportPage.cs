using System.Globalization;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// The duty report page (当番実績): a month or a quarter of a rotation, a row per member and a totals row, the month picker and
/// the steps to the month or quarter before and after, the CSV of the same days, and a line per measure that fell on one member
/// (<see cref="DutyFairness"/>). The same words as the CSV's headers, so what 庶務 types into payroll matches the file.
/// </summary>
public sealed partial class NoticeRenderer
{
    private string DutyReportPage(DutyReportPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var r = n.Report;
        var period = new DutyPeriod(r.From, r.To);
        var query = Query(n.Language);
        var root = $"/api/rotations/{Uri.EscapeDataString(r.RotationId)}/duty-report";
        string Hours(double hours) => hours.ToString("0.0", CultureInfo.InvariantCulture);
        string Count(int count) => count.ToString(CultureInfo.InvariantCulture);
        var rows = r.Members.Select(m => new DutyReportRowView(
            m.DisplayName,
            m.Active,
            [Count(m.DutyDays), Count(m.HolidayDutyDays), Hours(m.DutyHours), Count(m.Pages), Count(m.PagesOutOfHours), Count(m.IncidentsPaged), Count(m.Acknowledged)])).ToList();
        // Incidents are not summed: one that paged both of the pair would count twice.
        IReadOnlyList<string> totals =
        [
            Count(r.Members.Sum(m => m.DutyDays)), Count(r.Members.Sum(m => m.HolidayDutyDays)), Hours(r.Members.Sum(m => m.DutyHours)),
            Count(r.Members.Sum(m => m.Pages)), Count(r.Members.Sum(m => m.PagesOutOfHours)), "", "",
        ];
        var model = new DutyReportPageView(
            LanguageTag(n.Language),
            p.Format("DutyReport.Page.Title", n.Language == Core.Team.Language.Ja && !string.IsNullOrWhiteSpace(r.RotationNameJa) ? r.RotationNameJa : r.RotationName),
            query,
            "/api/status/duty" + query + "&rotation=" + Uri.EscapeDataString(r.RotationId),
            p.Format("DutyReport.Page.Range", period.IsQuarter ? QuarterName(r.From, p) : r.From.ToString(p["Format.Month"], p.Culture), r.From.ToString(p["Format.MonthDay"], p.Culture), r.To.ToString(p["Format.MonthDay"], p.Culture), p.ZoneName(r.TimeZone)),
            DutyReportNavigation(r, period, p, $"{root}/page{query}&"),
            root + "/page",
            r.From.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            r.AsOf?.ToString("yyyy-MM", CultureInfo.InvariantCulture),
            $"{root}/csv{query}&{period.Query}",
            [.. DutyCsvColumns.Skip(2).Take(7).Select(c => p[$"DutyReport.Csv.{c}"])],
            rows,
            totals)
        {
            Skews = [.. DutyFairness.Of(r.Members).Select(s => p.Format($"DutyReport.Page.Skew.{s.Measure}", p.Honorific(s.Member.DisplayName), s.Count, Number(s.OthersMean)))],
            NoPages = r.PagesIncidents ? null : p["DutyReport.Page.NoPages"],
            Truncated = r.Truncated ? p["Load.Truncated"] : null,
        };
        return templates.RenderHtml("duty-report-page.html", model, p);
    }

    /// <summary>
    /// A month steps a month and links its quarter; a quarter steps a quarter and links its months; nothing that has not begun by
    /// <see cref="DutyReport.AsOf"/> is linked (a report without it links every step).
    /// </summary>
    private static List<LinkView> DutyReportNavigation(DutyReport r, DutyPeriod period, Phrases p, string page)
    {
        bool Begun(DutyPeriod step) => r.AsOf is not { } day || step.First <= day;
        var links = new List<LinkView>();
        void Add(DutyPeriod step, string text)
        {
            if (Begun(step))
            {
                links.Add(new LinkView(text, page + step.Query));
            }
        }

        if (period.IsQuarter)
        {
            Add(DutyPeriod.Quarter(r.From.AddMonths(-3)), p["Report.PreviousQuarterLink"]);
            Add(DutyPeriod.Quarter(r.From.AddMonths(3)), p["Report.NextQuarterLink"]);
            foreach (var month in Enumerable.Range(0, 3).Select(r.From.AddMonths))
            {
                Add(DutyPeriod.Month(month), month.ToString(p["Format.Month"], p.Culture));
            }
        }
        else
        {
            Add(DutyPeriod.Month(r.From.AddMonths(-1)), p["Report.PreviousLink"]);
            Add(DutyPeriod.Month(r.From.AddMonths(1)), p["Report.NextLink"]);
            var quarter = ReportRange.QuarterOf(r.From);
            Add(DutyPeriod.Quarter(quarter), p.Format("Report.QuarterLink", QuarterName(quarter, p)));
        }

        return links;
    }

    private sealed record DutyReportRowView(string Name, bool Active, IReadOnlyList<string> Values);

    private sealed record DutyReportPageView(
        string Lang, string Title, string Query, string DutyPageLink, string Range, IReadOnlyList<LinkView> Navigation, string PageAction,
        string Month, string? MaxMonth, string CsvLink, IReadOnlyList<string> Columns, IReadOnlyList<DutyReportRowView> Rows, IReadOnlyList<string> Totals)
    {
        /// <summary>A line per measure that fell on one member (<see cref="DutyFairness"/>).</summary>
        public IReadOnlyList<string> Skews { get; init; } = [];

        /// <summary>Said for a rotation that does not page: its page columns are zero by design, not for want of pages.</summary>
        public string? NoPages { get; init; }

        public string? Truncated { get; init; }
    }
}
