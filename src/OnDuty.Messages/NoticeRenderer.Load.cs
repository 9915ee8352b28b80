using System.Globalization;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// The fair-load page: one inline SVG (no script, no outside resources) with a row per member and a bar per measure, each
/// measure scaled to its largest value across the team, and a table of the same numbers for reading exactly.
/// </summary>
public sealed partial class NoticeRenderer
{
    private const int ChartWidth = 640;
    private const int LabelWidth = 170;
    private const int BarHeight = 9;
    private const int RowGap = 12;

    private static readonly (string Key, string Colour, Func<MemberLoad, int> Value)[] Measures =
    [
        ("dutyWeeks", "#4a6fa5", m => m.DutyWeeks),
        ("incidentsHandled", "#d9822b", m => m.IncidentsHandled),
        ("pagesOutOfHours", "#b00020", m => m.PagesOutOfHours),
        ("updatesPosted", "#1e7e34", m => m.UpdatesPosted),
        ("retrosWritten", "#7b4ea3", m => m.RetrosWritten),
    ];

    private string LoadReportPage(LoadReportPageNotice n)
    {
        var p = Phrases.For(n.Language);
        var r = n.Report;
        var max = Measures.Select(m => Math.Max(1, r.Members.Select(m.Value).DefaultIfEmpty(0).Max())).ToArray();
        var rowHeight = (Measures.Length * BarHeight) + RowGap;
        var rows = r.Members.Select((member, k) =>
        {
            var top = k * rowHeight;
            var bars = Measures.Select((m, j) =>
            {
                var value = m.Value(member);
                var width = (int)Math.Round((ChartWidth - LabelWidth - 40) * (double)value / max[j]);
                return new LoadBarView(top + (j * BarHeight), Math.Max(value == 0 ? 0 : 2, width), m.Colour, value, LabelWidth + width + 4, top + (j * BarHeight) + BarHeight - 1);
            }).ToList();
            return new LoadRowView(member.DisplayName, member.Active, top + (Measures.Length * BarHeight / 2) + 4, bars,
                [.. Measures.Select(m => m.Value(member).ToString(CultureInfo.InvariantCulture))]);
        }).ToList();

        var model = new LoadPageView(
            LanguageTag(n.Language),
            p["Load.Title"],
            Query(n.Language),
            p.Format("Load.Range", p.Day(r.From), p.Day(r.To), p.ZoneName(r.TimeZone), r.Incidents),
            r.Truncated ? p["Load.Truncated"] : null,
            [.. Measures.Select(m => new LoadLegendView(p[$"Load.{m.Key}"], m.Colour))],
            ChartWidth,
            Math.Max(rowHeight, rows.Count * rowHeight),
            LabelWidth,
            rows);
        return templates.RenderHtml("load-page.html", model, p);
    }

    private sealed record LoadBarView(int Y, int Width, string Colour, int Value, int TextX, int TextY);

    private sealed record LoadRowView(string Name, bool Active, int LabelY, IReadOnlyList<LoadBarView> Bars, IReadOnlyList<string> Values);

    private sealed record LoadLegendView(string Label, string Colour);

    private sealed record LoadPageView(
        string Lang, string Title, string Query, string Range, string? Truncated, IReadOnlyList<LoadLegendView> Legend, int Width, int Height, int LabelWidth,
        IReadOnlyList<LoadRowView> Rows);
}
