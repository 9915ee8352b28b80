using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Calendar;

namespace OnDuty.Functions.Calendar;

/// <summary>
/// Microsoft 365 sync timers; both do nothing unless Graph is configured (<c>Graph__TenantId</c>).
/// <c>SyncDutyCalendars</c> (app setting <c>SyncDutyCalendarsSchedule</c>, hourly) keeps duty weeks in members' calendars;
/// <c>SyncOutlookLeave</c> (<c>SyncOutlookLeaveSchedule</c>, daily) turns a week out of office in Outlook into leave.
/// </summary>
public sealed class GraphSyncFunctions(DutyCalendarSync calendars, OutlookLeaveSync leave, ILogger<GraphSyncFunctions> logger)
{
    [Function("SyncDutyCalendars")]
    public async Task SyncDutyCalendars([TimerTrigger("%SyncDutyCalendarsSchedule%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!calendars.Enabled)
        {
            logger.LogDebug("Duty calendars are off (Graph__TenantId empty or Graph__Calendar__WeeksAhead 0)");
            return;
        }

        var result = await calendars.SyncAsync(cancellationToken);
        logger.LogInformation("Duty calendars: {Created} created, {Updated} updated, {Cancelled} cancelled, {Errors} failed", result.Created, result.Updated, result.Cancelled, result.Errors.Count);
    }

    [Function("SyncOutlookLeave")]
    public async Task SyncOutlookLeave([TimerTrigger("%SyncOutlookLeaveSchedule%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        if (!leave.Enabled)
        {
            logger.LogDebug("Outlook leave is off (Graph__TenantId empty or Graph__Leave__WeeksAhead 0)");
            return;
        }

        var result = await leave.SyncAsync(cancellationToken);
        logger.LogInformation("Outlook leave: {Added} added, {Removed} removed for {Checked} member-weeks, {Errors} failed", result.Added, result.Removed, result.Checked, result.Errors.Count);
    }
}
