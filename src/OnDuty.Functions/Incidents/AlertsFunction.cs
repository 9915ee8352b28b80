using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Functions.Http;
using OnDuty.Messages;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// <c>POST /api/alerts/{source}</c>: webhooks from monitoring tools. Checks run cheapest first and nothing is stored
/// before all pass: known source (404), body size (413 only beyond <c>Alerts__MaxBodyBytes</c>, 8 MiB), optional shared secret / HMAC (401), shape (400).
/// A 2xx means the alert is durable; storage trouble answers 503 so the sender retries. A 413, 401 or 400 of a real delivery opens
/// (or folds into) the incident about that source's refusals, which pages (<see cref="RefusedDeliveries"/>); an accepted one
/// resolves its 400 and 401 incidents.
/// </summary>
public sealed partial class AlertsFunction(
    AlertIntake intake, AlertTrial trial, DeliveryRecorder deliveries, WebhookAuthentication authentication, IWebhookReceipts receipts, TimeProvider time,
    IOptions<AlertParserOptions> parserOptions, IOptions<IncidentOptions> options, ILogger<AlertsFunction> logger, AlertIntakeRefusals refusals,
    RefusedDeliveries refused)
{
    /// <summary>A PagerDuty event whose <c>routing_key</c> is not configured: answered 400 "invalid event", as PagerDuty answers it.</summary>
    /// <summary>The delivery list's title of such an event (the sender's answer keeps PagerDuty's "invalid event").</summary>
    private const string RoutingKeyRefused = "Invalid routing key";

    private const string NotOurRoutingKey = "$.routing_key: not an integration key of this service (Incidents__Sources__pagerduty__RoutingKeys)";

    [Function("PostAlert")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts/{source}")] HttpRequest request, string source) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            if (!AlertSources.TryParse(source, out var alertSource))
            {
                return HttpApi.Problem(request, StatusCodes.Status404NotFound, "Unknown alert source",
                    $"Unknown alert source; expected one of {string.Join(", ", AlertSources.Names)}.");
            }

            // Every delivery of a known source is recorded as answered (DeliveryRecorder): in memory, refusals also in storage.
            var delivery = new DeliveryRecorder.Pending(alertSource.ToRouteName(), time.GetUtcNow(), IsTest(request));
            IActionResult answer;
            try
            {
                answer = await ReceiveAsync(request, alertSource, delivery, ct);
            }
            catch (BadRequestBodyException ex)
            {
                delivery.Bytes = ex.Status == StatusCodes.Status413PayloadTooLarge ? parserOptions.Value.MaxBodyBytes : delivery.Bytes;
                delivery.Problem = ex.Refusal;
                await deliveries.RecordAsync(delivery, ex.Status, ex.Title, [ex.Message], ct);
                throw;
            }
            catch (Exception ex) when (ex is DependencyUnavailableException or ContentionException)
            {
                // Storage failed: the sender is answered 503 and retries. The delivery is listed from this instance's memory
                // (DeliveryLog keeps these apart, so a flood of them does not push the accepted ones out), with its retry once accepted.
                var (retryAfter, title, detail) = HttpApi.Unavailable(ex);
                delivery.Outcome = ex is ContentionException ? "busy" : "failed";
                await deliveries.RecordAsync(delivery, StatusCodes.Status503ServiceUnavailable, title, [detail], ct);
                if (alertSource != AlertSource.PagerDuty)
                {
                    throw; // answered by HttpApi.RunAsync as every route's storage trouble
                }

                // A tool written against PagerDuty reads this one in the Events API's shape too, with the same Retry-After.
                logger.LogWarning(ex, "{Source} delivery: storage trouble, answered 503", alertSource);
                request.HttpContext.Response.Headers.RetryAfter = retryAfter;
                return PagerDutyReplies.Unavailable(title.ToLowerInvariant(), detail);
            }

            await deliveries.RecordAsync(delivery, answer, ct);
            return answer;
        });

    /// <summary><c>?test=true</c> (or <c>1</c>): a dry run; see <see cref="AlertTrial"/>.</summary>
    private static bool IsTest(HttpRequest request) =>
        request.Query["test"].ToString() is { Length: > 0 } test && (test == "1" || test.Equals("true", StringComparison.OrdinalIgnoreCase));

    private async Task<IActionResult> ReceiveAsync(HttpRequest request, AlertSource alertSource, DeliveryRecorder.Pending delivery, CancellationToken ct)
    {
        var pagerDuty = alertSource == AlertSource.PagerDuty;
        byte[] body;
        try
        {
            body = await RequestBody.ReadBytesAsync(request, parserOptions.Value.MaxBodyBytes, ct);
        }
        catch (BadRequestBodyException ex) when (ex.Status == StatusCodes.Status413PayloadTooLarge && !delivery.Test)
        {
            await RefusedTooLargeAsync(alertSource, request.ContentLength, ex.Message, delivery, ct);
            if (pagerDuty)
            {
                // A tool written against PagerDuty reads every refusal in the Events API's shape, this one too (413).
                return PagerDutyRefused(ex, delivery);
            }

            throw;
        }
        catch (BadRequestBodyException unread) when (pagerDuty)
        {
            return PagerDutyRefused(unread, delivery);
        }

        delivery.Bytes = body.Length;
        var check = authentication.Check(alertSource, h => request.Headers[h].ToString(), q => request.Query[q].ToString(), body);
        if (check.Refusal is { } reason)
        {
            logger.LogWarning("Refused {Source} alert: {Reason}", alertSource, LoggedText.Escape(reason));
            if (!delivery.Test)
            {
                await OpenRefusalAsync(new RefusedDelivery(alertSource, RefusalCause.Unauthenticated, delivery.At, [reason],
                    Setting: $"Incidents__Sources__{alertSource.ToSettingName()}__{check.Setting ?? "SharedSecret"}"), delivery, ct);
            }

            delivery.Title = "Not authenticated";
            delivery.Messages = [reason]; // PagerDuty's shape is no problem details: listed with the reason as the others' detail is
            return pagerDuty
                ? PagerDutyReplies.Refused(StatusCodes.Status401Unauthorized, "Not authenticated", [reason])
                : HttpApi.Problem(request, StatusCodes.Status401Unauthorized, "Not authenticated", reason);
        }

        if (delivery.Test)
        {
            return await TestAsync(request, alertSource, body, delivery, ct);
        }

        if (check.WebhookId is { } webhookId && await receipts.SeenAsync(alertSource.ToRouteName(), webhookId, ct))
        {
            // An exact replay of a delivery already applied: the sender gets its 2xx, nothing happens twice.
            logger.LogInformation("{Source} webhook {WebhookId} was applied before; replay ignored", alertSource, webhookId);
            delivery.Outcome = "duplicate";
            return HttpApi.Json(request, new { outcome = "duplicate", webhookId }, StatusCodes.Status202Accepted);
        }

        var parsed = AlertParser.Parse(alertSource, body, parserOptions.Value);
        if (!parsed.IsSuccess)
        {
            delivery.Messages = [.. parsed.Errors.Select(e => e.ToString())];
            delivery.Problem = BodyProblem(parsed.Errors);
            await OpenRefusalAsync(new RefusedDelivery(alertSource, RefusalCause.Unreadable, delivery.At, delivery.Messages, Path: parsed.Errors.FirstOrDefault()?.Path, PostTo: parsed.LooksLike), delivery, ct);
        }
        else
        {
            delivery.GroupKey = AlertNotification.GroupIdentity(parsed.Notification.GroupKey);
        }

        if (!parsed.IsSuccess && pagerDuty)
        {
            return PagerDutyReplies.Invalid(parsed.Errors);
        }

        if (!parsed.IsSuccess)
        {
            return InvalidPayload(request, parsed.Errors);
        }

        if (pagerDuty && !options.Value.SourceOptions(alertSource).AcceptsRoutingKey(parsed.Notification.RoutingKey))
        {
            logger.LogWarning("Refused a PagerDuty event: its routing_key is not one of Incidents__Sources__pagerduty__RoutingKeys");
            delivery.Messages = [NotOurRoutingKey];
            delivery.Title = RoutingKeyRefused; // listed as the key's refusal, as its incident names it, not as a format error
            await OpenRefusalAsync(new RefusedDelivery(alertSource, RefusalCause.Unauthenticated, delivery.At, delivery.Messages, Setting: "Incidents__Sources__pagerduty__RoutingKeys", RoutingKey: true), delivery, ct);
            return PagerDutyReplies.Invalid([NotOurRoutingKey]);
        }

        if (parsed.Notification.ToolTest is { } sample)
        {
            // The tool reached OnDuty with the right URL, key, secret and format: as any accepted delivery, that resolves the incidents
            // about the source's refused deliveries (a wrong secret fixed, then the Test button pressed to check it).
            await AcceptedAsync(alertSource, ct);
            return ToolTested(request, alertSource, parsed.Notification, sample, delivery);
        }

        AlertIntakeResult result;
        try
        {
            result = await intake.IntakeAsync(parsed.Notification, ct);
        }
        catch (Exception ex) when (ex is ConcurrencyException or ContentionException)
        {
            // Senders retry a 5xx, not a 409: contention is "try again shortly", never a refusal.
            logger.LogWarning("{Source} alert group {GroupKey}: contention, answered 503 ({Reason})", alertSource, LoggedText.Escape(parsed.Notification.GroupKey), ex.Message);
            request.HttpContext.Response.Headers.RetryAfter = "1";
            delivery.Outcome = "busy";
            const string Busy = "Other deliveries of this alert group are being applied; nothing was lost. Retry shortly.";
            return pagerDuty
                ? PagerDutyReplies.Unavailable("busy", Busy)
                : HttpApi.Problem(request, StatusCodes.Status503ServiceUnavailable, "Busy", Busy);
        }

        if (check.WebhookId is { } appliedId)
        {
            await receipts.RecordAsync(alertSource.ToRouteName(), appliedId, time.GetUtcNow(), ct);
        }

        await AcceptedAsync(alertSource, ct);

        // A storm is mostly repeats folding into an open incident: one console line each would cost more CPU than the
        // rest of the request and bury what changed. Those are Debug; a change (opened, resolved…) stays Information.
        Accepted(logger, result.Outcome == AlertIntakeOutcome.Folded ? LogLevel.Debug : LogLevel.Information,
            alertSource, parsed.Notification.GroupKey, result.Outcome, result.IncidentId, result.Fired, result.Repeated, result.ResolvedAlerts);
        // What the parser dropped or shortened (a relative link, a cut description) is told to the sender, who can fix it,
        // and logged; the alert was taken without it. Repeats of a storm say it at Debug, as their acceptance does.
        var warnings = parsed.Notification.Notes;
        delivery.Outcome = OutcomeName(result.Outcome);
        delivery.IncidentId = result.IncidentId;
        delivery.Reason = result.IgnoredReason;
        delivery.Messages = [.. warnings];
        if (warnings.Count > 0)
        {
            Normalised(logger, result.Outcome == AlertIntakeOutcome.Folded ? LogLevel.Debug : LogLevel.Warning,
                alertSource, parsed.Notification.GroupKey, string.Join("; ", warnings));
        }

        // An ignored delivery says why (a stable code and English text), so a sender's log tells a resolve sent twice from one
        // that matched nothing; PagerDuty's route says it in its documented message.
        var detail = IgnoredReasons.Detail(result.IgnoredReason);
        var outcome = new
        {
            outcome = result.Outcome,
            incidentId = result.IncidentId,
            fired = result.Fired,
            repeated = result.Repeated,
            resolved = result.ResolvedAlerts,
            warnings,
            reason = result.IgnoredReason,
            detail,
        };
        return pagerDuty
            ? PagerDutyReplies.Accepted(parsed.Notification.GroupKey, outcome, detail)
            : HttpApi.Json(request, outcome, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Parsed and checked as a real delivery (the same 400s, PagerDuty's in its Events API shape as a real event's), then only
    /// predicted (<see cref="AlertTrial"/>): 200 with what would happen; nothing is stored, nobody is paged, no webhook id is remembered.
    /// </summary>
    private async Task<IActionResult> TestAsync(HttpRequest request, AlertSource alertSource, byte[] body, DeliveryRecorder.Pending delivery, CancellationToken ct)
    {
        var pagerDuty = alertSource == AlertSource.PagerDuty;
        var parsed = AlertParser.Parse(alertSource, body, parserOptions.Value);
        if (!parsed.IsSuccess)
        {
            delivery.Messages = [.. parsed.Errors.Select(e => e.ToString())];
            delivery.Problem = BodyProblem(parsed.Errors);
            return pagerDuty ? PagerDutyReplies.Invalid(parsed.Errors) : InvalidPayload(request, parsed.Errors);
        }

        delivery.GroupKey = AlertNotification.GroupIdentity(parsed.Notification.GroupKey);
        if (pagerDuty && !options.Value.SourceOptions(alertSource).AcceptsRoutingKey(parsed.Notification.RoutingKey))
        {
            delivery.Messages = [NotOurRoutingKey];
            return PagerDutyReplies.Invalid([NotOurRoutingKey]);
        }

        if (parsed.Notification.ToolTest is { } sample)
        {
            // The tool's own test sample on a test=true URL: a test either way, nothing to predict (the real delivery pages nobody).
            return ToolTested(request, alertSource, parsed.Notification, sample, delivery);
        }

        var would = await trial.TryAsync(parsed.Notification, ct);
        delivery.Outcome = "test";
        delivery.IncidentId = would.IncidentId;
        // As the API answers it ("alertsResolved"), and what would hold the page (the storm hold, or a window): the delivery list's
        // API says "would be …" first among the messages, its page in the reader's language (DeliveryRecord.Answered).
        var wouldBe = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(would.Outcome.ToString());
        delivery.WouldBe = wouldBe;
        delivery.WouldBeHeldBy = would.HeldBy;
        delivery.Reason = would.IgnoredReason;
        delivery.Messages = [.. parsed.Notification.Notes];
        logger.LogInformation("{Source} test delivery: would be {Outcome} (incident {IncidentId}); nothing was stored", alertSource, would.Outcome, would.IncidentId);
        var detail = IgnoredReasons.Detail(would.IgnoredReason);
        var answer = new
        {
            test = true,
            outcome = would.Outcome,
            incidentId = would.IncidentId,
            title = would.Title,
            severity = would.Severity,
            alerts = would.Alerts,
            paged = would.Paged.Select(m => new { id = m.Id, displayName = m.DisplayName }).ToList(),
            heldBy = would.HeldBy,
            warnings = parsed.Notification.Notes,
            reason = would.IgnoredReason,
            detail,
        };

        // PagerDuty's route answers a test as it answers an event (a tool reads both alike), the prediction in its message.
        return pagerDuty
            ? PagerDutyReplies.Tested(parsed.Notification.GroupKey, answer, DeliveryRecord.Prediction(wouldBe, would.HeldBy, would.IncidentId) + (detail is null ? "" : $"; ignored: {detail}"))
            : HttpApi.Json(request, answer, StatusCodes.Status200OK);
    }

    /// <summary>
    /// The tool's own test notification (<see cref="AlertNotification.ToolTest"/>: an Azure Monitor action group's Test button, which sends
    /// Microsoft's fixed sample; a Grafana contact point's, which sends Grafana's fixed <c>TestAlert</c>): 200, nothing stored, nobody paged, and listed among the deliveries as a test naming the sample's alert
    /// type, so whoever wired the tool sees it arrived (「Azure Monitor のテスト通知が届きました」) and nobody is woken by it.
    /// </summary>
    private IActionResult ToolTested(HttpRequest request, AlertSource alertSource, AlertNotification notification, string sample, DeliveryRecorder.Pending delivery)
    {
        logger.LogInformation("{Source} sent its test notification ({Sample}): no incident, nobody paged", alertSource, LoggedText.Escape(sample));
        delivery.Outcome = "test";
        delivery.ToolTest = sample;
        delivery.Messages = [.. notification.Notes];
        var detail = DeliveryRecord.ToolTestArrived(alertSource.ToRouteName(), sample);
        return HttpApi.Json(request, new { test = true, outcome = "test", toolTest = sample, incidentId = (string?)null, detail }, StatusCodes.Status200OK);
    }

    /// <summary>
    /// A body PagerDuty's route could not read, answered in the Events API's shape (not thrown: <see cref="Run"/>'s catch does not see it),
    /// so the delivery is listed here as that catch lists the other sources': with its error, and a 413's size as the limit it went over
    /// (trial 50: PagerDuty's 413 was listed "over the 0 B limit" with no error).
    /// </summary>
    private JsonResult PagerDutyRefused(BadRequestBodyException unread, DeliveryRecorder.Pending delivery)
    {
        delivery.Title = unread.Title;
        delivery.Messages = [unread.Message];
        delivery.Problem = unread.Refusal;
        delivery.Bytes = unread.Status == StatusCodes.Status413PayloadTooLarge ? parserOptions.Value.MaxBodyBytes : delivery.Bytes;
        return PagerDutyReplies.Refused(unread.Status, unread.Title, [unread.Message]);
    }

    /// <summary>
    /// 400 for a body the parser refused, each error also with its JSON path (<c>errors</c>): real and test deliveries alike. A body
    /// that is not JSON, none, null or not an object carries the code the other JSON routes give it (<c>code</c>, <c>args</c>:
    /// <c>jsonMalformed</c>, <c>bodyMissing</c>, <c>bodyNull</c>, <c>jsonBodyObject</c>) and is said in Japanese when asked
    /// (<c>?lang=ja</c>, <c>Accept-Language: ja</c>); monitoring tools send no Accept-Language and read the English as before.
    /// </summary>
    private static ObjectResult InvalidPayload(HttpRequest request, IReadOnlyList<AlertParseError> errors)
    {
        var ja = RequestLanguage.Readable(request) is Language.Ja;
        string? Japanese(AlertParseError e) =>
            ja && e.Refusal is { } refusal && RefusalText.Knows(refusal.Code) ? RefusalText.Say(refusal, Language.Ja, RefusalReader.Api) : null;
        var problem = HttpApi.Problem(request, StatusCodes.Status400BadRequest, "Invalid alert payload", string.Join("; ", errors.Select(e => Japanese(e) ?? e.ToString())));
        var details = (ProblemDetails)problem.Value!;
        details.Extensions["errors"] = errors.Select(e => new { path = e.Path, message = Japanese(e) ?? e.Message }).ToList();
        if (BodyProblem(errors) is { } coded)
        {
            HttpApi.Coded(details, coded);
        }

        return problem;
    }

    /// <summary>The code of a body refused as a whole (<see cref="AlertParseError.Refusal"/>); null when a field was the problem.</summary>
    private static Refusal? BodyProblem(IReadOnlyList<AlertParseError> errors) => errors.FirstOrDefault(e => e.Refusal is not null)?.Refusal;

    private static string OutcomeName(AlertIntakeOutcome outcome) => outcome.ToString().ToLowerInvariant();

    /// <summary>
    /// A body over <c>Alerts__MaxBodyBytes</c> is refused (413: reading it whole would cost the memory every other request needs),
    /// never silently: a warning with the source and size, <c>/api/health</c> degraded for an hour (<see cref="AlertIntakeRefusals"/>),
    /// and the incident about the source's refusals (<see cref="OpenRefusalAsync"/>).
    /// </summary>
    private async Task RefusedTooLargeAsync(AlertSource source, long? bytes, string problem, DeliveryRecorder.Pending delivery, CancellationToken cancellationToken)
    {
        var limit = parserOptions.Value.MaxBodyBytes;
        logger.LogWarning("Refused a {Source} delivery of {Bytes} bytes with 413: over Alerts__MaxBodyBytes ({Limit}); the sender does not retry it",
            source, bytes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? $"more than {limit}", limit);
        refusals.TooLarge(source, bytes, limit);
        await OpenRefusalAsync(new RefusedDelivery(source, RefusalCause.TooLarge, delivery.At, [problem], Bytes: bytes, Limit: limit), delivery, cancellationToken);
    }

    /// <summary>
    /// A real delivery refused (413, 401, 400): the sender does not retry a 4xx, so the incident about this source and cause opens
    /// (or it folds in) and pages; the delivery list names it. Trouble opening it does not change the answer (the refusal
    /// stands; the sender would not retry anyway): it is logged as an error.
    /// </summary>
    private async Task OpenRefusalAsync(RefusedDelivery refusal, DeliveryRecorder.Pending delivery, CancellationToken cancellationToken)
    {
        try
        {
            var result = await refused.RefusedAsync(refusal, cancellationToken);
            delivery.IncidentId = result.IncidentId;
            logger.LogWarning("{Source}: the refused delivery ({Status}) is on incident {IncidentId} ({Outcome})", refusal.Source, refusal.Status, result.IncidentId, result.Outcome);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Source}: a delivery refused with {Status} could not be recorded as an incident; the delivery list shows it", refusal.Source, refusal.Status);
        }
    }

    /// <summary>An accepted delivery resolves the source's 400 and 401 incidents (<see cref="RefusedDeliveries.AcceptedAsync"/>); trouble doing so is logged, the delivery stays accepted.</summary>
    private async Task AcceptedAsync(AlertSource source, CancellationToken cancellationToken)
    {
        try
        {
            await refused.AcceptedAsync(source, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "{Source}: an accepted delivery could not resolve the incidents about its refused deliveries; they stay open", source);
        }
    }

    [LoggerMessage(Message = "{Source} alert group {GroupKey} was accepted with parts dropped, shortened or defaulted: {Warnings}")]
    private static partial void Normalised(ILogger logger, LogLevel level, AlertSource source, string groupKey, string warnings);

    [LoggerMessage(Message = "{Source} alert group {GroupKey}: {Outcome} incident {IncidentId} ({Fired} fired, {Repeated} repeated, {Resolved} resolved)")]
    private static partial void Accepted(
        ILogger logger, LogLevel level, AlertSource source, string groupKey, AlertIntakeOutcome outcome, string? incidentId, int fired, int repeated, int resolved);
}
