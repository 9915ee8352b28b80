using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email.Acs;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Sends a text through the Azure Communication Services SMS REST API (<c>POST /sms</c>) on an Azure.Core pipeline, signed
/// like ACS email (<see cref="AcsHmacAuthenticationPolicy"/>) or with an Entra ID token. One call is one attempt: one POST
/// with one recipient, and ACS's per-recipient answer decides the outcome.
/// </summary>
/// <remarks>
/// Each recipient carries a repeatable-request id (<c>repeatabilityRequestId</c> + <c>repeatabilityFirstSent</c>, tracked
/// for 5 minutes): derived from the outbox message id and the 4-minute slot of the attempt, so an attempt whose answer was
/// lost and its retry in the same slot send one text, not two. ACS SMS has no status lookup to ask whether an earlier
/// attempt got through, so a retry in a later slot may send a second text: for a page, a second text beats none.
/// </remarks>
public sealed class AcsSmsSender : ISmsSender
{
    /// <summary>The longest outbox id sent as the text's tag (a page's is about 40 characters).</summary>
    internal const int MaxTag = 128;

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly SmsSettings _settings;
    private readonly string _from;
    private readonly bool _usesAccessKey;
    private readonly TimeProvider _time;
    private readonly ILogger<AcsSmsSender> _logger;

    public AcsSmsSender(IOptions<SmsSettings> options, TimeProvider time, ILogger<AcsSmsSender> logger)
    {
        _settings = options.Value;
        _from = _settings.From?.Trim() is { Length: > 0 } from
            ? from
            : throw new InvalidOperationException("Sms__From is empty: SMS is off, and no ACS SMS sender is made.");
        _time = time;
        _logger = logger;

        (_pipeline, _endpoint, _usesAccessKey) = AcsClient.Create(_settings.ConnectionString, _settings.Endpoint, _settings.ManagedIdentityClientId, time, "Sms");
    }

    public bool Enabled => true;

    public async Task<SendResult> SendAsync(SmsMessage message, string messageId, CancellationToken cancellationToken)
    {
        // The service would refuse these too, one round trip later; a number that is not E.164 will never become one.
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
            using var send = CreateSend(to, message.Text, messageId);
            await _pipeline.SendAsync(send, cancellationToken);
            var response = send.Response;
            return response.Status == (int)HttpStatusCode.Accepted
                ? Settle(response, to, messageId)
                : Refused(response);
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            return new SendResult.Transient($"ACS SMS unreachable at {_endpoint.Host}: {ex.Message}");
        }
        catch (AuthenticationFailedException ex)
        {
            return new SendResult.Transient($"ACS SMS: could not get an Entra ID token for {AcsClient.Scope} (Sms__Endpoint with a managed identity): {ex.Message}");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"ACS SMS timed out: {ex.Message}");
        }
    }

    private HttpMessage CreateSend(string to, string text, string messageId)
    {
        var firstSent = AcsEmailSender.FirstSentFor(_time.GetUtcNow());
        var json = new JsonObject
        {
            ["from"] = _from,
            ["smsRecipients"] = new JsonArray(new JsonObject
            {
                ["to"] = to,
                ["repeatabilityRequestId"] = AcsEmailSender.RepeatabilityIdFor(messageId, firstSent).ToString(),
                ["repeatabilityFirstSent"] = firstSent.ToString("r", CultureInfo.InvariantCulture),
            }),
            ["message"] = text,
            // With the Event Grid subscription (Sms__AcceptReplies), ACS reports each text's delivery there, tagged with its
            // outbox id (within the tag's room), so one it could not deliver reaches its incident's timeline.
            ["smsSendOptions"] = new JsonObject { ["enableDeliveryReport"] = _settings.AcceptReplies, ["tag"] = messageId.Length <= MaxTag ? messageId : "onduty" },
        };

        var send = _pipeline.CreateMessage();
        send.Request.Method = RequestMethod.Post;
        send.Request.Uri.Reset(_endpoint);
        send.Request.Uri.AppendPath("sms", escape: false);
        send.Request.Uri.AppendQuery("api-version", _settings.ApiVersion, escapeValue: true);
        send.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        send.Request.Content = RequestContent.Create(JsonSerializer.SerializeToUtf8Bytes(json));
        return send;
    }

    /// <summary>A 202 answers per recipient: this text's recipient was taken on, or refused with its own status.</summary>
    private SendResult Settle(Response response, string to, string messageId)
    {
        if (RecipientResult.Read(response, to) is not { } result)
        {
            // The service answered 202 and may have taken the text on; a retry in the same slot is a repeat it recognises.
            return new SendResult.Transient($"ACS SMS answered 202 without a readable result for the recipient: {AcsClient.Excerpt(response.Content.ToString())}");
        }

        if (result.Successful)
        {
            _logger.LogInformation("ACS accepted SMS {SmsMessageId} for outbox message {MessageId}", result.MessageId, messageId);
            return new SendResult.Delivered(result.MessageId);
        }

        var detail = $"{result.HttpStatusCode} {result.ErrorMessage ?? "no error given"}";
        return RetryAfterHeader.IsTransientStatus(result.HttpStatusCode)
            ? new SendResult.Transient($"ACS SMS could not take the text for {to} now ({detail})", RetryAfter(response))
            : new SendResult.Permanent($"ACS SMS refused the text for {to} ({detail})");
    }

    /// <summary>
    /// The whole request refused. ACS answers 401 for an access key it does not take and for a <c>from</c> number the resource does
    /// not own, 403 for a managed identity without a role on the resource (https://learn.microsoft.com/rest/api/communication/errorcodes,
    /// "SMS Service"; the Azure SDKs' live tests "sending from a number you don't own" expect 401, older service versions answered
    /// 404), and 400 naming <c>From</c> for a sender it cannot read (<c>{"From":["Invalid From phone number format"]}</c>). Each
    /// fails every text alike until the setting is fixed: a sender refusal naming it, kept and retried. A recipient ACS refuses
    /// is answered in the 202's result for that number (400 "Invalid To phone number format.", <see cref="Settle"/>) and stays
    /// permanent for that one text.
    /// </summary>
    private SendResult Refused(Response response)
    {
        var status = response.Status;
        var detail = $"{status} {AcsClient.Describe(response)}";
        var resource = _usesAccessKey ? "Sms__ConnectionString" : "Sms__Endpoint";
        var owned = $"that Sms__From ('{_from}') is a number (or sender ID) of that ACS resource";
        switch (status)
        {
            case 401 or 403:
                return SenderRefusal.OfPhone(_usesAccessKey
                    ? $"ACS refused the SMS send ({detail}): check the access key in Sms__ConnectionString, and {owned}."
                    : $"ACS refused the SMS send ({detail}): check that the managed identity has a Communication Services role on Sms__Endpoint, and {owned}.");
            case 404:
                return SenderRefusal.OfPhone($"ACS refused the SMS send ({detail}): check that {resource} names the ACS resource, and {owned}.");
            case 400 when NamesTheSender(response):
                return SenderRefusal.OfPhone($"ACS refused the SMS send ({detail}): check Sms__From ('{_from}'): a number of the ACS resource in E.164 form (+ and the country code), or an alphanumeric sender ID.");
        }

        return RetryAfterHeader.IsTransientStatus(status)
            ? new SendResult.Transient($"ACS SMS send answered {detail}", RetryAfter(response))
            : new SendResult.Permanent($"ACS refused the SMS send ({detail})");
    }

    /// <summary>Whether a refusal of the request is about its <c>from</c>: a validation error under <c>From</c>, or words about the From number.</summary>
    private static bool NamesTheSender(Response response)
    {
        var text = response.Content.ToString();
        return text.Contains("\"From\"", StringComparison.Ordinal)
            || text.Contains("From phone number", StringComparison.OrdinalIgnoreCase)
            || text.Contains("sender", StringComparison.OrdinalIgnoreCase);
    }

    private TimeSpan? RetryAfter(Response response) =>
        RetryAfterHeader.Read(name => response.Headers.TryGetValue(name, out var value) ? value : null, _time);

    /// <summary>One entry of the 202's <c>value</c> array: <c>{to, messageId, httpStatusCode, successful, errorMessage}</c>.</summary>
    private sealed record RecipientResult(bool Successful, string? MessageId, int HttpStatusCode, string? ErrorMessage)
    {
        /// <summary>The entry for <paramref name="to"/>, or null when the body does not say.</summary>
        public static RecipientResult? Read(Response response, string to)
        {
            try
            {
                if (JsonNode.Parse(response.Content.ToMemory().Span)?["value"] is not JsonArray value)
                {
                    return null;
                }

                var entry = value.OfType<JsonObject>().FirstOrDefault(e => e["to"]?.GetValue<string>() == to)
                            ?? (value.Count == 1 ? value[0] as JsonObject : null);
                if (entry?["successful"] is not JsonValue successful || successful.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                {
                    return null;
                }

                // A refusal without a status is no proof the number is bad: 0 reads as transient.
                var status = entry["httpStatusCode"] is JsonValue code && code.GetValueKind() == JsonValueKind.Number ? code.GetValue<int>() : 0;
                return new RecipientResult(successful.GetValue<bool>(), entry["messageId"]?.GetValue<string>(), status, entry["errorMessage"]?.GetValue<string>());
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                return null;
            }
        }
    }
}
