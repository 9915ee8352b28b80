using Microsoft.Azure.Functions.Worker;

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
