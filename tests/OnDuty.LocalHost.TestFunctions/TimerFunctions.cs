using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost.TestFunctions;

public sealed class TimerFunctions(InvocationRecorder recorder, ILogger<TimerFunctions> logger)
{
    public const string TickScheduleSetting = "TestFunctions__TickSchedule";

    /// <summary>Schedule from a setting, as the real app's timers do.</summary>
    [Function("Tick")]
    public async Task Tick([TimerTrigger("%" + TickScheduleSetting + "%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        logger.LogInformation("Tick, next at {Next}", timer.ScheduleStatus?.Next);
        recorder.Runs.Enqueue(("Tick", timer));
    }

    [Function("Blocking")]
    public async Task Block([TimerTrigger("0 0 5 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        recorder.BlockingStarted.TrySetResult();
        await recorder.ReleaseBlocking.Task.WaitAsync(cancellationToken);
        recorder.Runs.Enqueue(("Blocking", timer));
    }

    [Function("FailingTimer")]
    public void Fail([TimerTrigger("0 0 4 1 1 *")] TimerInfo timer) =>
        throw new InvalidOperationException("Timer boom");
}
