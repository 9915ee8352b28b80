using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Pages;

/// <summary>The retro page: anonymous for the Functions host, the person checked by <see cref="RetroPages"/> like every PM page.</summary>
public sealed class RetroPagesFunctions(RetroPages pages)
{
    /// <summary><c>GET /api/incidents/{id}/retro/page?lang=ja|en</c>: the retro as a form (saved, or pre-filled from the incident).</summary>
    [Function("RetroPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{id}/retro/page")] HttpRequest request, string id) =>
        pages.ShowAsync(request, id);

    /// <summary><c>POST /api/incidents/{id}/retro/page</c>: saves the next version (303 back), or the form again (400, or 409 beside the current version).</summary>
    [Function("RetroPageSave")]
    public Task<IActionResult> Save([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{id}/retro/page")] HttpRequest request, string id) =>
        pages.SaveAsync(request, id);

    /// <summary><c>POST /api/incidents/{id}/retro/final-report</c>: the retro page's 「関係者への最終報」 — preview with its confirmation, then send once.</summary>
    [Function("RetroFinalReportPage")]
    public Task<IActionResult> FinalReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "incidents/{id}/retro/final-report")] HttpRequest request, string id) =>
        pages.FinalReportAsync(request, id);

    /// <summary><c>GET /api/incidents/{id}/retro/report?lang=ja|en</c>: the saved retro as a post-incident report (障害報告書) to print; 303 to the retro page before one is saved.</summary>
    [Function("RetroReportPage")]
    public Task<IActionResult> Report([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{id}/retro/report")] HttpRequest request, string id) =>
        pages.ReportAsync(request, id);

    /// <summary><c>GET /api/reports/load/page?from=&amp;to=&amp;lang=</c>: the fair-load report with a bar chart per member.</summary>
    [Function("LoadReportPage")]
    public Task<IActionResult> Load([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/load/page")] HttpRequest request) =>
        pages.LoadAsync(request);

    /// <summary><c>GET /api/action-items/page?lang=ja|en</c>: 未完了のアクションアイテム, the open action items across retros, overdue first.</summary>
    [Function("ActionItemsPage")]
    public Task<IActionResult> ActionItems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "action-items/page")] HttpRequest request) =>
        pages.ActionItemsAsync(request);

    /// <summary><c>GET /api/reports/incidents/page?from=&amp;to=&amp;lang=</c>: the incident report (default this month so far), month by month.</summary>
    [Function("IncidentReportPage")]
    public Task<IActionResult> Incidents([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/incidents/page")] HttpRequest request) =>
        pages.IncidentReportAsync(request);

    /// <summary><c>GET /api/reports/incidents/csv?from=&amp;to=&amp;lang=</c>: the incidents of the report's range as CSV (UTF-8 with a BOM, for Excel).</summary>
    [Function("IncidentReportCsv")]
    public Task<IActionResult> IncidentsCsv([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "reports/incidents/csv")] HttpRequest request) =>
        pages.IncidentReportCsvAsync(request);
}
