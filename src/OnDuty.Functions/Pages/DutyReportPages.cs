using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Functions.Http;
using OnDuty.Functions.Rotations;

namespace OnDuty.Functions.Pages;

/// <summary>
/// The duty report (当番実績) for the people signed in to the pages (the duty page links it): <c>GET /api/rotations/{id}/duty-report/page</c>
/// and its CSV, <c>GET /api/rotations/{id}/duty-report/csv</c>, each of <c>?month=2026-11</c> or <c>?quarter=2026-Q4</c> (default last
/// month) and <c>&amp;lang=</c>; the function-key route <c>GET /api/rotations/{id}/duty-report</c> takes any range.
/// </summary>
public sealed class DutyReportPages(PmPages pages, DutyReportService reports, INoticeRenderer renderer)
{
    /// <summary>The page: a table per member with totals, month and quarter steps, the CSV link, and a line when the load fell on one member.</summary>
    [Function("DutyReportPage")]
    public Task<IActionResult> Page([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id}/duty-report/page")] HttpRequest request, string id) =>
        pages.RunAsync(request, PeriodPath(request, id, "page"), async (_, language, ct) =>
        {
            var report = await reports.PeriodAsync(id, Asked(request, DutyPeriod.MonthParameter), Asked(request, DutyPeriod.QuarterParameter), ct);
            return PmPages.Html(request, StatusCodes.Status200OK, renderer.Page(new DutyReportPageNotice(language, report)));
        });

    [Function("DutyReportCsv")]
    public Task<IActionResult> Csv([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id}/duty-report/csv")] HttpRequest request, string id) =>
        pages.RunAsync(request, PeriodPath(request, id, "csv"), async (_, language, ct) =>
        {
            var report = await reports.PeriodAsync(id, Asked(request, DutyPeriod.MonthParameter), Asked(request, DutyPeriod.QuarterParameter), ct);
            return CsvDownload.Of(request, renderer.Text(new DutyReportCsvNotice(language, report)), DutyReportFunction.FileName(report), report.Truncated);
        });

    private static string? Asked(HttpRequest request, string name) => request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>The address to come back to after sign-in: the same month or quarter, when it reads as one (else the default).</summary>
    private static string PeriodPath(HttpRequest request, string id, string leaf)
    {
        var path = $"/api/rotations/{Uri.EscapeDataString(id)}/duty-report/{leaf}";
        try
        {
            return DutyPeriod.Parse(Asked(request, DutyPeriod.MonthParameter), Asked(request, DutyPeriod.QuarterParameter)) is { } period ? $"{path}?{period.Query}" : path;
        }
        catch (OnDuty.Core.Common.ValidationException)
        {
            return path; // the page then says what is wrong with it
        }
    }
}
