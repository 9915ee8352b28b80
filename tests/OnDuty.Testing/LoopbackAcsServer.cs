using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OnDuty.Testing;

/// <summary>
/// A loopback stand-in for the Azure Communication Services Email REST API (api-version 2025-09-01).
/// It checks requests as the service does — the HMAC-SHA256 signature recomputed from the raw request,
/// the body's content hash, the api-version, the JSON shape — records accepted emails, answers 202 with
/// Operation-Location, and serves operation status polls (Running, then the final status). Sends can be
/// scripted to fail, to lose their answer after the email was taken on, or to stay in progress. It serves the SMS API
/// too (<c>POST /sms</c>, api-version 2021-03-07; LoopbackAcsServer.Sms.cs).
/// </summary>
/// <remarks>
/// It promises only what the documents promise:
/// <list type="bullet">
/// <item>The 2025-09-01 spec (Email Send, <c>Operation-Id</c> header) does not say a second POST with a known
/// Operation-Id returns the existing operation, so here it does not: every POST that is not a documented
/// repeat takes the email on again (a second delivery), as the real service may.</item>
/// <item>Repeatable requests ("Repeatability of requests", learn.microsoft.com/rest/api/communication/repeatable-requests,
/// OASIS Repeatable Requests 1.0): <c>Repeatability-Request-Id</c> (a GUID) + <c>Repeatability-First-Sent</c>
/// (IMF-fixdate) are tracked for 5 minutes. Malformed → 400; first-sent outside the window → 412; a repeat
/// within the window that does not match the first request → 400; a matching repeat while the first is still
/// in progress → 409; after a 2xx or 4xx → that answer again, nothing sent twice; after a 5xx → run again.</item>
/// <item>Status polls are throttled like any call (429 + retry-after; ACS service limits count polls too):
/// script them with <see cref="ScriptPoll"/>.</item>
/// </list>
/// </remarks>
public sealed partial class LoopbackAcsServer : IAsyncDisposable
{
    public const string ApiVersion = "2025-09-01";

    private static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);
    private readonly WebApplication _app;
    private readonly byte[] _key;
    private readonly ConcurrentQueue<AcsScriptedResponse> _script = new();
    private readonly ConcurrentQueue<AcsScriptedResponse> _pollScript = new();
    private readonly ConcurrentQueue<AcsRecordedRequest> _requests = new();
    private readonly ConcurrentQueue<AcsDelivery> _deliveries = new();
    private readonly ConcurrentQueue<string> _sendPosts = new();
    private readonly ConcurrentDictionary<string, Operation> _operations = new();
    private readonly ConcurrentDictionary<string, TrackedRequest> _repeatable = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private (string Code, string Message)? _failNext;
    private int _posts;
    private int _loseNext;
    private Action? _held;
    private Random? _faults;
    private double _faultRate;

    private LoopbackAcsServer(WebApplication app, byte[] key)
    {
        _app = app;
        _key = key;
        AccessKey = Convert.ToBase64String(key);
    }

    /// <summary>The resource endpoint, ending in '/'.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>The base64 access key the server checks signatures with.</summary>
    public string AccessKey { get; }

    public string ConnectionString => $"endpoint={Endpoint};accesskey={AccessKey}";

    /// <summary>Status polls an operation answers with Running before its final status (default 1).</summary>
    public int RunningPolls { get; set; } = 1;

    /// <summary>The retry-after (seconds) sent with 202s and polls.</summary>
    public int RetryAfterSeconds { get; set; }

    /// <summary>
    /// The body of every POST to <c>emails:send</c> as it arrived, before authentication, scripted answers or any
    /// de-duplication: what a recipient would get if the service delivered each one.
    /// </summary>
    public IReadOnlyList<string> SendPosts => _sendPosts.ToArray();

    /// <summary>How long repeatable requests are tracked (the documented 5 minutes).</summary>
    public TimeSpan RepeatabilityWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The service's clock for the repeatability window (tests move it; signatures are checked against the real clock).</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>How long each <c>POST /emails:send</c> takes to be answered, as a real service's latency (benchmarks).</summary>
    public TimeSpan SendLatency { get; set; }

    /// <summary>Every <c>POST /emails:send</c> that reached the server, whatever it was answered.</summary>
    public int PostCount => Volatile.Read(ref _posts);

    /// <summary>Emails the service took on, one per send it executed (a repeated Operation-Id is not deduplicated).</summary>
    public IReadOnlyList<AcsDelivery> Deliveries => _deliveries.ToArray();

    /// <summary>Every request, in order, with the status it got.</summary>
    public IReadOnlyList<AcsRecordedRequest> Requests => _requests.ToArray();

    public static async Task<LoopbackAcsServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackAcsServer(app, RandomNumberGenerator.GetBytes(64));
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = address.TrimEnd('/') + "/";
        return server;
    }

    /// <summary>The next sends (after authentication passes) get these answers, in order.</summary>
    public void ScriptSend(params AcsScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>The next status polls get these answers, in order (the operation's polls are not counted).</summary>
    public void ScriptPoll(params AcsScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _pollScript.Enqueue(response);
        }
    }

    /// <summary>The next send is executed (the email is taken on) but its connection is dropped before the 202: a lost answer.</summary>
    public void LoseNextAnswer() => Interlocked.Exchange(ref _loseNext, 1);

    /// <summary>The next send stays in progress (its connection is dropped, nothing taken on yet) until <see cref="ReleaseHeldSend"/>.</summary>
    public void HoldNextSend()
    {
        lock (_gate)
        {
            _held = () => { };
        }
    }

    /// <summary>Completes the held send: the email is taken on and the operation starts.</summary>
    public void ReleaseHeldSend()
    {
        Action? complete;
        lock (_gate)
        {
            complete = _held;
            _held = null;
        }

        complete?.Invoke();
    }

    /// <summary>
    /// From now on a share <paramref name="rate"/> of sends and status polls fails, drawn from a seeded sequence so a run
    /// can be repeated: a send answers 500 or 503 before taking the email on, 429 with retry-after 1, or takes it on and
    /// loses its answer; a poll answers 503 or 429. Repeatable requests keep their documented semantics throughout.
    /// </summary>
    public void FailRandomly(double rate, int seed)
    {
        lock (_gate)
        {
            _faults = new Random(seed);
            _faultRate = rate;
        }
    }

    /// <summary>The fault for this call (0 = none), drawn from <see cref="FailRandomly"/>'s sequence.</summary>
    private int NextFault(int kinds)
    {
        lock (_gate)
        {
            return _faults is not null && _faults.NextDouble() < _faultRate ? 1 + _faults.Next(kinds) : 0;
        }
    }

    /// <summary>The next new operation ends Failed with this error.</summary>
    public void FailNextOperation(string code, string message)
    {
        lock (_gate)
        {
            _failNext = (code, message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var operationId = request.Headers["Operation-Id"].ToString();
        var isSms = HttpMethods.IsPost(request.Method) && request.Path.Value == "/sms";
        if (HttpMethods.IsPost(request.Method) && request.Path.Value == "/emails:send")
        {
            _sendPosts.Enqueue(Encoding.UTF8.GetString(body));
        }

        int status;
        if (Authenticate(request, target, body) is { } denial)
        {
            status = await ErrorAsync(context.Response, 401, "Denied", "Denied by the resource provider.", denial);
        }
        else if (isSms)
        {
            status = await SmsAsync(context, body);
        }
        else if (request.Query["api-version"].ToString() != ApiVersion)
        {
            status = await ErrorAsync(context.Response, 400, "InvalidApiVersion", $"The api-version '{request.Query["api-version"]}' is not supported; use {ApiVersion}.");
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.Value == "/emails:send")
        {
            Interlocked.Increment(ref _posts);
            if (SendLatency > TimeSpan.Zero)
            {
                await Task.Delay(SendLatency, context.RequestAborted);
            }

            switch (NextFault(4))
            {
                case 1:
                    status = await ErrorAsync(context.Response, 500, "InternalServerError", "Injected fault before the email was taken on.");
                    break;
                case 2:
                    status = await ErrorAsync(context.Response, 503, "ServiceUnavailable", "Injected fault before the email was taken on.");
                    break;
                case 3:
                    context.Response.Headers["retry-after"] = "1";
                    status = await ErrorAsync(context.Response, 429, "TooManyRequests", "Injected throttling.");
                    break;
                case 4:
                    LoseNextAnswer();
                    status = await SendAsync(context, operationId, body);
                    break;
                default:
                    status = await SendAsync(context, operationId, body);
                    break;
            }
        }
        else if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/emails/operations", out var rest) && rest.Value is { Length: > 1 } id)
        {
            switch (NextFault(2))
            {
                case 1:
                    status = await ErrorAsync(context.Response, 503, "ServiceUnavailable", "Injected fault on a status poll.");
                    break;
                case 2:
                    context.Response.Headers["retry-after"] = "1";
                    status = await ErrorAsync(context.Response, 429, "TooManyRequests", "Injected throttling of a status poll.");
                    break;
                default:
                    status = await PollAsync(context.Response, Uri.UnescapeDataString(id.TrimStart('/')));
                    break;
            }
        }
        else
        {
            status = await ErrorAsync(context.Response, 404, "NotFound", $"No route for {request.Method} {request.Path}.");
        }

        if (isSms)
        {
            RecordSmsPost(request, target, body, status);
        }

        _requests.Enqueue(new AcsRecordedRequest(
            request.Method,
            target,
            status,
            string.IsNullOrEmpty(operationId) ? null : operationId,
            request.Headers["Repeatability-Request-Id"].FirstOrDefault(),
            request.Headers["Repeatability-First-Sent"].FirstOrDefault()));
    }

    /// <summary>Null when the request is signed correctly with the access key; otherwise why not.</summary>
    private string? Authenticate(HttpRequest request, string target, byte[] body)
    {
        var match = AuthorizationPattern().Match(request.Headers.Authorization.ToString());
        if (!match.Success)
        {
            return "Authorization is not 'HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…'";
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || (signedAt - DateTimeOffset.UtcNow).Duration() > MaxClockSkew)
        {
            return $"x-ms-date '{date}' is not an RFC 1123 date within {MaxClockSkew} of now";
        }

        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }

        var stringToSign = $"{request.Method.ToUpperInvariant()}\n{target}\n{date};{request.Headers.Host};{contentHash}";
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        var given = new byte[64];
        return Convert.TryFromBase64String(match.Groups["signature"].Value, given, out var length)
               && CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, length))
            ? null
            : "signature mismatch";
    }

    private async Task<int> SendAsync(HttpContext context, string operationId, byte[] body)
    {
        var response = context.Response;
        if (_script.TryDequeue(out var scripted))
        {
            return await ScriptedAsync(response, scripted);
        }

        if (!string.IsNullOrEmpty(operationId) && !Guid.TryParse(operationId, out _))
        {
            return await ErrorAsync(response, 400, "InvalidOperationId", "Operation-Id must be a UUID.");
        }

        var requestId = context.Request.Headers["Repeatability-Request-Id"].ToString();
        var firstSent = context.Request.Headers["Repeatability-First-Sent"].ToString();
        TrackedRequest? tracked = null;
        if (requestId.Length > 0 || firstSent.Length > 0)
        {
            if (!Guid.TryParse(requestId, out _)
                || !DateTimeOffset.TryParseExact(firstSent, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var sentAt))
            {
                return await ErrorAsync(response, 400, "InvalidRepeatabilityHeaders", "Repeatability-Request-Id must be a GUID and Repeatability-First-Sent an IMF-fixdate.");
            }

            if (Clock.GetUtcNow() - sentAt > RepeatabilityWindow)
            {
                return await ErrorAsync(response, 412, "PreconditionFailed", $"Repeatability-First-Sent is not within the {RepeatabilityWindow.TotalMinutes:0} minute window.");
            }

            var fingerprint = Convert.ToBase64String(SHA256.HashData(body)) + "|" + firstSent + "|" + operationId;
            lock (_gate)
            {
                if (_repeatable.TryGetValue(requestId, out var earlier))
                {
                    if (earlier.Fingerprint != fingerprint)
                    {
                        return ErrorAsync(response, 400, "RepeatabilityMismatch", "A repeated request must match the first one.").GetAwaiter().GetResult();
                    }

                    if (earlier.Answer is null)
                    {
                        return ErrorAsync(response, 409, "Conflict", "The original request is still in progress.").GetAwaiter().GetResult();
                    }

                    if (earlier.Answer.Status < 500)
                    {
                        response.Headers["Repeatability-Result"] = "accepted";
                        return ReplayAsync(response, earlier.Answer).GetAwaiter().GetResult();
                    }
                }

                tracked = new TrackedRequest(fingerprint);
                _repeatable[requestId] = tracked;
            }
        }

        if (ReadDelivery(operationId, body, out var delivery) is { } invalid)
        {
            return await ReplayAsync(response, Record(tracked, Error(400, "BadRequest", invalid)));
        }

        var id = string.IsNullOrEmpty(operationId) ? Guid.NewGuid().ToString() : operationId;
        lock (_gate)
        {
            if (_held is not null)
            {
                // Still in progress: nothing is taken on until the test releases it, and this connection gets no answer.
                _held = () => Record(tracked, Execute(id, delivery!));
                context.Abort();
                return 0;
            }
        }

        var answer = Record(tracked, Execute(id, delivery!));
        if (Interlocked.Exchange(ref _loseNext, 0) == 1)
        {
            context.Abort();
            return answer.Status;
        }

        return await ReplayAsync(response, answer);
    }

    /// <summary>Takes the email on: a new operation under the id (replacing one of the same id) and a delivery.</summary>
    private Answer Execute(string id, AcsDelivery delivery)
    {
        Operation operation;
        lock (_gate)
        {
            operation = new Operation(id, _failNext);
            _failNext = null;
            _operations[id] = operation;
            _deliveries.Enqueue(delivery with { OperationId = id, AcceptedAt = Clock.GetUtcNow() });
        }

        return new Answer(202, StatusJson(operation, operation.Polls > RunningPolls ? operation.FinalStatus : "Running"), $"{Endpoint}emails/operations/{id}?api-version={ApiVersion}");
    }

    private static Answer Record(TrackedRequest? tracked, Answer answer)
    {
        if (tracked is not null)
        {
            tracked.Answer = answer;
        }

        return answer;
    }

    private async Task<int> ReplayAsync(HttpResponse response, Answer answer)
    {
        if (answer.OperationLocation is { } location)
        {
            response.Headers["Operation-Location"] = location;
            response.Headers["retry-after"] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        }

        response.StatusCode = answer.Status;
        response.ContentType = "application/json";
        await response.WriteAsync(answer.Body.ToJsonString());
        return answer.Status;
    }

    private async Task<int> PollAsync(HttpResponse response, string id)
    {
        if (_pollScript.TryDequeue(out var scripted))
        {
            return await ScriptedAsync(response, scripted);
        }

        if (!_operations.TryGetValue(id, out var operation))
        {
            return await ErrorAsync(response, 404, "NotFound", $"Operation {id} not found.");
        }

        var polls = Interlocked.Increment(ref operation.Polls);
        return await StatusAsync(response, 200, operation, polls > RunningPolls ? operation.FinalStatus : "Running");
    }

    private static async Task<int> ScriptedAsync(HttpResponse response, AcsScriptedResponse scripted)
    {
        if (scripted.RetryAfterSeconds is { } seconds)
        {
            response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (scripted.RetryAfterMs is { } ms)
        {
            response.Headers["retry-after-ms"] = ms.ToString(CultureInfo.InvariantCulture);
        }

        response.StatusCode = scripted.Status;
        response.ContentType = "application/json";
        await response.WriteAsync(scripted.Body ?? "");
        return scripted.Status;
    }

    private static JsonObject StatusJson(Operation operation, string operationStatus)
    {
        var json = new JsonObject { ["id"] = operation.Id, ["status"] = operationStatus };
        if (operationStatus == "Failed" && operation.Failure is { } failure)
        {
            json["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message };
        }

        return json;
    }

    private static Answer Error(int status, string code, string message) =>
        new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, null);

    private async Task<int> StatusAsync(HttpResponse response, int status, Operation operation, string operationStatus)
    {
        var json = StatusJson(operation, operationStatus);
        response.Headers["retry-after"] = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(json.ToJsonString());
        return status;
    }

    private static async Task<int> ErrorAsync(HttpResponse response, int status, string code, string message, string? detail = null)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        if (detail is not null)
        {
            // Not something the real service says; it helps a failing test explain itself.
            response.Headers["x-loopback-acs-detail"] = detail;
        }

        await response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString());
        return status;
    }

    /// <summary>Checks the request body has the shape the service requires; null when it does.</summary>
    private static string? ReadDelivery(string operationId, byte[] body, out AcsDelivery? delivery)
    {
        delivery = null;
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException ex)
        {
            return $"The request body is not JSON: {ex.Message}";
        }

        if (json?["senderAddress"] is not JsonValue sender || sender.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(sender.GetValue<string>()))
        {
            return "senderAddress is required.";
        }

        // The spec makes recipients.to a required array; the service's own SDK sends it empty for a blind-copied message
        // and only refuses one with no recipient at all in to, cc and bcc.
        if (json["recipients"]?["to"] is not JsonArray to)
        {
            return "recipients.to is required.";
        }

        var all = to.Concat(json["recipients"]?["cc"] as JsonArray ?? []).Concat(json["recipients"]?["bcc"] as JsonArray ?? []).ToList();
        if (all.Count == 0)
        {
            return "recipients must list at least one recipient in to, cc or bcc.";
        }

        if (all.Count > 50)
        {
            return "A message may have at most 50 recipients.";
        }

        var recipients = new List<AcsRecipient>();
        var bcc = new List<AcsRecipient>();
        foreach (var (list, into) in new[] { (to, recipients), (json["recipients"]?["bcc"] as JsonArray ?? [], bcc) })
        {
            foreach (var recipient in list)
            {
                if (recipient?["address"] is not JsonValue address || address.GetValueKind() != JsonValueKind.String || !address.GetValue<string>().Contains('@'))
                {
                    return "Every recipient needs an email address in 'address'.";
                }

                into.Add(new AcsRecipient(address.GetValue<string>(), recipient["displayName"]?.GetValue<string>()));
            }
        }

        if (json["content"] is not JsonObject content || content["subject"] is not JsonValue subject || subject.GetValueKind() != JsonValueKind.String)
        {
            return "content.subject is required.";
        }

        var plainText = content["plainText"]?.GetValue<string>();
        var html = content["html"]?.GetValue<string>();
        if (plainText is null && html is null)
        {
            return "content needs plainText or html.";
        }

        var headers = (json["headers"] as JsonObject)?.ToDictionary(h => h.Key, h => h.Value?.GetValue<string>() ?? "") ?? [];
        delivery = new AcsDelivery(
            operationId,
            sender.GetValue<string>(),
            recipients,
            subject.GetValue<string>(),
            plainText,
            html,
            headers,
            json["userEngagementTrackingDisabled"]?.GetValue<bool>())
        {
            Bcc = bcc,
        };
        return null;
    }

    [GeneratedRegex("^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(?<signature>[A-Za-z0-9+/=]+)$")]
    private static partial Regex AuthorizationPattern();

    private sealed record Answer(int Status, JsonObject Body, string? OperationLocation);

    /// <summary>A repeatable request: what identifies it (body, first-sent, Operation-Id) and its answer once it has one.</summary>
    private sealed class TrackedRequest(string fingerprint)
    {
        public string Fingerprint { get; } = fingerprint;

        public Answer? Answer { get; set; }
    }

    private sealed class Operation(string id, (string Code, string Message)? failure)
    {
        public int Polls;

        public string Id { get; } = id;

        public (string Code, string Message)? Failure { get; } = failure;

        public string FinalStatus => Failure is null ? "Succeeded" : "Failed";
    }
}

/// <summary>An email the fake service accepted.</summary>
public sealed record AcsDelivery(
    string OperationId,
    string SenderAddress,
    IReadOnlyList<AcsRecipient> To,
    string Subject,
    string? PlainText,
    string? Html,
    IReadOnlyDictionary<string, string> Headers,
    bool? UserEngagementTrackingDisabled)
{
    /// <summary>The blind-copied recipients (<c>recipients.bcc</c>).</summary>
    public IReadOnlyList<AcsRecipient> Bcc { get; init; } = [];

    /// <summary>When the service took the email on (its <see cref="LoopbackAcsServer.Clock"/>).</summary>
    public DateTimeOffset AcceptedAt { get; init; }
}

public sealed record AcsRecipient(string Address, string? DisplayName);

/// <summary>A request as received; <paramref name="Status"/> is 0 for a send held in progress.</summary>
public sealed record AcsRecordedRequest(string Method, string Target, int Status, string? OperationId, string? RepeatabilityRequestId = null, string? RepeatabilityFirstSent = null);

/// <summary>A scripted answer to a send or poll: status, JSON body, and retry-after (seconds) or retry-after-ms.</summary>
public sealed record AcsScriptedResponse(int Status, string? Body = null, int? RetryAfterSeconds = null, int? RetryAfterMs = null);
