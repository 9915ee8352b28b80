using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Functions.Http;
using OnDuty.Functions.Retros;

namespace OnDuty.Functions.Rotations;

/// <summary>
/// <c>GET /api/rotations/{id}/duty-report?from=2026-10-01&amp;to=2026-12-31</c> (dates inclusive, the rotation's time zone, at most
/// a year), or <c>?month=2026-11</c> / <c>?quarter=2026-Q4</c>: per member who held duty, days and holiday days on duty, hours,
/// pages (for the allowance, 待機手当・当番手当).
/// <c>&amp;format=csv</c>: the same as a CSV (UTF-8 with a byte-order mark for Excel), headers in the team's language or <c>lang</c>.
/// </summary>
public sealed class DutyReportFunction(DutyReportService reports, INoticeRenderer renderer, ReaderLanguage languages, ILogger<DutyReportFunction> logger)
{
    [Function("GetDutyReport")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "rotations/{id}/duty-report")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var format = request.Query["format"].ToString();
            if (format is not ("" or "json" or "csv"))
            {
                throw new OnDuty.Core.Common.ValidationException("format", "must be json or csv")
                {
                    Rules = new Dictionary<string, OnDuty.Core.Common.ValueRule> { ["format"] = OnDuty.Core.Common.ValueRule.OneOf("json", "csv") },
                };
            }

            RequestLanguage.Of(request); // a lang it cannot read: 400 naming it
            var language = RequestLanguage.Asked(request) ?? languages.Team;
            var month = request.Query[DutyPeriod.MonthParameter].ToString();
            var quarter = request.Query[DutyPeriod.QuarterParameter].ToString();
            if ((month.Length > 0 || quarter.Length > 0) && (request.Query.ContainsKey("from") || request.Query.ContainsKey("to")))
            {
                throw new OnDuty.Core.Common.ValidationException(month.Length > 0 ? DutyPeriod.MonthParameter : DutyPeriod.QuarterParameter, "give from and to, or a month or quarter, not both");
            }

            var report = month.Length > 0 || quarter.Length > 0
                ? await reports.PeriodAsync(id, month, quarter, ct)
                : await reports.ComputeAsync(id, LessonsFunctions.QueryDate(request, "from"), LessonsFunctions.QueryDate(request, "to"), ct);
            if (format != "csv")
            {
                return HttpApi.Json(request, report);
            }

            var csv = renderer.Text(new DutyReportCsvNotice(language, report));
            return CsvDownload.Of(request, csv, FileName(report), report.Truncated);
        });

    /// <summary>「duty-incident-duty-2026-10-01-2026-12-31.csv」: the rotation and the days, as the download is named.</summary>
    internal static string FileName(DutyReport report) =>
        string.Create(CultureInfo.InvariantCulture, $"duty-{report.RotationId}-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}.csv");
}
