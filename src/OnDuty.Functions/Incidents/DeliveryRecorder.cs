using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Functions.Http;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Records each webhook delivery as it was answered: every one in this instance's memory (<see cref="DeliveryLog"/>, no storage
/// request on the accepted path), a refusal (4xx) also in storage (<see cref="IDeliveryRefusals"/>). Recording never changes
/// the answer: a storage failure while persisting a refusal is logged.
/// </summary>
public sealed partial class DeliveryRecorder(DeliveryLog log, IDeliveryRefusals refusals, ILogger<DeliveryRecorder> logger)
{
    /// <summary>What the intake learnt of one delivery while handling it.</summary>
    public sealed class Pending(string source, DateTimeOffset at, bool test)
    {
        public string Source { get; } = source;

        public DateTimeOffset At { get; } = at;

        public bool Test { get; } = test;

        public long Bytes { get; set; }

        public string? Outcome { get; set; }

        public string? IncidentId { get; set; }

        /// <summary>Why an ignored delivery changed nothing (<see cref="DeliveryRecord.Reason"/>).</summary>
        public string? Reason { get; set; }

        public string? GroupKey { get; set; }

        /// <summary>The refusal's title when the answer is not problem details (PagerDuty's shape): "Body too large", "Not authenticated".</summary>
        public string? Title { get; set; }

        public IReadOnlyList<string> Messages { get; set; } = [];

        /// <summary>A refusal of the body as a whole, as its code (<see cref="DeliveryRecord.Problem"/>).</summary>
        public Refusal? Problem { get; set; }

        /// <summary>A test delivery's prediction, as the API names the outcome (<see cref="DeliveryRecord.WouldBe"/>).</summary>
        public string? WouldBe { get; set; }

        /// <summary>What would hold the predicted page (<see cref="DeliveryRecord.WouldBeHeldBy"/>).</summary>
        public string? WouldBeHeldBy { get; set; }

        /// <summary>The tool's own test notification, by its sample's alert type (<see cref="DeliveryRecord.ToolTest"/>).</summary>
        public string? ToolTest { get; set; }
    }

    public Task RecordAsync(Pending delivery, IActionResult answer, CancellationToken cancellationToken)
    {
        var (status, problemTitle, detail) = HttpApi.Summary(answer);
        // A refusal in PagerDuty's own shape (PagerDutyReplies) is no problem details: the title the other sources' refusal would
        // have ("Body too large", "Not authenticated"), else its "invalid event" stands for one.
        var title = problemTitle ?? (status >= 400 && answer is JsonResult ? delivery.Title ?? "Invalid event" : null);
        if (status >= 400 && detail is not null && delivery.Messages.Count == 0)
        {
            delivery.Messages = [detail];
        }

        return RecordAsync(delivery, status, title, delivery.Messages, cancellationToken);
    }

    public async Task RecordAsync(Pending delivery, int status, string? title, IReadOnlyList<string> messages, CancellationToken cancellationToken)
    {
        var record = new DeliveryRecord
        {
            At = delivery.At,
            Source = delivery.Source,
            Bytes = delivery.Bytes,
            Status = status,
            Outcome = status is >= 400 and < 500 ? "refused" : delivery.Outcome ?? (status >= 500 ? "failed" : "accepted"),
            Title = title,
            Messages = DeliveryRecord.Trim(messages),
            Problem = status is >= 400 and < 500 ? delivery.Problem : null,
            IncidentId = delivery.IncidentId,
            Reason = delivery.Reason,
            GroupKey = delivery.GroupKey,
            Test = delivery.Test || delivery.ToolTest is not null,
            ToolTest = delivery.ToolTest,
            WouldBe = delivery.WouldBe,
            WouldBeHeldBy = delivery.WouldBeHeldBy,
        };
        log.Record(record);
        if (!record.Refused)
        {
            return;
        }

        RefusedLogged(logger, record.Source, status, title, record.Bytes, LoggedText.Escape(record.Messages.FirstOrDefault()));
        try
        {
            await refusals.RecordAsync(record, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not keep the refused {Source} delivery in storage; it is listed on this instance only", record.Source);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a {Source} delivery: {Status} {Title} ({Bytes} bytes): {Reason}")]
    private static partial void RefusedLogged(ILogger logger, string source, int status, string? title, long bytes, string? reason);
}
