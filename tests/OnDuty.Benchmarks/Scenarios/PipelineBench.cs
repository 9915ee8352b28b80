using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using OnDuty.Testing;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// What one request costs the LocalHost process in CPU (<c>pipeline</c>): user + system time read from <c>/proc/{pid}/stat</c>
/// before and after a batch of requests from 8 senders, divided by the requests. CPU time rather than latency, so the
/// number says what the host spends per request even on a machine other work shares. Kinds, cheapest first:
/// <c>unknown</c> (a function key, routing, a 404 problem: the pipeline's floor), <c>parse</c> (an Alertmanager body
/// posted as Grafana: read, authenticated and parsed in full, refused with a 400, nothing stored), <c>health</c>
/// (<c>GET /api/health</c>, two storage reads), <c>repeat</c> (a repeat of an open Alertmanager group, accepted) and
/// <c>new</c> (a first firing: an incident opened and paged) and <c>mix</c> (the storm's 90% repeats, 10% first firings);
/// the last two are not run by default. Their batches count the work their
/// incidents leave behind too (pages and notices sent from the outbox): it ends once the host has been quiet for half a second.
/// <c>--dll build/OnDuty.LocalHost.dll</c> measures that build instead of the published one (<see cref="LocalHostProcess.DefaultDll"/>);
/// <c>--compare other/OnDuty.LocalHost.dll</c> runs a second build on the same Azurite, alternating with this one batch by
/// batch, so a before/after ratio holds on a noisy machine.
/// </summary>
/// <remarks>Linux only (<c>/proc</c>). Azurite's CPU per request is printed too: it is the storage side of the same requests.</remarks>
internal static class PipelineBench
{
    private const int Senders = 8;
    private const int OpenGroups = 20;
    internal const double TicksPerSecond = 100; // USER_HZ: 100 on every Linux this runs on

    private static readonly string[] AllKinds = ["unknown", "parse", "health", "repeat"];

    public static async Task<int> RunAsync(string[] args)
    {
        var requests = IntArgument(args, "--requests", 2000);
        var rounds = IntArgument(args, "--rounds", 3);
        var compare = StringArgument(args, "--compare");
        var kinds = StringArgument(args, "--kinds")?.Split(',') ?? AllKinds;
        var warmup = IntArgument(args, "--warmup", 1500);

        // --setting Name=Value (repeatable): applied to this build only, to measure what a setting costs against --compare.
        var thisSettings = args.Select((a, i) => (a, i)).Where(x => x.a == "--setting" && x.i + 1 < args.Length)
            .Select(x => args[x.i + 1].Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");
        if (!File.Exists("/proc/self/stat"))
        {
            Console.Error.WriteLine("pipeline reads CPU time from /proc: Linux only.");
            return 2;
        }

        var root = RepoRoot.Find();
        Console.WriteLine("==> starting Azurite (in memory) and a loopback ACS server");
        await using var azurite = await AzuriteProcess.StartAsync();
        await using var acs = await LoopbackAcsServer.StartAsync();
        var settings = LocalHostProcess.LoopbackSettings(azurite, acs);

        var builds = new List<(string Name, string? Dll)> { ("this", DllArgument(args)) };
        if (compare is not null)
        {
            builds.Add(("compare", Path.GetFullPath(compare)));
        }

        var hosts = new List<Host>();
        try
        {
            foreach (var (name, dll) in builds)
            {
                Console.WriteLine($"==> starting LocalHost '{name}' ({dll ?? "src/OnDuty.LocalHost Release"})");
                var own = new Dictionary<string, string>(settings);
                if (name == "this")
                {
                    foreach (var (key, value) in thisSettings)
                    {
                        own[key] = value;
                    }
                }

                var process = await LocalHostProcess.StartAsync(root, own, dll);
                Console.WriteLine($"    answered /api/health {process.Startup.TotalMilliseconds:F0} ms after its start");
                hosts.Add(new Host(name, process, new AlertmanagerBodies(root, hosts.Count)));
            }

            foreach (var host in hosts)
            {
                Console.WriteLine($"==> '{host.Name}': opening {OpenGroups} alert groups, warming up");
                await RunBatchAsync(host, "open", OpenGroups, 1);
                foreach (var kind in kinds)
                {
                    // Enough for tiered compilation to settle on the hot paths: tier-0 code costs several times more.
                    await RunBatchAsync(host, kind, warmup, Senders);
                }
            }

            var totals = new Dictionary<(string Host, string Kind), Batch>();
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var kind in kinds)
                {
                    foreach (var host in hosts)
                    {
                        var before = (Host: CpuTicks(host.Process.ProcessId), Azurite: CpuTicks(azurite.ProcessId));
                        var clock = System.Diagnostics.Stopwatch.StartNew();
                        var (ok, failed) = await RunBatchAsync(host, kind, requests, Senders);
                        var elapsed = clock.Elapsed.TotalSeconds;
                        if (kind is "new" or "mix")
                        {
                            await UntilQuietAsync(host.Process.ProcessId);
                        }

                        var batch = new Batch(ok, failed, elapsed,
                            CpuTicks(host.Process.ProcessId) - before.Host, CpuTicks(azurite.ProcessId) - before.Azurite);
                        Console.WriteLine($"    round {round} {kind,-8} {host.Name,-8} {batch.Describe()}");
                        totals[(host.Name, kind)] = totals.TryGetValue((host.Name, kind), out var sum) ? sum + batch : batch;
                    }
                }
            }

            Print(hosts, kinds, totals);
            foreach (var host in hosts)
            {
                // Each host's peak working set (VmHWM) over the whole run, warm-up included: what the settings or build compared cost in memory.
                Console.WriteLine($"peak working set '{host.Name}': {host.Process.PeakWorkingSetMb():F1} MB");
            }

            return 0;
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Http.Dispose();
                await host.Process.DisposeAsync();
            }
        }
    }

    private static async Task<(int Ok, int Failed)> RunBatchAsync(Host host, string kind, int count, int senders)
    {
        var result = await LoadGenerator.RunAsync(senders, TimeSpan.FromMinutes(5), (_, n) => SendAsync(host, kind, n), limit: count);
        return (result.Succeeded, result.Failed);
    }

    private static async Task<bool> SendAsync(Host host, string kind, long n)
    {
        using var request = kind switch
        {
            "health" => new HttpRequestMessage(HttpMethod.Get, "api/health"),
            "unknown" => Post("api/alerts/no-such-tool", host.Bodies.Group(1)),
            "parse" => Post("api/alerts/grafana", host.Bodies.Group(1)),
            "open" => Post("api/alerts/alertmanager", host.Bodies.Group(n)),
            "new" => Post("api/alerts/alertmanager", host.Bodies.Fresh()),
            "mix" when n % 10 == 0 => Post("api/alerts/alertmanager", host.Bodies.Fresh()),
            _ => Post("api/alerts/alertmanager", host.Bodies.Group(1 + (n % OpenGroups))),
        };
        using var response = await host.Http.SendAsync(request);
        await response.Content.CopyToAsync(Stream.Null);
        var expected = kind switch { "health" => 200, "unknown" => 404, "parse" => 400, _ => 202 };
        return (int)response.StatusCode == expected;
    }

    /// <summary>Until every one of the processes is quiet (see the one-process overload).</summary>
    internal static Task UntilQuietAsync(int pid, params int[] others) => Task.WhenAll(others.Prepend(pid).Select(UntilQuietAsync));

    /// <summary>Until the process used at most 2 ticks (20 ms) of CPU in half a second, or 60 s passed.</summary>
    internal static async Task UntilQuietAsync(int pid)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        var last = CpuTicks(pid);
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(500);
            var now = CpuTicks(pid);
            if (now - last <= 2)
            {
                return;
            }

            last = now;
        }
    }

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    private static void Print(List<Host> hosts, string[] kinds, Dictionary<(string Host, string Kind), Batch> totals)
    {
        Console.WriteLine();
        Console.WriteLine($"{"kind",-8} {"build",-8} {"requests",9} {"failed",7} {"req/s",8} {"host CPU ms/req",16} {"Azurite CPU ms/req",19}");
        Console.WriteLine(new string('-', 80));
        foreach (var kind in kinds)
        {
            foreach (var host in hosts)
            {
                var t = totals[(host.Name, kind)];
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{kind,-8} {host.Name,-8} {t.Ok,9} {t.Failed,7} {t.PerSecond,8:F0} {t.HostMsPerRequest,16:F3} {t.AzuriteMsPerRequest,19:F3}"));
            }

            if (hosts.Count == 2)
            {
                var ratio = totals[("this", kind)].HostMsPerRequest / totals[("compare", kind)].HostMsPerRequest;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind,-8} this/compare host CPU per request: {ratio:F2}"));
            }
        }
    }

    /// <summary>utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/{pid}/stat).</summary>
    internal static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) may hold spaces and parentheses: count fields from the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }

    private static int IntArgument(string[] args, string name, int fallback) =>
        StringArgument(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary><c>--dll path</c>: another build of OnDuty.LocalHost.dll, as a full path; null for the default build.</summary>
    internal static string? DllArgument(string[] args) => StringArgument(args, "--dll") is { } dll ? Path.GetFullPath(dll) : null;

    internal static string? StringArgument(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private sealed class Host(string name, LocalHostProcess process, AlertmanagerBodies bodies)
    {
        public string Name { get; } = name;

        public LocalHostProcess Process { get; } = process;

        public AlertmanagerBodies Bodies { get; } = bodies;

        public HttpClient Http { get; } = LocalHostProcess.CreateClient(process.BaseAddress, LocalHostProcess.MasterKey, Senders);
    }

    private sealed record Batch(int Ok, int Failed, double Seconds, long HostTicks, long AzuriteTicks)
    {
        public double PerSecond => Ok / Seconds;

        public double HostMsPerRequest => HostTicks * 1000 / TicksPerSecond / Math.Max(1, Ok + Failed);

        public double AzuriteMsPerRequest => AzuriteTicks * 1000 / TicksPerSecond / Math.Max(1, Ok + Failed);

        public static Batch operator +(Batch a, Batch b) =>
            new(a.Ok + b.Ok, a.Failed + b.Failed, a.Seconds + b.Seconds, a.HostTicks + b.HostTicks, a.AzuriteTicks + b.AzuriteTicks);

        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"{Ok} ok, {Failed} failed, {PerSecond:F0}/s, host {HostMsPerRequest:F3} ms CPU/req, Azurite {AzuriteMsPerRequest:F3}");
    }

    /// <summary>The real-shaped Alertmanager sample (about 1.5 KB), one group per number; each host its own groups.</summary>
    private sealed class AlertmanagerBodies(string repoRoot, int hostIndex)
    {
        private readonly string _sample = File.ReadAllText(Path.Combine(repoRoot, "tests", "OnDuty.Core.Tests", "Alerts", "Samples", "alertmanager-firing.json"));
        private readonly System.Collections.Concurrent.ConcurrentDictionary<long, byte[]> _bodies = new();
        private long _fresh = 1_000_000;

        public byte[] Group(long group) => _bodies.GetOrAdd(group, Create);

        /// <summary>A group never sent before (not kept: each is sent once).</summary>
        public byte[] Fresh() => Create(Interlocked.Increment(ref _fresh));

        private byte[] Create(long group)
        {
            var name = $"PipelineProbe{hostIndex}x{group}";
            var json = JsonNode.Parse(_sample)!;
            json["groupKey"] = $"{{}}/{{severity=\"critical\"}}:{{alertname=\"{name}\"}}";
            json["groupLabels"]!["alertname"] = name;
            var alert = json["alerts"]![0]!;
            alert["labels"]!["alertname"] = name;
            alert["labels"]!["instance"] = $"https://server-{group}.example.org";
            alert["fingerprint"] = ((hostIndex << 32) + group).ToString("x16", CultureInfo.InvariantCulture);
            return Encoding.UTF8.GetBytes(json.ToJsonString());
        }
    }
}
