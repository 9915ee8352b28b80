using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Places a page call through Twilio Programmable Voice: one <c>POST {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Calls.json</c>
/// per attempt, form-encoded, with the account's Basic auth like texts. The call's TwiML travels with it (<c>Twiml</c>,
/// <see cref="TwiML.Call"/>): it speaks the page and posts the key pressed to <see cref="CallbackUrl"/>, which also hears how the
/// call ended (<c>StatusCallback</c>). Twilio's <c>201</c> carries the call sid; its errors carry a numeric code that says why.
/// </summary>
/// <remarks>
/// Twilio has no idempotency key for creating a call: an attempt whose answer was lost (a timeout, a dropped connection) and its
/// retry may ring the phone twice. The outbox retries it anyway: for a page, a second call beats none.
/// </remarks>
public sealed class TwilioVoiceCaller : IVoiceCaller
{
    private readonly HttpClient _http;
    private readonly TwilioSettings _account;
    private readonly Uri _calls;
    private readonly string _from;
    private readonly string _fromSetting;
    private readonly string _publicBaseUrl;
    private readonly VoiceSettings _voice;
    private readonly TimeProvider _time;
    private readonly ILogger<TwilioVoiceCaller> _logger;

    public TwilioVoiceCaller(
        HttpClient http,
        IOptions<SmsSettings> sms,
        IOptions<VoiceSettings> voice,
        IOptions<TeamOptions> team,
        TimeProvider time,
        ILogger<TwilioVoiceCaller> logger)
    {
        _voice = voice.Value;
        _account = string.IsNullOrWhiteSpace(sms.Value.Twilio.AccountSid)
            ? throw new InvalidOperationException("Sms__Twilio__AccountSid is empty: no Twilio caller is made.")
            : sms.Value.Twilio;
        _from = _voice.CallerNumber(sms.Value)
            ?? throw new InvalidOperationException("Voice__From and Sms__From are empty: no Twilio caller is made.");
        _fromSetting = string.IsNullOrWhiteSpace(_voice.From) ? "Sms__From" : "Voice__From";
        _publicBaseUrl = team.Value.PublicBaseUrl?.Trim() is { Length: > 0 } publicBaseUrl
            ? publicBaseUrl
            : throw new InvalidOperationException("Team__PublicBaseUrl is empty: Twilio would have nowhere to post the key pressed, and no Twilio caller is made.");
        _calls = _account.CallsUri();
        _http = http;
        _time = time;
        _logger = logger;
    }

    public bool Enabled => true;

    /// <summary>
    /// Where Twilio posts the key pressed on a call and the call's end: <c>{publicBaseUrl}/api/voice/twilio?tag={messageId}</c>, the
    /// outbox id escaped, so the callback names the call it is about. The webhook checks Twilio's signature against this URL.
    /// </summary>
    public static string CallbackUrl(string publicBaseUrl, string messageId) =>
        $"{publicBaseUrl.Trim().TrimEnd('/')}/api/voice/twilio?tag={Uri.EscapeDataString(messageId)}";

    public async Task<SendResult> CallAsync(VoiceCall call, string messageId, CancellationToken cancellationToken)
    {
        // Twilio would refuse it too (21211), one round trip later; a number that is not E.164 will never become one.
        if (PhoneNumber.Normalize(call.To) is not { } to)
        {
            return new SendResult.Permanent($"'{call.To}' cannot get a call: it {PhoneNumber.Rule}.");
        }

        if (string.IsNullOrWhiteSpace(call.Text))
        {
            return new SendResult.Permanent("The call's text is empty.");
        }

        var callback = CallbackUrl(_publicBaseUrl, messageId);
        using var request = _account.Post(_calls,
        [
            new("To", to),
            new("From", _from),
            new("Twiml", TwiML.Call(call.Text, call.Language, callback, _voice)),
            new("Timeout", _voice.RingSeconds.ToString(CultureInfo.InvariantCulture)),
            new("StatusCallback", callback),
            new("StatusCallbackEvent", "completed"),
        ]);
        return await TwilioApi.SendAsync(_http, request, (status, body) => Settle(status, body, to, messageId), (response, status, body) => Refused(response, status, body, to), cancellationToken);
    }

    private SendResult Settle(int status, string body, string to, string messageId)
    {
        if (TwilioApi.ReadString(body, "sid") is not { Length: > 0 } sid)
        {
            // Twilio answered success and may have placed the call; without its sid that cannot be told, so try again.
            return new SendResult.Transient($"Twilio answered {status} without a readable call sid for {to}: {TwilioApi.Excerpt(body)}");
        }

        _logger.LogInformation(
            "Twilio accepted call {CallSid} ({TwilioStatus}) for outbox message {MessageId}", sid, TwilioApi.ReadString(body, "status") ?? "no status", messageId);
        return new SendResult.Delivered(sid);
    }

    private SendResult Refused(HttpResponseMessage response, int status, string body, string to)
    {
        var detail = TwilioApi.Describe(response, status, body);
        if (TwilioApi.CommonRefusal(response, status, detail, _time, $"Twilio could not place the call to {to} now") is { } common)
        {
            return common;
        }

        if (status == 404)
        {
            // 20404: no such Account SID behind the URL; every call is refused so.
            return SenderRefusal.OfPhone($"Twilio refused the call to {to} ({detail}): check Sms__Twilio__AccountSid.");
        }

        return TwilioApi.ReadCode(body) switch
        {
            // The caller is not a number of the account (21210 "'From' phone number not verified": neither bought from Twilio nor a
            // verified caller ID) or not a number at all (21212 "Invalid 'From' Number"), https://www.twilio.com/docs/api/errors/21210:
            // every call fails alike until the setting it came from is fixed, so a sender refusal, kept and retried.
            21210 or 21212 => SenderRefusal.OfPhone($"Twilio refused the call to {to} ({detail}): check {_fromSetting} ('{_from}'), which must be a voice-capable Twilio number of the account."),
            // The destination's country is not allowed (Voice Geographic Permissions): that member's number only, given up with the hint.
            21215 => new SendResult.Permanent($"Twilio refused the call to {to} ({detail}): allow the destination country in the Twilio console's Voice Geographic Permissions."),
            // 21211, 13223/13224: a number that cannot be called — the member's, permanent for this call.
            _ => new SendResult.Permanent($"Twilio refused the call to {to} ({detail})"),
        };
    }
}
