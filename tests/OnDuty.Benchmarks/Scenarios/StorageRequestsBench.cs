using OnDuty.Testing;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// What an accepted alert asks of storage, counted rather than timed: a LocalHost of its own on an Azurite of its own that logs
/// every request it serves (so the storm's timings are not slowed by the log). Repeats are counted until every one is applied
/// to its incident, new groups until their incidents' pages are sent and the host is quiet, so deferred work is counted too.
/// With them, the storage requests an alert of the 90%-repeat storm costs on average: the raw-insert baseline is one request
/// per insert, so the storm cannot beat 1 / that ratio to the baseline unless its requests were cheaper than an insert.
/// </summary>
internal static class StorageRequestsBench
{
    private const int Senders = 8;
    private const int OpenGroups = 50;

    public sealed record Counts(double PerRepeat, double PerNewIncident)
    {
        /// <summary>An alert of the storm: 90% repeats, 10% first firings.</summary>
        public double PerMixedAlert => (0.9 * PerRepeat) + (0.1 * PerNewIncident);
    }

    public static async Task<Counts> RunAsync(string root, int repeatCount = 2000, int newGroups = 200, string? dll = null)
    {
        var log = Path.Combine(Path.GetTempPath(), $"onduty-bench-azurite-{Guid.NewGuid():n}.log");
        try
        {
            await using var azurite = await AzuriteProcess.StartAsync(debugLog: log);
            await using var acs = await LoopbackAcsServer.StartAsync();
            await using var app = await LocalHostProcess.StartAsync(root, LocalHostProcess.LoopbackSettings(azurite, acs), dll);
            using var http = LocalHostProcess.CreateClient(app.BaseAddress, LocalHostProcess.MasterKey, Senders);
            var payloads = new AlertPayloads(root);
            long fresh = 2_000_000;
            Task Quiet() => PipelineBench.UntilQuietAsync(app.ProcessId, azurite.ProcessId);

            // Open the groups and warm up both paths, so the counts are of a running instance, not of its first requests.
            await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, n) => ScenarioBench.PostAsync(http, payloads.Firing(n)), limit: OpenGroups);
            await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, n) => ScenarioBench.PostAsync(http, payloads.Firing(1 + (n % OpenGroups))), limit: 500);
            await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, _) => ScenarioBench.PostAsync(http, payloads.Firing(Interlocked.Increment(ref fresh))), limit: 20);
            await Quiet();

            var start = Count(log);
            var repeats = await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, n) => ScenarioBench.PostAsync(http, payloads.Firing(1 + (n % OpenGroups))), limit: repeatCount);
            var (_, looks) = await ScenarioBench.UntilInboxEmptyAsync(azurite.ConnectionString);
            await Quiet();
            var afterRepeats = Count(log);

            var news = await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, _) => ScenarioBench.PostAsync(http, payloads.Firing(Interlocked.Increment(ref fresh))), limit: newGroups);
            await Quiet();
            var afterNews = Count(log);

            // The benchmark's own looks at the inbox are requests too: left out.
            return new Counts(
                (afterRepeats - start - looks) / (double)Math.Max(1, repeats.Succeeded),
                (afterNews - afterRepeats) / (double)Math.Max(1, news.Succeeded));
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>Requests Azurite logged so far: each one's first line names its method (<c>RequestMethod=</c>).</summary>
    private static long Count(string log)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        long count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("RequestMethod=", StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
