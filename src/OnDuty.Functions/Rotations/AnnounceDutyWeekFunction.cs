using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;

namespace OnDuty.Functions.Rotations;

/// <summary>
/// Announces each rotation's duty week once its handoff has passed (in the rotation's own time zone).
/// Runs on a UTC schedule (app setting <c>AnnounceDutyWeekSchedule</c>); a second run, on any instance, sends nothing.
/// Right after it, the incoming pair of the incident rotation gets its handoff brief (once per week and member).
/// </summary>
public sealed class AnnounceDutyWeekFunction(DutyWeekAnnouncer announcer, HandoffBriefer briefer, ILogger<AnnounceDutyWeekFunction> logger)
{
    [Function("AnnounceDutyWeek")]
    public async Task Run([TimerTrigger("%AnnounceDutyWeekSchedule%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var results = await announcer.AnnounceDueAsync(cancellationToken);
        foreach (var result in results)
        {
            logger.LogInformation("Rotation {Rotation} week {Week}: {Outcome} ({Queued} messages queued)", result.RotationId, result.Week, result.Outcome, result.MessagesQueued);
        }

        await briefer.BriefAsync(cancellationToken);
    }
}
