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
/// Twilio's requests about texts (<c>Sms__Provider=Twilio</c>): a text to OnDuty's number (the number's "A message comes in"
/// webhook points here), and the status of a text OnDuty sent (its <c>StatusCallback</c>, with <c>?tag={outbox id}</c>). A reply
/// <c>1</c> from a duty member acknowledges what waits for them (<see cref="SmsReplies"/>, answered by text through the outbox);
/// a text Twilio could not deliver goes on its incident's timeline (<see cref="SmsDeliveryReports"/>).
/// </summary>
/// <remarks>
/// Anonymous: Twilio's signature is the credential (<see cref="TwilioWebhook"/>). The answer is empty TwiML, so Twilio itself
/// sends nothing back. Twilio does not retry a failed webhook: storage down answers 503 and the member is not answered (the page's
/// link still works).
/// </remarks>
public sealed class TwilioSmsFunction(TwilioWebhook webhook, SmsReplies replies, SmsDeliveryReports reports, IOptions<SmsOptions> options, ILogger<TwilioSmsFunction> logger)
{
    [Function("ReceiveTwilioSms")]
    public Task<IActionResult> Receive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "sms/twilio")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var form = await webhook.ReadAsync(request, ct);
            var sid = Value(form, "MessageSid") ?? Value(form, "SmsSid") ?? "?";
            if (!form.ContainsKey("Body"))
            {
                // A status callback: only a text not delivered is news.
                var status = Value(form, "MessageStatus") ?? Value(form, "SmsStatus");
                if (status is "undelivered" or "failed")
                {
                    var code = Value(form, "ErrorCode");
                    await reports.FailedAsync(request.Query["tag"].ToString(), sid, status, code is null ? null : $"Twilio error {code}", ct);
                }

                return TwilioWebhook.Empty();
            }

            if (Value(form, "From") is not { } from)
            {
                throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "Invalid request", "An incoming text needs From and Body.");
            }

            var ours = PhoneNumber.Normalize(options.Value.From);
            if (ours is not null && PhoneNumber.FromProvider(Value(form, "To")) is { } to && to != ours)
            {
                logger.LogInformation("Text {SmsMessageSid} went to another number of the account; ignored", sid);
                return TwilioWebhook.Empty();
            }

            await replies.HandleAsync(sid, from, form["Body"], ct);
            return TwilioWebhook.Empty();
        });

    private static string? Value(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;
}
