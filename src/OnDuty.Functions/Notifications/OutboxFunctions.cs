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
public sealed class OutboxFunctions(OutboxDispatcher dispatcher, IOutboxStore store, ILogger<OutboxFunctions> logger)
{
    /// <summary>Sends pages and escalations; the queue message holds only their outbox ids, one per line (<see cref="OutboxSignal"/>).</summary>
    [Function("SendOutboxPage")]
    public Task SendPage([QueueTrigger(OutboxQueueNames.Pages)] string messageIds, CancellationToken cancellationToken) =>
        dispatcher.SendQueuedAsync(messageIds, cancellationToken);

    /// <summary>Sends other messages (announcements, reminders, acknowledgement notices, stakeholder notices).</summary>
    [Function("SendOutbox")]
    public Task Send([QueueTrigger(OutboxQueueNames.Normal)] string messageIds, CancellationToken cancellationToken) =>
        dispatcher.SendQueuedAsync(messageIds, cancellationToken);

    /// <summary>The sweeper: sends messages due for a while whose queue message was lost (or whose sender stopped).</summary>
    [Function("RetryOutbox")]
    public async Task Retry([TimerTrigger("%RetryOutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await dispatcher.RetryDueAsync(cancellationToken);
        if (summary.Delivered + summary.Retrying + summary.Failed + summary.Cancelled > 0)
        {
            logger.LogInformation("Outbox sweep: {Delivered} delivered, {Retrying} to retry, {Failed} given up, {Cancelled} cancelled", summary.Delivered, summary.Retrying, summary.Failed, summary.Cancelled);
        }
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
                }),
            });
        });
}
