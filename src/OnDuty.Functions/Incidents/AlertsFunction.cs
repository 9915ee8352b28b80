using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// <c>POST /api/alerts/{source}</c>: webhooks from monitoring tools. Checks run cheapest first and nothing is stored
/// before all pass: known source (404), body size (413 only beyond <c>Alerts__MaxBodyBytes</c>, 8 MiB), optional shared secret / HMAC (401), shape (400).
/// A 2xx means the alert is durable; storage trouble answers 503 so the sender retries.
/// </summary>
public sealed class AlertsFunction(AlertIntake intake, IOptions<AlertParserOptions> parserOptions, IOptions<IncidentOptions> options, ILogger<AlertsFunction> logger)
{
    private static readonly string[] SignatureHeaders = ["X-Grafana-Alerting-Signature", "X-Hub-Signature-256", "X-Signature-256", "X-Signature"];

    [Function("PostAlert")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts/{source}")] HttpRequest request, string source) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            if (!AlertSources.TryParse(source, out var alertSource))
            {
                return HttpApi.Problem(request, StatusCodes.Status404NotFound, "Unknown alert source",
                    $"Unknown alert source; expected one of {string.Join(", ", AlertSources.Names)}.");
            }

            var body = await RequestBody.ReadBytesAsync(request, parserOptions.Value.MaxBodyBytes, ct);
            if (Unauthorized(request, alertSource, body) is { } reason)
            {
                logger.LogWarning("Refused {Source} alert: {Reason}", alertSource, reason);
                return HttpApi.Problem(request, StatusCodes.Status401Unauthorized, "Not authenticated", reason);
            }

            var pagerDuty = alertSource == AlertSource.PagerDuty;
            var parsed = AlertParser.Parse(alertSource, body, parserOptions.Value);
            if (!parsed.IsSuccess && pagerDuty)
            {
                return PagerDutyReplies.Invalid(parsed.Errors);
            }

            if (!parsed.IsSuccess)
            {
                var problem = HttpApi.Problem(request, StatusCodes.Status400BadRequest, "Invalid alert payload", string.Join("; ", parsed.Errors));
                ((ProblemDetails)problem.Value!).Extensions["errors"] = parsed.Errors.Select(e => new { path = e.Path, message = e.Message }).ToList();
                return problem;
            }

            if (pagerDuty && !options.Value.SourceOptions(alertSource).AcceptsRoutingKey(parsed.Notification.RoutingKey))
            {
                logger.LogWarning("Refused a PagerDuty event: its routing_key is not one of Incidents__Sources__pagerduty__RoutingKeys");
                return PagerDutyReplies.Invalid(["$.routing_key: not an integration key of this service (Incidents__Sources__pagerduty__RoutingKeys)"]);
            }

            AlertIntakeResult result;
            try
            {
                result = await intake.IntakeAsync(parsed.Notification, ct);
            }
            catch (ConcurrencyException ex)
            {
                // Senders retry a 5xx, not a 409: contention is "try again shortly", never a refusal.
                logger.LogWarning("{Source} alert group {GroupKey}: contention, answered 503 ({Reason})", alertSource, parsed.Notification.GroupKey, ex.Message);
                request.HttpContext.Response.Headers.RetryAfter = "1";
                return HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Busy", "Other deliveries of this alert group are being applied; nothing was lost. Retry shortly.");
            }

            logger.LogInformation("{Source} alert group {GroupKey}: {Outcome} incident {IncidentId} ({Fired} fired, {Repeated} repeated, {Resolved} resolved)",
                alertSource, parsed.Notification.GroupKey, result.Outcome, result.IncidentId, result.Fired, result.Repeated, result.ResolvedAlerts);
            var outcome = new
            {
                outcome = result.Outcome,
                incidentId = result.IncidentId,
                fired = result.Fired,
                repeated = result.Repeated,
                resolved = result.ResolvedAlerts,
            };
            return pagerDuty
                ? PagerDutyReplies.Accepted(parsed.Notification.GroupKey, outcome)
                : HttpApi.Json(request, outcome, StatusCodes.Status202Accepted);
        });

    /// <summary>Null when the request passes the source's configured checks; otherwise why not (never the secret).</summary>
    private string? Unauthorized(HttpRequest request, AlertSource source, byte[] body)
    {
        var settings = options.Value.SourceOptions(source);
        if (!string.IsNullOrEmpty(settings.SharedSecret))
        {
            var presented = request.Headers["X-OnDuty-Secret"].ToString();
            var authorization = request.Headers.Authorization.ToString();
            if (string.IsNullOrEmpty(presented) && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = authorization["Bearer ".Length..].Trim();
            }

            if (string.IsNullOrEmpty(presented))
            {
                presented = request.Query["secret"].ToString();
            }

            if (!WebhookSignature.SharedSecretEquals(settings.SharedSecret, presented))
            {
                return "The shared secret is missing or wrong (X-OnDuty-Secret header, Authorization: Bearer, or ?secret=).";
            }
        }

        if (!string.IsNullOrEmpty(settings.HmacSecret))
        {
            var signature = SignatureHeaders.Select(h => request.Headers[h].ToString()).FirstOrDefault(v => !string.IsNullOrEmpty(v));
            var timestamp = request.Headers["X-Grafana-Alerting-Signature-Timestamp"].ToString();
            if (!WebhookSignature.Verify(settings.HmacSecret, body, signature, string.IsNullOrEmpty(timestamp) ? null : timestamp))
            {
                return $"The HMAC-SHA256 signature of the body is missing or wrong ({string.Join(", ", SignatureHeaders)}).";
            }
        }

        return null;
    }
}
