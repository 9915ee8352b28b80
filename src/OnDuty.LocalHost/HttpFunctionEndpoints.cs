using System.ComponentModel;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OnDuty.LocalHost;

/// <summary>
/// Maps each HTTP function to its own endpoint so ASP.NET Core routing, which the Functions host also uses,
/// decides precedence (literal segments before parameters), constraints and 405s.
/// </summary>
internal static class HttpFunctionEndpoints
{
    /// <summary>The <c>extensions.http.routePrefix</c> of host.json.</summary>
    public const string RoutePrefix = "api";

    public static void MapHttpFunctions(this IEndpointRouteBuilder endpoints, FunctionCatalog catalog)
    {
        foreach (var function in catalog.Functions.Where(f => f.Trigger == FunctionTriggerKind.Http))
        {
            var pattern = $"/{RoutePrefix}/{function.Route}";
            RequestDelegate handler = context => HandleAsync(context, function);
            var endpoint = function.Methods is null
                ? endpoints.Map(pattern, handler)
                : endpoints.MapMethods(pattern, function.Methods, handler);
            endpoint.WithDisplayName($"Functions.{function.Name}");
        }
    }

    private static async Task HandleAsync(HttpContext context, FunctionDescriptor function)
    {
        var authorization = context.RequestServices.GetRequiredService<FunctionKeyAuthorization>();
        if (context.RequestServices.GetRequiredService<DisabledFunctions>().IsDisabled(function.Name) && !authorization.PresentsMasterKey(context.Request))
        {
            // As the Functions host: a disabled function is not there, except for the master key.
            await Results.Problem(
                title: "Not Found",
                statusCode: StatusCodes.Status404NotFound,
                detail: $"Function '{function.Name}' is disabled (AzureWebJobs.{function.Name}.Disabled).").ExecuteAsync(context);
            return;
        }

        var level = function.AuthLevel!.Value;
        if (!authorization.IsAuthorized(context.Request, level, function.Name))
        {
            await FunctionKeyAuthorization.Unauthorized(level).ExecuteAsync(context);
            return;
        }

        var arguments = new object?[function.Parameters.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            var parameter = function.Parameters[i];
            switch (parameter.Source)
            {
                case ParameterSource.HttpRequest:
                    arguments[i] = context.Request;
                    break;
                case ParameterSource.CancellationToken:
                    arguments[i] = context.RequestAborted;
                    break;
                case ParameterSource.RouteValue when !TryBindRouteValue(context, parameter, out arguments[i]):
                    await Results.Problem(
                        title: "Bad route value",
                        statusCode: StatusCodes.Status400BadRequest,
                        detail: $"Route value '{parameter.Name}' is not a valid {parameter.Info.ParameterType.Name}.").ExecuteAsync(context);
                    return;
            }
        }

        var invoker = context.RequestServices.GetRequiredService<FunctionInvoker>();
        object? result;
        try
        {
            result = await invoker.InvokeAsync(function, context.RequestServices, arguments, "This function was programmatically called via the host APIs.");
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // Azure answers 500 with an empty body; locally the reason is more useful. The invoker has logged it.
            await Results.Problem(
                title: "Function failed",
                statusCode: StatusCodes.Status500InternalServerError,
                detail: $"Function '{function.Name}' threw {e.GetType().Name}: {e.Message}").ExecuteAsync(context);
            return;
        }

        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
        }
    }

    private static bool TryBindRouteValue(HttpContext context, FunctionParameter parameter, out object? value)
    {
        var type = parameter.Info.ParameterType;
        var raw = context.Request.RouteValues.TryGetValue(parameter.Name, out var routeValue)
            ? Convert.ToString(routeValue, CultureInfo.InvariantCulture)
            : null;
        if (string.IsNullOrEmpty(raw))
        {
            value = parameter.Info.HasDefaultValue
                ? parameter.Info.DefaultValue
                : type.IsValueType && Nullable.GetUnderlyingType(type) is null ? Activator.CreateInstance(type) : null;
            return true;
        }

        if (type == typeof(string))
        {
            // Most route values are strings (alerts/{source}, incidents/{id}): no converter lookup per request.
            value = raw;
            return true;
        }

        try
        {
            value = TypeDescriptor.GetConverter(type).ConvertFromInvariantString(raw);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            value = null;
            return false;
        }
    }
}
