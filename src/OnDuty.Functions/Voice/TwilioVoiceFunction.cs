using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Functions.Http;
using OnDuty.Functions.Sms;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Functions.Voice;

/// <summary>
/// Twilio's requests about a page's phone call, at the URL the call was placed with (<c>?tag={outbox id}</c>): the key the
/// listener pressed (<c>Digits</c>; 1 acknowledges, anything else hears the page again) and the call's end (<c>CallStatus</c>;
/// one nobody took goes on the timeline). See <see cref="VoiceAnswers"/>.
/// </summary>
/// <remarks>Anonymous: Twilio's signature is the credential (<see cref="TwilioWebhook"/>). Answers are TwiML.</remarks>
public sealed class TwilioVoiceFunction(TwilioWebhook webhook, VoiceAnswers answers, IOptions<VoiceSettings> voice, ILogger<TwilioVoiceFunction> logger)
{
    [Function("TwilioCallEvents")]
    public Task<IActionResult> Receive([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "voice/twilio")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var form = await webhook.ReadAsync(request, ct);
            var tag = request.Query["tag"].ToString();
            if (string.IsNullOrWhiteSpace(tag))
            {
                throw new BadRequestBodyException(StatusCodes.Status400BadRequest, "No call named", "The URL names the call by ?tag={outbox id}, as OnDuty placed it.");
            }

            if (form.TryGetValue("Digits", out var digits))
            {
                var answer = await answers.KeyPressedAsync(tag, digits, ct);
                return answer switch
                {
                    null => TwilioWebhook.Empty(),
                    { Outcome: CallKeyOutcome.AskAgain } => TwilioWebhook.Xml(TwiML.Call(answer.Speech, answer.Language, CallUrl(request), voice.Value)),
                    _ => TwilioWebhook.Xml(TwiML.Say(answer.Speech, answer.Language, voice.Value)),
                };
            }

            await answers.CallEndedAsync(tag, form.TryGetValue("CallStatus", out var status) ? status : null, ct);
            return TwilioWebhook.Empty();
        });

    /// <summary>This request's own URL, relative: the key pressed next comes back here.</summary>
    private static string CallUrl(HttpRequest request) => $"{request.PathBase}{request.Path}{request.QueryString}";
}
