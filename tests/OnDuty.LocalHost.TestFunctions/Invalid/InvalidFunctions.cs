using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

// Each class has one shape LocalHost must refuse at start; the valid tests leave this namespace out.
namespace OnDuty.LocalHost.TestFunctions.Invalid;

public sealed class UsesFunctionContext
{
    [Function("UsesFunctionContext")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request, FunctionContext context) => new OkResult();
}

public sealed class UsesQueueTrigger
{
    [Function("UsesQueueTrigger")]
    public void Run([FakeQueueTrigger("orders")] string message)
    {
    }
}

public sealed class HasParameterNotInRoute
{
    [Function("HasParameterNotInRoute")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id}")] HttpRequest request, string name) => new OkResult();
}

public sealed class ReturnsString
{
    [Function("ReturnsString")]
    public string Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => "text";
}

public sealed class TimerWithExtraParameter
{
    [Function("TimerWithExtraParameter")]
    public void Run([TimerTrigger("0 * * * * *")] TimerInfo timer, string extra)
    {
    }
}

public sealed class FakeQueueTriggerAttribute(string queueName) : TriggerBindingAttribute
{
    public string QueueName { get; } = queueName;
}

public interface IUnregisteredService;

/// <summary>A valid function shape whose class the container cannot build.</summary>
public sealed class NeedsUnregisteredService(IUnregisteredService service)
{
    [Function("NeedsUnregisteredService")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get")] HttpRequest request) => new OkObjectResult(service.ToString());
}
