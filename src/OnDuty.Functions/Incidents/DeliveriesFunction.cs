using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// <c>GET /api/alerts/deliveries?source=alertmanager</c>: the source's last deliveries, newest first: this instance's
/// (in memory, at most <see cref="DeliveryLog.KeptPerSource"/>, <c>thisInstanceOnly</c>) merged with the refusals kept in
/// storage (at most <see cref="IDeliveryRefusals.KeptPerSource"/>, every instance's, survive a restart): <see cref="DeliveryList"/>.
/// The same as a page: <c>/api/alerts/deliveries/page</c>.
/// </summary>
public sealed class DeliveriesFunction(DeliveryList deliveries, ILogger<DeliveriesFunction> logger)
{
    [Function("GetAlertDeliveries")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "alerts/deliveries")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            if (!AlertSources.TryParse(request.Query["source"].ToString(), out var alertSource))
            {
                return HttpApi.Problem(request, StatusCodes.Status400BadRequest, "Unknown alert source",
                    $"source: required, one of {string.Join(", ", AlertSources.Names)}.");
            }

            var source = alertSource.ToRouteName();
            var items = await deliveries.ListAsync(source, ct);
            return HttpApi.Json(request, new
            {
                source,
                items = items.Select(i => new
                {
                    at = i.Record.At,
                    bytes = i.Record.Bytes,
                    outcome = i.Record.Outcome,
                    status = i.Record.Status,
                    title = i.Record.Title,
                    messages = i.Record.Answered,
                    incidentId = i.Record.IncidentId,
                    reason = i.Record.Reason,
                    // A refusal of the body as a whole as the answer carried it (its problem details' code and args): what a script
                    // reads, whatever the language; null for any other delivery and for refusals kept before 12-07.
                    problemCode = i.Record.Problem?.Code,
                    problemArgs = i.Record.Problem?.Args,
                    groupKey = i.Record.GroupKey,
                    test = i.Record.Test,
                    // The tool's own test notification (an Azure Monitor action group's Test button) by its sample's alert type; null otherwise.
                    toolTest = i.Record.ToolTest,
                    thisInstanceOnly = i.ThisInstanceOnly,
                    retryAcceptedAt = i.RetryAcceptedAt,
                }).ToList(),
            }, StatusCodes.Status200OK);
        });
}
