using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
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
/// A loopback stand-in for the parts of Microsoft Graph v1.0 OnDuty uses. It checks what the service checks — a bearer
/// token on every call, the JSON shapes of sendMail, getSchedule and events — and serves groups' transitive members in
/// pages linked with <c>@odata.nextLink</c>. Requests can be throttled (429 + Retry-After) to prove the client's retry
/// handler; answers are OData JSON with <c>@odata.type</c> where Graph sends it.
/// </summary>
/// <remarks>
/// Modelled on what the documents say, not on what would be convenient:
/// <list type="bullet">
/// <item><c>sendMail</c> has no idempotency key: a mail taken on whose 202 is lost (a gateway 503/504 after the mailbox
/// accepted it, <see cref="AcceptNextMailThenAnswer"/>) is sent again by any retry. The SDK's retry handler retries 429,
/// 503 and 504 for buffered bodies (msgraph-sdk-design, middleware/RetryHandler.md), so it would duplicate it.</item>
/// <item>Members the app may not read come back from <c>transitiveMembers</c> as <c>@odata.type</c> + <c>id</c> only
/// (Graph "List group transitive members", "Limited information returned for inaccessible member objects": with
/// GroupMember.Read.All alone, user properties such as <c>mail</c> are null; User.ReadBasic.All, whose basic profile
/// includes <c>mail</c> and <c>userPrincipalName</c>, makes them readable). <see cref="GrantUserRead"/> switches that
/// permission on or off (on by default).</item>
/// <item>Events the app creates have no attendees: <c>cancel</c> ("event: cancel" — the organiser cancels a meeting and
/// attendees get a cancellation message) does not apply to them and is refused with 400; <c>DELETE</c> removes them.</item>
/// </list>
/// </remarks>
public sealed class LoopbackGraphServer : IAsyncDisposable
{
    /// <summary>The only bearer token the server accepts.</summary>
    public const string Token = "loopback-graph-token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<GraphRecordedRequest> _requests = new();
    private readonly ConcurrentQueue<GraphSentMail> _mail = new();
    private readonly ConcurrentDictionary<string, GraphGroup> _groups = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, List<(DateTimeOffset Start, DateTimeOffset End)>> _outOfOffice = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, GraphEvent> _events = new();
    private readonly ConcurrentQueue<JsonObject> _scheduleRequests = new();
    private readonly Lock _gate = new();
    private int _throttle;
    private int _throttleSeconds;
    private int _failAfterAccepting;
    private bool _userRead = true;
    private (int Status, string Code, string Message)? _sendMailRefusal;
    private int _nextEventId;

    private LoopbackGraphServer(WebApplication app) => _app = app;

    /// <summary>The secret a managed-identity token request must carry (<c>IDENTITY_HEADER</c>).</summary>
    public const string ManagedIdentityHeader = "loopback-identity-header";

    /// <summary>
    /// An App Service managed-identity endpoint (<c>IDENTITY_ENDPOINT</c>, api-version 2019-08-01) that answers <see cref="Token"/>:
    /// a separate OnDuty process with <c>Graph__UseManagedIdentity=true</c>, <c>IDENTITY_ENDPOINT</c> and <c>IDENTITY_HEADER</c>
    /// in its environment authenticates to this server as it would in Azure.
    /// </summary>
    public string ManagedIdentityEndpoint { get; private set; } = "";

    /// <summary>How long each sendMail takes to answer (as a real mailbox takes time to accept).</summary>
    public TimeSpan SendLatency { get; set; }

    /// <summary>The base URL to configure as <c>Graph__BaseUrl</c> (…/v1.0, no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Members a transitiveMembers page holds (the client asks for more; the server decides, as Graph may).</summary>
    public int PageSize { get; set; } = 2;

    public IReadOnlyList<GraphRecordedRequest> Requests => _requests.ToArray();

    /// <summary>Mail Graph accepted (202), in order.</summary>
    public IReadOnlyList<GraphSentMail> Mail => _mail.ToArray();

    /// <summary>getSchedule bodies as received.</summary>
    public IReadOnlyList<JsonObject> ScheduleRequests => _scheduleRequests.ToArray();

    /// <summary>Every event ever created, with its current state.</summary>
    public IReadOnlyList<GraphEvent> Events => _events.Values.OrderBy(e => e.Sequence).ToList();

    public static async Task<LoopbackGraphServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackGraphServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/v1.0";
        server.ManagedIdentityEndpoint = address.TrimEnd('/') + "/msi/token";
        return server;
    }

    /// <summary>A group whose members are users (<c>user:address</c>), users without mail (<c>upn:address</c>),
    /// devices (<c>device:name</c>) or nested groups (<c>group:id</c>); transitive expansion follows nested groups.</summary>
    public void AddGroup(string id, string? mail, params string[] members) => _groups[id] = new GraphGroup(id, mail, members);

    /// <summary>A user in the directory, by Entra object id and mail address (for <c>GET /users?$filter=mail eq …</c>).</summary>
    public void AddUser(string objectId, string mail) => _users[objectId] = mail;

    /// <summary>An "out of office" block in a mailbox's calendar.</summary>
    public void AddOutOfOffice(string address, DateTimeOffset start, DateTimeOffset end) =>
        _outOfOffice.GetOrAdd(address, _ => []).Add((start, end));

    public void ClearOutOfOffice(string address) => _outOfOffice.TryRemove(address, out _);

    /// <summary>The next <paramref name="count"/> requests get 429 with this Retry-After.</summary>
    public void Throttle(int count, int retryAfterSeconds)
    {
        lock (_gate)
        {
            _throttle = count;
            _throttleSeconds = retryAfterSeconds;
        }
    }

    /// <summary>The next sendMail is taken on (the mail goes out) but answered with <paramref name="status"/>, as a gateway
    /// timing out after the mailbox accepted it.</summary>
    public void AcceptNextMailThenAnswer(int status) => Interlocked.Exchange(ref _failAfterAccepting, status);

    /// <summary>
    /// Every sendMail is refused with this answer until <see cref="AcceptSendMail"/>, as Graph refuses an app without Mail.Send or
    /// outside an application access policy (403 <c>ErrorAccessDenied</c>) or a mailbox it does not know (404 <c>ErrorInvalidUser</c>).
    /// </summary>
    public void RefuseSendMail(int status, string code, string message) => _sendMailRefusal = (status, code, message);

    /// <summary>sendMail is taken again (the permission was granted, the mailbox fixed).</summary>
    public void AcceptSendMail() => _sendMailRefusal = null;

    /// <summary>Whether the app holds a user-read permission (User.ReadBasic.All): without it group members are id-only.</summary>
    public void GrantUserRead(bool granted) => _userRead = granted;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var target = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        // Graph's handler chain gzips request bodies (Content-Encoding: gzip), as the service accepts.
        string body;
        var gzip = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        await using (Stream source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body)
        using (var reader = new StreamReader(source))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        int status;
        try
        {
            status = await RouteAsync(context, body);
        }
        catch (BadRequest ex)
        {
            status = await ErrorAsync(context.Response, 400, "BadRequest", ex.Message);
        }

        _requests.Enqueue(new GraphRecordedRequest(request.Method, target, status, body));
    }

    private async Task<int> RouteAsync(HttpContext context, string body)
    {
        var request = context.Request;
        if (request.Method == "GET" && request.Path == "/msi/token")
        {
            return await ManagedIdentityTokenAsync(context);
        }

        if (request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            return await ErrorAsync(context.Response, 401, "InvalidAuthenticationToken", "Access token is empty or invalid.");
        }

        lock (_gate)
        {
            if (_throttle > 0)
            {
                _throttle--;
                context.Response.Headers.RetryAfter = _throttleSeconds.ToString(CultureInfo.InvariantCulture);
                return ErrorAsync(context.Response, 429, "TooManyRequests", "Too many requests.").GetAwaiter().GetResult();
            }
        }

        var path = request.Path.Value ?? "";
        if (!path.StartsWith("/v1.0/", StringComparison.Ordinal))
        {
            return await ErrorAsync(context.Response, 404, "NotFound", $"No version segment in {path}.");
        }

        var segments = path["/v1.0/".Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        return (request.Method, segments) switch
        {
            ("POST", ["users", var mailbox, "sendMail"]) => await SendMailAsync(context.Response, mailbox, body),
            ("POST", ["users", var user, "calendar", "getSchedule"]) => await GetScheduleAsync(context, user, body),
            ("GET", ["groups"]) => await FindGroupAsync(context),
            ("GET", ["users"]) => await FindUserAsync(context),
            ("GET", ["groups", var id, "transitiveMembers"]) => await TransitiveMembersAsync(context, id),
            ("POST", ["users", var mailbox, "events"]) => await CreateEventAsync(context.Response, mailbox, body),
            ("PATCH", ["users", var mailbox, "events", var id]) => await UpdateEventAsync(context.Response, mailbox, id, body),
            ("POST", ["users", var mailbox, "events", var id, "cancel"]) => await CancelEventAsync(context.Response, mailbox, id, body),
            ("DELETE", ["users", var mailbox, "events", var id]) => await DeleteEventAsync(context.Response, mailbox, id),
            _ => await ErrorAsync(context.Response, 404, "NotFound", $"No route for {request.Method} {path}."),
        };
    }

    private static async Task<int> ManagedIdentityTokenAsync(HttpContext context)
    {
        if (context.Request.Headers["X-IDENTITY-HEADER"].ToString() != ManagedIdentityHeader)
        {
            return await ErrorAsync(context.Response, 401, "Unauthorized", "X-IDENTITY-HEADER is missing or wrong.");
        }

        var resource = context.Request.Query["resource"].ToString();
        if (string.IsNullOrEmpty(resource))
        {
            return await ErrorAsync(context.Response, 400, "BadRequest", "resource is required.");
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["access_token"] = Token,
            ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
        }.ToJsonString());
        return 200;
    }

    private async Task<int> SendMailAsync(HttpResponse response, string mailbox, string body)
    {
        if (SendLatency > TimeSpan.Zero)
        {
            await Task.Delay(SendLatency);
        }

        if (_sendMailRefusal is { } refusal)
        {
            return await ErrorAsync(response, refusal.Status, refusal.Code, refusal.Message.Replace("{mailbox}", mailbox, StringComparison.Ordinal));
        }

        // Action parameters are matched case-insensitively by Graph (the .NET SDK sends "Message" and "SaveToSentItems").
        var json = Parse(body);
        var message = Parameter(json, "message") as JsonObject ?? throw new BadRequest("message is required.");
        var subject = message["subject"]?.GetValue<string>() ?? throw new BadRequest("message.subject is required.");
        var content = message["body"] as JsonObject ?? throw new BadRequest("message.body is required.");
        var contentType = content["contentType"]?.GetValue<string>() ?? throw new BadRequest("message.body.contentType is required.");
        if (!contentType.Equals("html", StringComparison.OrdinalIgnoreCase) && !contentType.Equals("text", StringComparison.OrdinalIgnoreCase))
        {
            throw new BadRequest($"message.body.contentType '{contentType}' is not text or html.");
        }

        var to = (message["toRecipients"] as JsonArray ?? throw new BadRequest("message.toRecipients is required."))
            .Select(r => r?["emailAddress"]?["address"]?.GetValue<string>() ?? throw new BadRequest("toRecipients[].emailAddress.address is required."))
            .ToList();
        if (to.Count == 0)
        {
            throw new BadRequest("At least one recipient is required.");
        }

        var save = Parameter(json, "saveToSentItems")?.GetValue<bool>();
        var headers = (message["internetMessageHeaders"] as JsonArray ?? [])
            .ToDictionary(h => h!["name"]!.GetValue<string>(), h => h!["value"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        var bcc = (message["bccRecipients"] as JsonArray ?? [])
            .Select(r => r?["emailAddress"]?["address"]?.GetValue<string>() ?? throw new BadRequest("bccRecipients[].emailAddress.address is required."))
            .ToList();
        _mail.Enqueue(new GraphSentMail(mailbox, subject, contentType, content["content"]?.GetValue<string>() ?? "", to, save, headers) { Bcc = bcc });
        if (Interlocked.Exchange(ref _failAfterAccepting, 0) is var failure and > 0)
        {
            return await ErrorAsync(response, failure, "GatewayTimeout", "The mail was accepted but the answer was lost.");
        }

        response.StatusCode = 202;
        return 202;
    }

    private async Task<int> GetScheduleAsync(HttpContext context, string user, string body)
    {
        var json = Parse(body);
        _scheduleRequests.Enqueue(json);
        var schedules = (Parameter(json, "schedules") as JsonArray ?? throw new BadRequest("schedules is required."))
            .Select(s => s?.GetValue<string>() ?? throw new BadRequest("schedules[] must be strings.")).ToList();
        if (schedules.Count is 0 or > 20)
        {
            throw new BadRequest("schedules must name 1 to 20 addresses.");
        }

        var start = DateTimeTimeZone(Parameter(json, "startTime"), "startTime");
        var end = DateTimeTimeZone(Parameter(json, "endTime"), "endTime");
        if (Parameter(json, "availabilityViewInterval") is not JsonValue interval || !interval.TryGetValue<int>(out var minutes) || minutes is < 5 or > 1440)
        {
            throw new BadRequest("availabilityViewInterval must be between 5 and 1440.");
        }

        if (end <= start)
        {
            throw new BadRequest("endTime must be after startTime.");
        }

        var value = new JsonArray();
        foreach (var address in schedules)
        {
            var items = new JsonArray();
            foreach (var (from, to) in _outOfOffice.GetValueOrDefault(address) ?? [])
            {
                if (from < end && start < to)
                {
                    items.Add(new JsonObject
                    {
                        ["isPrivate"] = false,
                        ["status"] = "oof",
                        ["subject"] = "Out of office",
                        ["start"] = Utc(from),
                        ["end"] = Utc(to),
                    });
                }
            }

            value.Add(new JsonObject { ["scheduleId"] = address, ["availabilityView"] = "", ["scheduleItems"] = items });
        }

        return await JsonAsync(context.Response, 200, new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Collection(microsoft.graph.scheduleInformation)",
            ["value"] = value,
        });
    }

    /// <summary>
    /// <c>GET /users?$filter=mail eq '…'</c>: as Graph, an empty <c>value</c> when nobody has that mail; without a user-read
    /// permission (User.ReadBasic.All) Graph refuses to list users (403 Authorization_RequestDenied).
    /// </summary>
    private async Task<int> FindUserAsync(HttpContext context)
    {
        if (!_userRead)
        {
            return await ErrorAsync(context.Response, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
        }

        var filter = context.Request.Query["$filter"].ToString();
        const string prefix = "mail eq '";
        if (!filter.StartsWith(prefix, StringComparison.Ordinal) || !filter.EndsWith('\''))
        {
            throw new BadRequest($"Unsupported $filter '{filter}'.");
        }

        var mail = filter[prefix.Length..^1].Replace("''", "'", StringComparison.Ordinal);
        var found = new JsonArray();
        foreach (var (id, _) in _users.Where(u => string.Equals(u.Value, mail, StringComparison.OrdinalIgnoreCase)))
        {
            found.Add(new JsonObject { ["id"] = id });
        }

        return await JsonAsync(context.Response, 200, new JsonObject { ["value"] = found });
    }

    private async Task<int> FindGroupAsync(HttpContext context)
    {
        var filter = context.Request.Query["$filter"].ToString();
        const string prefix = "mail eq '";
        if (!filter.StartsWith(prefix, StringComparison.Ordinal) || !filter.EndsWith('\''))
        {
            throw new BadRequest($"Unsupported $filter '{filter}'.");
        }

        var mail = filter[prefix.Length..^1].Replace("''", "'", StringComparison.Ordinal);
        var found = new JsonArray();
        foreach (var group in _groups.Values.Where(g => string.Equals(g.Mail, mail, StringComparison.OrdinalIgnoreCase)))
        {
            found.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.group", ["id"] = group.Id, ["mail"] = group.Mail });
        }

        return await JsonAsync(context.Response, 200, new JsonObject { ["value"] = found });
    }

    private async Task<int> TransitiveMembersAsync(HttpContext context, string id)
    {
        if (!_groups.ContainsKey(id))
        {
            return await ErrorAsync(context.Response, 404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
        }

        var all = new List<JsonObject>();
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        Collect(id, all, visited, top: true);
        var skip = int.TryParse(context.Request.Query["$skiptoken"], CultureInfo.InvariantCulture, out var s) ? s : 0;
        var page = all.Skip(skip).Take(PageSize).ToList();
        var result = new JsonObject
        {
            ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#directoryObjects",
            ["value"] = new JsonArray([.. page]),
        };
        if (skip + PageSize < all.Count)
        {
            var select = context.Request.Query["$select"].ToString();
            result["@odata.nextLink"] = $"{BaseUrl}/groups/{Uri.EscapeDataString(id)}/transitiveMembers?$select={Uri.EscapeDataString(select)}&$skiptoken={skip + PageSize}";
        }

        return await JsonAsync(context.Response, 200, result);
    }

    private void Collect(string id, List<JsonObject> into, HashSet<string> visited, bool top)
    {
        if (!visited.Add(id) || !_groups.TryGetValue(id, out var group))
        {
            return;
        }

        if (!top)
        {
            into.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.group", ["id"] = group.Id, ["displayName"] = group.Id, ["mail"] = group.Mail });
        }

        foreach (var member in group.Members)
        {
            var (kind, value) = (member[..member.IndexOf(':', StringComparison.Ordinal)], member[(member.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            switch (kind)
            {
                case "user" or "upn" when !_userRead:
                    // "Limited information returned for inaccessible member objects": type and id only.
                    into.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = "u-" + value });
                    break;
                case "user":
                    into.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = "u-" + value, ["displayName"] = value.Split('@')[0], ["mail"] = value, ["userPrincipalName"] = value });
                    break;
                case "upn":
                    into.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = "u-" + value, ["displayName"] = value.Split('@')[0], ["mail"] = null, ["userPrincipalName"] = value });
                    break;
                case "device":
                    into.Add(new JsonObject { ["@odata.type"] = "#microsoft.graph.device", ["id"] = "d-" + value, ["displayName"] = value });
                    break;
                case "group":
                    Collect(value, into, visited, top: false);
                    break;
            }
        }
    }

    private async Task<int> CreateEventAsync(HttpResponse response, string mailbox, string body)
    {
        var json = Parse(body);
        var subject = json["subject"]?.GetValue<string>() ?? throw new BadRequest("subject is required.");
        var start = DateTimeTimeZone(json["start"], "start");
        var end = DateTimeTimeZone(json["end"], "end");
        var transactionId = json["transactionId"]?.GetValue<string>();
        GraphEvent created;
        lock (_gate)
        {
            var existing = transactionId is null ? null : _events.Values.FirstOrDefault(e => e.Mailbox.Equals(mailbox, StringComparison.OrdinalIgnoreCase) && e.TransactionId == transactionId);
            if (existing is not null)
            {
                // Graph's idempotency for event creation: the same transactionId gets the first event back.
                return JsonAsync(response, 201, existing.ToJson()).GetAwaiter().GetResult();
            }

            var sequence = ++_nextEventId;
            created = new GraphEvent(sequence, "evt-" + sequence.ToString(CultureInfo.InvariantCulture), mailbox, transactionId)
            {
                Subject = subject,
                Start = start,
                End = end,
                Body = json["body"]?["content"]?.GetValue<string>() ?? "",
            };
            _events[created.Id] = created;
        }

        return await JsonAsync(response, 201, created.ToJson());
    }

    private async Task<int> UpdateEventAsync(HttpResponse response, string mailbox, string id, string body)
    {
        if (Find(mailbox, id) is not { State: GraphEventState.Active } found)
        {
            return await ErrorAsync(response, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }

        var json = Parse(body);
        if (json.ContainsKey("transactionId") && json["transactionId"] is not null)
        {
            throw new BadRequest("transactionId cannot be changed.");
        }

        lock (_gate)
        {
            found.Subject = json["subject"]?.GetValue<string>() ?? found.Subject;
            found.Start = json.ContainsKey("start") ? DateTimeTimeZone(json["start"], "start") : found.Start;
            found.End = json.ContainsKey("end") ? DateTimeTimeZone(json["end"], "end") : found.End;
            found.Body = json["body"]?["content"]?.GetValue<string>() ?? found.Body;
            found.Updates++;
        }

        return await JsonAsync(response, 200, found.ToJson());
    }

    private async Task<int> CancelEventAsync(HttpResponse response, string mailbox, string id, string body)
    {
        if (Find(mailbox, id) is not { State: GraphEventState.Active })
        {
            return await ErrorAsync(response, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }

        _ = Parameter(Parse(body), "comment");
        // No event here has attendees (the app never adds any): there is no meeting to cancel.
        return await ErrorAsync(response, 400, "ErrorInvalidRequest", "Your request can't be completed. Only the meeting organizer can cancel a meeting with attendees.");
    }

    private async Task<int> DeleteEventAsync(HttpResponse response, string mailbox, string id)
    {
        if (Find(mailbox, id) is not { State: GraphEventState.Active } found)
        {
            return await ErrorAsync(response, 404, "ErrorItemNotFound", "The specified object was not found in the store.");
        }

        found.State = GraphEventState.Deleted;
        response.StatusCode = 204;
        return 204;
    }

    private GraphEvent? Find(string mailbox, string id) =>
        _events.TryGetValue(id, out var e) && e.Mailbox.Equals(mailbox, StringComparison.OrdinalIgnoreCase) ? e : null;

    private static JsonObject Parse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new BadRequest("The body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new BadRequest("The body is not JSON: " + ex.Message);
        }
    }

    private static JsonNode? Parameter(JsonObject json, string name) =>
        json.FirstOrDefault(p => p.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    private static DateTimeOffset DateTimeTimeZone(JsonNode? node, string name)
    {
        var dateTime = node?["dateTime"]?.GetValue<string>() ?? throw new BadRequest($"{name}.dateTime is required.");
        var zone = node?["timeZone"]?.GetValue<string>() ?? throw new BadRequest($"{name}.timeZone is required.");
        if (zone != "UTC")
        {
            throw new BadRequest($"{name}.timeZone '{zone}': this fake speaks UTC only.");
        }

        return DateTimeOffset.TryParse(dateTime, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)
            ? value
            : throw new BadRequest($"{name}.dateTime '{dateTime}' is not a date and time.");
    }

    private static JsonObject Utc(DateTimeOffset value) => new()
    {
        ["dateTime"] = value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture),
        ["timeZone"] = "UTC",
    };

    private static async Task<int> JsonAsync(HttpResponse response, int status, JsonObject body)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString());
        return status;
    }

    private static Task<int> ErrorAsync(HttpResponse response, int status, string code, string message) =>
        JsonAsync(response, status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    private sealed class BadRequest(string message) : Exception(message);

    private sealed record GraphGroup(string Id, string? Mail, string[] Members);

    internal static JsonObject EventJson(GraphEvent e) => new()
    {
        ["id"] = e.Id,
        ["subject"] = e.Subject,
        ["transactionId"] = e.TransactionId,
        ["start"] = Utc(e.Start),
        ["end"] = Utc(e.End),
        ["isCancelled"] = false,
    };
}

public sealed record GraphRecordedRequest(string Method, string Target, int Status, string Body);

public sealed record GraphSentMail(
    string Mailbox,
    string Subject,
    string ContentType,
    string Content,
    IReadOnlyList<string> To,
    bool? SaveToSentItems,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The blind-copied recipients (<c>message.bccRecipients</c>).</summary>
    public IReadOnlyList<string> Bcc { get; init; } = [];
}

public enum GraphEventState
{
    Active,
    Deleted,
}

/// <summary>An event in the fake's calendars.</summary>
public sealed class GraphEvent(int sequence, string id, string mailbox, string? transactionId)
{
    public int Sequence { get; } = sequence;

    public string Id { get; } = id;

    public string Mailbox { get; } = mailbox;

    public string? TransactionId { get; } = transactionId;

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public GraphEventState State { get; set; }

    public int Updates { get; set; }

    internal JsonObject ToJson() => LoopbackGraphServer.EventJson(this);
}
