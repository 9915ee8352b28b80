using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace OnDuty.LocalHost;

/// <summary>
/// A request under <c>/api</c> that no function took — a path nothing serves, or a route asked with a method it does not take —
/// is answered as the API answers every error: RFC 7807 problem details (404, or 405 naming the methods it takes, with
/// <c>Allow</c>), instead of an empty body. LocalHost only: the Functions host keeps its own answer for these in Azure, since
/// a catch-all function there could not be relied on to come after the real routes (the host's route order is not documented).
/// </summary>
internal static class UnroutedProblems
{
    public static void UseUnroutedProblems(this WebApplication app) => app.Use(async (context, next) =>
    {
        await next(context).ConfigureAwait(false);
        var response = context.Response;
        var unrouted = context.GetEndpoint() is null || response.StatusCode == StatusCodes.Status405MethodNotAllowed;
        if (!unrouted || response.HasStarted || response.ContentLength is > 0 || response.ContentType is not null
            || response.StatusCode is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
            || !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var allowed = response.Headers.Allow.ToString();
        var (type, title, detail) = response.StatusCode == StatusCodes.Status405MethodNotAllowed
            ? ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method not allowed",
                $"This address takes {string.Join(" or ", allowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))}, not {context.Request.Method.ToUpperInvariant()}.")
            : ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not found", "Nothing is served at this address (see the README's HTTP API section for the routes).");
        response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(response.Body, new Dictionary<string, object>
        {
            ["type"] = type,
            ["title"] = title,
            ["status"] = response.StatusCode,
            ["detail"] = detail,
            ["instance"] = context.Request.Path.Value ?? "",
        }, cancellationToken: context.RequestAborted).ConfigureAwait(false);
    });
}
