using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Functions.Http;
using OnDuty.Functions.Rotations;

namespace OnDuty.Functions.Pages;

/// <summary>
/// <c>GET /api/rotations/{id}/duty-report/csv?lang=</c>: last month's duty report of the rotation as a CSV download for the people
/// signed in to the pages (the duty page links it); the function-key route <c>GET /api/rotations/{id}/duty-report</c> takes any range.
/// </summary>
public sealed class DutyReportPages(PmPages pages, DutyReportService reports, INoticeRenderer renderer)
{
    [Function("DutyReportCsv")]
    public Task<IActionResult> Csv([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id}/duty-report/csv")] HttpRequest request, string id) =>
        pages.RunAsync(request, $"/api/rotations/{Uri.EscapeDataString(id)}/duty-report/csv", async (_, language, ct) =>
        {
            var report = await reports.LastMonthAsync(id, ct);
            return CsvDownload.Of(request, renderer.Text(new DutyReportCsvNotice(language, report)), DutyReportFunction.FileName(report), report.Truncated);
        });
}
