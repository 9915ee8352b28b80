using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Http;

namespace OnDuty.Infrastructure.Email.Acs;

/// <summary>
/// Sends email through the Azure Communication Services Email REST API on an Azure.Core pipeline
/// (the Azure.Communication.Email SDK can replace it behind <see cref="IEmailSender"/>). One call is one
/// attempt: send with an <c>Operation-Id</c> derived from the outbox message id; ACS's 202 means it took the
/// message (<see cref="SendResult.Accepted"/>), and its final status is polled later, off the send path
/// (<see cref="ConfirmAsync"/>).
/// </summary>
/// <remarks>
/// ACS does not document that a second POST with a known Operation-Id returns the existing operation, so a retry
/// never relies on it: an attempt that may follow an earlier one (a recorded attempt, or a message queued long ago)
/// first asks <c>GET /emails/operations/{id}</c> and sends only when the service does not know the operation. Every
/// send is also a repeatable request (<c>Repeatability-Request-Id</c> + <c>Repeatability-First-Sent</c>): a repeat
/// while the first request runs answers 409 (still running: poll later), one outside the 5-minute window 412 (the
/// first may have been taken on: poll). A 429 on a poll ends the attempt with the service's retry-after and the next
/// attempt polls again; it never leads to a second POST. Polls are paced across all sends of the process
/// (<see cref="AcsSettings.MaxPollsPerMinute"/>), so a large batch polls less per message.
/// </remarks>
public sealed class AcsEmailSender : IEmailSender
{
    internal const int MaxRecipients = 50;
    internal const string Scope = AcsClient.Scope;

    /// <summary>ACS tracks repeatable requests for 5 minutes; a request's first-sent is the start of its 4-minute slot, so it stays inside.</summary>
    internal static readonly TimeSpan RepeatabilitySlot = TimeSpan.FromMinutes(4);

    /// <summary>A first attempt this long after queuing may follow an attempt that was never recorded.</summary>
    internal static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(1);

    /// <summary>How long a status check of an accepted message waits for a poll slot before leaving it for the next sweep.</summary>
    internal static readonly TimeSpan ConfirmWait = TimeSpan.FromSeconds(5);

    private readonly HttpPipeline _pipeline;
    private readonly Uri _endpoint;
    private readonly AcsSettings _acs;
    private readonly string _from;
    private readonly bool _usesAccessKey;
    private readonly TimeProvider _time;
    private readonly AcsPollPacer _pacer;
    private readonly ILogger<AcsEmailSender> _logger;

    public AcsEmailSender(IOptions<EmailOptions> options, TimeProvider time, ILogger<AcsEmailSender> logger)
    {
        var email = options.Value;
        _acs = email.Acs;
        _from = email.From!;
        _time = time;
        _pacer = new AcsPollPacer(time, _acs.MaxPollsPerMinute);
        _logger = logger;

        (_pipeline, _endpoint, _usesAccessKey) = AcsClient.Create(_acs.ConnectionString, _acs.Endpoint, _acs.ManagedIdentityClientId, time, "Email__Acs");
    }

    public async Task<SendResult> SendAsync(EmailMessage message, string messageId, CancellationToken cancellationToken)
    {
        var operationId = OperationIdFor(messageId).ToString();
        var body = Body(message, messageId);
        if (body.Recipients > MaxRecipients)
        {
            return new SendResult.Permanent($"ACS takes at most {MaxRecipients} recipients a message; this one has {body.Recipients}.");
        }

        try
        {
            if (MayFollowAnEarlierAttempt(message))
            {
                if (_pacer.Reserve(TimeSpan.Zero, _acs.PollTimeout) is not { } wait)
                {
                    return new SendResult.Transient($"ACS status polls are paced (Email__Acs__MaxPollsPerMinute, or a 429's retry-after): operation {operationId} is looked up on the next attempt", _pacer.NextSlotIn());
                }

                await Task.Delay(wait, _time, cancellationToken);
                var earlier = await PollAsync(operationId, cancellationToken);
                if (earlier.Status is not null)
                {
                    _logger.LogInformation("ACS already knows operation {OperationId} of outbox message {MessageId} ({Status}); not sending again", operationId, messageId, earlier.Status.Status);
                    return Settle(operationId, earlier.Status);
                }

                if (earlier.Failure is not null)
                {
                    return earlier.Failure;
                }
            }

            using var send = CreateSend(operationId, messageId, body.Json);
            await _pipeline.SendAsync(send, cancellationToken);
            var response = send.Response;
            switch (response.Status)
            {
                case (int)HttpStatusCode.Accepted:
                    var accepted = OperationStatus.Read(response);
                    var id = string.IsNullOrEmpty(accepted.Id) ? operationId : accepted.Id;
                    _logger.LogInformation("ACS accepted email operation {OperationId} for outbox message {MessageId} ({Status})", id, messageId, accepted.Status);
                    return Settle(id, accepted);
                case (int)HttpStatusCode.Conflict:
                    // The same repeatable request is still being processed: the next attempt polls for its operation.
                    return new SendResult.Transient(
                        $"ACS is still processing the first send of operation {operationId} (409 {AcsClient.Describe(response)}); the next attempt polls it",
                        RetryAfter(response) ?? _acs.PollInterval);
                case (int)HttpStatusCode.PreconditionFailed:
                    // Outside the repeatability window: an earlier request may have been taken on, so look before anything else.
                    var found = await PollAsync(operationId, cancellationToken);
                    return found.Status is not null
                        ? Settle(operationId, found.Status)
                        : found.Failure ?? new SendResult.Transient(
                            $"ACS refused the send as outside its repeatability window (412 {AcsClient.Describe(response)}) and does not know operation {operationId}: check this machine's clock");
                default:
                    // Named by its Operation-Id, so a warning in the log matches ACS's own logs.
                    return Refused(response, $"send of operation {operationId}");
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            return new SendResult.Transient($"ACS unreachable at {_endpoint.Host} (operation {operationId}): {ex.Message}");
        }
        catch (AuthenticationFailedException ex)
        {
            return new SendResult.Transient($"ACS: could not get an Entra ID token for {Scope} (Email__Acs__Endpoint with a managed identity): {ex.Message}");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendResult.Transient($"ACS timed out (operation {operationId}): {ex.Message}");
        }
    }

    /// <summary>The repeatable-request id for a send of a message in a slot: the same for every attempt inside the slot.</summary>
    internal static Guid RepeatabilityIdFor(string messageId, DateTimeOffset firstSent) =>
        OperationIdFor(messageId + "|" + firstSent.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));

    /// <summary>The start of the <see cref="RepeatabilitySlot"/> <paramref name="now"/> falls in, whole seconds.</summary>
    internal static DateTimeOffset FirstSentFor(DateTimeOffset now) =>
        new(now.UtcTicks - (now.UtcTicks % RepeatabilitySlot.Ticks), TimeSpan.Zero);

    private bool MayFollowAnEarlierAttempt(EmailMessage message) =>
        message.PriorAttempts > 0 || message.QueuedAt is not { } queued || (_time.GetUtcNow() - queued).Duration() > FreshFor;

    private HttpMessage CreateSend(string operationId, string messageId, byte[] json)
    {
        var firstSent = FirstSentFor(_time.GetUtcNow());
        var send = _pipeline.CreateMessage();
        send.Request.Method = RequestMethod.Post;
        send.Request.Uri.Reset(_endpoint);
        send.Request.Uri.AppendPath("emails:send", escape: false);
        send.Request.Uri.AppendQuery("api-version", _acs.ApiVersion, escapeValue: true);
        send.Request.Headers.SetValue("Operation-Id", operationId);
        send.Request.Headers.SetValue("Repeatability-Request-Id", RepeatabilityIdFor(messageId, firstSent).ToString());
        send.Request.Headers.SetValue("Repeatability-First-Sent", firstSent.ToString("r", CultureInfo.InvariantCulture));
        send.Request.Headers.SetValue(HttpHeader.Names.ContentType, "application/json");
        send.Request.Content = RequestContent.Create(json);
        return send;
    }

    /// <summary>The Operation-Id for an outbox message: the first 16 bytes of SHA-256(messageId) as a version-8 UUID.</summary>
    public static Guid OperationIdFor(string messageId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(messageId), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }

    internal (byte[] Json, int Recipients) Body(EmailMessage message, string messageId)
    {
        // A blind-copied batch has nobody in "to" (the spec's required array, empty, as the service's own SDK sends it),
        // so all 50 recipients ACS allows are readers, and no reader sees another.
        var to = new JsonArray();
        if (message.Bcc.Count == 0)
        {
            var recipient = new JsonObject { ["address"] = message.To };
            if (!string.IsNullOrWhiteSpace(message.ToName))
            {
                recipient["displayName"] = message.ToName;
            }

            to.Add(recipient);
        }

        var recipients = new JsonObject { ["to"] = to };
        if (message.Bcc.Count > 0)
        {
            recipients["bcc"] = new JsonArray([.. message.Bcc.Select(address => (JsonNode)new JsonObject { ["address"] = address })]);
        }

        var content = new JsonObject { ["subject"] = message.Subject, ["plainText"] = message.TextBody };
        if (message.HtmlBody is not null)
        {
            content["html"] = message.HtmlBody;
        }

        var json = new JsonObject
        {
            ["senderAddress"] = _from,
            ["recipients"] = recipients,
            ["content"] = content,
            ["headers"] = Headers(message, messageId),
            ["userEngagementTrackingDisabled"] = true,
        };
        return (JsonSerializer.SerializeToUtf8Bytes(json), to.Count + message.Bcc.Count);
    }

    /// <summary>The outbox id, and for a mail of a series (<see cref="EmailMessage.Thread"/>) the reply headers that thread it, as SMTP sends them.</summary>
    private JsonObject Headers(EmailMessage message, string messageId)
    {
        var headers = new JsonObject { ["X-OnDuty-Message"] = messageId.Length <= 200 ? messageId : messageId[..200] };
        if (message.Thread is { } thread)
        {
            var root = $"<{SmtpEmailSender.StableMessageId(thread, _from)}>";
            headers["In-Reply-To"] = root;
            headers["References"] = root;
        }

        return headers;
    }

    /// <summary>
    /// What an operation's status means for the outbox: done, given up, or accepted and still being processed — then the
    /// message counts as sent and its final status is asked for later (<see cref="ConfirmAsync"/>), so no send waits for
    /// status polls, which ACS counts against the same per-minute limits as sends.
    /// </summary>
    private SendResult Settle(string id, OperationStatus status)
    {
        switch (status.Status)
        {
            case "Succeeded":
                // Done already (a retry found the operation): its delivery reports still name it.
                return new SendResult.Delivered(id) { ReportId = id };
            case "Failed" or "Canceled":
                _logger.LogWarning("ACS email operation {OperationId} ended {Status}: {Error}", id, status.Status, status.Error);
                return new SendResult.Permanent($"ACS email operation {id} {status.Status}: {status.Error ?? "no error given"}");
            default:
                return new SendResult.Accepted(id);
        }
    }

    /// <summary>
    /// One paced status poll of an accepted operation. When no poll slot is free within <see cref="ConfirmWait"/> (or a
    /// 429's retry-after runs), nothing is asked and the outbox asks again later.
    /// </summary>
    public async Task<DeliveryConfirmation> ConfirmAsync(string providerId, CancellationToken cancellationToken)
    {
        if (_pacer.Reserve(TimeSpan.Zero, ConfirmWait) is not { } wait)
        {
            return new DeliveryConfirmation.NotYet("ACS status polls are paced (Email__Acs__MaxPollsPerMinute, or a 429's retry-after)", Answered: false, _pacer.NextSlotIn());
        }

        try
        {
            await Task.Delay(wait, _time, cancellationToken);
            var poll = await PollAsync(providerId, cancellationToken);
            if (poll.Status is null)
            {
                return poll.Failure is SendResult.Transient transient
                    ? new DeliveryConfirmation.NotYet(transient.Error, Answered: false, transient.RetryAfter)
                    : new DeliveryConfirmation.NotYet($"ACS does not know operation {providerId} (any more)", Answered: false);
            }

            return Settle(providerId, poll.Status) switch
            {
                SendResult.Delivered => new DeliveryConfirmation.Confirmed(),
                SendResult.Permanent failed => new DeliveryConfirmation.Failed(failed.Error),
                _ => new DeliveryConfirmation.NotYet($"ACS email operation {providerId} is {poll.Status.Status}", Answered: true, poll.RetryAfter),
            };
        }
        catch (RequestFailedException ex) when (ex.Status == 0)
        {
            return new DeliveryConfirmation.NotYet($"ACS unreachable at {_endpoint.Host}: {ex.Message}", Answered: false);
        }
        catch (AuthenticationFailedException ex)
        {
            return new DeliveryConfirmation.NotYet($"ACS: no Entra ID token for {Scope}: {ex.Message}", Answered: false);
        }
    }

    /// <summary>One <c>GET /emails/operations/{id}</c>: the status, or nothing when ACS does not know the operation (404), or the failure to report.</summary>
    private async Task<PollResult> PollAsync(string id, CancellationToken cancellationToken)
    {
        using var poll = _pipeline.CreateMessage();
        poll.Request.Method = RequestMethod.Get;
        poll.Request.Uri.Reset(_endpoint);
        poll.Request.Uri.AppendPath("emails/operations/", escape: false);
        poll.Request.Uri.AppendPath(id, escape: true);
        poll.Request.Uri.AppendQuery("api-version", _acs.ApiVersion, escapeValue: true);
        await _pipeline.SendAsync(poll, cancellationToken);
        var response = poll.Response;
        var retryAfter = RetryAfter(response);
        switch (response.Status)
        {
            case (int)HttpStatusCode.OK:
                return new PollResult(OperationStatus.Read(response), retryAfter, null);
            case (int)HttpStatusCode.NotFound:
                return new PollResult(null, null, null);
            case (int)HttpStatusCode.TooManyRequests:
                // Polls count against the same per-minute limits as sends: every poll of this process waits it out.
                _pacer.Throttled(retryAfter ?? _acs.PollInterval);
                break;
        }

        return new PollResult(null, null, new SendResult.Transient(
            $"ACS status poll for operation {id} answered {response.Status} {AcsClient.Describe(response)}; the next attempt polls again",
            retryAfter));
    }

    private SendResult Refused(Response response, string what)
    {
        var status = response.Status;
        var detail = $"{status} {AcsClient.Describe(response)}";
        if (status is 401 or 403)
        {
            // OnDuty's own key or role, not the recipient: every email fails alike until it is fixed (a new key during a rotation,
            // a role assignment still propagating after the first deployment), so it is retried as a sender refusal and the
            // pages waiting go out once it is fixed, instead of each page being given up at once.
            return SenderRefusal.Of(_usesAccessKey
                ? $"ACS refused the {what} ({detail}): check the access key in Email__Acs__ConnectionString."
                : $"ACS refused the {what} ({detail}): check that the managed identity has a Communication Services role on Email__Acs__Endpoint.",
                RetryAfter(response));
        }

        if (RetryAfterHeader.IsTransientStatus(status))
        {
            return new SendResult.Transient($"ACS {what} answered {detail}", RetryAfter(response));
        }

        return SenderRefusal.IsAcsSenderRefusal(status, detail)
            ? SenderRefusal.Of($"ACS refused the {what} ({detail})", RetryAfter(response))
            : new SendResult.Permanent($"ACS refused the {what} ({detail})");
    }

    private TimeSpan? RetryAfter(Response response) =>
        RetryAfterHeader.Read(name => response.Headers.TryGetValue(name, out var value) ? value : null, _time);

    /// <summary>A poll's outcome: the operation's status, or neither (unknown operation), or the failure to report.</summary>
    private sealed record PollResult(OperationStatus? Status, TimeSpan? RetryAfter, SendResult? Failure);

    /// <summary><c>{id, status, error{code,message}}</c> from a 202 or a status poll.</summary>
    private sealed record OperationStatus(string? Id, string Status, string? Error)
    {
        public static OperationStatus Read(Response response)
        {
            try
            {
                var json = JsonNode.Parse(response.Content.ToMemory().Span);
                return new OperationStatus(
                    json?["id"]?.GetValue<string>(),
                    json?["status"]?.GetValue<string>() ?? "Unknown",
                    AcsClient.Error(json?["error"]));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                return new OperationStatus(null, "Unknown", $"unreadable status body: {ex.Message}");
            }
        }
    }
}
