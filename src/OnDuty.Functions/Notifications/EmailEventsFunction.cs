using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Notifications;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Notifications;

/// <summary>
/// Azure Communication Services' delivery reports of the emails OnDuty sent (<c>Microsoft.Communication.EmailDeliveryReportReceived</c>,
/// Event Grid schema), one per reader: an Event Grid webhook subscription on the ACS resource posts them here with a function
/// key in the URL (<c>azd deploy</c> creates it, see README "Azure Communication Services Email"). One that did not reach its
/// reader goes on the incident's timeline, and a page is marked failed (<see cref="EmailDeliveryReports"/>).
/// </summary>
/// <remarks>
/// The subscription's validation event is answered with its code. A malformed body answers 400 (Event Grid dead-letters it
/// rather than retrying for a day); a storage failure 503, so the report is heard on Event Grid's retry. Other event types
/// are ignored with 200.
/// </remarks>
public sealed class EmailEventsFunction(EmailDeliveryReports reports, ILogger<EmailEventsFunction> logger)
{
    internal const string DeliveryReport = "Microsoft.Communication.EmailDeliveryReportReceived";

    [Function("ReceiveEmailEvents")]
    public Task<IActionResult> Receive([HttpTrigger(AuthorizationLevel.Function, "post", Route = "email/events")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var events = await EventGridEvents.ReadAsync(request, ct);
            var (heard, undelivered) = (0, 0);
            foreach (var (type, data, eventTime) in events)
            {
                if (string.Equals(type, EventGridEvents.SubscriptionValidation, StringComparison.Ordinal))
                {
                    var answer = EventGridEvents.ValidationResponse(data);
                    logger.LogInformation("Event Grid subscription validated for email delivery reports");
                    return HttpApi.Json(request, answer);
                }

                if (!string.Equals(type, DeliveryReport, StringComparison.Ordinal))
                {
                    continue;
                }

                var (operation, recipient, status) = (EventGridEvents.Text(data, "messageId"), EventGridEvents.Text(data, "recipient"), EventGridEvents.Text(data, "status"));
                if (operation is null || recipient is null || status is null)
                {
                    throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Invalid event", $"{DeliveryReport} needs data.messageId, data.recipient and data.status.");
                }

                // ACS gives the details as {"statusMessage": "…"}; a plain string is taken as it is.
                var details = EventGridEvents.Property(data, "deliveryStatusDetails") is { } d
                    ? d.ValueKind == JsonValueKind.String ? d.GetString() : EventGridEvents.Text(d, "statusMessage")
                    : null;
                var reportedAt = EventGridEvents.Time(data, "deliveryAttemptTimestamp") ?? eventTime;
                if (await reports.HeardAsync(operation, recipient, status, details, reportedAt, ct))
                {
                    undelivered++;
                }

                heard++;
            }

            return HttpApi.Json(request, new { heard, undelivered });
        });
}
