using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Functions.Notifications;

/// <summary>Deletes what is kept no longer than its retention; later retention rules join this one timer.</summary>
public sealed class RetentionFunctions(
    OutboxRetention outbox, LeaveRetention leave, IncidentTextRetention incidentText, WebhookReceiptRetention receipts,
    AlertGroupRetention groups, OnDuty.Core.Maintenance.MaintenanceService maintenance, ILogger<RetentionFunctions> logger)
{
    [Function("PurgeExpiredData")]
    public async Task Purge([TimerTrigger("%PurgeExpiredDataSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var purged = await outbox.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {Count} sent outbox messages past Outbox__Retention", purged);
        var leaveDeleted = await leave.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {Count} leave entries past Retention__Leave", leaveDeleted);
        var texts = await incidentText.PurgeAsync(cancellationToken);
        logger.LogInformation("Removed the free text of {Count} incidents resolved longer ago than Retention__IncidentText", texts);
        var receiptsDeleted = await receipts.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {Count} webhook receipts past their replay window", receiptsDeleted);
        var groupRows = await groups.PurgeAsync(cancellationToken);
        logger.LogInformation("Purged {Count} alert-group rows past the longest reopen and grouping windows", groupRows);
        var windows = await maintenance.PruneAsync(cancellationToken);
        logger.LogInformation("Purged {Count} maintenance windows over for more than 90 days", windows);
    }
}
