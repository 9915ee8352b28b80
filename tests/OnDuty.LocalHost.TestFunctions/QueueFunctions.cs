using Microsoft.Azure.Functions.Worker;

namespace OnDuty.LocalHost.TestFunctions;

public sealed class QueueFunctions(InvocationRecorder recorder)
{
    public const string QueueSetting = "TestFunctions__Queue";

    /// <summary>
    /// Records each message; a message starting with "fail" throws, as a function whose run failed; one starting with
    /// "hold" runs until the test releases it (a slow send).
    /// </summary>
    [Function("QueueEcho")]
    public async Task Echo([QueueTrigger("%" + QueueSetting + "%")] string message, CancellationToken cancellationToken)
    {
        recorder.QueueMessages.Enqueue(message);
        if (message.StartsWith("fail", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Queue boom: " + message);
        }

        if (message.StartsWith("hold", StringComparison.Ordinal))
        {
            await recorder.ReleaseHeldMessages.Task.WaitAsync(cancellationToken);
        }
    }
}
