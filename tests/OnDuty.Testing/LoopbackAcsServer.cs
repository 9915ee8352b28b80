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
/// Operation-Location, and serves operation status polls (Running, then the final status). An Operation-Id
/// seen before returns the existing operation and delivers nothing new. Sends can be scripted to fail.
/// </summary>
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
    private readonly Lock _gate = new();
    private (string Code, string Message)? _failNext;

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

    /// <summary>Emails the service took on, one per new Operation-Id.</summary>
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
        if (HttpMethods.IsPost(request.Method) && request.Path.Value == "/emails:send")
        {
            _sendPosts.Enqueue(Encoding.UTF8.GetString(body));
        }

        int status;
        if (Authenticate(request, target, body) is { } denial)
        {
            status = await ErrorAsync(context.Response, 401, "Denied", "Denied by the resource provider.", denial);
        }
        else if (request.Query["api-version"].ToString() != ApiVersion)
        {
            status = await ErrorAsync(context.Response, 400, "InvalidApiVersion", $"The api-version '{request.Query["api-version"]}' is not supported; use {ApiVersion}.");
        }
        else if (HttpMethods.IsPost(request.Method) && request.Path.Value == "/emails:send")
        {
            status = await SendAsync(context.Response, operationId, body);
        }
        else if (HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments("/emails/operations", out var rest) && rest.Value is { Length: > 1 } id)
        {
            status = await PollAsync(context.Response, Uri.UnescapeDataString(id.TrimStart('/')));
        }
        else
        {
            status = await ErrorAsync(context.Response, 404, "NotFound", $"No route for {request.Method} {request.Path}.");
        }

        _requests.Enqueue(new AcsRecordedRequest(request.Method, target, status, string.IsNullOrEmpty(operationId) ? null : operationId));
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

    private async Task<int> SendAsync(HttpResponse response, string operationId, byte[] body)
    {
        if (_script.TryDequeue(out var scripted))
        {
            return await ScriptedAsync(response, scripted);
        }

        if (!string.IsNullOrEmpty(operationId) && !Guid.TryParse(operationId, out _))
        {
            return await ErrorAsync(response, 400, "InvalidOperationId", "Operation-Id must be a UUID.");
        }

        if (ReadDelivery(operationId, body, out var delivery) is { } invalid)
        {
            return await ErrorAsync(response, 400, "BadRequest", invalid);
        }

        Operation operation;
        lock (_gate)
        {
            var id = string.IsNullOrEmpty(operationId) ? Guid.NewGuid().ToString() : operationId;
            if (!_operations.TryGetValue(id, out operation!))
            {
                operation = new Operation(id, _failNext);
                _failNext = null;
                _operations[id] = operation;
                _deliveries.Enqueue(delivery! with { OperationId = id });
            }
        }

        response.Headers["Operation-Location"] = $"{Endpoint}emails/operations/{operation.Id}?api-version={ApiVersion}";
        return await StatusAsync(response, 202, operation, operation.Polls > RunningPolls ? operation.FinalStatus : "Running");
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

    private async Task<int> StatusAsync(HttpResponse response, int status, Operation operation, string operationStatus)
    {
        var json = new JsonObject { ["id"] = operation.Id, ["status"] = operationStatus };
        if (operationStatus == "Failed" && operation.Failure is { } failure)
        {
            json["error"] = new JsonObject { ["code"] = failure.Code, ["message"] = failure.Message };
        }

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

        if (json["recipients"]?["to"] is not JsonArray to || to.Count == 0)
        {
            return "recipients.to must list at least one recipient.";
        }

        var all = to.Concat(json["recipients"]?["cc"] as JsonArray ?? []).Concat(json["recipients"]?["bcc"] as JsonArray ?? []).ToList();
        if (all.Count > 50)
        {
            return "A message may have at most 50 recipients.";
        }

        var recipients = new List<AcsRecipient>();
        foreach (var recipient in to)
        {
            if (recipient?["address"] is not JsonValue address || address.GetValueKind() != JsonValueKind.String || !address.GetValue<string>().Contains('@'))
            {
                return "Every recipient needs an email address in 'address'.";
            }

            recipients.Add(new AcsRecipient(address.GetValue<string>(), recipient["displayName"]?.GetValue<string>()));
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
            json["userEngagementTrackingDisabled"]?.GetValue<bool>());
        return null;
    }

    [GeneratedRegex("^HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=(?<signature>[A-Za-z0-9+/=]+)$")]
    private static partial Regex AuthorizationPattern();

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
    bool? UserEngagementTrackingDisabled);

public sealed record AcsRecipient(string Address, string? DisplayName);

public sealed record AcsRecordedRequest(string Method, string Target, int Status, string? OperationId);

/// <summary>A scripted answer to a send or poll: status, JSON body, and retry-after (seconds) or retry-after-ms.</summary>
public sealed record AcsScriptedResponse(int Status, string? Body = null, int? RetryAfterSeconds = null, int? RetryAfterMs = null);
