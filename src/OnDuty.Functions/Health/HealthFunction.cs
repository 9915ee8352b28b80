using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Health;

/// <summary>
/// <c>GET /api/health</c>: 200 when storage answers and start-up work is done, else 503 saying what is missing;
/// 200 "degraded" with the reasons under <c>degraded</c> when something needs a person's look (messages given up, a group
/// member without an address, nobody on duty in the paging rotation: pages then fall through to the leads).
/// </summary>
/// <remarks>Anonymous: answers say which check failed, never an exception's message (hosts, ports, paths); those go to the log.</remarks>
public sealed class HealthFunction(StartupState startup, IEnumerable<IHealthProbe> probes, IEnumerable<IDegradationCheck> degradations, DependencyWarnings warnings, IEnumerable<IWarningRefresh> refreshes, ILogger<HealthFunction> logger)
{
    /// <summary>How long the checks together may take before the answer says which did not finish.</summary>
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);

    [Function("Health")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(HealthTimeout);
        var checks = new Dictionary<string, string>();
        var partial = new List<string>();
        var notes = new Dictionary<string, string>();
        foreach (var probe in probes.Where(p => p.Applies))
        {
            string? problem;
            try
            {
                var finding = await probe.ExamineAsync(timeout.Token);
                if (finding is { Informative: true })
                {
                    // Only worth knowing (every lead on duty, the organisation's list still backing the pair up): listed, and health stays as it is.
                    notes[probe.Name] = finding.Message;
                }

                problem = finding is { Informative: false } ? finding.Message : null;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Health check {Check} failed", probe.Name);
                problem = Unchecked(ex, timeout);
            }

            checks[probe.Name] = problem ?? "ok";
            if (problem is not null && !probe.Critical)
            {
                partial.Add(probe.Name);
            }
        }

        checks["startup"] = startup.Pending ?? "ok";
        var failing = checks.Where(c => c.Value != "ok" && !partial.Contains(c.Key)).ToList();
        if (failing.Count == 0)
        {
            // Warnings reported as they happen (a group member without an address) and checks run now (nobody on
            // duty, messages given up) read as one list: anything a person should look at. Some warnings are brought up to
            // date first from what the checks read anyway (an audience entry no longer on the roster): said from the start.
            foreach (var refresh in refreshes)
            {
                try
                {
                    await refresh.RefreshAsync(timeout.Token);
                }
                catch (Exception ex)
                {
                    // What it would say stays as the last notice or look left it; the checks above say what cannot be read.
                    logger.LogWarning(ex, "Health warnings of {Source} could not be brought up to date", refresh.GetType().Name);
                }
            }

            var degraded = warnings.Current.ToDictionary(w => w.Key, w => w.Value);
            foreach (var name in partial)
            {
                degraded[name] = checks[name];
            }

            foreach (var check in degradations)
            {
                try
                {
                    if (await check.CheckAsync(timeout.Token) is { } reason)
                    {
                        // Two checks may share a name (alert-intake: the repeats backlog and refused deliveries): both are said.
                        degraded[check.Name] = degraded.TryGetValue(check.Name, out var before) ? $"{before}; {reason}" : reason;
                    }
                }
                catch (Exception ex)
                {
                    logger.LogWarning(ex, "Health check {Check} failed", check.Name);
                    degraded[check.Name] = Unchecked(ex, timeout);
                }
            }

            // Fields in this order; reasons and degraded only when degraded, notes only when there are some.
            var answer = new Dictionary<string, object>(StringComparer.Ordinal) { ["status"] = degraded.Count == 0 ? "healthy" : "degraded" };
            if (degraded.Count > 0)
            {
                answer["reasons"] = degraded.Select(w => $"{w.Key}: {w.Value}").ToList();
            }

            answer["checks"] = checks;
            if (degraded.Count > 0)
            {
                answer["degraded"] = degraded;
            }

            if (notes.Count > 0)
            {
                answer["notes"] = notes;
            }

            return HttpApi.Json(request, answer);
        }

        var problemResult = HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Not ready", string.Join("; ", failing.Select(f => $"{f.Key}: {f.Value}")));
        ((ProblemDetails)problemResult.Value!).Extensions["checks"] = checks;
        return problemResult;
    }

    /// <summary>
    /// What a check that threw says, for whoever reads the answer (Azure Monitor's alert mail, a lead): in words, never a .NET
    /// type or an exception's message (hosts, ports); the exception is in the log.
    /// </summary>
    private static string Unchecked(Exception ex, CancellationTokenSource timeout) => ex switch
    {
        OperationCanceledException when timeout.IsCancellationRequested => $"could not be checked: no answer within {HealthTimeout.TotalSeconds:0} s",
        DependencyUnavailableException unavailable => $"could not be checked: {unavailable.Dependency} is not reachable",
        _ => "could not be checked: it failed unexpectedly (the error is in the app log)",
    };
}
