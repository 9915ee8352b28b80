using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost.TestFunctions;

/// <summary>Routes that overlap, so the tests can check that a literal segment beats a parameter.</summary>
public sealed class RotationFunctions(ILogger<RotationFunctions> logger)
{
    [Function("GetRotation")]
    public IActionResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id}")] HttpRequest request, string id)
    {
        logger.LogInformation("Reading rotation {RotationId}", id);
        return new OkObjectResult(new Echo("GetRotation", id));
    }

    [Function("ImportRotations")]
    public IActionResult Import([HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "rotations/import")] HttpRequest request) =>
        new OkObjectResult(new Echo("ImportRotations", request.Method));

    [Function("GetRotationSchedule")]
    public async Task<IActionResult> GetSchedule(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "rotations/{id:int}/schedule")] HttpRequest request,
        int id,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        return new OkObjectResult(new Echo("GetRotationSchedule", $"{id + 1}:{cancellationToken.CanBeCanceled}"));
    }
}

public sealed record Echo(string Function, string? Value);
