using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Seeding;
using OnDuty.Infrastructure.Tables;

namespace OnDuty.Functions.Health;

/// <summary>
/// Creates the tables and, where configured, seeds the demo roster; retries until storage answers. Then sends the pages left
/// pending by the process before (a crash after the 202): at once, not at the sweeper's next run a minute or two later.
/// </summary>
public sealed class StartupWork(
    StorageInitializer storage,
    DemoRoster demo,
    OutboxDispatcher outbox,
    IOptions<TeamOptions> team,
    StartupState state,
    ILogger<StartupWork> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                state.Waiting("table creation");
                await storage.EnsureTablesAsync(stoppingToken);
                if (team.Value.SeedDemo)
                {
                    state.Waiting("demo roster seed");
                    await demo.SeedIfEmptyAsync(stoppingToken);
                }

                state.Done();
                logger.LogInformation("Start-up work done");
                await SweepPendingPagesAsync(stoppingToken);
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                state.Waiting($"{state.Pending} (failed: {ex.GetType().Name}; retrying, see the log)");
                logger.LogWarning("Start-up work failed, retrying in {Delay}: {Error}", delay, ex.Message);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    /// <summary>Pages pending since before this start (<see cref="OutboxDispatcher.RetryDueAsync"/>); a failure is logged, the sweeper's timer retries.</summary>
    private async Task SweepPendingPagesAsync(CancellationToken stoppingToken)
    {
        try
        {
            var summary = await outbox.RetryDueAsync(stoppingToken);
            if (summary.Delivered + summary.Retrying + summary.Failed + summary.Cancelled > 0)
            {
                logger.LogInformation("Start-up sweep of pages pending before this start: {Delivered} delivered, {Retrying} to retry, {Failed} given up, {Cancelled} cancelled",
                    summary.Delivered, summary.Retrying, summary.Failed, summary.Cancelled);
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Start-up sweep of pending pages failed; RetryOutbox sends them at its next run");
        }
    }
}
