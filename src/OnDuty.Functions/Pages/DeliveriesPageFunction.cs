using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Pages;

/// <summary>The delivery list for people: anonymous for the Functions host, the person checked like every PM page.</summary>
public sealed class DeliveriesPageFunction(DeliveriesPage page)
{
    /// <summary><c>GET /api/alerts/deliveries/page?source=&amp;lang=ja|en</c>: each source's last deliveries, refusals marked with their problem.</summary>
    [Function("AlertDeliveriesPage")]
    public Task<IActionResult> Show([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alerts/deliveries/page")] HttpRequest request) =>
        page.ShowAsync(request);
}
