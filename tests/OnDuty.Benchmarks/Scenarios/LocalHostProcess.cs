using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// OnDuty as a user runs it: the Release-built LocalHost in its own process, on a free loopback port, with the sample
/// settings pointed at the benchmark's Azurite and loopback servers. Measures its start (process start to the first 200
/// on <c>/api/health</c>) and its peak working set (VmHWM, Linux).
/// </summary>
internal sealed class LocalHostProcess : IAsyncDisposable
{
    public const string MasterKey = "bench-master-key";

    private readonly Process _process;
    private readonly string _settingsPath;
    private readonly StreamWriter? _log;

    private LocalHostProcess(Process process, string settingsPath, Uri baseAddress, TimeSpan startup, StreamWriter? log)
    {
        _process = process;
        _settingsPath = settingsPath;
        _log = log;
        BaseAddress = baseAddress;
        Startup = startup;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public TimeSpan Startup { get; }

    /// <summary>What every benchmark sets over the sample: storage and queues on <paramref name="azurite"/>, email through the loopback <paramref name="acs"/>, the known master key, the storm hold off.</summary>
    public static Dictionary<string, string> LoopbackSettings(Testing.AzuriteProcess azurite, Testing.LoopbackAcsServer acs) => new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Storage__ConnectionString"] = azurite.ConnectionString,
        ["Email__Provider"] = "Acs",
        ["Email__Acs__ConnectionString"] = acs.ConnectionString,
        ["LocalHost__MasterKey"] = MasterKey,
        // The sample turns the storm hold on (3); the storm benchmarks time each incident's own first page, as before it did.
        ["Incidents__StormPages"] = "0",
    };

    /// <summary>A client for <paramref name="senders"/> concurrent callers of an OnDuty at <paramref name="baseAddress"/>, with its function key.</summary>
    public static HttpClient CreateClient(Uri baseAddress, string key, int senders)
    {
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = senders * 2 }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("x-functions-key", key);
        return http;
    }

    /// <summary>
    /// The build bench.sh publishes as the Functions app is deployed (Release, ReadyToRun, <see cref="PublishedDirectory"/>), or
    /// else the Release build in bin; says which, and when it was built (the other benchmark commands take the last one
    /// bench.sh published: run bench.sh, or pass <c>--dll</c>, after changing the code).
    /// </summary>
    public static string DefaultDll(string repoRoot)
    {
        var published = Path.Combine(repoRoot, PublishedDirectory, "OnDuty.LocalHost.dll");
        var dll = File.Exists(published) ? published : Path.Combine(repoRoot, "src", "OnDuty.LocalHost", "bin", "Release", "net10.0", "OnDuty.LocalHost.dll");
        if (File.Exists(dll))
        {
            Console.WriteLine($"    OnDuty: {Path.GetRelativePath(repoRoot, dll)} (built {File.GetLastWriteTime(dll):yyyy-MM-dd HH:mm})");
        }

        return dll;
    }

    /// <summary>Where bench.sh publishes LocalHost (relative to the repository).</summary>
    public const string PublishedDirectory = "artifacts/bench/localhost";

    /// <param name="dll">Another build of OnDuty.LocalHost.dll (to compare two builds side by side); the repository's Release build when null.</param>
    /// <param name="environment">Variables added to the process's environment (e.g. a managed identity's <c>IDENTITY_ENDPOINT</c>).</param>
    /// <param name="logPath">
    /// Where to keep the process's log (one line per entry, UTC times to the millisecond), to read what happened to a slow page;
    /// the log is discarded when null.
    /// </param>
    public static async Task<LocalHostProcess> StartAsync(
        string repoRoot, IReadOnlyDictionary<string, string> overrides, string? dll = null, IReadOnlyDictionary<string, string>? environment = null, string? logPath = null)
    {
        dll ??= DefaultDll(repoRoot);
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: publish or build src/OnDuty.LocalHost in Release first (bench.sh publishes it).");
        }

        var sample = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(repoRoot, "local.settings.sample.json")))!;
        var values = sample["Values"]!.AsObject();
        foreach (var (key, value) in overrides)
        {
            values[key] = value;
        }

        var port = Testing.FreePort.Pick();
        var settingsPath = Path.Combine(Path.GetTempPath(), $"onduty-bench-{Guid.NewGuid():n}.json");
        await File.WriteAllTextAsync(settingsPath, sample.ToJsonString());
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--settings", settingsPath, "--urls", $"http://127.0.0.1:{port}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = repoRoot,
            Environment =
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",

                // A benchmark killed outright (Ctrl+C twice, a timeout) leaves no LocalHost behind.
                ["LocalHost__ExitWithProcess"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        };
        // Settings named DOTNET_* are the runtime's (e.g. the GC budget the app has in Azure): environment variables, as
        // run.sh and Core Tools give them.
        foreach (var (name, value) in values.Where(v => v.Key.StartsWith("DOTNET_", StringComparison.Ordinal)))
        {
            start.Environment[name] = value?.GetValue<string>();
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        StreamWriter? log = null;
        if (logPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
            log = new StreamWriter(logPath, append: false) { AutoFlush = false };
            start.Environment["Logging__Console__FormatterName"] = "simple";
            start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
            start.Environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
            start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";
        }

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Keep(log, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"LocalHost exited with {process.ExitCode} before answering /api/health");
            }

            try
            {
                using var response = await http.GetAsync("api/health");
                if ((int)response.StatusCode == 200)
                {
                    return new LocalHostProcess(process, settingsPath, baseAddress, clock.Elapsed, log);
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(10);
        }

        process.Kill(entireProcessTree: true);
        log?.Dispose();
        throw new TimeoutException("LocalHost did not answer /api/health with 200 within 2 minutes");
    }

    /// <summary>The lines of the kept log (<c>logPath</c>) that contain <paramref name="text"/>, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<string> LogLines(string text, int limit)
    {
        if (_log is null)
        {
            return [];
        }

        string path;
        lock (_log)
        {
            _log.Flush();
            path = ((FileStream)_log.BaseStream).Name;
        }

        using var read = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var lines = new List<string>();
        while (read.ReadLine() is { } line && lines.Count < limit)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static void Keep(StreamWriter? log, string? line)
    {
        if (log is not null && line is not null)
        {
            lock (log)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // A line after the process was stopped.
                }
            }
        }
    }

    /// <summary>CPU time the process has used so far (all threads): what a scenario costs, whatever else the machine runs.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>The process's peak resident set so far, in MB (VmHWM from /proc), or its current working set elsewhere.</summary>
    public double PeakWorkingSetMb()
    {
        var status = $"/proc/{_process.Id}/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        _process.Refresh();
        return _process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_settingsPath);
        if (_log is not null)
        {
            lock (_log)
            {
                _log.Dispose();
            }
        }
    }
}
