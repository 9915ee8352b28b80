using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost;

/// <summary>
/// Diagnosis (<see cref="LocalHostOptions.StallWatchMs"/>): tells apart the two ways every request of the host can stop at once.
/// A thread of its own wakes every 10 ms: a wake late by more than the threshold means the whole process stood still (a
/// garbage collection suspends every managed thread; the log gives the collections' pause meanwhile). A timer on the thread
/// pool checks in every 50 ms: late by more than the threshold while the own thread was not means the pool had no thread for
/// it (work blocking its threads, or more queued than its threads take), logged with its thread count and queue.
/// </summary>
internal sealed partial class StallWatch(LocalHostOptions options, ILogger<StallWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.StallWatchMs is not { } ms || ms <= 0)
        {
            return;
        }

        var threshold = TimeSpan.FromMilliseconds(ms);
        var lastProcessStop = Stopwatch.GetTimestamp();
        var thread = new Thread(() => WatchProcess(threshold, stoppingToken, () => lastProcessStop = Stopwatch.GetTimestamp()))
        {
            IsBackground = true,
            Name = "stall watch",
        };
        thread.Start();

        var step = TimeSpan.FromMilliseconds(50);
        using var timer = new PeriodicTimer(step);
        var last = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var now = Stopwatch.GetTimestamp();
                var late = Stopwatch.GetElapsedTime(last, now) - step;
                // Late while the process itself ran (its own thread saw no stop since): the pool had no thread for the timer.
                if (late > threshold && Stopwatch.GetElapsedTime(lastProcessStop, now) > Stopwatch.GetElapsedTime(last, now))
                {
                    PoolLate(logger, (long)late.TotalMilliseconds, ThreadPool.ThreadCount, ThreadPool.PendingWorkItemCount);
                }

                last = now;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void WatchProcess(TimeSpan threshold, CancellationToken stoppingToken, Action stopped)
    {
        var last = Stopwatch.GetTimestamp();
        var paused = GC.GetTotalPauseDuration();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        while (!stoppingToken.IsCancellationRequested)
        {
            Thread.Sleep(10);
            var now = Stopwatch.GetTimestamp();
            var gap = Stopwatch.GetElapsedTime(last, now);
            var pausedNow = GC.GetTotalPauseDuration();
            var collectionsNow = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            if (gap > threshold)
            {
                stopped();
                ProcessStopped(logger, (long)gap.TotalMilliseconds, (long)(pausedNow - paused).TotalMilliseconds,
                    collectionsNow.Item1 - collections.Item1, collectionsNow.Item2 - collections.Item2, collectionsNow.Item3 - collections.Item3);
            }

            last = now;
            paused = pausedNow;
            collections = collectionsNow;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stall watch: the process stood still {Ms} ms (garbage collections meanwhile: {GcPauseMs} ms paused; gen0 {Gen0}, gen1 {Gen1}, gen2 {Gen2})")]
    private static partial void ProcessStopped(ILogger logger, long ms, long gcPauseMs, int gen0, int gen1, int gen2);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stall watch: the thread pool was {Ms} ms late ({Threads} threads, {Queued} work items queued)")]
    private static partial void PoolLate(ILogger logger, long ms, int threads, long queued);
}
