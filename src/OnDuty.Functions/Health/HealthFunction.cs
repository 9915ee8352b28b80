using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using OnDuty.Core.Health;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 when storage answers and start-up work is done, else 503 saying what is missing. A problem
/// the app works around (nobody on duty: pages go to the leads) answers 200 with <c>status: degraded</c> and the reason.
/// </summary>
public sealed class HealthFunction(StartupState startup, IEnumerable<IHealthProbe> probes)
{
    [Function("Health")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var checks = new Dictionary<string, string>();
        var degraded = new List<string>();
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
            if (problem is not null && !probe.Critical)
            {
                degraded.Add(probe.Name);
            }
        }

        checks["startup"] = startup.Pending ?? "ok";
        var failing = checks.Where(c => c.Value != "ok" && !degraded.Contains(c.Key)).ToList();
        if (failing.Count == 0)
        {
            return degraded.Count == 0
                ? HttpApi.Json(request, new { status = "healthy", checks })
                : HttpApi.Json(request, new { status = "degraded", reasons = degraded.Select(d => $"{d}: {checks[d]}"), checks });
        }

        var problemResult = HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Not ready", string.Join("; ", failing.Select(f => $"{f.Key}: {f.Value}")));
        ((ProblemDetails)problemResult.Value!).Extensions["checks"] = checks;
        return problemResult;
    }
}
