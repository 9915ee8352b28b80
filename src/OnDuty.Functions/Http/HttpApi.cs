using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Functions.Http;

/// <summary>Maps use-case outcomes to HTTP: domain errors become RFC 7807 problem details, never a bare 500.</summary>
public static class HttpApi
{
    /// <summary>
    /// Who an API caller says acts (<c>by</c>): trimmed, at most 100 characters; <c>api</c> when not said. A control character or
    /// line break in it is refused (400 naming <c>by</c>): the name goes into plain-text mails and the timeline.
    /// </summary>
    public static string By(string? by)
    {
        new ValidationErrors().CheckLine("by", by).ThrowIfAny();
        return string.IsNullOrWhiteSpace(by) ? "api" : by.Trim()[..Math.Min(by.Trim().Length, 100)];
    }

    public static Task<IActionResult> RunAsync(HttpRequest request, ILogger logger, Func<CancellationToken, Task<IActionResult>> action) =>
        RunAsync(request, logger, rotationId: null, action);

    /// <summary>
    /// As <see cref="RunAsync(HttpRequest, ILogger, Func{CancellationToken, Task{IActionResult}})"/> for a request about the rotation
    /// <paramref name="rotationId"/>: its refusals say the shift as the duty page does when its shifts last longer than a week.
    /// </summary>
    public static async Task<IActionResult> RunAsync(HttpRequest request, ILogger logger, string? rotationId, Func<CancellationToken, Task<IActionResult>> action)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            return await action(cancellationToken);
        }
        catch (BadRequestBodyException ex)
        {
            // A body that cannot be read (not JSON, none, too large) is said in the caller's language as a field's problem is, and
            // carries its code for scripts whatever the language.
            var problem = Problem(request, ex.Status, ex.Title,
                ex.Refusal is { } refusal && RefusalText.Knows(refusal.Code) && RequestLanguage.Readable(request) is Language.Ja
                    ? RefusalText.Say(refusal, Language.Ja, RefusalReader.Api)
                    : ex.Message);
            if (ex.Refusal is not null)
            {
                Coded((ProblemDetails)problem.Value!, ex.Refusal);
            }

            return problem;
        }
        catch (ValidationException ex)
        {
            // A refusal that says when something was done (a change taken back at 10:30) says it in English too: the time in the
            // team's zone with its name, as the pages say it, not the exception's invariant form.
            var said = RequestLanguage.Readable(request) is Language.Ja
                ? await SayAsync(request, ex.Refusals, rotationId)
                : await SayAsync(request, ex.Refusals.Where(r => r.Value.Args.ContainsKey("at")).ToDictionary(), rotationId, Language.En);
            var errors = ex.Errors.ToDictionary(e => e.Key, e => said.TryGetValue(e.Key, out var text) ? [text, .. e.Value.Skip(1)] : e.Value);
            var problem = new ValidationProblemDetails(errors)
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Invalid request",
                Detail = string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")),
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                Instance = request.Path,
            };
            if (ex.Errors.Keys.FirstOrDefault(ex.Refusals.ContainsKey) is { } first)
            {
                Coded(problem, ex.Refusals[first]);
                problem.Extensions["codes"] = ex.Refusals.ToDictionary(r => r.Key, r => r.Value.Code);
            }

            return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
        }
        catch (ConflictException ex)
        {
            // A refusal that says when something was done (another correction of the final report sent at 10:30) says it in English
            // too, as the 400s and 412s do: the time in the team's zone with its name, not the exception's invariant form.
            var reason = ex.Refusal is { } refusal
                && (await SayAsync(request, new Dictionary<string, Refusal> { [ex.Field] = refusal }, rotationId,
                    refusal.Args.ContainsKey("at") ? RequestLanguage.Readable(request) ?? Language.En : Language.Ja)).TryGetValue(ex.Field, out var text)
                ? text : ex.Reason;
            var problem = new ValidationProblemDetails(new Dictionary<string, string[]> { [ex.Field] = [reason] })
            {
                Status = StatusCodes.Status409Conflict,
                Title = "Conflict",
                Detail = $"{ex.Field}: {reason}",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                Instance = request.Path,
            };
            if (ex.Refusal is not null)
            {
                Coded(problem, ex.Refusal);
            }

            return new ObjectResult(problem) { StatusCode = problem.Status, ContentTypes = { "application/problem+json" } };
        }
        catch (NotFoundException ex)
        {
            return Problem(request, StatusCodes.Status404NotFound, "Not found", ex.Message);
        }
        catch (ConcurrencyException ex) when (ex.Refusal is { } refusal && request.Headers.IfMatch.Count == 0)
        {
            var said = await SayAsync(request, new Dictionary<string, Refusal> { [""] = refusal }, rotationId);
            var problem = Problem(request, StatusCodes.Status409Conflict, "Conflict", said.GetValueOrDefault("", ex.Message));
            Coded((ProblemDetails)problem.Value!, refusal);
            return problem;
        }
        catch (ConcurrencyException ex) when (ex.Refusal is { } refusal && request.Headers.IfMatch.Count > 0 && RefusalText.Knows(refusal.Code))
        {
            // A 412 that names who saved and when says it in the reader's language, English too: the time in the team's zone
            // with its name (10:30 (JST)), as every page says it, not the exception's invariant form (session 57's two-PMs walk).
            var said = await SayAsync(request, new Dictionary<string, Refusal> { [""] = refusal }, rotationId, RequestLanguage.Readable(request) ?? Language.En);
            var problem = Problem(request, StatusCodes.Status412PreconditionFailed, "Changed by someone else", said.GetValueOrDefault("", ex.Message));
            Coded((ProblemDetails)problem.Value!, refusal);
            return problem;
        }
        catch (ConcurrencyException ex)
        {
            return request.Headers.IfMatch.Count > 0
                ? Problem(request, StatusCodes.Status412PreconditionFailed, "Changed by someone else", (ex.Changed ?? ex.Message) + " Read it again and retry with the new ETag.")
                : Problem(request, StatusCodes.Status409Conflict, "Conflict", ex.Message);
        }
        catch (ContentionException ex)
        {
            // Senders (monitoring tools, scripts, the form's retry) retry a 5xx, not a 409: contention is "try again shortly".
            logger.LogWarning("Contention while serving {Method} {Path}, answered 503: {Reason}", request.Method, request.Path, ex.Message);
            return Unavailable(request, ex);
        }
        catch (DependencyUnavailableException ex)
        {
            logger.LogWarning(ex, "{Dependency} unavailable while serving {Path}", ex.Dependency, request.Path);
            return Unavailable(request, ex);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StatusCodeResult(499);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Unhandled error serving {Method} {Path}", request.Method, request.Path);
            return Problem(request, StatusCodes.Status500InternalServerError, "Internal error", "Something went wrong; it has been logged.");
        }
    }

    /// <summary>
    /// A refusal's code and arguments as problem-details members (<c>code</c>, <c>args</c>): what scripts read, whatever the
    /// language of <c>detail</c> and <c>errors</c>.
    /// </summary>
    /// <summary>The refusal's <c>code</c> and <c>args</c> on <paramref name="problem"/>: what scripts read, whatever the language.</summary>
    internal static void Coded(ProblemDetails problem, Refusal refusal)
    {
        problem.Extensions["code"] = refusal.Code;
        problem.Extensions["args"] = refusal.Args;
    }

    /// <summary>
    /// The refusals (by field) in Japanese when the caller asks for it (<c>?lang=ja</c>, else Accept-Language), members by
    /// name from the roster (by id when it cannot be read); none otherwise: the API's English is the exception's message, as before
    /// (a refusal naming when something was done asks for <paramref name="only"/> English too, for a caller who names no language
    /// as well: its time said in the team's zone).
    /// A refusal about the rotation <paramref name="rotationId"/> is said in the words of its shifts, as the duty page says it: for
    /// 4-week shifts 「その当番期間のメンバーから選んでください」 and 「1月4日(月)からの4週間」 (weekly when it cannot be read).
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> SayAsync(HttpRequest request, IReadOnlyDictionary<string, Refusal> refusals, string? rotationId, Language only = Language.Ja)
    {
        var known = refusals.Where(r => RefusalText.Knows(r.Value.Code)).ToList();
        if (known.Count == 0 || (RequestLanguage.Readable(request) ?? Language.En) != only)
        {
            return new Dictionary<string, string>();
        }

        IReadOnlyDictionary<string, Member>? roster = null;
        if (request.HttpContext.RequestServices?.GetService<IRosterRepository>() is { } members)
        {
            try
            {
                roster = (await members.ListMembersAsync(request.HttpContext.RequestAborted)).ToDictionary(m => m.Value.Id, m => m.Value, StringComparer.Ordinal);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The refusal is said with member ids instead: the answer matters more than the names in it.
            }
        }

        var shiftWeeks = 1;
        if (rotationId is not null && request.HttpContext.RequestServices?.GetService<IRotationRepository>() is { } rotations)
        {
            try
            {
                shiftWeeks = (await rotations.GetAsync(rotationId, request.HttpContext.RequestAborted))?.Value.ShiftWeeks ?? 1;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Said in weeks, as before: the answer matters more than its words.
            }
        }

        return known.ToDictionary(r => r.Key, r => RefusalText.Say(r.Value, only, RefusalReader.Api, roster, shiftWeeks));
    }

    /// <summary>
    /// A PUT that creates what is not there yet (no <c>If-Match</c>): when it exists, the 409 says how to replace it (the ETag read,
    /// or <c>*</c>), as <c>PUT /criteria/{id}</c> does, instead of the store's "already exists".
    /// </summary>
    public static async Task<T> CreateOrReplaceAsync<T>(string what, string? ifMatch, Func<Task<T>> save)
    {
        try
        {
            return await save();
        }
        catch (ConcurrencyException) when (ifMatch is null)
        {
            throw new ConcurrencyException($"{what} exists: send If-Match with the ETag you read (or * to overwrite).");
        }
    }

    /// <summary>
    /// What storage trouble (<see cref="ContentionException"/>, <see cref="DependencyUnavailableException"/>) is answered: 503,
    /// its <c>Retry-After</c> in seconds, title and detail. Senders retry a 5xx.
    /// </summary>
    public static (string RetryAfter, string Title, string Detail) Unavailable(Exception ex) => ex switch
    {
        DependencyUnavailableException d => ("10", "Temporarily unavailable", $"{d.Dependency} is not reachable; nothing was changed. Retry shortly."),
        _ => ("1", "Busy", "Parallel requests are changing the same data; nothing was lost. Retry shortly."),
    };

    private static ObjectResult Unavailable(HttpRequest request, Exception ex)
    {
        var (retryAfter, title, detail) = Unavailable(ex);
        request.HttpContext.Response.Headers.RetryAfter = retryAfter;
        return Problem(request, StatusCodes.Status503ServiceUnavailable, title, detail);
    }

    public static ObjectResult Problem(HttpRequest request, int status, string title, string detail)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = detail,
            Type = status switch
            {
                400 => "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                404 => "https://tools.ietf.org/html/rfc9110#section-15.5.5",
                405 => "https://tools.ietf.org/html/rfc9110#section-15.5.6",
                409 => "https://tools.ietf.org/html/rfc9110#section-15.5.10",
                412 => "https://tools.ietf.org/html/rfc9110#section-15.5.13",
                413 => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
                415 => "https://tools.ietf.org/html/rfc9110#section-15.5.16",
                503 => "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                _ => "about:blank",
            },
            Instance = request.Path,
        };
        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    /// <summary>
    /// What an answer built here (or in a source's own shape, a <see cref="JsonResult"/>) says, as a log keeps it: its status
    /// (200 when it sets none), and the title and detail of its problem details, if it is one.
    /// </summary>
    public static (int Status, string? Title, string? Detail) Summary(IActionResult answer) => answer switch
    {
        ObjectResult { Value: ProblemDetails problem } o => (o.StatusCode ?? 200, problem.Title, problem.Detail),
        IStatusCodeActionResult s => (s.StatusCode ?? 200, null, null),
        _ => (200, null, null),
    };

    /// <summary>
    /// An HTML page with headers that keep it to itself: <paramref name="contentSecurityPolicy"/>, no sniffing, no referrer
    /// leaking ids or tokens in its URL, and <paramref name="cacheControl"/>.
    /// </summary>
    public static ContentResult Html(HttpRequest request, int status, string html, string contentSecurityPolicy, string cacheControl)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = cacheControl;
        return new ContentResult { Content = html, ContentType = "text/html; charset=utf-8", StatusCode = status };
    }

    /// <summary>
    /// The origin of absolute URLs the API hands out (a feed, a heartbeat's ping URL): <c>Team__PublicBaseUrl</c> when set
    /// (behind a proxy or custom domain), else the request's own origin.
    /// </summary>
    public static string PublicOrigin(HttpRequest request, OnDuty.Core.Common.TeamOptions team) =>
        team.BaseUrl ?? $"{request.Scheme}://{request.Host}";

    /// <summary>
    /// <paramref name="value"/> as the API writes it, with each of <paramref name="texts"/> added as an array of strings: the
    /// <c>warnings</c> (and <c>notes</c>) of an answer that accepted something it has words about (leave, a heartbeat).
    /// </summary>
    public static System.Text.Json.Nodes.JsonObject WithTexts(object value, params (string Name, IEnumerable<string> Texts)[] texts)
    {
        var node = System.Text.Json.JsonSerializer.SerializeToNode(value, value.GetType(), ApiJson.Options)!.AsObject();
        foreach (var (name, said) in texts)
        {
            node[name] = new System.Text.Json.Nodes.JsonArray([.. said.Select(t => (System.Text.Json.Nodes.JsonNode?)t)]);
        }

        return node;
    }

    /// <summary>JSON with the API's conventions, and the ETag header when the resource has one.</summary>
    public static IActionResult Json(HttpRequest request, object value, int status = StatusCodes.Status200OK, string? etag = null)
    {
        if (etag is not null)
        {
            request.HttpContext.Response.Headers.ETag = etag.StartsWith('"') || etag.StartsWith("W/", StringComparison.Ordinal) ? etag : $"\"{etag}\"";
        }

        return new JsonResult(value, ApiJson.Options) { StatusCode = status };
    }

    /// <summary>
    /// The If-Match header as the store expects it (null when absent): <c>*</c> or one entity tag (<c>"…"</c> or <c>W/"…"</c>).
    /// Anything else can match no ETag we hand out, so it fails the precondition (412) instead of reaching storage.
    /// </summary>
    public static string? IfMatch(HttpRequest request)
    {
        var value = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        value = value.Trim();
        return value == "*" || IsEntityTag(value)
            ? value
            : throw new ConcurrencyException("If-Match must be * or one entity tag as sent in an ETag header (e.g. W/\"datetime'…'\").");
    }

    private static bool IsEntityTag(string value)
    {
        var opaque = value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
        return opaque.Length >= 2 && opaque[0] == '"' && opaque[^1] == '"'
            && opaque[1..^1].All(c => c is '\x21' or (>= '\x23' and <= '\x7E') or >= '\x80');
    }

    /// <summary>Parses a query value as int within bounds; 400 naming the parameter otherwise.</summary>
    public static int QueryInt(HttpRequest request, string name, int fallback, int min, int max)
    {
        var raw = request.Query[name].ToString();
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        return int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ValidationException(name, $"must be a whole number from {min} to {max}") { Rules = new Dictionary<string, ValueRule> { [name] = ValueRule.WholeNumber(min, max) } };
    }
}
