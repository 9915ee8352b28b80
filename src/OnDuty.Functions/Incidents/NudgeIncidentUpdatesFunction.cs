using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Comms;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Every few minutes (app setting <c>NudgeIncidentUpdatesSchedule</c>): reminds the duty members of open incidents with no
/// update by a person for their severity's <c>Comms__UpdateInterval__…</c>, and queues stakeholder notices still owed.
/// </summary>
public sealed class NudgeIncidentUpdatesFunction(UpdateNudger nudger, ILogger<NudgeIncidentUpdatesFunction> logger)
{
    [Function("NudgeIncidentUpdates")]
    public async Task Run([TimerTrigger("%NudgeIncidentUpdatesSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var nudged = await nudger.NudgeOpenIncidentsAsync(cancellationToken);
        if (nudged > 0)
        {
            logger.LogInformation("Update cadence: incidents reminded: {Nudged}", nudged);
        }
    }
}
