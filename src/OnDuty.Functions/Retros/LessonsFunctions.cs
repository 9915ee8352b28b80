using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Retros;

/// <summary>The team's memory: lessons search over incidents and retros, the fair-load report and the incident report.</summary>
public sealed class LessonsFunctions(LessonSearch search, CriteriaSearch criteria, LoadReportService reports, IncidentReportService incidentReports, ILogger<LessonsFunctions> logger)
{
    /// <summary>
    /// <c>GET /api/retros?q=&amp;area=&amp;severity=&amp;from=&amp;to=&amp;limit=</c> (dates inclusive, team time zone): the incidents
    /// as <c>items</c>, and the active judgement criteria the words find as <c>criteria</c> (at most <see cref="CriteriaSearch.Shown"/>;
    /// empty without words — the filters are an incident's, not a criterion's).
    /// </summary>
    [Function("SearchRetros")]
    public Task<IActionResult> Search([HttpTrigger(AuthorizationLevel.Function, "get", Route = "retros")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var q = request.Query["q"].ToString();
            var area = request.Query["area"].ToString();
            var hits = await search.SearchAsync(
                q, area, Severity(request), QueryDate(request, "from"), QueryDate(request, "to"),
                HttpApi.QueryInt(request, "limit", LessonSearch.DefaultLimit, 1, LessonSearch.MaxLimit), ct);
            var found = await criteria.FindAsync(q, CriteriaSearch.Shown, ct);
            return HttpApi.Json(request, new { q, terms = LessonTokenizer.Terms(q), items = hits.Select(RetroViews.Hit), criteria = found });
        });

    /// <summary><c>GET /api/reports/load?from=&amp;to=&amp;ahead=</c>: per member, default the last 12 weeks and the 12 scheduled ahead.</summary>
    [Function("GetLoadReport")]
    public Task<IActionResult> Load([HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/load")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var ahead = HttpApi.QueryInt(request, "ahead", LoadReportService.DefaultAheadWeeks, 0, LoadReportService.MaxAheadWeeks);
            var report = await reports.ComputeAsync(QueryDate(request, "from"), QueryDate(request, "to"), ahead, ct);
            return HttpApi.Json(request, report);
        });

    /// <summary><c>GET /api/reports/incidents?from=&amp;to=</c>: counts, times and retros of the range and the one before; default this month so far.</summary>
    [Function("GetIncidentReport")]
    public Task<IActionResult> Incidents([HttpTrigger(AuthorizationLevel.Function, "get", Route = "reports/incidents")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var report = await incidentReports.ComputeAsync(QueryDate(request, "from"), QueryDate(request, "to"), ct);
            return HttpApi.Json(request, report);
        });

    private static AlertSeverity? Severity(HttpRequest request)
    {
        var raw = request.Query["severity"].ToString();
        return raw.ToLowerInvariant() switch
        {
            "" => null,
            "sev1" => AlertSeverity.Sev1,
            "sev2" => AlertSeverity.Sev2,
            "sev3" => AlertSeverity.Sev3,
            "sev4" => AlertSeverity.Sev4,
            _ => throw new ValidationException("severity", "must be sev1, sev2, sev3 or sev4"),
        };
    }

    internal static DateOnly? QueryDate(HttpRequest request, string name) =>
        TryQueryDate(request, name, out var date) ? date
        : string.IsNullOrEmpty(request.Query[name].ToString()) ? null
        : throw new ValidationException(name, "must be a date (yyyy-MM-dd)") { Rules = new Dictionary<string, ValueRule> { [name] = ValueRule.Date() } };

    /// <summary>The query's <paramref name="name"/> as a date (yyyy-MM-dd); false when absent or not one.</summary>
    internal static bool TryQueryDate(HttpRequest request, string name, out DateOnly date) =>
        DateOnly.TryParseExact(request.Query[name].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
