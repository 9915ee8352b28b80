using Azure;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Health;
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
    UnknownSettingsCheck unknownSettings,
    ILogger<StartupWork> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var sentence in unknownSettings.Found)
        {
            logger.LogWarning("Setting not read: {Problem}", sentence);
        }

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
                // In the admin's words on /api/health and in the log; the exception itself (with the storage host) at Debug.
                // Anything else is a bug: its stack trace goes to the log.
                var cause = Cause(ex);
                var work = state.Pending;
                state.Waiting($"{work} (failed: {cause ?? "an unexpected error, in the app log"}; retrying)");
                logger.LogWarning(cause is null ? ex : null, "Start-up work ({Work}) failed, retrying in {Delay}: {Cause}", work, delay, cause ?? ex.Message);
                logger.LogDebug(ex, "Start-up work ({Work}) failed", work);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    /// <summary>
    /// Why start-up work failed, in the admin's words (what is wrong, the settings to check): storage not reachable and how,
    /// or what it answered. Never an exception's type or the storage host; null for anything else (a bug).
    /// </summary>
    internal static string? Cause(Exception ex) => ex switch
    {
        DependencyUnavailableException unavailable =>
            $"{unavailable.Dependency} is not reachable ({StorageTransportErrors.Describe(ex) ?? "no connection"}): check Storage__ConnectionString or Storage__TableServiceUri, and that the storage account (Azurite when local) is running",
        RequestFailedException { Status: 401 or 403 } denied =>
            $"Table Storage refused access ({denied.Status}): check the AccountKey in Storage__ConnectionString, or that the app's identity has the Storage Table Data Contributor role",
        RequestFailedException { Status: > 0 } failed => $"Table Storage answered {failed.Status} ({failed.ErrorCode ?? "no error code"})",
        _ => null,
    };

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
