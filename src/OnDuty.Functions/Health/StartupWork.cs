using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Seeding;
using OnDuty.Infrastructure.Tables;

namespace OnDuty.Functions.Health;

/// <summary>Creates the tables and, where configured, seeds the demo roster; retries until storage answers.</summary>
public sealed class StartupWork(
    StorageInitializer storage,
    DemoRoster demo,
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
}
