using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// Where the open list's and the status page's time goes (<c>dotnet run -c Release --project tests/OnDuty.Benchmarks --
/// openlist [count...]</c>): OnDuty as <c>./bench.sh</c> runs it, filled with <c>count</c> (1,000) incidents opened by alerts
/// (several counts: each in turn, in one run), then, in sequence and each the median of 20 after a warm-up, the Azurite query
/// of the board's partition alone (keys only, then whole rows), the repository's board read in this process (query, parse,
/// restore), <c>GET /api/incidents?status=open</c> on the host (that plus the views and the answer's JSON) and the PMs' status
/// page <c>GET /api/status</c> (HTML). <c>--dll other/OnDuty.LocalHost.dll</c> runs another build instead. Measures; asserts
/// nothing.
/// </summary>
internal static class OpenListBench
{
    private const int Senders = 8;
    private const int Samples = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        // One count or several, each measured in turn in the same run as more are opened (`openlist 1000 2000`).
        var counts = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        if (counts.Count == 0)
        {
            counts.Add(1000);
        }

        var dll = PipelineBench.DllArgument(args); // another build, to compare
        var root = RepoRoot.Find();
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var acs = await LoopbackAcsServer.StartAsync();
        var settings = LocalHostProcess.LoopbackSettings(azurite, acs);
        await using var app = await LocalHostProcess.StartAsync(root, settings, dll);
        using var http = LocalHostProcess.CreateClient(app.BaseAddress, LocalHostProcess.MasterKey, Senders);
        var payloads = new AlertPayloads(root);
        var service = new TableServiceClient(azurite.ConnectionString);
        var repository = new TableIncidentRepository(new OnDutyTables(service, Options.Create(new StorageOptions { ConnectionString = azurite.ConnectionString })));
        var opened = 0;
        foreach (var count in counts)
        {
            Console.WriteLine($"==> opening incidents by alerts until {count} are open");
            var next = opened;
            var fill = await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(10), async (_, _) =>
            {
                var (source, json) = payloads.Firing(1_000_000 + Interlocked.Increment(ref next));
                using var content = new StringContent(json, Encoding.UTF8, "application/json");
                using var response = await http.PostAsync($"api/alerts/{source}", content);
                return (int)response.StatusCode == 202;
            }, limit: count - opened);
            opened = count;
            Console.WriteLine($"    {fill.Succeeded} accepted, {fill.Failed} refused in {fill.Elapsed.TotalSeconds:F0} s");
            await PipelineBench.UntilQuietAsync(app.ProcessId, azurite.ProcessId);
            await MeasureAsync(service, repository, http);
        }

        return 0;
    }

    private static async Task MeasureAsync(TableServiceClient service, TableIncidentRepository repository, HttpClient http)
    {
        var tables = new List<string>();
        await foreach (var table in service.QueryAsync())
        {
            tables.Add(table.Name);
        }

        var results = new List<(string What, double Ms)>();
        foreach (var name in new[] { "IncidentIndex", "IncidentBoard" }.Where(tables.Contains))
        {
            var client = service.GetTableClient(name);
            var rows = 0;
            results.Add(($"azurite {name} PK open, keys", await MedianAsync(async () => rows = await CountAsync(client, ["RowKey"]))));
            results.Add(($"azurite {name} PK open, rows ({rows})", await MedianAsync(async () => await CountAsync(client, null))));
        }

        var listed = 0;
        results.Add(("repository ListBoardAsync", await MedianAsync(async () => listed = (await repository.ListBoardAsync(DateTimeOffset.UtcNow, default)).Count)));
        var bytes = 0;
        results.Add(("GET /api/incidents?status=open", await MedianAsync(async () =>
        {
            using var response = await http.GetAsync("api/incidents?status=open");
            bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        })));
        var pageBytes = 0;
        results.Add(("GET /api/status (the PMs' status page)", await MedianAsync(async () =>
        {
            using var response = await http.GetAsync("api/status");
            pageBytes = (await response.Content.ReadAsByteArrayAsync()).Length;
        })));

        Console.WriteLine($"==> {listed} listed, answer {bytes / 1024} KiB, status page {pageBytes / 1024} KiB; median of {Samples}:");
        foreach (var (what, ms) in results)
        {
            Console.WriteLine($"{what,-48} {ms,8:F1} ms");
        }
    }

    private static async Task<int> CountAsync(TableClient client, string[]? select)
    {
        var n = 0;
        await foreach (var _ in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"open"}"), select: select))
        {
            n++;
        }

        return n;
    }

    private static async Task<double> MedianAsync(Func<Task> call)
    {
        await call();
        var samples = new List<double>();
        for (var i = 0; i < Samples; i++)
        {
            var clock = Stopwatch.StartNew();
            await call();
            samples.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Stats.Percentile(samples, 50);
    }
}
