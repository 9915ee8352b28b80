using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// On an orderly stop (scale-in, deployment, restart), applies what this instance accepted through its inbox and has not
/// applied yet: an incident accepted in a storm opens and pages now, not when another instance's sweep finds it orphaned.
/// What the host's shutdown time does not allow stays in the inbox for that sweep (nothing is lost either way).
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
            logger.LogWarning("Stopping with {Count} accepted alert deliveries not applied ({Error}): another instance's sweep applies them within minutes", intake.Backlog.Count, ex.Message);
        }
    }
}
