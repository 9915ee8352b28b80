using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using OnDuty.Testing;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// The busiest moment, measured end to end (<c>./bench.sh</c>): an alert storm against OnDuty as a user runs it (Release
/// LocalHost process, sample settings, in-memory Azurite, a loopback ACS server for the mail it sends), with raw single-entity
/// inserts into the same Azurite at the same concurrency as the baseline measured in the same run, so the ratio holds on a
/// noisy machine. Prints a table and writes <c>artifacts/bench/summary.json</c>. Measures; asserts nothing.
/// </summary>
internal static class ScenarioBench
{
    private const int Senders = 8;
    internal const int OpenGroups = 50;

    /// <summary>
    /// The incidents open when the new-group storm ends and the open list and the status page are timed (the issue's "with
    /// 1,000 open incidents"): that storm opens as many new groups as this lacks, so each run measures at the same count however
    /// fast the machine opened them (timed storms left 1,100 to 3,700 open).
    /// </summary>
    private const int OpenTarget = 1000;

    /// <summary>The same for <c>--quick</c>, a smoke run.</summary>
    private const int QuickOpenTarget = 250;
    private const int FanOut = 1000;

    /// <summary>What every fan-out reader's address holds (<c>reader0001@bench-ja.example</c>).</summary>
    private const string ReaderDomain = "@bench-";

    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var dll = PipelineBench.DllArgument(args); // another build, to compare
        var storm = TimeSpan.FromSeconds(quick ? 5 : 20);
        var openTarget = quick ? QuickOpenTarget : OpenTarget;
        var root = RepoRoot.Find();
        var summary = new JsonObject
        {
            ["machine"] = $"{Environment.ProcessorCount} cores, {RuntimeInfo()}",
            ["measured_at"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
        };

        // Whether this process (the senders, the loopback ACS server) stood still while it measured: a page slow for that reason waited for the benchmark.
        using var stalls = StallWatch.Start();
        Console.WriteLine("==> starting Azurite (in memory) and a loopback ACS server");
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var acs = await LoopbackAcsServer.StartAsync();

        Console.WriteLine($"==> baseline: raw single-entity inserts, {Senders} senders, {storm.TotalSeconds} s");
        var rawCpu = CpuMeter.Start(azurite.ProcessId);
        var raw = await RawInsertsAsync(azurite.ConnectionString, storm);
        var rawCost = rawCpu?.Per(raw.Succeeded);
        summary["raw_inserts_per_s"] = Round(raw.PerSecond);

        Console.WriteLine("==> starting OnDuty (Release LocalHost, sample settings)");
        var settings = LocalHostProcess.LoopbackSettings(azurite, acs);
        AddReaders(settings);
        // Each time OnDuty stood still over 200 ms (the whole process, or its thread pool), in its log: what a slow page waited for.
        settings["LocalHost__StallWatchMs"] = "200";
        await using var app = await LocalHostProcess.StartAsync(root, settings, dll, logPath: Path.Combine(root, "artifacts", "bench", "localhost.log"));
        summary["startup_ms"] = Round(app.Startup.TotalMilliseconds);
        var peak = new PeakMarks(app);
        peak.Mark("startup", 0);
        using var http = LocalHostProcess.CreateClient(app.BaseAddress, LocalHostProcess.MasterKey, Senders);
        var payloads = new AlertPayloads(root);

        Console.WriteLine($"==> opening {OpenGroups} alert groups");
        await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, n) => PostAsync(http, payloads.Firing(n)), limit: OpenGroups);
        peak.Mark("open_groups", OpenGroups);

        // The host has just started: its first storm also pays for the JIT promoting hot code and for first connections. It is
        // measured and shown as such; the storms compared with raw inserts run on the host it leaves warm, as one running for
        // days meets an incident. Its new groups are resolved again (the resolve path warmed too), so the open list is timed
        // with as many open as before.
        Console.WriteLine($"==> first storm on the new host (90% repeats, 10% new groups), {Senders} senders, {storm.TotalSeconds / 2} s");
        var first = await FirstStormAsync(http, payloads, storm / 2, firstOpen: 1, newFrom: 500_000);
        summary["ingest_first_storm_per_s"] = Round(first.PerSecond);
        summary["ingest_first_storm_ratio"] = Round(first.PerSecond / raw.PerSecond, 3);
        peak.Mark("first_storm", OpenGroups + NewGroupsOfMix(first)); // its new groups resolved again since: the most it had open
        await UntilInboxEmptyAsync(azurite.ConnectionString);
        await PipelineBench.UntilQuietAsync(app.ProcessId, azurite.ProcessId);

        Console.WriteLine($"==> storm: 90% repeats of open groups, 10% new groups, {Senders} senders, {storm.TotalSeconds} s");
        var mixPages = new PageClock();
        var mixCpu = CpuMeter.Start(azurite.ProcessId, app.ProcessId);
        long fresh = 1_000_000;
        var mixed = await LoadGenerator.RunAsync(Senders, storm, (_, n) => mixPages.PostAsync(http, payloads.Firing(MixedGroup(n, ref fresh, firstOpen: 1))));
        summary["ingest_alerts_per_s"] = Round(mixed.PerSecond);
        summary["ingest_ratio"] = Round(mixed.PerSecond / raw.PerSecond, 3);
        summary["ingest_p99_ms"] = Round(mixed.Percentile(99));
        summary["ingest_refused"] = mixed.Failed;
        summary["ingest_mix_open_incidents"] = peak.Mark("mix", await OpenCountAsync(http));

        // The repeats the storm accepted applied before the next storm starts (each storm on its own).
        summary["ingest_applied_after_mix_ms"] = Round((await UntilInboxEmptyAsync(azurite.ConnectionString)).Elapsed.TotalMilliseconds);

        // What the people on duty wait for: each incident the storm opened, from its alert's 202 until ACS took its first page.
        AddPageTimes(summary, app, stalls, "page_mix", await mixPages.MeasureAsync(acs, TimeSpan.FromMinutes(3)));

        // What an alert of the mix cost in CPU, its deferred work (repeats applied, pages sent) included, against a raw insert:
        // Azurite runs on one thread, so its share caps the ratio; on 2 cores the total caps it too.
        if (rawCost is not null && mixCpu?.Per(mixed.Succeeded) is { } mixCost)
        {
            summary["cpu_ms_per_raw_insert"] = new JsonObject { ["azurite"] = Round(rawCost.AzuriteMs, 3), ["load"] = Round(rawCost.LoadMs, 3) };
            summary["cpu_ms_per_mixed_alert"] = new JsonObject { ["azurite"] = Round(mixCost.AzuriteMs, 3), ["onduty"] = Round(mixCost.HostMs, 3), ["load"] = Round(mixCost.LoadMs, 3) };
            summary["ingest_ratio_at_azurite_cpu"] = Round(rawCost.AzuriteMs / mixCost.AzuriteMs, 3);
            summary["ingest_ratio_at_total_cpu"] = Round(rawCost.TotalMs / mixCost.TotalMs, 3);
        }

        // The mix's new groups resolved again (as the first storm's), so what follows starts from the same open groups however
        // many the mix opened on this machine: the new-group storm then opens exactly what the open list is measured with.
        Console.WriteLine($"==> resolving the mix's {Interlocked.Read(ref fresh) - 1_000_000} new groups again");
        await ResolveAsync(http, payloads, 1_000_000, Interlocked.Read(ref fresh));
        await UntilInboxEmptyAsync(azurite.ConnectionString);
        await PipelineBench.UntilQuietAsync(app.ProcessId, azurite.ProcessId);

        Console.WriteLine($"==> storm: 100% repeats, {Senders} senders, {storm.TotalSeconds} s");
        var repeats = await LoadGenerator.RunAsync(Senders, storm, (_, n) => PostAsync(http, payloads.Firing(1 + (n % OpenGroups))));
        summary["ingest_repeats_per_s"] = Round(repeats.PerSecond);
        var open = await OpenCountAsync(http);
        peak.Mark("repeats", open);

        // Accepted repeats are applied to their incidents just after their 202: how long after the storm the last one was.
        summary["ingest_applied_after_ms"] = Round((await UntilInboxEmptyAsync(azurite.ConnectionString)).Elapsed.TotalMilliseconds);

        // Bounded by count, not time: the peak working set and the lists below are read with the same incidents open in every run.
        var newCount = Math.Max(0, openTarget - open);
        Console.WriteLine($"==> storm: {newCount} new groups (each opens an incident and pages; {open} open before), {Senders} senders");
        var cpuBefore = app.CpuTime();
        var newPages = new PageClock();
        var news = await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(4), (_, _) => newPages.PostAsync(http, payloads.Firing(Interlocked.Increment(ref fresh))), limit: newCount);
        summary["ingest_new_per_s"] = Round(news.PerSecond);
        summary["ingest_new_groups"] = news.Succeeded;

        // OnDuty's own CPU per incident opened (its pages' sending included, as far as it kept up): a cost that holds on a busy machine.
        summary["ingest_new_cpu_ms"] = Round((app.CpuTime() - cpuBefore).TotalMilliseconds / Math.Max(1, news.Succeeded));
        open = await OpenCountAsync(http);
        peak.Mark("new_groups", open);
        summary["ingest_peak_mb"] = Round(app.PeakWorkingSetMb());
        summary["ingest_peak_open_incidents"] = open;

        // Where the peak was reached: the peak working set (VmHWM) after each step, with the most incidents open in it.
        summary["ingest_peak_mb_by_step"] = peak.Megabytes;
        summary["open_incidents_by_step"] = peak.Open;

        // Only when the storm was refused some alerts: opened up to the target before the lists are timed.
        var fill = Stopwatch.StartNew();
        while (open < openTarget && fill.Elapsed < TimeSpan.FromMinutes(4))
        {
            Console.WriteLine($"==> {open} incidents open; opening more until {openTarget}");
            await LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(4), (_, _) => PostAsync(http, payloads.Firing(Interlocked.Increment(ref fresh))), limit: openTarget - open);
            open = await OpenCountAsync(http);
        }

        summary["open_incidents"] = open;

        // Twice: right after the storms, while the pages of the incidents they opened are still going out (what a PM refreshing
        // the list then sees), and once those are sent and the host is quiet (the list itself, with that many open).
        summary["open_list_busy_p50_ms"] = await MeasureAsync("open list (pages going out)", async () => Round(await TimeAsync(quick ? 5 : 20, () => http.GetAsync("api/incidents?status=open"), 50)));
        summary["open_list_busy_open_incidents"] = open;
        var quiet = Stopwatch.StartNew();
        await PipelineBench.UntilQuietAsync(app.ProcessId, azurite.ProcessId);
        summary["quiet_after_storms_ms"] = Round(quiet.Elapsed.TotalMilliseconds);

        // The new-group storm's pages, read from the provider's times once all went out (the fill's pages are not counted).
        AddPageTimes(summary, app, stalls, "page_new", await newPages.MeasureAsync(acs, TimeSpan.FromMinutes(3)));
        summary["open_list_p50_ms"] = await MeasureAsync("open list", async () => Round(await TimeAsync(quick ? 5 : 20, () => http.GetAsync("api/incidents?status=open"), 50)));
        summary["open_list_open_incidents"] = await OpenCountAsync(http);
        // The PMs' status page (HTML: open incidents and those resolved in the last 7 days, from the same board query).
        summary["status_page_p50_ms"] = await MeasureAsync("status page", async () => Round(await TimeAsync(quick ? 5 : 20, () => http.GetAsync("api/status"), 50)));
        summary["status_page_open_incidents"] = await OpenCountAsync(http);
        summary["oncall_p99_ms"] = await MeasureAsync("on call", async () => Round(await TimeAsync(quick ? 50 : 300, () => http.GetAsync("api/rotations/incident-duty/oncall"), 99)));
        summary["schedule_year_ms"] = await MeasureAsync("schedule", async () => Round(await TimeAsync(5, () => http.GetAsync("api/rotations/incident-duty/schedule?weeks=52"), 50)));

        Console.WriteLine($"==> fan-out: a SEV4 declared by a person tells {FanOut} readers (two languages) through ACS answering after 50 ms");
        var (recipients, calls, seconds) = await FanOutAsync(http, acs);
        summary["fanout_recipients"] = recipients;
        summary["fanout_calls"] = calls;
        summary["fanout_seconds"] = Round(seconds, 3);
        summary["acs_send_posts"] = acs.PostCount;

        Console.WriteLine($"==> fan-out through Graph: the same notice, sendMail answering after 50 ms (an OnDuty and Azurite of their own)");
        var (graphRecipients, graphCalls, graphSeconds) = await GraphFanOutAsync(root, dll);
        summary["fanout_graph_recipients"] = graphRecipients;
        summary["fanout_graph_calls"] = graphCalls;
        summary["fanout_graph_seconds"] = Round(graphSeconds, 3);

        var (repeatCount, newGroups) = quick ? (500, 50) : (2000, 200);
        Console.WriteLine($"==> storage requests: {repeatCount} repeats and {newGroups} new groups, on an Azurite of their own that logs each request");
        var counts = await StorageRequestsBench.RunAsync(root, repeatCount, newGroups, dll);
        summary["storage_requests_per_repeat"] = Round(counts.PerRepeat, 2);
        summary["storage_requests_per_new_incident"] = Round(counts.PerNewIncident, 1);
        summary["storage_requests_per_mixed_alert"] = Round(counts.PerMixedAlert, 2);
        var byKind = new JsonObject();
        foreach (var (kind, perIncident) in counts.NewIncidentByKind)
        {
            byKind[kind] = perIncident;
        }

        summary["storage_requests_per_new_incident_by_kind"] = byKind;

        // The ratio the 90%-repeat storm would reach if each of its requests cost what one raw insert costs.
        summary["ingest_ratio_at_insert_cost"] = Round(1 / counts.PerMixedAlert, 3);

        // The benchmark's own stops (see StallWatch): while it stood still, what it timed waited for it, not for OnDuty.
        summary["bench_gc_pause_ms"] = Round(StallWatch.GcPauses.TotalMilliseconds);
        summary["bench_longest_stop_ms"] = Round(stalls.Stalls.Select(s => s.Length.TotalMilliseconds).DefaultIfEmpty(0).Max());
        // Azurite's own output (with NODE_OPTIONS=--trace-gc, its garbage collections and their pauses), to read beside localhost.log.
        File.WriteAllText(Path.Combine(root, "artifacts", "bench", "azurite.log"), azurite.Output);
        Write(root, summary, raw, mixed);
        return 0;
    }

    /// <summary>
    /// From the declaration's 201 (its notice queued with it) until ACS has accepted a message for every reader: the readers
    /// reached, the send calls that carried the notice (status polls not counted) and the seconds it took.
    /// </summary>
    private static async Task<(int Recipients, int Calls, double Seconds)> FanOutAsync(HttpClient http, LoopbackAcsServer acs)
    {
        acs.SendLatency = TimeSpan.FromMilliseconds(50);
        var (reached, seconds) = await DeclareUntilEveryReaderIsReachedAsync(http, () => acs.Deliveries.SelectMany(d => d.To.Concat(d.Bcc)).Select(r => r.Address));
        var calls = acs.SendPosts.Count(post => post.Contains(ReaderDomain, StringComparison.Ordinal));
        return (reached, calls, seconds);
    }

    /// <summary>The fan-out through ACS (the storm's LocalHost settings, nothing else run before it) and through Graph, printed.</summary>
    public static async Task<int> FanOutOnlyAsync(string[] args)
    {
        var dll = PipelineBench.DllArgument(args);
        var root = RepoRoot.Find();
        await using (var azurite = await AzuriteProcess.StartAsync())
        await using (var acs = await LoopbackAcsServer.StartAsync())
        {
            var settings = LocalHostProcess.LoopbackSettings(azurite, acs);
            AddReaders(settings);
            await using var app = await LocalHostProcess.StartAsync(root, settings, dll);
            using var http = LocalHostProcess.CreateClient(app.BaseAddress, LocalHostProcess.MasterKey, Senders);
            await WarmUpAsync(http, app.ProcessId, azurite.ProcessId);
            var (recipients, calls, seconds) = await FanOutAsync(http, acs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ACS:   {recipients} readers reached, {calls} send calls, {seconds:F3} s"));
        }

        var (graphRecipients, graphCalls, graphSeconds) = await GraphFanOutAsync(root, dll);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Graph: {graphRecipients} readers reached, {graphCalls} sendMail calls, {graphSeconds:F3} s"));
        return graphRecipients == FanOut ? 0 : 1;
    }

    /// <summary>
    /// The fan-out's notice with <c>Email__Provider=Graph</c>: a LocalHost authenticating with its managed identity (the loopback
    /// server's App Service identity endpoint) and sending through the loopback Graph's sendMail, which answers after 50 ms. The
    /// readers reached, the sendMail calls that carried the notice, and the seconds from the declaration's 201 until Graph
    /// accepted a message for every reader.
    /// </summary>
    private static async Task<(int Recipients, int Calls, double Seconds)> GraphFanOutAsync(string root, string? dll)
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var acs = await LoopbackAcsServer.StartAsync();
        await using var graph = await LoopbackGraphServer.StartAsync();
        graph.SendLatency = TimeSpan.FromMilliseconds(50);
        var settings = LocalHostProcess.LoopbackSettings(azurite, acs);
        settings["Email__Provider"] = "Graph";
        settings["Email__Graph__Mailbox"] = "onduty@bench.example";
        settings["Graph__BaseUrl"] = graph.BaseUrl;
        settings["Graph__TenantId"] = "11111111-2222-3333-4444-555555555555";
        settings["Graph__UseManagedIdentity"] = "true";
        AddReaders(settings);
        var environment = new Dictionary<string, string>
        {
            ["IDENTITY_ENDPOINT"] = graph.ManagedIdentityEndpoint,
            ["IDENTITY_HEADER"] = LoopbackGraphServer.ManagedIdentityHeader,
        };
        await using var app = await LocalHostProcess.StartAsync(root, settings, dll, environment);
        using var http = LocalHostProcess.CreateClient(app.BaseAddress, LocalHostProcess.MasterKey, Senders);
        await WarmUpAsync(http, app.ProcessId, azurite.ProcessId);

        var (reached, seconds) = await DeclareUntilEveryReaderIsReachedAsync(http, () => graph.Mail.SelectMany(m => m.To.Concat(m.Bcc)));
        var calls = graph.Requests.Count(r => r.Target.EndsWith("/sendMail", StringComparison.Ordinal) && r.Body.Contains(ReaderDomain, StringComparison.Ordinal));
        return (reached, calls, seconds);
    }

    /// <summary>
    /// A SEV2 declared on a host just started, its pages and notices sent (to the duty pair and the sample's audiences, not the
    /// fan-out's readers), until host and storage are quiet: a fan-out is then measured on a host that has sent mail through its
    /// provider before, as the storm's host has when the ACS fan-out is measured after the storms. Without it the first
    /// send's one-off work (JIT, first connections, the managed identity's first token) counted against the fan-out.
    /// </summary>
    private static async Task WarmUpAsync(HttpClient http, int hostProcessId, int azuriteProcessId)
    {
        var body = new JsonObject { ["title"] = "Bench: warm-up before the fan-out", ["severity"] = "sev2", ["by"] = "bench" };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var declared = await http.PostAsync("api/incidents", content);
        if ((int)declared.StatusCode != 201)
        {
            throw new InvalidOperationException($"declaring the warm-up incident answered {(int)declared.StatusCode}: {await declared.Content.ReadAsStringAsync()}");
        }

        await PipelineBench.UntilQuietAsync(hostProcessId, azuriteProcessId);
    }

    /// <summary>The fan-out's readers: <see cref="FanOut"/> in two audiences (ja, en), the only ones told of a SEV4.</summary>
    private static void AddReaders(Dictionary<string, string> settings)
    {
        foreach (var (audience, language) in new[] { ("bench-ja", "ja"), ("bench-en", "en") })
        {
            settings[$"Comms__Audiences__{audience}__Language"] = language;
            for (var i = 0; i < FanOut / 2; i++)
            {
                settings[$"Comms__Audiences__{audience}__Members__{i}"] = $"reader{i:D4}@{audience}.example";
            }
        }

        settings["Comms__BySeverity__Sev4__0"] = "bench-ja"; // the sample tells nobody for SEV4: only the benchmark's readers
        settings["Comms__BySeverity__Sev4__1"] = "bench-en";
    }

    /// <summary>
    /// Declares the fan-out's SEV4 as a person does and waits (two minutes at most) until the provider has taken a message for
    /// every reader: the readers reached among the <paramref name="addressed"/> so far, and the seconds since the declaration's
    /// 201 (its notice is queued with it).
    /// </summary>
    private static async Task<(int Reached, double Seconds)> DeclareUntilEveryReaderIsReachedAsync(HttpClient http, Func<IEnumerable<string>> addressed)
    {
        var body = new JsonObject { ["title"] = "Bench: checkout slow for some users", ["severity"] = "sev4", ["by"] = "bench" };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        using var declared = await http.PostAsync("api/incidents", content);
        var clock = Stopwatch.StartNew();
        if ((int)declared.StatusCode != 201)
        {
            throw new InvalidOperationException($"declaring the incident answered {(int)declared.StatusCode}: {await declared.Content.ReadAsStringAsync()}");
        }

        var reached = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            reached = addressed().Where(address => address.Contains(ReaderDomain, StringComparison.Ordinal)).Distinct().Count();
            if (reached >= FanOut)
            {
                break;
            }

            await Task.Delay(10);
        }

        return (reached, clock.Elapsed.TotalSeconds);
    }

    /// <summary>One measurement; a failure (e.g. a request over the client's timeout) is reported and recorded as null, and the run goes on.</summary>
    private static async Task<JsonNode?> MeasureAsync(string what, Func<Task<double>> measure)
    {
        try
        {
            return await measure();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException)
        {
            Console.WriteLine($"==> {what}: not measured ({ex.GetType().Name}: {ex.Message.Split('\n')[0]})");
            return null;
        }
    }

    /// <summary>
    /// The baseline: single-entity inserts into a table of this run's own (run.sh's Azurite outlives a benchmark run, so a
    /// second <c>--against-run</c> must not insert the first one's keys again), dropped afterwards.
    /// </summary>
    internal static async Task<LoadResult> RawInsertsAsync(string connectionString, TimeSpan duration)
    {
        var table = new TableClient(connectionString, $"benchraw{Guid.NewGuid():N}"[..24]);
        await table.CreateIfNotExistsAsync();
        var body = new string('x', 600); // about the size of a stored alert row
        try
        {
            return await LoadGenerator.RunAsync(Senders, duration, async (sender, n) =>
            {
                await table.AddEntityAsync(new TableEntity($"p{sender}", n.ToString("D12", CultureInfo.InvariantCulture)) { ["Data"] = body });
                return true;
            });
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    /// <summary>
    /// From now until no accepted repeat waits in an inbox (rows <c>inbox|…</c> of AlertGroups) to be applied; and how many
    /// storage requests the looking took (one per look).
    /// </summary>
    internal static async Task<(TimeSpan Elapsed, int Requests)> UntilInboxEmptyAsync(string connectionString)
    {
        var table = new TableClient(connectionString, "AlertGroups");
        var clock = Stopwatch.StartNew();
        var looks = 0;
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            looks++;
            var waiting = false;
            await foreach (var _ in table.QueryAsync<TableEntity>("PartitionKey ge 'inbox|' and PartitionKey lt 'inbox}'", maxPerPage: 1, select: ["RowKey"]))
            {
                waiting = true;
                break;
            }

            if (!waiting)
            {
                break;
            }

            await Task.Delay(20);
        }

        return (clock.Elapsed, looks);
    }

    internal static async Task<bool> PostAsync(HttpClient http, (string Source, string Json) payload)
    {
        using var response = await SendAlertAsync(http, payload);
        return (int)response.StatusCode == 202;
    }

    /// <summary>Posts <paramref name="payload"/> to its source's alert route; the caller reads and disposes the answer.</summary>
    internal static async Task<HttpResponseMessage> SendAlertAsync(HttpClient http, (string Source, string Json) payload)
    {
        using var content = new StringContent(payload.Json, Encoding.UTF8, "application/json");
        return await http.PostAsync($"api/alerts/{payload.Source}", content);
    }

    /// <summary>
    /// The alert group of the <paramref name="n"/>th alert of a 90%-repeat mix: every tenth a new group (the next of
    /// <paramref name="fresh"/>), the others one of the <see cref="OpenGroups"/> open ones from <paramref name="firstOpen"/>.
    /// </summary>
    internal static long MixedGroup(long n, ref long fresh, long firstOpen) =>
        n % 10 == 0 ? Interlocked.Increment(ref fresh) : firstOpen + (n % OpenGroups);

    /// <summary>
    /// The first storm on a host: a 90%-repeat mix for <paramref name="duration"/>, its new groups numbered from
    /// <paramref name="newFrom"/> (exclusive), then those groups resolved again, so the storms measured after it find as many
    /// incidents open as before it.
    /// </summary>
    internal static async Task<LoadResult> FirstStormAsync(HttpClient http, AlertPayloads payloads, TimeSpan duration, long firstOpen, long newFrom)
    {
        var fresh = newFrom;
        var first = await LoadGenerator.RunAsync(Senders, duration, (_, n) => PostAsync(http, payloads.Firing(MixedGroup(n, ref fresh, firstOpen))));
        await ResolveAsync(http, payloads, newFrom, Interlocked.Read(ref fresh));
        return first;
    }

    /// <summary>The new groups a 90%-repeat mix of <paramref name="storm"/>'s alerts opened (every tenth, <see cref="MixedGroup"/>).</summary>
    private static int NewGroupsOfMix(LoadResult storm) => (storm.Succeeded + storm.Failed) / 10;

    /// <summary>Resolves the groups numbered after <paramref name="from"/> up to <paramref name="to"/> (a storm's new groups).</summary>
    private static Task<LoadResult> ResolveAsync(HttpClient http, AlertPayloads payloads, long from, long to) =>
        LoadGenerator.RunAsync(Senders, TimeSpan.FromMinutes(2), (_, n) => PostAsync(http, payloads.Resolved(from + n)), limit: to - from);

    /// <summary>
    /// The host's peak working set (VmHWM) after each step of the run, and the most incidents open during it: which step set
    /// <c>ingest_peak_mb</c>, and with how many open.
    /// </summary>
    private sealed class PeakMarks(LocalHostProcess app)
    {
        public JsonObject Megabytes { get; } = new();

        public JsonObject Open { get; } = new();

        /// <summary>Records the peak so far after <paramref name="step"/>, which had at most <paramref name="open"/> open; returns <paramref name="open"/>.</summary>
        public int Mark(string step, int open)
        {
            Megabytes[step] = Round(app.PeakWorkingSetMb());
            Open[step] = open;
            return open;
        }
    }

    internal static async Task<int> OpenCountAsync(HttpClient http)
    {
        using var response = await http.GetAsync("api/incidents?status=open");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return body?["items"]?.AsArray().Count ?? 0;
    }

    /// <summary>The <paramref name="percentile"/> of <paramref name="times"/> sequential calls, after one warm-up call.</summary>
    internal static async Task<double> TimeAsync(int times, Func<Task<HttpResponseMessage>> call, double percentile)
    {
        (await call()).Dispose();
        var samples = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await call();
            await response.Content.ReadAsByteArrayAsync();
            samples.Add(clock.Elapsed.TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}");
            }
        }

        return Stats.Percentile(samples, percentile);
    }

    private static void Write(string root, JsonObject summary, LoadResult raw, LoadResult mixed)
    {
        var dir = Path.Combine(root, "artifacts", "bench");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "summary.json"), summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Console.WriteLine();
        Console.WriteLine($"{"measure",-34} {"value",12}");
        Console.WriteLine(new string('-', 47));
        foreach (var (key, value) in summary)
        {
            if (value is JsonArray)
            {
                continue; // the slowest pages, printed as they were measured
            }

            if (value is JsonObject parts)
            {
                Console.WriteLine(key);
                foreach (var (part, partValue) in parts)
                {
                    Console.WriteLine($"  {part,-48} {partValue?.ToJsonString(),10}");
                }

                continue;
            }

            Console.WriteLine($"{key,-34} {(value is null ? "not measured" : value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()),12}");
        }

        Console.WriteLine();
        Console.WriteLine($"baseline raw inserts: {raw.Succeeded} in {raw.Elapsed.TotalSeconds:F1} s (p99 {raw.Percentile(99):F1} ms); storm: {mixed.Succeeded} accepted, {mixed.Failed} refused");
        Console.WriteLine($"written: {Path.Combine(dir, "summary.json")}");
    }

    /// <summary><c>{prefix}_incidents</c>, <c>_p50_ms</c>, <c>_p99_ms</c>, <c>_max_ms</c> and <c>_missing</c> (pages not taken on when the wait ended).</summary>
    private static void AddPageTimes(JsonObject summary, LocalHostProcess app, StallWatch stalls, string prefix, PageTimes times)
    {
        summary[$"{prefix}_incidents"] = times.Incidents;
        summary[$"{prefix}_p50_ms"] = Round(times.P50Ms);
        summary[$"{prefix}_p99_ms"] = Round(times.P99Ms);
        summary[$"{prefix}_max_ms"] = Round(times.MaxMs);
        summary[$"{prefix}_missing"] = times.Missing;

        // The slowest pages and what the host logged of each (artifacts/bench/localhost.log): where a rare long wait comes from.
        var slowest = new JsonArray();
        foreach (var page in times.Slowest)
        {
            var ms = page.PagedAt is { } at ? Round((at - page.OpenedAt).TotalMilliseconds) : -1;
            var stood = stalls.Between(page.OpenedAt, page.PagedAt ?? DateTimeOffset.UtcNow).ToList();
            // Its own lines, and the host's stall watch's while it waited.
            var until = (page.PagedAt ?? DateTimeOffset.UtcNow).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var since = page.OpenedAt.AddSeconds(-1).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var log = app.LogLines(page.IncidentId, 12)
                .Concat(app.LogLines("Stall watch", 1000).Where(l => string.CompareOrdinal(l, since) >= 0 && string.CompareOrdinal(l, until) <= 0))
                .Order(StringComparer.Ordinal).ToList();
            Console.WriteLine($"    slowest page ({prefix}): {page.IncidentId} answered 202 at {page.OpenedAt:HH:mm:ss.fff}, "
                + (page.PagedAt is { } taken ? $"first email taken at {taken:HH:mm:ss.fff} ({ms} ms)" : "no email taken"));
            foreach (var (from, length) in stood)
            {
                Console.WriteLine($"      the benchmark's own process stood still from {from:HH:mm:ss.fff} for {length.TotalMilliseconds:F0} ms (senders and loopback ACS paused)");
            }

            foreach (var line in log)
            {
                Console.WriteLine($"      {line}");
            }

            // Neither OnDuty nor the benchmark stood still: the page waited for what they wait on (Azurite; ACS answers at once).
            var hostStood = log.Any(l => l.Contains("Stall watch", StringComparison.Ordinal));
            if (!hostStood && stood.Count == 0)
            {
                Console.WriteLine("      OnDuty's stall watch and the benchmark's were quiet meanwhile: the page waited for storage (Azurite)");
            }

            slowest.Add(new JsonObject
            {
                ["incident"] = page.IncidentId,
                ["answered_at"] = page.OpenedAt.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                ["paged_at"] = page.PagedAt?.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture),
                ["ms"] = ms,
                ["bench_stood_still_ms"] = Round(stood.Sum(s => s.Length.TotalMilliseconds)),
                ["onduty_stood_still"] = hostStood,
                ["log"] = new JsonArray(log.Select(l => (JsonNode)JsonValue.Create(l)!).ToArray()),
            });
        }

        summary[$"{prefix}_slowest"] = slowest;
    }

    private static double Round(double value, int digits = 1) => double.IsFinite(value) ? Math.Round(value, digits) : -1;

    private static string RuntimeInfo() => System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription;
}
