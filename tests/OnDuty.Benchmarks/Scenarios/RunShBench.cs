using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.Testing;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// The issue's "as a user runs it" check (<c>./bench.sh --against-run</c>): against an OnDuty already started with
/// <c>./run.sh</c> (its build, logging and timers as they are) and its Azurite, raw single-entity inserts into that Azurite as
/// the baseline, then a 90%-repeat storm at 8 senders, then the open list with 1,000 incidents open. Afterwards the benchmark's
/// incidents are resolved again. Writes <c>artifacts/bench/run-summary.json</c>. Measures; asserts nothing.
/// </summary>
internal static class RunShBench
{
    private const int Senders = 8;
    private const int OpenGroups = ScenarioBench.OpenGroups; // the same open groups as bench.sh's mix (MixedGroup)
    private const int OpenTarget = 1000;

    public static async Task<int> RunAsync(string[] args)
    {
        var root = RepoRoot.Find();
        var app = new Uri(Arg(args, "--app") ?? "http://127.0.0.1:7071/");
        var storage = Arg(args, "--storage") ?? "UseDevelopmentStorage=true";
        var key = Arg(args, "--key") ?? MasterKeyOf(root);
        var storm = TimeSpan.FromSeconds(args.Contains("--quick") ? 5 : 20);
        using var http = LocalHostProcess.CreateClient(new Uri(app, "/"), key, Senders);
        try
        {
            using var health = await http.GetAsync("api/health");
            health.EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"OnDuty does not answer at {app} ({ex.Message}): start ./run.sh first.");
            return 2;
        }

        var summary = new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}",
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["against"] = app.ToString(),
        };

        Console.WriteLine($"==> baseline: raw single-entity inserts into run.sh's Azurite, {Senders} senders, {storm.TotalSeconds} s");
        var raw = await ScenarioBench.RawInsertsAsync(storage, storm);
        summary["raw_inserts_per_s"] = Math.Round(raw.PerSecond, 1);

        var payloads = new AlertPayloads(root);
        var run = Random.Shared.NextInt64(1, 1_000_000) * 100_000; // this run's groups: apart from an earlier run's
        Console.WriteLine($"==> opening {OpenGroups} alert groups");
        await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, n) => ScenarioBench.PostAsync(http, payloads.Firing(run + n)), limit: OpenGroups);

        // run.sh's host may have just started: its first storm also pays for the JIT promoting hot code. Measured apart (as
        // bench.sh does), its new groups resolved again; the storm compared with raw inserts follows on the warm host.
        Console.WriteLine($"==> first storm (90% repeats, 10% new groups), {Senders} senders, {storm.TotalSeconds / 2} s");
        var first = await ScenarioBench.FirstStormAsync(http, payloads, storm / 2, firstOpen: run + 1, newFrom: run + 50_000);
        summary["ingest_first_storm_per_s"] = Math.Round(first.PerSecond, 1);
        summary["ingest_first_storm_ratio"] = Math.Round(first.PerSecond / raw.PerSecond, 3);
        await Task.Delay(TimeSpan.FromSeconds(5)); // its pages and resolutions sent

        Console.WriteLine($"==> storm: 90% repeats of open groups, 10% new groups, {Senders} senders, {storm.TotalSeconds} s");
        var fresh = run + 10_000;
        var mixed = await LoadGenerator.RunAsync(Senders, storm, (_, n) =>
            ScenarioBench.PostAsync(http, payloads.Firing(ScenarioBench.MixedGroup(n, ref fresh, firstOpen: run + 1))));
        summary["ingest_alerts_per_s"] = Math.Round(mixed.PerSecond, 1);
        summary["ingest_ratio"] = Math.Round(mixed.PerSecond / raw.PerSecond, 3);
        summary["ingest_p99_ms"] = Math.Round(mixed.Percentile(99), 1);
        summary["ingest_refused"] = mixed.Failed;

        var open = await ScenarioBench.OpenCountAsync(http);
        Console.WriteLine($"==> {open} incidents open; opening more until {OpenTarget}");
        if (open < OpenTarget)
        {
            await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(5), (_, _) => ScenarioBench.PostAsync(http, payloads.Firing(Interlocked.Increment(ref fresh))), limit: OpenTarget - open);
        }

        summary["open_incidents"] = await ScenarioBench.OpenCountAsync(http);
        summary["open_list_p50_ms"] = Math.Round(await ScenarioBench.TimeAsync(20, () => http.GetAsync("api/incidents?status=open"), 50), 1);
        summary["status_page_p50_ms"] = Math.Round(await ScenarioBench.TimeAsync(20, () => http.GetAsync("api/status"), 50), 1);

        Console.WriteLine("==> resolving this run's incidents");
        var last = Interlocked.Read(ref fresh);
        var groups = Enumerable.Range(1, OpenGroups).Select(n => run + n).Concat(Enumerable.Range(1, (int)(last - run - 10_000)).Select(n => run + 10_000 + n)).ToList();
        await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(5), (_, n) => ScenarioBench.PostAsync(http, payloads.Resolved(groups[(int)n - 1])), limit: groups.Count);

        var dir = Path.Combine(root, "artifacts", "bench");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "run-summary.json");
        await File.WriteAllTextAsync(path, summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Console.WriteLine();
        foreach (var (name, value) in summary)
        {
            Console.WriteLine($"{name,-24} {(value is null ? "not measured" : value.GetValueKind() == System.Text.Json.JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()),12}");
        }

        Console.WriteLine($"written: {path}");
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The key run.sh's LocalHost takes: <c>LocalHost__MasterKey</c> of local.settings.json (the sample's when there is none).</summary>
    private static string MasterKeyOf(string root)
    {
        foreach (var file in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            var path = Path.Combine(root, file);
            if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))?["Values"]?["LocalHost__MasterKey"]?.GetValue<string>() is { Length: > 0 } key)
            {
                return key;
            }
        }

        throw new InvalidOperationException("No LocalHost__MasterKey in local.settings.json: pass --key.");
    }
}
