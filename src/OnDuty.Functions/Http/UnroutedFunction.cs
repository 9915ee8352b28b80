using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.Functions.Http;

/// <summary>
/// Every request under <c>/api</c> that no other function takes. Both hosts try the most specific routes first (literal
/// segments before parameters: ASP.NET Core's endpoint routing in LocalHost, the Functions host's own route order in Azure), and
/// a route whose methods do not fit is passed over, so this catch-all is reached by a known path with a method it does not take
/// (405 problem with <c>Allow</c>; the Functions host alone would answer an empty 404, LocalHost an empty 405) or by a path
/// nothing serves (404 problem).
/// </summary>
/// <remarks>
/// Anonymous: it says no more than the README's route table does, and a wrong method is refused the same with or without a key.
/// </remarks>
public sealed class UnroutedFunction
{
    public const string Name = "Unrouted";

    private static readonly Lazy<HttpRoutes> Routes = new(() => HttpRoutes.Of(typeof(UnroutedFunction).Assembly, Name));

    [Function(Name)]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, Route = "{*path}")] HttpRequest request)
    {
        var allowed = Routes.Value.MethodsAt(request.Path);
        if (allowed is null || allowed.Count == 0 || allowed.Contains(request.Method, StringComparer.OrdinalIgnoreCase))
        {
            // No route has this path, or the function that has it is switched off (AzureWebJobs.{name}.Disabled).
            return HttpApi.Problem(request, StatusCodes.Status404NotFound, "Not found", "Nothing is served at this address (see the README's HTTP API section for the routes).");
        }

        request.HttpContext.Response.Headers.Allow = string.Join(", ", allowed);
        return HttpApi.Problem(
            request,
            StatusCodes.Status405MethodNotAllowed,
            "Method not allowed",
            $"This address takes {string.Join(" or ", allowed)}, not {request.Method.ToUpperInvariant()}.");
    }
}
