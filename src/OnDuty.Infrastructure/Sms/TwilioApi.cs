using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// One create request to Twilio's REST API (a text, a call) and the reading of its answer, the same for both: a 2xx is read by
/// the caller (it holds the sid), the account's refusals and Twilio's busy answers are told the same way, an unreachable or
/// silent Twilio is worth another try.
/// </summary>
internal static class TwilioApi
{
    private const int MaxExcerpt = 300;

    /// <summary>
    /// Sends <paramref name="request"/>: a success goes to <paramref name="settle"/>, anything else to <paramref name="refused"/>
    /// (status, body); no answer at all is transient.
    /// </summary>
    public static async Task<SendResult> SendAsync(
        HttpClient http, HttpRequestMessage request, Func<int, string, SendResult> settle, Func<HttpResponseMessage, int, string, SendResult> refused, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return response.IsSuccessStatusCode ? settle(status, body) : refused(response, status, body);
        }
        catch (HttpRequestException ex)
        {
            return new SendResult.Transient($"Twilio unreachable at {request.RequestUri?.Host}: {ex.Message}");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"Twilio timed out: {ex.Message}");
        }
    }

    /// <summary>
    /// The refusals every create request reads alike: the credentials (401/403, Twilio error 20003 "Permission Denied" /
    /// "Authenticate": a wrong Account SID or Auth Token, a deleted token, a suspended account — https://www.twilio.com/docs/api/errors/20003)
    /// and Twilio busy or failing (429/5xx, <paramref name="notNow"/> retried honouring <c>Retry-After</c>). Null for the refusals
    /// of this request. The credentials fail every text and call alike until the settings are fixed: a sender refusal
    /// (<see cref="SenderRefusal.OfPhone"/>), kept and retried, not given up text by text.
    /// </summary>
    public static SendResult? CommonRefusal(HttpResponseMessage response, int status, string detail, TimeProvider time, string notNow)
    {
        if (status is 401 or 403)
        {
            return SenderRefusal.OfPhone($"Twilio refused the credentials ({detail}): check Sms__Twilio__AccountSid and Sms__Twilio__AuthToken.");
        }

        return RetryAfterHeader.IsTransientStatus(status)
            ? new SendResult.Transient($"{notNow} ({detail})", RetryAfterHeader.Read(name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, time))
            : null;
    }

    /// <summary>
    /// Twilio's error as <c>400, 21211: The 'To' number … is not a valid phone number.</c>; the status and an excerpt when the body is
    /// not Twilio's JSON.
    /// </summary>
    public static string Describe(HttpResponseMessage response, int status, string body)
    {
        var json = Parse(body);
        var code = json?["code"] is JsonValue value && value.GetValueKind() is JsonValueKind.Number or JsonValueKind.String ? value.ToString() : null;
        var message = json?["message"] is JsonValue text && text.GetValueKind() == JsonValueKind.String ? text.GetValue<string>() : null;
        return code is not null
            ? $"{status}, {code}: {message ?? "no message given"}"
            : $"{status} {response.ReasonPhrase}: {Excerpt(body)}";
    }

    /// <summary>Twilio's numeric error code in an answer's body (a number, or digits in a string); null when it has none.</summary>
    public static int? ReadCode(string body) =>
        Parse(body)?["code"] is JsonValue value
        && (value.TryGetValue<int>(out var code) || int.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out code))
            ? code
            : null;

    public static string? ReadString(string body, string name) =>
        Parse(body)?[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static string Excerpt(string body) =>
        body.Length == 0 ? "no body" : body.Length <= MaxExcerpt ? body : body[..MaxExcerpt] + "…";

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
}
