using System.Collections.Concurrent;
using System.Diagnostics;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// Whether the benchmark's own process stopped (a garbage collection, the machine busy elsewhere) while it measured: a thread
/// of its own wakes every 5 ms and keeps each wake that came over <see cref="Threshold"/> late, with the time the stop began.
/// The storm's senders and the loopback ACS server run in this process: a page that looks slow while this process stood still
/// was waiting for the benchmark, not for OnDuty. Also counts this process's garbage-collection pauses.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(100);

    private readonly ConcurrentQueue<(DateTimeOffset From, TimeSpan Length)> _stalls = new();
    private readonly Thread _thread;
    private volatile bool _stopped;

    private StallWatch()
    {
        _thread = new Thread(Watch) { IsBackground = true, Name = "stall watch", Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    public static StallWatch Start() => new();

    /// <summary>The stops of this process over <see cref="Threshold"/> so far (when each began, how long).</summary>
    public IReadOnlyList<(DateTimeOffset From, TimeSpan Length)> Stalls => [.. _stalls];

    /// <summary>This process's garbage-collection pauses so far (all of them).</summary>
    public static TimeSpan GcPauses => GC.GetTotalPauseDuration();

    /// <summary>The stops that overlap <paramref name="from"/> – <paramref name="to"/>.</summary>
    public IEnumerable<(DateTimeOffset From, TimeSpan Length)> Between(DateTimeOffset from, DateTimeOffset to) =>
        _stalls.Where(s => s.From < to && s.From + s.Length > from);

    private void Watch()
    {
        var clock = Stopwatch.StartNew();
        var last = clock.Elapsed;
        while (!_stopped)
        {
            Thread.Sleep(5);
            var now = clock.Elapsed;
            if (now - last > Threshold)
            {
                _stalls.Enqueue((DateTimeOffset.UtcNow - (now - last), now - last));
            }

            last = now;
        }
    }

    public void Dispose() => _stopped = true;
}
