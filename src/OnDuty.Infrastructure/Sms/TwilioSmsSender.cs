using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Sends a text through Twilio Programmable Messaging: one <c>POST {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>
/// per attempt, form-encoded (<c>To</c>, <c>Body</c>, and <c>MessagingServiceSid</c> or <c>From</c>), with HTTP Basic auth
/// (Account SID and Auth Token). Twilio's <c>201</c> carries the message sid; its errors carry a numeric code that says why.
/// With <c>Sms__AcceptReplies</c> each text also names its <c>StatusCallback</c> (<see cref="StatusCallbackUrl"/>), where Twilio
/// reports that it could not be delivered.
/// </summary>
/// <remarks>
/// Twilio has no idempotency key for creating a message: an attempt whose answer was lost (a timeout, a dropped connection)
/// and its retry may send two texts. The outbox retries it anyway: for a page, a second text beats none.
/// </remarks>
public sealed class TwilioSmsSender : ISmsSender
{
    private readonly HttpClient _http;
    private readonly TwilioSettings _account;
    private readonly Uri _messages;
    private readonly KeyValuePair<string, string> _sender;
    private readonly string? _publicBaseUrl;
    private readonly TimeProvider _time;
    private readonly ILogger<TwilioSmsSender> _logger;

    public TwilioSmsSender(HttpClient http, IOptions<SmsSettings> options, IOptions<TeamOptions> team, TimeProvider time, ILogger<TwilioSmsSender> logger)
    {
        var settings = options.Value;
        var twilio = settings.Twilio;
        _sender = twilio.MessagingServiceSid?.Trim() is { Length: > 0 } service
            ? new("MessagingServiceSid", service)
            : settings.From?.Trim() is { Length: > 0 } from
                ? new("From", from)
                : throw new InvalidOperationException("Sms__From and Sms__Twilio__MessagingServiceSid are empty: SMS is off, and no Twilio sender is made.");
        _account = string.IsNullOrWhiteSpace(twilio.AccountSid)
            ? throw new InvalidOperationException("Sms__Twilio__AccountSid is empty: no Twilio sender is made.")
            : twilio;
        _publicBaseUrl = !settings.AcceptReplies ? null
            : team.Value.PublicBaseUrl?.Trim() is { Length: > 0 } publicBaseUrl ? publicBaseUrl
            : throw new InvalidOperationException("Team__PublicBaseUrl is empty and Sms__AcceptReplies is true: Twilio would have nowhere to report to.");
        _messages = twilio.MessagesUri();
        _http = http;
        _time = time;
        _logger = logger;
    }

    public bool Enabled => true;

    /// <summary>
    /// Where Twilio posts a text's status changes and the replies to its number: <c>{publicBaseUrl}/api/sms/twilio?tag={messageId}</c>,
    /// the outbox id escaped, so the report names the text it is about. The webhook checks Twilio's signature against this URL.
    /// </summary>
    public static string StatusCallbackUrl(string publicBaseUrl, string messageId) =>
        $"{publicBaseUrl.Trim().TrimEnd('/')}/api/sms/twilio?tag={Uri.EscapeDataString(messageId)}";

    public async Task<SendResult> SendAsync(SmsMessage message, string messageId, CancellationToken cancellationToken)
    {
        // Twilio would refuse these too (21211, 21602), one round trip later; a number that is not E.164 will never become one.
        if (PhoneNumber.Normalize(message.To) is not { } to)
        {
            return new SendResult.Permanent($"'{message.To}' cannot get a text: it {PhoneNumber.Rule}.");
        }

        if (string.IsNullOrWhiteSpace(message.Text))
        {
            return new SendResult.Permanent("The text message is empty.");
        }

        List<KeyValuePair<string, string>> form = [new("To", to), _sender, new("Body", message.Text)];
        if (_publicBaseUrl is not null)
        {
            form.Add(new("StatusCallback", StatusCallbackUrl(_publicBaseUrl, messageId)));
        }

        using var request = _account.Post(_messages, form);
        return await TwilioApi.SendAsync(_http, request, (status, body) => Settle(status, body, to, messageId), (response, status, body) => Refused(response, status, body, to), cancellationToken);
    }

    private SendResult Settle(int status, string body, string to, string messageId)
    {
        if (TwilioApi.ReadString(body, "sid") is not { Length: > 0 } sid)
        {
            // Twilio answered success and may have taken the text on; without its sid that cannot be told, so try again.
            return new SendResult.Transient($"Twilio answered {status} without a readable message sid for {to}: {TwilioApi.Excerpt(body)}");
        }

        _logger.LogInformation(
            "Twilio accepted SMS {SmsMessageSid} ({TwilioStatus}) for outbox message {MessageId}", sid, TwilioApi.ReadString(body, "status") ?? "no status", messageId);
        return new SendResult.Delivered(sid);
    }

    /// <summary>
    /// A refusal of the account or of the sender (the credentials, an account or Messaging Service not found, a <c>From</c> that is
    /// not the account's) fails every text alike: a sender refusal naming the setting, kept and retried. A refusal of the recipient
    /// stays permanent for that one text: 21211 (not a valid number), 21610 (the recipient replied STOP), 21612 (not reachable),
    /// 21614 (not a mobile number), 21408 (the destination country is not enabled in the account's geographic permissions), 21608
    /// (a trial account's unverified recipient) — https://www.twilio.com/docs/api/errors.
    /// </summary>
    private SendResult Refused(HttpResponseMessage response, int status, string body, string to)
    {
        var detail = TwilioApi.Describe(response, status, body);
        if (TwilioApi.CommonRefusal(response, status, detail, _time, $"Twilio could not take the text for {to} now") is { } common)
        {
            return common;
        }

        if (status == 404)
        {
            // 20404: no such Account SID (or Messaging Service) behind the URL; every text is refused so.
            return SenderRefusal.OfPhone($"Twilio refused the text for {to} ({detail}): check Sms__Twilio__AccountSid and Sms__Twilio__MessagingServiceSid.");
        }

        return TwilioApi.ReadCode(body) is { } code && SenderHint(code) is { } hint
            ? SenderRefusal.OfPhone($"Twilio refused the text for {to} ({detail}): {hint}")
            : new SendResult.Permanent($"Twilio refused the text for {to} ({detail})");
    }

    /// <summary>
    /// What to change when Twilio refuses the sender OnDuty texts from; null for any other code. From
    /// https://www.twilio.com/docs/api/errors: 21212 (<c>From</c> not a valid number or sender ID), 21601 and 21606 (not an
    /// SMS-capable number of the account; 21606 also covers a short code texting another country, which OnDuty, sending from a
    /// number or sender ID, does not do), 21659 (not a Twilio number), 21660 (a number of another account); 21701 and 21705 (the
    /// Messaging Service does not exist in the account, or its SID is invalid).
    /// </summary>
    private string? SenderHint(int code) => code switch
    {
        21212 or 21601 or 21606 or 21659 or 21660 => _sender.Key == "From"
            ? $"check Sms__From ('{_sender.Value}'), which must be an SMS-capable number (or sender ID) of the Twilio account in Sms__Twilio__AccountSid."
            : $"check the senders of the Messaging Service in Sms__Twilio__MessagingServiceSid ('{_sender.Value}'): SMS-capable numbers of the Twilio account.",
        21701 or 21705 => $"check Sms__Twilio__MessagingServiceSid ('{_sender.Value}'), which must be a Messaging Service of the Twilio account in Sms__Twilio__AccountSid.",
        _ => null,
    };
}
