using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

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
            var csv = renderer.Text(new DutyReportCsvNotice(language, report));
            request.HttpContext.Response.Headers.CacheControl = "no-store";
            request.HttpContext.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return new FileContentResult([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)], "text/csv; charset=utf-8")
            {
                FileDownloadName = string.Create(CultureInfo.InvariantCulture, $"duty-{report.RotationId}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv"),
            };
        });
}
