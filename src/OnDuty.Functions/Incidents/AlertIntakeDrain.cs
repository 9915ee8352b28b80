using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// On an orderly stop (scale-in, deployment, restart), applies the repeats this instance accepted through its inbox and has
/// not applied yet (a more urgent one raises its incident's severity and pages now), rather than leaving them for another
/// instance's sweep minutes later. What the host's shutdown time does not allow stays in the inbox for that sweep.
/// </summary>
public sealed class AlertIntakeDrain(AlertIntake intake, ILogger<AlertIntakeDrain> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (intake.Backlog.Count == 0)
        {
            return;
        }

        try
        {
            await intake.DrainAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Stopping with {Count} accepted alert deliveries not applied ({Error}): the escalation run's sweep applies them within minutes", intake.Backlog.Count, ex.Message);
        }
    }
}
