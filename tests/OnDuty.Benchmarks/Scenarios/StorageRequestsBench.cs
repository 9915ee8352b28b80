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

    /// <param name="NewIncidentByKind">What a new incident's requests were, per incident: method and resource (table or queue,
    /// with the shape of its keys), most first.</param>
    public sealed record Counts(double PerRepeat, double PerNewIncident, IReadOnlyList<(string Kind, double PerIncident)> NewIncidentByKind)
    {
        /// <summary>An alert of the storm: 90% repeats, 10% first firings.</summary>
        public double PerMixedAlert => (0.9 * PerRepeat) + (0.1 * PerNewIncident);
    }

    public static async Task<int> PrintAsync(string[] args)
    {
        var at = Array.IndexOf(args, "--dll");
        var dll = PipelineBench.DllArgument(args);
        var numbers = args.Where((_, i) => at < 0 || (i != at && i != at + 1)).ToArray();
        var repeats = numbers.Length > 0 ? int.Parse(numbers[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
        var newGroups = numbers.Length > 1 ? int.Parse(numbers[1], System.Globalization.CultureInfo.InvariantCulture) : 200;
        var counts = await RunAsync(RepoRoot.Find(), repeats, newGroups, dll);
        Console.WriteLine($"per repeat {counts.PerRepeat:F2}, per new incident {counts.PerNewIncident:F1}, per alert of the 90% mix {counts.PerMixedAlert:F2}");
        foreach (var (kind, perIncident) in counts.NewIncidentByKind)
        {
            Console.WriteLine($"  {kind,-60} {perIncident,6:F2}");
        }

        return 0;
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
            var opened = (double)Math.Max(1, news.Succeeded);

            // The benchmark's own looks at the inbox are requests too: left out.
            return new Counts(
                (afterRepeats - start - looks) / (double)Math.Max(1, repeats.Succeeded),
                (afterNews - afterRepeats) / opened,
                [.. Kinds(log, afterRepeats, afterNews).Select(k => (k.Key, Math.Round(k.Value / opened, 2))).Where(k => k.Item2 > 0)]);
        }
        finally
        {
            File.Delete(log);
        }
    }

    /// <summary>
    /// The requests between two counts by kind: method and resource, keys shown by their shape (digits as <c>#</c>), e.g.
    /// <c>GET Incidents(PK,'incident')</c> or <c>POST $batch</c> (a transaction: its table is in the body, not logged).
    /// </summary>
    private static IEnumerable<KeyValuePair<string, int>> Kinds(string log, long from, long to)
    {
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in RequestLines(log).Skip(checked((int)from)).Take(checked((int)(to - from))))
        {
            var kind = RequestKind.Match(line) is { Success: true } m ? $"{m.Groups["method"].Value} {Shape(Uri.UnescapeDataString(m.Groups["path"].Value))}{(m.Groups["query"].Value.Contains("$filter", StringComparison.Ordinal) ? " (query)" : "")}" : "?";
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
        }

        return kinds.OrderByDescending(k => k.Value).ThenBy(k => k.Key, StringComparer.Ordinal).ToList();
    }

    private static readonly System.Text.RegularExpressions.Regex RequestKind =
        new(@"RequestMethod=(?<method>\w+) RequestURL=\w+://[^/]+/[^/]+/(?<path>[^ ?]*)(?<query>\?[^ ]*)?", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>A table or queue path with its keys' values reduced to their shape: the partition key left out, the row key's part before <c>|</c> kept, digits as <c>#</c>.</summary>
    private static string Shape(string path)
    {
        path = System.Text.RegularExpressions.Regex.Replace(path, @"/messages/[^/]+$", "/messages/{id}");
        path = System.Text.RegularExpressions.Regex.Replace(path, @"PartitionKey='[^']*'", "PK");
        path = System.Text.RegularExpressions.Regex.Replace(path, @"RowKey='([^'|]*)[^']*'", m => $"'{m.Groups[1].Value}'");
        return System.Text.RegularExpressions.Regex.Replace(path, @"\d+", "#");
    }

    /// <summary>Requests Azurite logged so far.</summary>
    private static long Count(string log) => RequestLines(log).LongCount();

    /// <summary>The lines of the log that begin a request: each request's first line names its method (<c>RequestMethod=</c>).</summary>
    private static IEnumerable<string> RequestLines(string log)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Contains("RequestMethod=", StringComparison.Ordinal))
            {
                yield return line;
            }
        }
    }
}
