using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Sends a text through Twilio Programmable Messaging: one <c>POST {BaseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>
/// per attempt, form-encoded (<c>To</c>, <c>Body</c>, and <c>MessagingServiceSid</c> or <c>From</c>), with HTTP Basic auth
/// (Account SID and Auth Token). Twilio's <c>201</c> carries the message sid; its errors carry a numeric code that says why.
/// </summary>
/// <remarks>
/// Twilio has no idempotency key for creating a message: an attempt whose answer was lost (a timeout, a dropped connection)
/// and its retry may send two texts. The outbox retries it anyway: for a page, a second text beats none.
/// </remarks>
public sealed class TwilioSmsSender : ISmsSender
{
    private const int MaxExcerpt = 300;

    private readonly HttpClient _http;
    private readonly Uri _messages;
    private readonly AuthenticationHeaderValue _authorization;
    private readonly KeyValuePair<string, string> _sender;
    private readonly TimeProvider _time;
    private readonly ILogger<TwilioSmsSender> _logger;

    public TwilioSmsSender(HttpClient http, IOptions<SmsSettings> options, TimeProvider time, ILogger<TwilioSmsSender> logger)
    {
        var settings = options.Value;
        var twilio = settings.Twilio;
        _sender = twilio.MessagingServiceSid?.Trim() is { Length: > 0 } service
            ? new("MessagingServiceSid", service)
            : settings.From?.Trim() is { Length: > 0 } from
                ? new("From", from)
                : throw new InvalidOperationException("Sms__From and Sms__Twilio__MessagingServiceSid are empty: SMS is off, and no Twilio sender is made.");
        var accountSid = twilio.AccountSid?.Trim() is { Length: > 0 } sid
            ? sid
            : throw new InvalidOperationException("Sms__Twilio__AccountSid is empty: no Twilio sender is made.");
        _authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{accountSid}:{twilio.AuthToken?.Trim()}")));
        _messages = twilio.MessagesUri();
        _http = http;
        _time = time;
        _logger = logger;
    }

    public bool Enabled => true;

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

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _messages)
            {
                Content = new FormUrlEncodedContent([new("To", to), _sender, new("Body", message.Text)]),
            };
            request.Headers.Authorization = _authorization;
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("OnDuty", null));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

            using var response = await _http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode
                ? Settle(status, body, to, messageId)
                : Refused(response, status, body, to);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"Twilio unreachable at {_messages.Host}: {ex.Message}");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"Twilio timed out: {ex.Message}");
        }
    }

    private SendResult Settle(int status, string body, string to, string messageId)
    {
        if (ReadString(body, "sid") is not { Length: > 0 } sid)
        {
            // Twilio answered success and may have taken the text on; without its sid that cannot be told, so try again.
            return new SendResult.Transient($"Twilio answered {status} without a readable message sid for {to}: {Excerpt(body)}");
        }

        _logger.LogInformation(
            "Twilio accepted SMS {SmsMessageSid} ({TwilioStatus}) for outbox message {MessageId}", sid, ReadString(body, "status") ?? "no status", messageId);
        return new SendResult.Delivered(sid);
    }

    private SendResult Refused(HttpResponseMessage response, int status, string body, string to)
    {
        var detail = Describe(response, status, body);
        if (status is 401 or 403)
        {
            return new SendResult.Permanent($"Twilio refused the credentials ({detail}): check Sms__Twilio__AccountSid and Sms__Twilio__AuthToken.");
        }

        if (RetryAfterHeader.IsTransientStatus(status))
        {
            var retryAfter = RetryAfterHeader.Read(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, _time);
            return new SendResult.Transient($"Twilio could not take the text for {to} now ({detail})", retryAfter);
        }

        return status == 404
            ? new SendResult.Permanent($"Twilio refused the text for {to} ({detail}): check Sms__Twilio__AccountSid and Sms__Twilio__MessagingServiceSid.")
            : new SendResult.Permanent($"Twilio refused the text for {to} ({detail})");
    }

    /// <summary>Twilio's error as <c>21211: The 'To' number … is not a valid phone number.</c>; the status and an excerpt when the body is not Twilio's JSON.</summary>
    private static string Describe(HttpResponseMessage response, int status, string body)
    {
        var json = Parse(body);
        var code = json?["code"] is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String ? value.ToString() : null;
        var message = json?["message"] is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;
        return code is not null
            ? $"{status}, {code}: {message ?? "no message given"}"
            : $"{status} {response.ReasonPhrase}: {Excerpt(body)}";
    }

    private static string? ReadString(string body, string name) =>
        Parse(body)?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static JsonObject? Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Excerpt(string body) =>
        body.Length == 0 ? "no body" : body.Length <= MaxExcerpt ? body : body[..MaxExcerpt] + "…";
}
