using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OnDuty.LocalHost;

/// <summary>
/// <c>POST /admin/functions/{name}</c>, as in Core Tools, to run a non-HTTP function now. Unlike Core Tools it answers
/// only after the run, so a script or test can rely on its effects once the call returns.
/// </summary>
internal static class AdminEndpoints
{
    public const string RunFunctionRoute = "/admin/functions/{functionName}";

    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(RunFunctionRoute, RunFunctionAsync).WithDisplayName("LocalHost admin: run function");
    }

    private static async Task RunFunctionAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (!services.GetRequiredService<FunctionKeyAuthorization>().IsAuthorized(context.Request, AuthorizationLevel.Admin))
        {
            await FunctionKeyAuthorization.Unauthorized(AuthorizationLevel.Admin).ExecuteAsync(context);
            return;
        }

        var name = (string)context.Request.RouteValues["functionName"]!;
        var function = services.GetRequiredService<FunctionCatalog>().Find(name);
        if (function is null)
        {
            await Problem(StatusCodes.Status404NotFound, "Function not found", $"There is no function named '{name}'.").ExecuteAsync(context);
            return;
        }

        if (function.Trigger == FunctionTriggerKind.Http)
        {
            await Problem(
                StatusCodes.Status400BadRequest,
                "Not a non-HTTP function",
                $"'{function.Name}' is an HTTP function; call it on /{HttpFunctionEndpoints.RoutePrefix}/{function.Route} instead.").ExecuteAsync(context);
            return;
        }

        if (function.Trigger == FunctionTriggerKind.Queue)
        {
            await Problem(
                StatusCodes.Status400BadRequest,
                "A queue function",
                $"'{function.Name}' runs when a message arrives on queue '{function.QueueName}'; put a message there instead.").ExecuteAsync(context);
            return;
        }

        if (await ReadInvalidBodyAsync(context.Request) is { } bodyError)
        {
            await Problem(StatusCodes.Status400BadRequest, "Invalid request body", bodyError).ExecuteAsync(context);
            return;
        }

        var timer = services.GetRequiredService<IReadOnlyList<TimerSchedule>>().Single(t => t.Function == function);
        try
        {
            // The host's stopping token, not the request's: a run once started finishes even if the caller gives up.
            var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            await services.GetRequiredService<TimerFunctionRunner>().RunAsync(timer, "Invoked through the admin endpoint", stopping);
        }
        catch (Exception e)
        {
            await Problem(
                StatusCodes.Status500InternalServerError,
                "Function failed",
                $"Function '{function.Name}' threw {e.GetType().Name}: {e.Message}").ExecuteAsync(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status202Accepted;
    }

    /// <summary>The body is optional; when present it must be <c>{"input": ...}</c> (the input is unused by timers).</summary>
    private static async Task<string?> ReadInvalidBodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? null
                : "The body must be a JSON object such as {\"input\": \"...\"}.";
        }
        catch (JsonException e)
        {
            return $"The body is not valid JSON: {e.Message}";
        }
    }

    private static IResult Problem(int status, string title, string detail) =>
        Results.Problem(title: title, statusCode: status, detail: detail);
}
