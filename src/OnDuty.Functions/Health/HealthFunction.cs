using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Health;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Health;

/// <summary><c>GET /api/health</c>: 200 when storage answers and start-up work is done, else 503 saying what is missing;
/// 200 "degraded" with the warnings when something works only in part (a group that expands to fewer people than it has).</summary>
public sealed class HealthFunction(StartupState startup, IEnumerable<IHealthProbe> probes, DependencyWarnings warnings)
{
    [Function("Health")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = new Dictionary<string, string>();
        foreach (var probe in probes)
        {
            string? problem;
            try
            {
                problem = await probe.CheckAsync(timeout.Token);
            }
            catch (Exception ex)
            {
                problem = ex.Message;
            }

            checks[probe.Name] = problem ?? "ok";
        }

        checks["startup"] = startup.Pending ?? "ok";
        var failing = checks.Where(c => c.Value != "ok").ToList();
        var degraded = warnings.Current;
        if (failing.Count == 0)
        {
            return degraded.Count == 0
                ? HttpApi.Json(request, new { status = "healthy", checks })
                : HttpApi.Json(request, new { status = "degraded", checks, warnings = degraded.ToDictionary(w => w.Key, w => w.Value) });
        }

        var problemResult = HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Not ready", string.Join("; ", failing.Select(f => $"{f.Key}: {f.Value}")));
        ((ProblemDetails)problemResult.Value!).Extensions["checks"] = checks;
        return problemResult;
    }
}
