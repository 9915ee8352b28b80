using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Rotations;

namespace OnDuty.Functions.Calendar;

/// <summary>
/// Reminds the members rotating in to each rotation's next shift, on the working day before its handoff (app setting
/// <c>RemindIncomingDutySchedule</c>, UTC). Exactly once per member and shift, however often it runs.
/// </summary>
public sealed class RemindIncomingDutyFunction(IncomingDutyReminder reminder, ILogger<RemindIncomingDutyFunction> logger)
{
    [Function("RemindIncomingDuty")]
    public async Task Run([TimerTrigger("%RemindIncomingDutySchedule%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        foreach (var result in await reminder.RemindDueAsync(cancellationToken))
        {
            if (result.Week is not null || result.Error is not null)
            {
                logger.LogInformation("Rotation {Rotation} week {Week}: {Queued} reminders queued {Error}", result.RotationId, result.Week, result.EmailsQueued, result.Error);
            }
        }
    }
}
