using System.Diagnostics;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>What a fixed number of concurrent senders achieved in a fixed time.</summary>
internal sealed record LoadResult(int Succeeded, int Failed, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs)
{
    public double PerSecond => Succeeded / Elapsed.TotalSeconds;

    public double Percentile(double p) => Stats.Percentile(LatenciesMs, p);
}

/// <summary>Runs an operation from N concurrent senders, each as fast as it can, until the time is up or <c>limit</c> operations ran.</summary>
internal static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(int senders, TimeSpan duration, Func<int, long, Task<bool>> operation, long limit = long.MaxValue)
    {
        var latencies = new List<double>();
        var succeeded = 0;
        var failed = 0;
        long next = 0;
        var clock = Stopwatch.StartNew();
        var until = clock.Elapsed + duration;
        var tasks = Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < until)
            {
                var n = Interlocked.Increment(ref next);
                if (n > limit)
                {
                    break;
                }

                var started = clock.Elapsed;
                bool ok;
                try
                {
                    ok = await operation(sender, n);
                }
                catch (HttpRequestException)
                {
                    ok = false;
                }

                mine.Add((clock.Elapsed - started).TotalMilliseconds);
                Interlocked.Increment(ref ok ? ref succeeded : ref failed);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        })).ToList();
        await Task.WhenAll(tasks);
        return new LoadResult(succeeded, failed, clock.Elapsed, latencies);
    }
}

internal static class Stats
{
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
