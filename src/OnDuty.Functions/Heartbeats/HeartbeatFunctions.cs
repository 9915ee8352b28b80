using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Messages;

namespace OnDuty.Functions.Heartbeats;

/// <summary>
/// Heartbeats (ハートビート, dead man's switches): <c>PUT /api/heartbeats/{name}</c> defines one; the sender then calls
/// <c>/api/heartbeats/{name}/ping</c> every interval (Alertmanager's Watchdog receiver, a cron job's last line). One that
/// stops, or calls <c>/fail</c>, opens an incident and pages the duty pair; the next ping resolves it.
/// </summary>
public sealed class HeartbeatFunctions(HeartbeatMonitor monitor, TimeProvider time, IOptions<TeamOptions> team, ILogger<HeartbeatFunctions> logger)
{
    /// <summary><c>GET /api/heartbeats</c>: every heartbeat with where it stands (waiting, up, late, failed).</summary>
    [Function("ListHeartbeats")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "heartbeats")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var now = time.GetUtcNow();
            var heartbeats = await monitor.ListAsync(ct);
            return HttpApi.Json(request, new { items = heartbeats.OrderBy(h => h.Value.Name, StringComparer.Ordinal).Select(h => View(request, h.Value, now)) });
        });

    [Function("GetHeartbeat")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Function, "get", Route = "heartbeats/{name}")] HttpRequest request, string name) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var heartbeat = await monitor.GetAsync(name, ct);
            return HttpApi.Json(request, View(request, heartbeat.Value, time.GetUtcNow()), etag: heartbeat.ETag);
        });

    /// <summary>
    /// <c>PUT /api/heartbeats/{name}</c> <c>{"title","description","runbookUrl","owner","intervalMinutes","graceMinutes","severity","labels","by"}</c>:
    /// 201 with the heartbeat when new, 200 when changed (what it heard is kept), each with <c>warnings</c>. It pages nobody until its first ping.
    /// </summary>
    [Function("DefineHeartbeat")]
    public Task<IActionResult> Define([HttpTrigger(AuthorizationLevel.Function, "put", Route = "heartbeats/{name}")] HttpRequest request, string name) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = await RequestBody.ReadJsonAsync<HeartbeatBody>(request, ct);
            var (heartbeat, created) = await monitor.DefineAsync(name, body.ToRequest(), HttpApi.By(body.By), ct);
            if (created)
            {
                request.HttpContext.Response.Headers.Location = $"/api/heartbeats/{heartbeat.Value.Name}";
            }

            // Accepted as asked, and said back when it may not be what was meant (a grace longer than the interval), in the
            // caller's language (?lang=ja, else Accept-Language; English otherwise), as the leave API's warnings are.
            var answer = HttpApi.WithTexts(View(request, heartbeat.Value, time.GetUtcNow()), ("warnings", HeartbeatWarnings.Of(heartbeat.Value, RequestLanguage.Readable(request) ?? Language.En)));
            return HttpApi.Json(request, answer, created ? StatusCodes.Status201Created : StatusCodes.Status200OK, heartbeat.ETag);
        });

    /// <summary><c>DELETE /api/heartbeats/{name}?by=…</c>: 204. An incident it opened stays open, to be resolved by hand.</summary>
    [Function("DeleteHeartbeat")]
    public Task<IActionResult> Delete([HttpTrigger(AuthorizationLevel.Function, "delete", Route = "heartbeats/{name}")] HttpRequest request, string name) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            await monitor.DeleteAsync(name, HttpApi.By(request.Query["by"].ToString()), ct);
            return new NoContentResult();
        });

    /// <summary>
    /// <c>POST</c> (or <c>GET</c>, for a plain <c>curl</c>) <c>/api/heartbeats/{name}/ping</c>: it was heard. Any body is ignored, so
    /// Alertmanager's webhook can post its Watchdog notifications here. 200 with its state; a stopped one's incident resolves.
    /// </summary>
    [Function("PingHeartbeat")]
    public Task<IActionResult> Ping([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "heartbeats/{name}/ping")] HttpRequest request, string name) =>
        HearAsync(request, name, ct => monitor.PingAsync(name, ct));

    /// <summary>
    /// <c>POST</c> (or <c>GET</c>) <c>/api/heartbeats/{name}/start</c>: a run started; it must ping within the heartbeat's
    /// <c>maxRunMinutes</c> (or its grace), or it counts as stopped (the job hangs) and pages.
    /// </summary>
    [Function("StartHeartbeat")]
    public Task<IActionResult> Start([HttpTrigger(AuthorizationLevel.Function, "get", "post", Route = "heartbeats/{name}/start")] HttpRequest request, string name) =>
        HearAsync(request, name, ct => monitor.StartAsync(name, ct));

    /// <summary>
    /// <c>POST /api/heartbeats/{name}/fail</c>: the sender says it failed (the body, text or <c>{"message"}</c>, is kept with it):
    /// down now, and the duty pair is paged without waiting for the interval. The next ping resolves it.
    /// </summary>
    [Function("FailHeartbeat")]
    public Task<IActionResult> Fail([HttpTrigger(AuthorizationLevel.Function, "post", Route = "heartbeats/{name}/fail")] HttpRequest request, string name) =>
        HearAsync(request, name, async ct =>
        {
            var body = await RequestBody.ReadBytesAsync(request, RequestBody.DefaultMaxBytes, ct);
            return await monitor.FailAsync(name, FailureText(request, body), ct);
        });

    private Task<IActionResult> HearAsync(HttpRequest request, string name, Func<CancellationToken, Task<Versioned<Heartbeat>>> hear) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            try
            {
                var heartbeat = await hear(ct);
                return HttpApi.Json(request, View(request, heartbeat.Value, time.GetUtcNow()));
            }
            catch (Exception ex) when (ex is ConcurrencyException or ContentionException)
            {
                // Heard and stored; what it means for its incident is sent by the next check if not now. A 503, not a 409: senders retry it.
                logger.LogWarning("Heartbeat {Name}: busy, answered 503 ({Reason})", name, ex.Message);
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Busy", "The heartbeat's incident is being changed by other requests; retry shortly. Nothing was lost.");
            }
        });

    /// <summary>What a failing sender said: <c>{"message": …}</c> from JSON, else the body as text.</summary>
    private static string? FailureText(HttpRequest request, byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        if (request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && (json.RootElement.TryGetProperty("message", out var message) || json.RootElement.TryGetProperty("error", out message))
                    && message.ValueKind == JsonValueKind.String)
                {
                    return message.GetString();
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: kept as the text it is.
            }
        }

        return Encoding.UTF8.GetString(body);
    }

    private HeartbeatView View(HttpRequest request, Heartbeat h, DateTimeOffset now)
    {
        var url = $"{HttpApi.PublicOrigin(request, team.Value)}/api/heartbeats/{Uri.EscapeDataString(h.Name)}";
        return new HeartbeatView(
            h.Name, h.Title, h.Description, h.Runbook?.OriginalString, h.Owner, (int)h.Interval.TotalMinutes, (int)h.Grace.TotalMinutes, h.WorkingDaysOnly, (int?)h.MaxRun?.TotalMinutes,
            IncidentMessages.SevLabel(h.Severity), h.Labels,
            h.StateAt(now).ToString().ToLowerInvariant(), h.LastPingAt, h.DueAt, h.LastStartAt, h.FinishBy, h.DownSince, h.LastFailAt, h.LastFailure,
            h.Reported == HeartbeatReport.Firing, url + "/ping", url + "/start", url + "/fail", h.CreatedBy, h.CreatedAt, h.ChangedBy, h.ChangedAt, h.PausedAt(now) ? h.PausedUntil : null);
    }
}

/// <summary>Body of <c>PUT /api/heartbeats/{name}</c>.</summary>
public sealed record HeartbeatBody(
    string? Title, string? Description, int? IntervalMinutes, int? GraceMinutes, string? Severity, IReadOnlyDictionary<string, string>? Labels, string? By,
    bool? WorkingDaysOnly = null, int? MaxRunMinutes = null, string? RunbookUrl = null, HeartbeatOwnerRequest? Owner = null, DateTimeOffset? PausedUntil = null)
{
    public HeartbeatRequest ToRequest() => new()
    {
        Title = Title, Description = Description, IntervalMinutes = IntervalMinutes, GraceMinutes = GraceMinutes, Severity = Severity, Labels = Labels,
        WorkingDaysOnly = WorkingDaysOnly, MaxRunMinutes = MaxRunMinutes, RunbookUrl = RunbookUrl, Owner = Owner, PausedUntil = PausedUntil,
    };
}

/// <summary>
/// A heartbeat as the API shows it. <see cref="Paging"/>: its alert is firing (an incident is open for it). The ping and fail URLs
/// take the function key like every route (<c>?code=</c> or <c>x-functions-key</c>).
/// </summary>
public sealed record HeartbeatView(
    string Name, string Title, string? Description, string? RunbookUrl, HeartbeatOwner? Owner, int IntervalMinutes, int GraceMinutes, bool WorkingDaysOnly, int? MaxRunMinutes, string Severity,
    IReadOnlyDictionary<string, string> Labels, string State, DateTimeOffset? LastPingAt, DateTimeOffset? DueAt, DateTimeOffset? LastStartAt, DateTimeOffset? FinishBy,
    DateTimeOffset? DownSince, DateTimeOffset? LastFailAt, string? LastFailure, bool Paging, string PingUrl, string StartUrl, string FailUrl, string CreatedBy,
    DateTimeOffset CreatedAt, string? ChangedBy, DateTimeOffset? ChangedAt, DateTimeOffset? PausedUntil);

/// <summary>
/// Every minute (app setting <c>CheckHeartbeatsSchedule</c>): each heartbeat that stopped (nothing within its interval and grace)
/// opens its incident and pages; one heard again resolves it; a report an earlier attempt could not send is sent.
/// </summary>
public sealed class CheckHeartbeatsFunction(HeartbeatMonitor monitor, ILogger<CheckHeartbeatsFunction> logger)
{
    [Function("CheckHeartbeats")]
    public async Task Run([TimerTrigger("%CheckHeartbeatsSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var (raised, resolved) = await monitor.CheckAsync(cancellationToken);
        if (raised + resolved > 0)
        {
            logger.LogInformation("Heartbeats: {Raised} stopped (alert raised), {Resolved} back (alert resolved)", raised, resolved);
        }
    }
}
