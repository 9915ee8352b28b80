using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using OnDuty.Core.Notifications;

namespace OnDuty.Testing;

/// <summary>
/// A loopback stand-in for Twilio Programmable Messaging's Message resource:
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>. It checks requests as Twilio documents them — HTTP Basic auth
/// with the account's SID and Auth Token, the account in the path, a form-encoded body with an E.164 <c>To</c>, a
/// non-empty <c>Body</c> of at most 1600 characters, and a sender — records each text taken on, and answers 201 with
/// Twilio's Message JSON, or 4xx/5xx with Twilio's error JSON (<c>{code, message, more_info, status}</c>).
/// </summary>
/// <remarks>
/// It is stricter than Twilio in two places: it wants exactly one of <c>From</c> and <c>MessagingServiceSid</c>, because
/// OnDuty sends one (Twilio takes both when <c>From</c> is in the service's sender pool), and each parameter once. A Messaging Service other than
/// <see cref="MessagingServiceSid"/> does not exist in the account. Like Twilio, nothing makes a repeated POST one text:
/// every POST taken on is a delivery.
/// </remarks>
public sealed partial class LoopbackTwilioServer : IAsyncDisposable
{
    /// <summary>Twilio's limit on a message body, in characters.</summary>
    public const int MaxBodyLength = 1600;

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TwilioScriptedResponse> _script = new();
    private readonly ConcurrentQueue<TwilioPost> _posts = new();
    private readonly ConcurrentQueue<TwilioDelivery> _deliveries = new();
    private readonly ConcurrentDictionary<string, int> _refused = new();

    private LoopbackTwilioServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The API root to configure as <c>Sms__Twilio__BaseUrl</c> (<c>http://127.0.0.1:port</c>, no trailing '/').</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The account's SID (<c>AC</c> + 32 hex digits), the Basic auth user name.</summary>
    public string AccountSid { get; } = "AC" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The account's Auth Token, the Basic auth password.</summary>
    public string AuthToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The one Messaging Service of the account (<c>MG</c> + 32 hex digits).</summary>
    public string MessagingServiceSid { get; } = "MG" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>How long each request waits before it is answered (a client that gives up first gets no answer: status 0).</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>The service's clock, for the message's <c>date_created</c>.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Texts the service took on, one per POST answered 201.</summary>
    public IReadOnlyList<TwilioDelivery> Deliveries => _deliveries.ToArray();

    /// <summary>Every request as it arrived (raw body and headers), with the status it got, whatever it was answered.</summary>
    public IReadOnlyList<TwilioPost> Posts => _posts.ToArray();

    public static async Task<LoopbackTwilioServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackTwilioServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return server;
    }

    /// <summary>The next POSTs (once authentication and the path pass) get these answers, in order: 429 with Retry-After, 500, 401…</summary>
    public void Script(params TwilioScriptedResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    /// <summary>
    /// From now on every text to <paramref name="to"/> is refused with 400 and Twilio's <paramref name="code"/>: 21211 (not a
    /// valid phone number), 21610 (the recipient replied STOP), 21614 (not a mobile number), 21408 (region not enabled).
    /// </summary>
    public void RefuseNumber(string to, int code = 21211) => _refused[to] = code;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = Encoding.UTF8.GetString(buffer.ToArray());

        int status;
        try
        {
            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay, context.RequestAborted);
            }

            status = await AnswerAsync(context, body);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = 0;
        }

        _posts.Enqueue(new TwilioPost(
            request.Method,
            request.Path + request.QueryString,
            request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            status));
    }

    private async Task<int> AnswerAsync(HttpContext context, string body)
    {
        var request = context.Request;
        var response = context.Response;
        if (!Authenticated(request))
        {
            response.Headers.WWWAuthenticate = "Basic realm=\"Twilio API\"";
            return await ErrorAsync(response, 401, 20003, "Authenticate", "Your AccountSid or AuthToken was incorrect.");
        }

        if (MessagesPath().Match(request.Path.Value ?? "") is not { Success: true } path || path.Groups["account"].Value != AccountSid)
        {
            return await ErrorAsync(response, 404, 20404, $"The requested resource {request.Path} was not found");
        }

        if (!HttpMethods.IsPost(request.Method))
        {
            return await ErrorAsync(response, 405, 20004, "Method not allowed");
        }

        if (_script.TryDequeue(out var scripted))
        {
            return await ScriptedAsync(response, scripted);
        }

        if (Read(request.ContentType, body, out var text) is { } invalid)
        {
            return await ErrorAsync(response, 400, invalid.Code, invalid.Message);
        }

        if (_refused.TryGetValue(text!.To, out var code))
        {
            return await ErrorAsync(response, 400, code, RefusalMessage(code, text.To));
        }

        var sid = "SM" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _deliveries.Enqueue(new TwilioDelivery(text.To, text.From, text.MessagingServiceSid, text.Body, sid));
        return await MessageAsync(response, sid, text);
    }

    private bool Authenticated(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || header.Parameter is null)
        {
            return false;
        }

        var decoded = new byte[header.Parameter.Length];
        if (!Convert.TryFromBase64String(header.Parameter, decoded, out var length))
        {
            return false;
        }

        var expected = Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}");
        return CryptographicOperations.FixedTimeEquals(expected, decoded.AsSpan(0, length));
    }

    /// <summary>The form as Twilio reads it; Twilio's error code and message when it would refuse it.</summary>
    private (int Code, string Message)? Read(string? contentType, string body, out OutgoingText? text)
    {
        text = null;
        var form = MediaTypeHeaderValue.TryParse(contentType, out var type) && type.MediaType == "application/x-www-form-urlencoded"
            ? new FormReader(body).ReadForm()
            : new Dictionary<string, StringValues>();
        if (form.FirstOrDefault(p => p.Value.Count > 1).Key is { } repeated)
        {
            return (20001, $"The parameter '{repeated}' was given {form[repeated].Count} times (this stand-in is stricter than Twilio).");
        }

        string? Value(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var to = Value("To");
        var from = Value("From");
        var service = Value("MessagingServiceSid");
        var message = Value("Body");
        if (string.IsNullOrEmpty(to))
        {
            return (21604, "A 'To' phone number is required.");
        }

        if (!PhoneNumber.IsValid(to))
        {
            return (21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (string.IsNullOrEmpty(from) == string.IsNullOrEmpty(service))
        {
            return (21603, string.IsNullOrEmpty(from)
                ? "A 'From' or 'MessagingServiceSid' parameter is required to send a message."
                : "Send one of 'From' and 'MessagingServiceSid', not both (this stand-in is stricter than Twilio).");
        }

        if (from is not null && !PhoneNumber.IsValid(from) && !IsAlphanumericSenderId(from))
        {
            return (21212, $"The 'From' number {from} is not a valid phone number, shortcode, or alphanumeric sender ID.");
        }

        if (service is not null && service != MessagingServiceSid)
        {
            return (21701, $"The Messaging Service Sid {service} is invalid.");
        }

        if (string.IsNullOrEmpty(message))
        {
            return (21602, "Message body is required.");
        }

        if (message.Length > MaxBodyLength)
        {
            return (21617, $"The concatenated message body exceeds the {MaxBodyLength} character limit.");
        }

        text = new OutgoingText(to, from, service, message);
        return null;
    }

    private static bool IsAlphanumericSenderId(string text) =>
        text.Length is > 0 and <= 11 && text.All(c => char.IsAsciiLetterOrDigit(c) || c == ' ') && text.Any(char.IsAsciiLetter);

    private static string RefusalMessage(int code, string to) => code switch
    {
        21211 => $"The 'To' number {to} is not a valid phone number.",
        21408 => $"Permission to send an SMS has not been enabled for the region indicated by the 'To' number: {to}.",
        21610 => "Attempt to send to unsubscribed recipient",
        21614 => $"'To' number {to} is not a valid mobile number",
        _ => $"Twilio error {code} for {to}.",
    };

    /// <summary>The 201 of a created message, in the shape of Twilio's Message resource.</summary>
    private async Task<int> MessageAsync(HttpResponse response, string sid, OutgoingText text)
    {
        var created = Clock.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var uri = $"/2010-04-01/Accounts/{AccountSid}/Messages/{sid}";
        var unicode = text.Body.Any(c => c > 0x7F);
        var segments = text.Body.Length <= (unicode ? 70 : 160) ? 1 : (int)Math.Ceiling(text.Body.Length / (unicode ? 67.0 : 153.0));
        var json = new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["api_version"] = "2010-04-01",
            ["body"] = text.Body,
            ["date_created"] = created,
            ["date_sent"] = null,
            ["date_updated"] = created,
            ["direction"] = "outbound-api",
            ["error_code"] = null,
            ["error_message"] = null,
            ["from"] = text.From,
            ["messaging_service_sid"] = text.MessagingServiceSid,
            ["num_media"] = "0",
            ["num_segments"] = segments.ToString(CultureInfo.InvariantCulture),
            ["price"] = null,
            ["price_unit"] = "USD",
            ["sid"] = sid,
            // A Messaging Service picks the sender later: the message is "accepted" first, "queued" with a sender.
            ["status"] = text.MessagingServiceSid is null ? "queued" : "accepted",
            ["subresource_uris"] = new JsonObject { ["media"] = $"{uri}/Media.json" },
            ["to"] = text.To,
            ["uri"] = $"{uri}.json",
        };

        response.StatusCode = 201;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json.ToJsonString());
        return 201;
    }

    private static async Task<int> ScriptedAsync(HttpResponse response, TwilioScriptedResponse scripted)
    {
        if (scripted.RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if (scripted.Body is { } body)
        {
            response.StatusCode = scripted.Status;
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(body);
            return scripted.Status;
        }

        var (code, message) = scripted.Status switch
        {
            401 => (20003, "Authenticate"),
            403 => (20003, "Permission Denied"),
            404 => (20404, "The requested resource was not found"),
            429 => (20429, "Too Many Requests"),
            503 => (20503, "Service Unavailable"),
            _ => (20500, "Internal Server Error"),
        };
        return await ErrorAsync(response, scripted.Status, scripted.Code ?? code, scripted.Message ?? message);
    }

    private static async Task<int> ErrorAsync(HttpResponse response, int status, int code, string message, string? detail = null)
    {
        var json = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["more_info"] = $"https://www.twilio.com/docs/errors/{code}",
            ["status"] = status,
        };
        if (detail is not null)
        {
            json["detail"] = detail;
        }

        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json.ToJsonString());
        return status;
    }

    [GeneratedRegex("^/2010-04-01/Accounts/(?<account>[^/]+)/Messages\\.json$")]
    private static partial Regex MessagesPath();

    private sealed record OutgoingText(string To, string? From, string? MessagingServiceSid, string Body);
}

/// <summary>A text the fake Twilio took on: the form's <c>To</c>, sender (<c>From</c> or <c>MessagingServiceSid</c>) and <c>Body</c>, and the sid it answered.</summary>
public sealed record TwilioDelivery(string To, string? From, string? MessagingServiceSid, string Body, string Sid);

/// <summary>A request as it arrived: method, path (and query), headers (case-insensitive), raw body, and the status it got (0: none, the client gave up).</summary>
public sealed record TwilioPost(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status);

/// <summary>
/// A scripted answer: the status with Twilio's error JSON for it (<paramref name="Code"/> and <paramref name="Message"/> default to
/// Twilio's for the status: 20429, 20500, 20003…), a <c>Retry-After</c> in seconds, or a raw <paramref name="Body"/> instead of the JSON.
/// </summary>
public sealed record TwilioScriptedResponse(int Status, int? RetryAfterSeconds = null, int? Code = null, string? Message = null, string? Body = null);
