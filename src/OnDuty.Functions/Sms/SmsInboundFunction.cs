using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Sms;

/// <summary>
/// Texts sent to OnDuty's number, as Azure Communication Services publishes them to Event Grid
/// (<c>Microsoft.Communication.SMSReceived</c>, Event Grid schema): an Event Grid webhook subscription posts them here with a
/// function key in the URL (the deployment creates it, see README "Pages by SMS"). A reply <c>1</c> from a duty member
/// acknowledges what waits for them (<see cref="SmsReplies"/>).
/// </summary>
/// <remarks>
/// Event Grid first proves the endpoint with a <c>Microsoft.EventGrid.SubscriptionValidationEvent</c>, answered with its
/// <c>validationCode</c>. Delivery reports (<c>Microsoft.Communication.SMSDeliveryReportReceived</c>) of texts OnDuty sent come
/// the same way: one not delivered goes on its incident's timeline (<see cref="SmsDeliveryReports"/>). It retries anything but a 2xx, so a storage failure answers 503 and the text is heard on a retry;
/// a malformed body answers 400 (Event Grid then dead-letters it rather than retrying for a day). Other event types, and
/// texts to a number other than <c>Sms__From</c>, are ignored with 200.
/// </remarks>
public sealed class SmsInboundFunction(SmsReplies replies, SmsDeliveryReports reports, IOptions<SmsOptions> options, ILogger<SmsInboundFunction> logger)
{
    internal const string SmsReceived = "Microsoft.Communication.SMSReceived";
    internal const string DeliveryReport = "Microsoft.Communication.SMSDeliveryReportReceived";

    [Function("ReceiveSms")]
    public Task<IActionResult> Receive([HttpTrigger(AuthorizationLevel.Function, "post", Route = "sms/inbound")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var events = await EventGridEvents.ReadAsync(request, ct);
            var ours = PhoneNumber.Normalize(options.Value.From);
            var heard = 0;
            foreach (var (type, data, _) in events)
            {
                if (string.Equals(type, EventGridEvents.SubscriptionValidation, StringComparison.Ordinal))
                {
                    var answer = EventGridEvents.ValidationResponse(data);
                    logger.LogInformation("Event Grid subscription validated for incoming texts");
                    return HttpApi.Json(request, answer);
                }

                if (string.Equals(type, DeliveryReport, StringComparison.Ordinal))
                {
                    // A final status of a text OnDuty sent: only one not delivered is news.
                    var status = Text(data, "deliveryStatus");
                    if (status is not null && !string.Equals(status, "Delivered", StringComparison.OrdinalIgnoreCase))
                    {
                        await reports.FailedAsync(Text(data, "tag"), Text(data, "messageId") ?? "?", status, Text(data, "deliveryStatusDetails"), ct);
                    }

                    heard++;
                    continue;
                }

                if (!string.Equals(type, SmsReceived, StringComparison.Ordinal))
                {
                    continue;
                }

                var (id, from, to, message) = (Text(data, "messageId"), Text(data, "from"), Text(data, "to"), Text(data, "message"));
                if (id is null || from is null || message is null)
                {
                    throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Invalid event", $"{SmsReceived} needs data.messageId, data.from and data.message.");
                }

                if (ours is not null && PhoneNumber.FromProvider(to) is { } receiver && receiver != ours)
                {
                    logger.LogInformation("SMS {SmsMessageId} was sent to another number of the resource; ignored", id);
                    continue;
                }

                await replies.HandleAsync(id, from, message, ct);
                heard++;
            }

            return HttpApi.Json(request, new { heard });
        });

    private static string? Text(JsonElement element, string name) => EventGridEvents.Text(element, name);
}
