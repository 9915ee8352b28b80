using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Notifications;

/// <summary>The outbox: retrying what failed, and showing what was given up.</summary>
public sealed class OutboxFunctions(OutboxDispatcher dispatcher, IOutboxStore store, ILogger<OutboxFunctions> logger)
{
    /// <summary>Retries due messages (failed attempts whose backoff or Retry-After has passed, and sends interrupted by a crash).</summary>
    [Function("RetryOutbox")]
    public async Task Retry([TimerTrigger("%RetryOutboxSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var summary = await dispatcher.RetryDueAsync(cancellationToken);
        if (summary.Delivered + summary.Retrying + summary.Failed > 0)
        {
            logger.LogInformation("Outbox retry: {Delivered} delivered, {Retrying} to retry, {Failed} given up", summary.Delivered, summary.Retrying, summary.Failed);
        }
    }

    /// <summary><c>GET /api/outbox?status=failed|pending|sent&amp;max=100</c>.</summary>
    [Function("ListOutbox")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Function, "get", Route = "outbox")] HttpRequest request) =>
        HttpApi.RunAsync(request, logger, async ct =>
        {
            var raw = request.Query["status"].ToString();
            var status = string.IsNullOrEmpty(raw) ? OutboxStatus.Failed
                : !raw.All(char.IsDigit) && Enum.TryParse<OutboxStatus>(raw, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed
                : throw new ValidationException("status", "must be failed, pending or sent");
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
