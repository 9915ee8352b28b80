using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Pages;

/// <summary>The stakeholders' view of an incident: anonymous for the Functions host, the person checked like every PM page.</summary>
public sealed class IncidentOverviewFunction(IncidentOverviewPage page)
{
    /// <summary><c>GET /api/incidents/{id}/overview?lang=ja|en</c>: 「障害の状況」, what the stakeholder notices link (read-only: no form).</summary>
    [Function("IncidentOverviewPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "incidents/{id}/overview")] HttpRequest request, string id) =>
        page.ShowAsync(request, id);
}
