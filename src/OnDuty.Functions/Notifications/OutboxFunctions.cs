using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Functions.Http;
using OnDuty.Infrastructure.Queues;

namespace OnDuty.Functions.Notifications;

/// <summary>The outbox: sending what the queues bring, sweeping what they lost, and showing what was given up.</summary>
public sealed class OutboxFunctions(OutboxDispatcher dispatcher, IOutboxStore store, OutboxResender resender, PoisonQueueSettler poison, ILogger<OutboxFunctions> logger)
{
    /// <summary>Sends pages and escalations; the queue message holds only their outbox ids, one per line (<see cref="OutboxSignal"/>).</summary>
    [Function("SendOutboxPage")]
    public Task SendPage([QueueTrigger(OutboxQueueNames.Pages)] string messageIds, CancellationToken cancellationToken) =>
        dispatcher.SendQueuedAsync(messageIds, cancellationToken);

    /// <summary>Sends other messages (announcements, reminders, acknowledgement notices, stakeholder notices).</summary>
    [Function("SendOutbox")]
    public Task Send([QueueTrigger(OutboxQueueNames.Normal)] string messageIds, CancellationToken cancellationToken) =>
        dispatcher.SendQueuedAsync(messageIds, cancellationToken);

    /// <summary>
    /// The sweeper: sends messages due for a while whose queue message was lost (or whose sender stopped), then reads the poison
    /// queues and removes each message whose sends are settled by now (<see cref="PoisonQueueSettler"/>).
    /// </summary>
    [Function("RetryOutbox")]
    public async Task Retry([TimerTrigger("%RetryOutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await dispatcher.RetryDueAsync(cancellationToken);
        if (summary.Delivered + summary.Retrying + summary.Failed + summary.Cancelled > 0)
        {
            logger.LogInformation("Outbox sweep: {Delivered} delivered, {Retrying} to retry, {Failed} given up, {Cancelled} cancelled", summary.Delivered, summary.Retrying, summary.Failed, summary.Cancelled);
        }

        await poison.SettleAsync(cancellationToken);
    }

    /// <summary><c>GET /api/outbox?status=failed|pending|sent|cancelled&amp;max=100</c>.</summary>
    [Function("ListOutbox")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "outbox")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var raw = request.Query["status"].ToString();
            var status = string.IsNullOrEmpty(raw) ? OutboxStatus.Failed
                : !raw.All(char.IsDigit) && Enum.TryParse<OutboxStatus>(raw, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new ValidationException("status", "must be failed, pending, sent or cancelled");
            var max = HttpApi.QueryInt(request, "max", 100, 1, 1000);
            var items = await store.ListAsync(status, max, ct);
            return HttpApi.Json(request, new
            {
                status,
                items = items.Select(m => new
                {
                    m.Id,
                    m.Channel,
                    m.Recipient,
                    m.Subject,
                    m.Topic,
                    m.About,
                    m.Priority,
                    m.Status,
                    m.Attempts,
                    m.CreatedAt,
                    m.NextAttemptAt,
                    m.SentAt,
                    m.LastError,
                    m.ResendOf,
                    m.ResentAs,
                }),
            });
        });

    /// <summary>
    /// <c>POST /api/outbox/{id}/resend</c> (body optional: <c>{"by":"…"}</c>): queues a given-up message again under a new id, same
    /// recipients and content; 200 with the new message. 409 naming the state of a message (or its re-send) pending, sent or
    /// cancelled, or of a page's incident acknowledged or resolved since; 404 for an unknown id.
    /// </summary>
    [Function("ResendOutboxMessage")]
    public Task<IActionResult> Resend([HttpTrigger(AuthorizationLevel.Function, "post", Route = "outbox/{id}/resend")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var by = await ByAsync(request, ct);
            return HttpApi.Json(request, View(await resender.ResendAsync(id, by, ct)));
        });

    /// <summary>
    /// <c>POST /api/outbox/resend</c> (body optional: <c>{"by":"…","channel":"email|teams|sms|call"}</c>, <c>voice</c> as the list names a call): every given-up message
    /// still re-sendable (as 「届かなかった連絡」 lists them, the newest 100), pages first, each re-sent as
    /// <c>POST /api/outbox/{id}/resend</c>; 200 <c>{"queued":N,"ids":[…],"skipped":[{"id","reason"}]}</c>. Pressed twice, or by two
    /// at once, nothing is queued twice (the second answers <c>queued: 0</c>).
    /// </summary>
    [Function("ResendAllOutboxMessages")]
    public Task<IActionResult> ResendAll([HttpTrigger(AuthorizationLevel.Function, "post", Route = "outbox/resend")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var body = request.ContentLength is null or 0 && request.ContentType is null
                ? new ResendAllRequest(null, null)
                : await RequestBody.ReadJsonAsync<ResendAllRequest>(request, ct);
            var by = HttpApi.By(body.By);
            Channel? channel = body.Channel is null ? null
                : ChannelNames.TryParse(body.Channel, out var parsed) ? parsed
                : throw new ValidationException("channel", "must be email, teams, sms or call (voice, as GET /api/outbox lists calls)");
            var done = await resender.ResendAllAsync(by, channel, ct);
            return HttpApi.Json(request, new
            {
                queued = done.Resent.Count,
                ids = done.Resent.Select(r => r.Resent.Id),
                skipped = done.Skipped.Select(s => new { id = s.Id, reason = s.Reason }),
            });
        });

    /// <summary>
    /// <c>POST /api/incidents/{id}/resend</c> (body optional: <c>{"by":"…"}</c>): every given-up message of the incident not re-sent
    /// before, re-sent; 200 <c>{"resent":[…],"skipped":[{"id","reason"}]}</c>.
    /// </summary>
    [Function("ResendIncidentMessages")]
    public Task<IActionResult> ResendIncident([HttpTrigger(AuthorizationLevel.Function, "post", Route = "incidents/{id}/resend")] HttpRequest request, string id) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var by = await ByAsync(request, ct);
            var done = await resender.ResendIncidentAsync(id, by, ct);
            return HttpApi.Json(request, new { resent = done.Resent.Select(View), skipped = done.Skipped.Select(s => new { id = s.Id, reason = s.Reason }) });
        });

    /// <summary>Who re-sends: the body's <c>by</c> when a body is sent, else <c>api</c>.</summary>
    private static async Task<string> ByAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HttpApi.By(request.ContentLength is null or 0 && request.ContentType is null ? null : (await RequestBody.ReadJsonAsync<ResendRequest>(request, cancellationToken)).By);

    private static object View(OutboxResend r) => new
    {
        r.Resent.Id,
        r.Resent.Status,
        r.Resent.ResendOf,
        r.Resent.Channel,
        r.Resent.Recipient,
        r.Resent.Topic,
        r.Resent.Priority,
        r.Resent.CreatedAt,
        previousError = r.Original.LastError,
        dutyPagedToo = r.DutyPagedToo.Select(m => m.Id),
    };
}

/// <summary>Body of <c>POST /api/outbox/{id}/resend</c> and <c>POST /api/incidents/{id}/resend</c>: who re-sends (optional).</summary>
public sealed record ResendRequest(string? By);

/// <summary>Body of <c>POST /api/outbox/resend</c>: who re-sends, and one channel only (both optional).</summary>
public sealed record ResendAllRequest(string? By, string? Channel);
