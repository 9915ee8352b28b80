using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OnDuty.Core.Notifications;

namespace OnDuty.Testing;

/// <summary>
/// The SMS half of the fake: <c>POST /sms?api-version=2021-03-07</c>, signed as for email. It checks the body as the service
/// documents it (<c>from</c>, a non-empty <c>message</c>, 1 to 100 <c>smsRecipients</c> with E.164 numbers), records each
/// text taken on, and answers 202 with one result per recipient (<c>value[]</c>).
/// </summary>
/// <remarks>
/// Repeatability is per recipient, in the body: <c>repeatabilityRequestId</c> (a GUID) + <c>repeatabilityFirstSent</c>
/// (IMF-fixdate) within the 5-minute window, or the request is refused (400). A repeat of a known id with the same
/// first-sent and content sends nothing and answers the first answer; one that does not match is rejected for that
/// recipient. A recipient answered 408, 429 or 5xx is not remembered: its repeat runs again.
/// </remarks>
public sealed partial class LoopbackAcsServer
{
    public const string SmsApiVersion = "2021-03-07";

    private const int MaxSmsRecipients = 100;
    private readonly ConcurrentQueue<AcsScriptedResponse> _smsScript = new();
    private readonly ConcurrentQueue<AcsSmsPost> _smsPosts = new();
    private readonly ConcurrentQueue<AcsSmsDelivery> _smsDeliveries = new();
    private readonly ConcurrentDictionary<string, (int Status, string Message)> _smsFailures = new();
    private readonly ConcurrentDictionary<string, byte> _smsNotOwned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TrackedSms> _smsRepeatable = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Texts the service took on, one per recipient it sent to (a repeat it recognised is not sent again).</summary>
    public IReadOnlyList<AcsSmsDelivery> SmsDeliveries => _smsDeliveries.ToArray();

    /// <summary>Every <c>POST /sms</c> as it arrived (body and headers), with the status it got, whatever it was answered.</summary>
    public IReadOnlyList<AcsSmsPost> SmsPosts => _smsPosts.ToArray();

    /// <summary>The next SMS POSTs (after authentication passes) get these HTTP answers, in order: 429 with retry-after, 500, 401…</summary>
    public void ScriptSms(params AcsScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _smsScript.Enqueue(response);
        }
    }

    /// <summary>
    /// From now on every text to <paramref name="to"/> is refused in the 202's result for it (<c>successful:false</c>), as the
    /// service answers a number it cannot send to (400) or a recipient it throttles (429) or fails on (500).
    /// </summary>
    public void FailSmsRecipient(string to, int httpStatusCode = 400, string errorMessage = "Invalid To phone number format.") =>
        _smsFailures[to] = (httpStatusCode, errorMessage);

    /// <summary>
    /// From now on texts from <paramref name="from"/> are refused as the service refuses a number the resource does not own (not
    /// bought, released, or another resource's): the whole request 401 with no body, as the Azure SDKs' live tests "sending from a
    /// number you don't own" record it. <see cref="OwnSmsSender"/> gives it back.
    /// </summary>
    public void DisownSmsSender(string from) => _smsNotOwned[from] = 0;

    /// <summary>The resource owns <paramref name="from"/> again (the number was bought): its texts are taken on.</summary>
    public void OwnSmsSender(string from) => _smsNotOwned.TryRemove(from, out _);

    private async Task<int> SmsAsync(HttpContext context, byte[] body)
    {
        var response = context.Response;
        if (context.Request.Query["api-version"].ToString() != SmsApiVersion)
        {
            return await ErrorAsync(response, 400, "InvalidApiVersion", $"The api-version '{context.Request.Query["api-version"]}' is not supported; use {SmsApiVersion}.");
        }

        if (_smsScript.TryDequeue(out var scripted))
        {
            return await ScriptedAsync(response, scripted);
        }

        if (ReadSms(body, out var sms) is { } invalid)
        {
            return await ErrorAsync(response, 400, "BadRequest", invalid);
        }

        if (_smsNotOwned.ContainsKey(sms!.From))
        {
            response.StatusCode = 401;
            return 401;
        }

        var results = new JsonArray();
        lock (_gate)
        {
            foreach (var recipient in sms!.Recipients)
            {
                results.Add(SendTo(sms, recipient));
            }
        }

        response.StatusCode = 202;
        response.ContentType = "application/json";
        await response.WriteAsync(new JsonObject { ["value"] = results }.ToJsonString());
        return 202;
    }

    /// <summary>One recipient's result: a recognised repeat answers as the first time; otherwise the text is sent, or the number refused.</summary>
    private JsonObject SendTo(SmsSend sms, SmsRecipient recipient)
    {
        var repeatable = recipient.RequestId is not null;
        var fingerprint = $"{sms.From}\n{recipient.To}\n{recipient.FirstSent}\n{sms.Message}";
        if (repeatable && _smsRepeatable.TryGetValue(recipient.RequestId!, out var earlier))
        {
            return earlier.Fingerprint == fingerprint
                ? (JsonObject)earlier.Answer.DeepClone()
                : SmsResult(recipient.To, null, 400, "A repeated request must match the first one.", "rejected");
        }

        JsonObject answer;
        if (_smsFailures.TryGetValue(recipient.To, out var failure))
        {
            answer = SmsResult(recipient.To, null, failure.Status, failure.Message, repeatable ? "accepted" : null);
        }
        else
        {
            var acceptedAt = Clock.GetUtcNow();
            var messageId = $"Outgoing_{acceptedAt.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}{Guid.NewGuid()}_noam";
            _smsDeliveries.Enqueue(new AcsSmsDelivery(sms.From, recipient.To, sms.Message, recipient.RequestId) { MessageId = messageId, AcceptedAt = acceptedAt });
            answer = SmsResult(recipient.To, messageId, 202, null, repeatable ? "accepted" : null);
        }

        // As for email: a 2xx or 4xx is the answer to every repeat; after a throttle or a failure the repeat runs again.
        if (repeatable && answer["httpStatusCode"]!.GetValue<int>() is not (408 or 429 or >= 500))
        {
            _smsRepeatable[recipient.RequestId!] = new TrackedSms(fingerprint, answer);
        }

        return answer;
    }

    private static JsonObject SmsResult(string to, string? messageId, int status, string? error, string? repeatability) => new()
    {
        ["to"] = to,
        ["messageId"] = messageId,
        ["httpStatusCode"] = status,
        ["repeatabilityResult"] = repeatability,
        ["successful"] = status is >= 200 and < 300,
        ["errorMessage"] = error,
    };

    /// <summary>Checks the body has the shape the service requires; null when it does.</summary>
    private string? ReadSms(byte[] body, out SmsSend? sms)
    {
        sms = null;
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException ex)
        {
            return $"The request body is not JSON: {ex.Message}";
        }

        if (StringOf(json?["from"]) is not { Length: > 0 } from || string.IsNullOrWhiteSpace(from))
        {
            return "from is required: a phone number or sender ID of the resource.";
        }

        if (StringOf(json!["message"]) is not { Length: > 0 } message)
        {
            return "message is required and must not be empty.";
        }

        if (json["smsRecipients"] is not JsonArray { Count: > 0 and <= MaxSmsRecipients } list)
        {
            return $"smsRecipients must list 1 to {MaxSmsRecipients} recipients.";
        }

        var recipients = new List<SmsRecipient>();
        for (var i = 0; i < list.Count; i++)
        {
            if (StringOf(list[i]?["to"]) is not { } to || !PhoneNumber.IsValid(to))
            {
                return $"smsRecipients[{i}].to must be a phone number in E.164 format.";
            }

            var requestId = list[i]!["repeatabilityRequestId"];
            var firstSent = list[i]!["repeatabilityFirstSent"];
            if (requestId is null && firstSent is null)
            {
                recipients.Add(new SmsRecipient(to, null, null));
                continue;
            }

            if (StringOf(requestId) is not { } id || !Guid.TryParse(id, out _)
                || StringOf(firstSent) is not { } sent
                || !DateTimeOffset.TryParseExact(sent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt))
            {
                return $"smsRecipients[{i}]: repeatabilityRequestId must be a GUID and repeatabilityFirstSent an IMF-fixdate.";
            }

            if ((Clock.GetUtcNow() - sentAt).Duration() > RepeatabilityWindow)
            {
                return $"smsRecipients[{i}].repeatabilityFirstSent is not within the {RepeatabilityWindow.TotalMinutes:0} minute window.";
            }

            recipients.Add(new SmsRecipient(to, id, sent));
        }

        if (json["smsSendOptions"] is { } options
            && (options is not JsonObject
                || options["enableDeliveryReport"] is { } report && report.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)
                || options["tag"] is { } tag && StringOf(tag) is null))
        {
            return "smsSendOptions must be an object with a boolean enableDeliveryReport and a string tag.";
        }

        sms = new SmsSend(from, message, recipients);
        return null;
    }

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private void RecordSmsPost(HttpRequest request, string target, byte[] body, int status) =>
        _smsPosts.Enqueue(new AcsSmsPost(
            target,
            Encoding.UTF8.GetString(body),
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            status));

    private sealed record SmsSend(string From, string Message, IReadOnlyList<SmsRecipient> Recipients);

    private sealed record SmsRecipient(string To, string? RequestId, string? FirstSent);

    /// <summary>A recipient's repeatable request: what identifies it and the result it got.</summary>
    private sealed record TrackedSms(string Fingerprint, JsonObject Answer);
}

/// <summary>A text the fake service took on for one recipient.</summary>
public sealed record AcsSmsDelivery(string From, string To, string Message, string? RepeatabilityRequestId)
{
    /// <summary>The id the service answered with (<c>Outgoing_…</c>).</summary>
    public string MessageId { get; init; } = "";

    /// <summary>When the service took the text on (its <see cref="LoopbackAcsServer.Clock"/>).</summary>
    public DateTimeOffset AcceptedAt { get; init; }
}

/// <summary>A <c>POST /sms</c> as it arrived: target (path and query), raw body, headers (case-insensitive) and the status it got.</summary>
public sealed record AcsSmsPost(string Target, string Body, IReadOnlyDictionary<string, string> Headers, int Status);
