using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost;

/// <summary>Runs a timer function once, from its own DI scope, never overlapping another run of it.</summary>
internal sealed class TimerFunctionRunner(IServiceScopeFactory scopes, FunctionInvoker invoker, TimeProvider time)
{
    /// <summary>Waits for a run in progress to end, then runs; the exception, if the function threw, is rethrown.</summary>
    public async Task RunAsync(TimerSchedule timer, string reason, CancellationToken cancellationToken)
    {
        await timer.RunGate.WaitAsync(cancellationToken);
        try
        {
            await RunLockedAsync(timer, reason, cancellationToken);
        }
        finally
        {
            timer.RunGate.Release();
        }
    }

    /// <returns>False when a run of the same function is still going, so this tick is skipped.</returns>
    public async Task<bool> TryRunAsync(TimerSchedule timer, string reason, CancellationToken cancellationToken)
    {
        if (!await timer.RunGate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return false;
        }

        try
        {
            await RunLockedAsync(timer, reason, cancellationToken);
            return true;
        }
        finally
        {
            timer.RunGate.Release();
        }
    }

    private async Task RunLockedAsync(TimerSchedule timer, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var info = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus
            {
                Last = timer.LastRun?.UtcDateTime ?? default,
                Next = timer.NextAfter(now).UtcDateTime,
                LastUpdated = now.UtcDateTime,
            },
        };
        timer.LastRun = now;

        var arguments = timer.Function.Parameters
            .Select(p => p.Source == ParameterSource.TimerInfo ? info : (object)cancellationToken)
            .ToArray();
        await using var scope = scopes.CreateAsyncScope();
        await invoker.InvokeAsync(timer.Function, scope.ServiceProvider, arguments, reason);
    }
}

/// <summary>Fires each timer function on its NCRONTAB schedule (UTC) until the host stops.</summary>
internal sealed class TimerScheduler(
    IReadOnlyList<TimerSchedule> timers,
    TimerFunctionRunner runner,
    TimeProvider time,
    LocalHostOptions options,
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
                logger.LogInformation("Timers are disabled by {Setting}; {Count} timer function(s) run only through the admin endpoint", "LocalHost__DisableTimers", timers.Count);
            }

            return Task.CompletedTask;
        }

        return Task.WhenAll(timers.Select(timer => RunOnScheduleAsync(timer, stoppingToken)));
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
