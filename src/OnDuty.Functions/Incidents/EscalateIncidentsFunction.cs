using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Every minute (app setting <c>EscalateIncidentsSchedule</c>): applies alert repeats an instance accepted and did not apply (it
/// stopped first), then sends the escalation steps due on unacknowledged incidents.
/// </summary>
public sealed class EscalateIncidentsFunction(Pager pager, AlertIntake intake, ILogger<EscalateIncidentsFunction> logger)
{
    [Function("EscalateIncidents")]
    public async Task Run([TimerTrigger("%EscalateIncidentsSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await intake.SweepInboxAsync(cancellationToken);
        var steps = await pager.EscalateOpenIncidentsAsync(cancellationToken);
        if (steps > 0)
        {
            logger.LogInformation("Escalation: {Steps} steps sent", steps);
        }
    }
}
