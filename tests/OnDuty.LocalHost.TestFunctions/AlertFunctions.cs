using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.LocalHost.TestFunctions;

public sealed class AlertFunctions
{
    [Function("ReceiveAlert")]
    public static IResult Receive([HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts/{source?}")] HttpRequest request, string? source) =>
        Results.Ok(new Echo("ReceiveAlert", source));

    [Function("GetAlert")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "alert-items/{alertId:guid}")] HttpRequest request, Guid alertId) =>
        new OkObjectResult(new Echo("GetAlert", alertId.ToString("N")));

    [Function("PurgeAlerts")]
    public async Task Purge([HttpTrigger(AuthorizationLevel.Admin, "delete", Route = "alerts")] HttpRequest request)
    {
        request.HttpContext.Response.StatusCode = StatusCodes.Status204NoContent;
        await Task.CompletedTask;
    }

    /// <summary>No methods and no route: every method, on the function name.</summary>
    [Function("Ping")]
    public void Ping([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request)
    {
        request.HttpContext.Response.Headers["x-ping"] = request.Method;
    }

    [Function("Explode")]
    public IActionResult Explode([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "explode")] HttpRequest request) =>
        throw new InvalidOperationException("Boom from a test function");
}
