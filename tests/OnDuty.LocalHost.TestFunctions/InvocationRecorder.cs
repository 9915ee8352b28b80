using System.Collections.Concurrent;
using Microsoft.Azure.Functions.Worker;

namespace OnDuty.LocalHost.TestFunctions;

/// <summary>Registered as a singleton by the tests; functions record their runs here so tests can assert effects.</summary>
public sealed class InvocationRecorder
{
    public ConcurrentQueue<(string Function, TimerInfo? Timer)> Runs { get; } = new();

    public int CountOf(string function) => Runs.Count(r => r.Function == function);

    /// <summary>Queue messages as the queue functions received them.</summary>
    public ConcurrentQueue<string> QueueMessages { get; } = new();

    /// <summary>A queue message starting with "hold" waits for this before its run ends.</summary>
    public TaskCompletionSource ReleaseHeldMessages { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Set when <c>Blocking</c> has started; it then waits for <see cref="ReleaseBlocking"/>.</summary>
    public TaskCompletionSource BlockingStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ReleaseBlocking { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
