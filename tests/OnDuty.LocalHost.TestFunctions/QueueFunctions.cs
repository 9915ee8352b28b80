using Microsoft.Azure.Functions.Worker;

namespace OnDuty.LocalHost.TestFunctions;

public sealed class QueueFunctions(InvocationRecorder recorder)
{
    public const string QueueSetting = "TestFunctions__Queue";

    /// <summary>Records each message; a message starting with "fail" throws, as a function whose run failed.</summary>
    [Function("QueueEcho")]
    public Task Echo([QueueTrigger("%" + QueueSetting + "%")] string message, CancellationToken cancellationToken)
    {
        recorder.QueueMessages.Enqueue(message);
        return message.StartsWith("fail", StringComparison.Ordinal)
            ? throw new InvalidOperationException("Queue boom: " + message)
            : Task.CompletedTask;
    }
}
