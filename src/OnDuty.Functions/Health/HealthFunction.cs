using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Health;

/// <summary>
/// <c>GET /api/health</c> (anonymous) and <c>GET /api/health/details</c> (function key): 200 when storage answers and start-up
/// work is done, else 503 saying what is missing; 200 "degraded" when something needs a person's look (messages given up, a
/// group member without an address, nobody on duty in the paging rotation: pages then fall through to the leads). Only the
/// details route says why: the reasons name members, addresses, leave weeks and settings.
/// </summary>
/// <remarks>Neither answer carries an exception's message (hosts, ports, paths); those go to the log.</remarks>
public sealed class HealthFunction(StartupState startup, IEnumerable<IHealthProbe> probes, IEnumerable<IDegradationCheck> degradations, DependencyWarnings warnings, IEnumerable<IWarningRefresh> refreshes, ILogger<HealthFunction> logger)
{
    /// <summary>How long the checks together may take before the answer says which did not finish.</summary>
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Where the anonymous answer says the messages are.</summary>
    internal const string DetailsAt = "GET /api/health/details with a function key";

    /// <summary>
    /// Anonymous (Azure's availability test, load balancers): the status code and <c>status</c> as the details route answers them;
    /// each check by name with its finding only where that is the app's own words about itself — a critical check (storage,
    /// start-up: what the 3 a.m. reader needs, e.g. "connection refused") or one that threw (<see cref="Unchecked"/>) — else
    /// <c>not ok</c>; and only the kinds of what is degraded and noted (<see cref="Kinds"/>). Those messages name members, addresses, leave weeks and
    /// settings, so they are on <c>GET /api/health/details</c> behind a function key. A 503's <c>detail</c> names the failing
    /// checks only.
    /// </summary>
    [Function("Health")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request)
    {
        var health = await ExamineAsync(request);
        var checks = health.Checks.ToDictionary(c => c.Key, c => c.Value == "ok" || !health.Partial.Contains(c.Key) || health.Unchecked.Contains(c.Key) ? c.Value : "not ok");
        if (health.Failing.Count > 0)
        {
            return NotReady(request, $"{string.Join(", ", health.Failing.Select(f => f.Key))} not ready; the reasons: {DetailsAt}", checks);
        }

        // Fields in this order; degraded only when degraded, notes only when there are some.
        var answer = new Dictionary<string, object>(StringComparer.Ordinal) { ["status"] = health.Status, ["checks"] = checks };
        if (health.Degraded.Count > 0)
        {
            answer["degraded"] = Kinds(health.Degraded.Keys);
        }

        if (health.Notes.Count > 0)
        {
            answer["notes"] = Kinds(health.Notes.Keys);
        }

        answer["details"] = DetailsAt;
        return HttpApi.Json(request, answer);
    }

    /// <summary>
    /// <c>GET /api/health/details</c> (function key): the same status codes and <c>status</c> as <c>/api/health</c>, with every
    /// message — the reasons, each check's finding, what is degraded and noted, and a 503's failing checks with why.
    /// </summary>
    [Function("HealthDetails")]
    public async Task<IActionResult> Details([HttpTrigger(AuthorizationLevel.Function, "get", Route = "health/details")] HttpRequest request)
    {
        var health = await ExamineAsync(request);
        if (health.Failing.Count > 0)
        {
            return NotReady(request, string.Join("; ", health.Failing.Select(f => $"{f.Key}: {f.Value}")), health.Checks);
        }

        // Fields in this order; reasons and degraded only when degraded, notes only when there are some.
        var answer = new Dictionary<string, object>(StringComparer.Ordinal) { ["status"] = health.Status };
        if (health.Degraded.Count > 0)
        {
            answer["reasons"] = health.Degraded.Select(w => $"{w.Key}: {w.Value}").ToList();
        }

        answer["checks"] = health.Checks;
        if (health.Degraded.Count > 0)
        {
            answer["degraded"] = health.Degraded;
        }

        if (health.Notes.Count > 0)
        {
            answer["notes"] = health.Notes;
        }

        return HttpApi.Json(request, answer);
    }

    /// <summary>
    /// The names as the anonymous answer gives them: up to the first colon, once each — <c>comms:support:grace</c> and
    /// <c>group:pm@contoso.example</c> name a member, an audience or a group after it (<c>comms</c>, <c>group</c>).
    /// </summary>
    private static List<string> Kinds(IEnumerable<string> names) =>
        [.. names.Select(n => n.Split(':', 2)[0]).Distinct(StringComparer.Ordinal)];

    private static IActionResult NotReady(HttpRequest request, string detail, Dictionary<string, string> checks)
    {
        var problemResult = HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Not ready", detail);
        ((ProblemDetails)problemResult.Value!).Extensions["checks"] = checks;
        return problemResult;
    }

    /// <summary>What both routes answer from: every check's finding, and (when nothing critical fails) what is degraded.</summary>
    private async Task<Findings> ExamineAsync(HttpRequest request)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(request.HttpContext.RequestAborted);
        timeout.CancelAfter(HealthTimeout);
        var checks = new Dictionary<string, string>();
        var uncheckedNames = new HashSet<string>(StringComparer.Ordinal);
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
                uncheckedNames.Add(probe.Name);
            }

            checks[probe.Name] = problem ?? "ok";
            if (problem is not null && !probe.Critical)
            {
                partial.Add(probe.Name);
            }
        }

        checks["startup"] = startup.Pending ?? "ok";
        var failing = checks.Where(c => c.Value != "ok" && !partial.Contains(c.Key)).ToList();
        var degraded = new Dictionary<string, string>();
        if (failing.Count > 0)
        {
            return new Findings(checks, uncheckedNames, partial, failing, degraded, notes);
        }

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

        foreach (var warning in warnings.Current)
        {
            degraded[warning.Key] = warning.Value;
        }

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

        return new Findings(checks, uncheckedNames, partial, failing, degraded, notes);
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

    /// <param name="Checks">Each check's finding by name: <c>ok</c> or what is wrong.</param>
    /// <param name="Unchecked">The checks that threw: their finding is <see cref="Unchecked"/>'s fixed words.</param>
    /// <param name="Partial">The checks not ok that are not critical: degraded, not 503; their findings may name people.</param>
    /// <param name="Failing">The critical checks not ok: the answer is 503.</param>
    /// <param name="Degraded">What needs a person's look (empty when something fails).</param>
    /// <param name="Notes">Only worth knowing.</param>
    private sealed record Findings(
        Dictionary<string, string> Checks,
        HashSet<string> Unchecked,
        List<string> Partial,
        List<KeyValuePair<string, string>> Failing,
        Dictionary<string, string> Degraded,
        Dictionary<string, string> Notes)
    {
        public string Status => Degraded.Count == 0 ? "healthy" : "degraded";
    }
}
