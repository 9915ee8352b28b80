using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>
/// Hourly by default (app setting <c>NudgeRetrosSchedule</c>): on working days from <c>Retros__NudgeLocalTime</c>, reminds the
/// duty members of retros overdue and owners of action items past due, once each.
/// </summary>
public sealed class NudgeRetrosFunction(RetroNudger nudger, ILogger<NudgeRetrosFunction> logger)
{
    [Function("NudgeRetros")]
    public async Task Run([TimerTrigger("%NudgeRetrosSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var queued = await nudger.NudgeAsync(cancellationToken);
        if (queued > 0)
        {
            logger.LogInformation("Retro reminders: messages queued: {Queued}", queued);
        }
    }
}
