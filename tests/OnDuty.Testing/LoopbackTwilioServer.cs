using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
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
/// A loopback stand-in for Twilio Programmable Messaging's Message resource,
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Messages.json</c>, and Programmable Voice's Call resource,
/// <c>POST /2010-04-01/Accounts/{AccountSid}/Calls.json</c>. It checks requests as Twilio documents them — HTTP Basic auth
/// with the account's SID and Auth Token, the account in the path, a form-encoded body with an E.164 <c>To</c>; for a text a
/// non-empty <c>Body</c> of at most 1600 characters and a sender; for a call an E.164 <c>From</c> and <c>Twiml</c> of at most
/// 4000 characters — records each text and call taken on, and answers 201 with Twilio's Message or Call JSON, or 4xx/5xx with
/// Twilio's error JSON (<c>{code, message, more_info, status}</c>).
/// </summary>
/// <remarks>
/// It is stricter than Twilio in a few places: it wants exactly one of <c>From</c> and <c>MessagingServiceSid</c>, because
/// OnDuty sends one (Twilio takes both when <c>From</c> is in the service's sender pool); each parameter once (but a call's
/// <c>StatusCallbackEvent</c>, which Twilio takes repeated); a call's TwiML (OnDuty sends no <c>Url</c>) well-formed with a
/// <c>Response</c> root, where Twilio finds a broken document only when the call is answered. A Messaging Service other than
/// <see cref="MessagingServiceSid"/> does not exist in the account. Like Twilio, nothing makes a repeated POST one text or one
/// call: every POST taken on is a delivery.
/// </remarks>
public sealed partial class LoopbackTwilioServer : IAsyncDisposable
{
    /// <summary>Twilio's limit on a message body, in characters.</summary>
    public const int MaxBodyLength = 1600;

    /// <summary>Twilio's limit on a call's <c>Twiml</c> parameter, in characters (error 32018).</summary>
    public const int MaxTwimlLength = 4000;

    /// <summary>The values Twilio takes for a call's <c>StatusCallbackEvent</c>.</summary>
    private static readonly string[] CallEvents = ["initiated", "ringing", "answered", "completed"];

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TwilioScriptedResponse> _script = new();
    private readonly ConcurrentQueue<TwilioPost> _posts = new();
    private readonly ConcurrentQueue<TwilioDelivery> _deliveries = new();
    private readonly ConcurrentQueue<TwilioCall> _calls = new();
    private readonly ConcurrentDictionary<string, int> _refused = new();
    private readonly ConcurrentDictionary<string, int> _refusedCalls = new();
    private readonly ConcurrentDictionary<string, byte> _notOwned = new(StringComparer.Ordinal);

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

    /// <summary>Texts the service took on, one per POST to Messages.json answered 201.</summary>
    public IReadOnlyList<TwilioDelivery> Deliveries => _deliveries.ToArray();

    /// <summary>Calls the service took on, one per POST to Calls.json answered 201.</summary>
    public IReadOnlyList<TwilioCall> Calls => _calls.ToArray();

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

    /// <summary>The next POSTs, texts or calls (once authentication and the path pass), get these answers, in order: 429 with Retry-After, 500, 401…</summary>
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

    /// <summary>
    /// From now on every call to <paramref name="to"/> is refused with 400 and Twilio's <paramref name="code"/>: 21215 (the
    /// account's geographic permissions do not allow the country), 21211 (not a valid phone number), 13223/13224 (an invalid
    /// number), 21210 (the caller is not a number of the account).
    /// </summary>
    public void RefuseCall(string to, int code = 21215) => _refusedCalls[to] = code;

    /// <summary>
    /// From now on <paramref name="number"/> is not the account's (released, or another account's): a text from it is refused
    /// with 400 and 21606 ("not a valid, SMS-capable inbound phone number … for your account"), a call from it with 400 and 21210
    /// ("'From' phone number not verified"), as Twilio refuses a sender the account does not own. <see cref="OwnNumber"/> gives it back.
    /// </summary>
    public void DisownNumber(string number) => _notOwned[number] = 0;

    /// <summary>The account owns <paramref name="number"/> again: texts and calls from it are taken on.</summary>
    public void OwnNumber(string number) => _notOwned.TryRemove(number, out _);

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

        if (ResourcePath().Match(request.Path.Value ?? "") is not { Success: true } path || path.Groups["account"].Value != AccountSid)
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

        var form = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType == "application/x-www-form-urlencoded"
            ? new FormReader(body).ReadForm()
            : new Dictionary<string, StringValues>();
        if (path.Groups["resource"].Value == "Calls")
        {
            return await CallAsync(response, form);
        }

        if (Read(form, out var text) is { } invalid)
        {
            return await ErrorAsync(response, 400, invalid.Code, invalid.Message);
        }

        if (text!.From is { } sender && _notOwned.ContainsKey(sender))
        {
            return await ErrorAsync(response, 400, 21606, $"The 'From' phone number provided ({sender}) is not a valid message-capable Twilio phone number for this destination/account.");
        }

        if (_refused.TryGetValue(text.To, out var code))
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
    private (int Code, string Message)? Read(Dictionary<string, StringValues> form, out OutgoingText? text)
    {
        text = null;
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

    /// <summary>A call as Twilio's Call resource takes it: refused with Twilio's code, or recorded and answered 201.</summary>
    private async Task<int> CallAsync(HttpResponse response, Dictionary<string, StringValues> form)
    {
        if (ReadCall(form, out var call) is { } invalid)
        {
            return await ErrorAsync(response, 400, invalid.Code, invalid.Message);
        }

        if (_notOwned.ContainsKey(call!.From))
        {
            return await ErrorAsync(response, 400, 21210, CallRefusalMessage(21210, call.To, call.From));
        }

        if (_refusedCalls.TryGetValue(call.To, out var code))
        {
            return await ErrorAsync(response, 400, code, CallRefusalMessage(code, call.To, call.From));
        }

        var sid = "CA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _calls.Enqueue(call with { Sid = sid });
        return await CreatedCallAsync(response, sid, call);
    }

    /// <summary>A call's form as Twilio reads it; Twilio's error code and message when it would refuse it.</summary>
    private static (int Code, string Message)? ReadCall(Dictionary<string, StringValues> form, out TwilioCall? call)
    {
        call = null;
        if (form.FirstOrDefault(p => p.Value.Count > 1 && p.Key != "StatusCallbackEvent").Key is { } repeated)
        {
            return (20001, $"The parameter '{repeated}' was given {form[repeated].Count} times (this stand-in is stricter than Twilio).");
        }

        string? Value(string name) => form.TryGetValue(name, out var value) ? value.ToString() : null;
        var to = Value("To");
        var from = Value("From");
        var twiml = Value("Twiml");
        var timeout = Value("Timeout");
        var statusCallback = Value("StatusCallback");
        if (string.IsNullOrEmpty(to))
        {
            return (21201, "No 'To' number is specified");
        }

        if (!PhoneNumber.IsValid(to))
        {
            return (21211, $"Invalid 'To' Phone Number: {to}");
        }

        if (string.IsNullOrEmpty(from))
        {
            return (21213, "No 'From' number is specified");
        }

        // A call comes from a phone number: an alphanumeric sender ID can only text.
        if (!PhoneNumber.IsValid(from))
        {
            return (21212, $"Invalid 'From' Phone Number: {from}");
        }

        if (string.IsNullOrEmpty(twiml) || !string.IsNullOrEmpty(Value("Url")) || !string.IsNullOrEmpty(Value("ApplicationSid")))
        {
            return (21205, "Send exactly one of 'Url', 'Twiml' and 'ApplicationSid'; OnDuty sends 'Twiml' (this stand-in is stricter than Twilio).");
        }

        if (twiml.Length > MaxTwimlLength)
        {
            return (32018, $"Twiml size exceeded maximum allowed value of {MaxTwimlLength} characters");
        }

        if (!IsTwimlDocument(twiml))
        {
            return (12100, "Document parse failure: 'Twiml' is not a well-formed TwiML document with a Response root (this stand-in checks it when the call is created).");
        }

        if (timeout is not null && (!int.TryParse(timeout, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 600))
        {
            return (20001, $"Timeout '{timeout}' is not a whole number of seconds from 1 to 600 (this stand-in is stricter than Twilio, which caps it at 600).");
        }

        if (statusCallback is not null
            && !(Uri.TryCreate(statusCallback, UriKind.Absolute, out var callbackUri) && (callbackUri.Scheme == Uri.UriSchemeHttps || callbackUri.Scheme == Uri.UriSchemeHttp)))
        {
            return (21609, $"The StatusCallback URL {statusCallback} is not a valid URL.");
        }

        if (form.TryGetValue("StatusCallbackEvent", out var events) && events.Any(e => !CallEvents.Contains(e)))
        {
            return (20001, $"StatusCallbackEvent must be among {string.Join(", ", CallEvents)} (this stand-in's wording).");
        }

        call = new TwilioCall(
            to,
            from,
            twiml,
            timeout,
            statusCallback,
            form.TryGetValue("StatusCallbackEvent", out var given) ? given.ToString() : null,
            form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal),
            "");
        return null;
    }

    private static bool IsTwimlDocument(string twiml)
    {
        try
        {
            return XDocument.Parse(twiml).Root?.Name == "Response";
        }
        catch (XmlException)
        {
            return false;
        }
    }

    private static string CallRefusalMessage(int code, string to, string from) => code switch
    {
        21210 => $"The source phone number provided, {from}, is not yet verified for your account. You may only make calls from phone numbers that you've verified or purchased from Twilio.",
        21211 => $"Invalid 'To' Phone Number: {to}",
        21215 => $"Account not authorized to call {to}. Perhaps you need to enable some international permissions: https://www.twilio.com/console/voice/calls/geo-permissions/low-risk",
        13223 => $"Dial: Invalid phone number format: {to}",
        13224 => $"Dial: Invalid phone number: {to}",
        _ => $"Twilio error {code} for a call to {to}.",
    };

    /// <summary>The 201 of a created call, in the shape of Twilio's Call resource: queued until it rings.</summary>
    private async Task<int> CreatedCallAsync(HttpResponse response, string sid, TwilioCall call)
    {
        var created = Clock.GetUtcNow().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
        var uri = $"/2010-04-01/Accounts/{AccountSid}/Calls/{sid}";
        var json = new JsonObject
        {
            ["account_sid"] = AccountSid,
            ["annotation"] = null,
            ["answered_by"] = null,
            ["api_version"] = "2010-04-01",
            ["caller_name"] = null,
            ["date_created"] = created,
            ["date_updated"] = created,
            ["direction"] = "outbound-api",
            ["duration"] = null,
            ["end_time"] = null,
            ["forwarded_from"] = null,
            ["from"] = call.From,
            ["from_formatted"] = call.From,
            ["group_sid"] = null,
            ["parent_call_sid"] = null,
            ["phone_number_sid"] = "PN" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["price"] = null,
            ["price_unit"] = "USD",
            ["queue_time"] = "0",
            ["sid"] = sid,
            ["start_time"] = null,
            ["status"] = "queued",
            ["subresource_uris"] = new JsonObject
            {
                ["notifications"] = $"{uri}/Notifications.json",
                ["recordings"] = $"{uri}/Recordings.json",
            },
            ["to"] = call.To,
            ["to_formatted"] = call.To,
            ["trunk_sid"] = null,
            ["uri"] = $"{uri}.json",
        };

        response.StatusCode = 201;
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(json.ToJsonString());
        return 201;
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
        var segments = SmsSegments.Count(text.Body);
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

    [GeneratedRegex("^/2010-04-01/Accounts/(?<account>[^/]+)/(?<resource>Messages|Calls)\\.json$")]
    private static partial Regex ResourcePath();

    private sealed record OutgoingText(string To, string? From, string? MessagingServiceSid, string Body);
}

/// <summary>A text the fake Twilio took on: the form's <c>To</c>, sender (<c>From</c> or <c>MessagingServiceSid</c>) and <c>Body</c>, and the sid it answered.</summary>
public sealed record TwilioDelivery(string To, string? From, string? MessagingServiceSid, string Body, string Sid);

/// <summary>
/// A call the fake Twilio took on: the form's <c>To</c>, <c>From</c>, <c>Twiml</c>, <c>Timeout</c>, <c>StatusCallback</c> and
/// <c>StatusCallbackEvent</c> (repeated values joined with ','), the whole form as it was read, and the sid it answered.
/// </summary>
public sealed record TwilioCall(
    string To,
    string From,
    string Twiml,
    string? Timeout,
    string? StatusCallback,
    string? StatusCallbackEvent,
    IReadOnlyDictionary<string, string> Form,
    string Sid)
{
    /// <summary>The call's TwiML, parsed.</summary>
    public XDocument Document => XDocument.Parse(Twiml);
}

/// <summary>A request as it arrived: method, path (and query), headers (case-insensitive), raw body, and the status it got (0: none, the client gave up).</summary>
public sealed record TwilioPost(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    /// <summary>The body read as a form, each name with its value (repeated values joined with ',').</summary>
    public IReadOnlyDictionary<string, string> Form =>
        new FormReader(Body).ReadForm().ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
}

/// <summary>
/// A scripted answer: the status with Twilio's error JSON for it (<paramref name="Code"/> and <paramref name="Message"/> default to
/// Twilio's for the status: 20429, 20500, 20003…), a <c>Retry-After</c> in seconds, or a raw <paramref name="Body"/> instead of the JSON.
/// </summary>
public sealed record TwilioScriptedResponse(int Status, int? RetryAfterSeconds = null, int? Code = null, string? Message = null, string? Body = null);
