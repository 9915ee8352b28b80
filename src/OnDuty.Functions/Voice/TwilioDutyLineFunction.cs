using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Functions.Sms;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Functions.Voice;

/// <summary>
/// The duty line (当番ダイヤル, <c>Voice__DutyLine=true</c>): the Twilio number's voice webhook ("A call comes in") points here.
/// The call is put through to the duty members one after another (<see cref="DutyLine"/>); Twilio comes back after each ring
/// with <c>DialCallStatus</c> and <c>?rung={n}</c>, and a call taken ends there. Nobody taking it: the caller is told, and the
/// duty members get a missed call by email and text.
/// </summary>
/// <remarks>Anonymous: Twilio's signature is the credential (<see cref="TwilioWebhook"/>). Answers are TwiML.</remarks>
public sealed class TwilioDutyLineFunction(TwilioWebhook webhook, DutyLine line, IOptions<VoiceSettings> voice, ILogger<TwilioDutyLineFunction> logger)
{
    [Function("TwilioDutyLine")]
    public Task<IActionResult> Receive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "voice/twilio/incoming")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var form = await webhook.ReadAsync(request, ct);
            if (!line.Enabled)
            {
                throw new BadRequestBodyException(StatusCodes.Status404NotFound, "No duty line", "The duty line is off (Voice__DutyLine): point the number's voice webhook elsewhere, or turn it on.");
            }

            if (form.TryGetValue("DialCallStatus", out var dialed) && dialed == "completed")
            {
                // Taken and finished: nothing more to do.
                return TwilioWebhook.Empty();
            }

            var rung = int.TryParse(request.Query["rung"], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
            var callId = form.TryGetValue("CallSid", out var sid) && !string.IsNullOrWhiteSpace(sid) ? sid : "unknown";
            var step = await line.NextAsync(callId, form.TryGetValue("From", out var from) ? from : null, rung, ct);
            return TwilioWebhook.Xml(step.Ring is { } number
                ? TwiML.Dial(step.Speech, step.Language, number, voice.Value.RingSeconds, $"{request.PathBase}{request.Path}?rung={rung + 1}", voice.Value)
                : TwiML.Say(step.Speech, step.Language, voice.Value));
        });
}
