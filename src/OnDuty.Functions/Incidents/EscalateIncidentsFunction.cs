using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Every minute (app setting <c>EscalateIncidentsSchedule</c>): applies alert repeats an instance accepted and did not apply (it
/// stopped first), releases pages still held by a maintenance window ended early, expires acknowledgements left quiet (<c>Incidents__AckExpiry__…</c>, snoozes), then sends the escalation steps due on
/// unacknowledged incidents (a hold that ended included). A run that finished pings <c>Watch__PingUrl</c> when set, so a
/// watcher outside the deployment hears when OnDuty's timers stop.
/// </summary>
public sealed class EscalateIncidentsFunction(
    Pager pager, AlertIntake intake, OnDuty.Core.Maintenance.MaintenanceService maintenance, OnDuty.Core.Health.IWatchPing watch, ILogger<EscalateIncidentsFunction> logger)
{
    [Function("EscalateIncidents")]
    public async Task Run([TimerTrigger("%EscalateIncidentsSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        try
        {
            // Repeats a stopped instance accepted: applied first, but never at the cost of this run's escalations.
            await intake.SweepInboxAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Applying alert deliveries a stopped instance accepted failed; the next run retries");
        }

        try
        {
            // A hold that outlived a window ended early (ended through another instance, or a release that failed) ends now.
            await maintenance.ReleaseEndedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Releasing the pages of maintenance windows ended early failed; the next run retries");
        }

        try
        {
            // Before the steps: an acknowledgement that lapsed now has its pair paged by this run's escalation.
            await pager.ExpireAcknowledgementsAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Acknowledgement expiry failed; the next run retries");
        }

        var steps = await pager.EscalateOpenIncidentsAsync(cancellationToken);
        if (steps > 0)
        {
            logger.LogInformation("Escalation: {Steps} steps sent", steps);
        }

        try
        {
            // After the steps: a member whose own rule is due is rung while step 1 has not gone (it rings them from there).
            await pager.CallByPersonalRulesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Personal call rules failed; the next run retries");
        }

        // Only after the run finished: a run that fails every minute falls silent to the watcher, as a stopped one does.
        await watch.PingAsync(cancellationToken);
    }
}
