namespace OnDuty.LocalHost;

/// <summary>Fires each timer function on its NCRONTAB schedule (UTC) until the host stops.</summary>
internal sealed class TimerScheduler(
    IReadOnlyList<TimerSchedule> timers,
    TimerFunctionRunner runner,
    TimeProvider time,
    LocalHostOptions options,
    DisabledFunctions disabled,
    ILogger<TimerScheduler> logger) : BackgroundService
{
    // Task.Delay cannot wait longer than about 49 days; a yearly schedule simply waits in several steps.
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.DisableTimers)
        {
            if (timers.Count > 0)
            {
                logger.LogInformation("Timers are disabled by {Setting}; timer functions that run only through the admin endpoint: {Count}", "LocalHost__DisableTimers", timers.Count);
            }

            return Task.CompletedTask;
        }

        return Task.WhenAll(timers.Where(timer => !disabled.IsDisabled(timer.Function.Name)).Select(timer => RunOnScheduleAsync(timer, stoppingToken)));
    }

    private async Task RunOnScheduleAsync(TimerSchedule timer, CancellationToken stoppingToken)
    {
        try
        {
            if (timer.Function.RunOnStartup)
            {
                await TickAsync(timer, "Timer fired at startup (RunOnStartup)", stoppingToken);
            }

            while (!stoppingToken.IsCancellationRequested)
            {
                var due = timer.NextAfter(time.GetUtcNow());
                timer.WaitingFor = due;
                for (var wait = due - time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - time.GetUtcNow())
                {
                    await Task.Delay(wait < LongestWait ? wait : LongestWait, time, stoppingToken);
                }

                await TickAsync(timer, $"Timer fired at {due:O}", stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task TickAsync(TimerSchedule timer, string reason, CancellationToken stoppingToken)
    {
        try
        {
            if (!await runner.TryRunAsync(timer, reason, stoppingToken))
            {
                logger.LogWarning("Skipped a tick of {FunctionName}: the previous run has not finished", timer.Function.Name);
            }
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // The invoker has logged the failure; like the Functions host, a failed run is not retried.
            logger.LogDebug(e, "Timer function {FunctionName} failed; waiting for its next occurrence", timer.Function.Name);
        }
    }
}
