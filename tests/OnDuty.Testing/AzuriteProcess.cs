using System.Diagnostics;
using System.Text;

namespace OnDuty.Testing;

/// <summary>
/// Azurite's Table and Queue services (and Blob, which it always starts) on free loopback ports, in memory; killed
/// (with its children) on dispose, when this process exits, and (by itself) within a second or two of this process being killed.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (as in Azurite's source and Microsoft's docs).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public const string AccountName = "devstoreaccount1";

    // Generous: on a 2-core machine shared with other builds, Node alone can take a minute to start listening.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output;
    private readonly string _workDirectory;

    /// <summary>Started under node's CPU profiler, which writes its profile only on an orderly exit.</summary>
    private readonly bool _profiling;

    private AzuriteProcess(Process process, StringBuilder output, string workDirectory, int port, int queuePort, bool profiling)
    {
        _profiling = profiling;
        _process = process;
        _output = output;
        _workDirectory = workDirectory;
        Port = port;
        QueuePort = queuePort;
    }

    /// <summary>The Table service's port.</summary>
    public int Port { get; }

    public int QueuePort { get; }

    /// <summary>Azurite's process (node), e.g. to read the CPU it used.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Table and Queue endpoints: the app's <c>Storage__ConnectionString</c> and its <c>AzureWebJobsStorage</c>.</summary>
    public string ConnectionString => CreateConnectionString(Port, QueuePort);

    public static string CreateConnectionString(int port, int? queuePort = null) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AccountName};"
        + (queuePort is { } queue ? $"QueueEndpoint=http://127.0.0.1:{queue}/{AccountName};" : "");

    /// <summary>
    /// Node code run before Azurite's own (<c>NODE_OPTIONS=--require</c>): Azurite exits once the process it serves is gone. A
    /// test host killed outright (a run's timeout, a crash) never runs its exit handlers, and its Azurite would run on for good.
    /// </summary>
    private const string ExitWithWatchedProcess = """
        // Written by OnDuty.Testing.AzuriteProcess: this Azurite exits once the process it serves (ONDUTY_AZURITE_EXIT_WITH) is gone.
        const watched = Number(process.env.ONDUTY_AZURITE_EXIT_WITH);
        if (watched > 0) {
          setInterval(() => {
            try { process.kill(watched, 0); } catch (e) { if (e.code === 'ESRCH') { process.exit(0); } }
          }, 1000).unref();
        }
        """;

    /// <summary>Starts <c>node_modules/.bin/azurite</c> of the repository and waits until its Table and Queue ports answer.</summary>
    /// <param name="exitWith">The process whose end ends Azurite too, however it ends (this process unless given).</param>
    /// <param name="debugLog">A file Azurite logs every request it serves to (one line per request holds <c>RequestMethod=</c>); also
    /// set for any run by <c>ONDUTY_AZURITE_DEBUG_LOG</c>.</param>
    public static Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default, int? exitWith = null, string? debugLog = null) =>
        StartAsync(FreePort.Pick, cancellationToken, exitWith, debugLog);

    /// <summary>As <see cref="StartAsync(CancellationToken, int?, string?)"/>, with the ports it tries from <paramref name="pickPort"/>.</summary>
    internal static async Task<AzuriteProcess> StartAsync(Func<int> pickPort, CancellationToken cancellationToken = default, int? exitWith = null, string? debugLog = null)
    {
        var root = RepoRoot.Find();
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed ({executable} is missing): run `npm ci` in {root}.");
        }

        // The port is free when picked but could be taken before Azurite binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(executable, pickPort(), pickPort(), pickPort(), exitWith ?? Environment.ProcessId, debugLog, cancellationToken);
            }
            catch (AzuriteNotServingException) when (attempt < 3)
            {
            }
        }
    }

    /// <summary>Azurites still running; whatever a test did not dispose is killed when the test process exits.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Process> Live = CreateLive();

    private static System.Collections.Concurrent.ConcurrentDictionary<int, Process> CreateLive()
    {
        var live = new System.Collections.Concurrent.ConcurrentDictionary<int, Process>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in live.Values)
            {
                try
                {
                    if (!process.HasExited)
                    {
                        process.Kill(entireProcessTree: true);
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Gone already.
                }
            }
        };
        return live;
    }

    private static async Task<AzuriteProcess> StartOnAsync(string executable, int port, int queuePort, int blobPort, int exitWith, string? debugLog, CancellationToken cancellationToken)
    {
        // In-memory Azurite writes nothing, but give it its own directory in case a version logs to the working directory.
        var workDirectory = Directory.CreateTempSubdirectory("onduty-azurite-").FullName;
        // Diagnosis: Azurite's own CPU profile (node --cpu-prof), written to this directory when it exits.
        var profileDirectory = Environment.GetEnvironmentVariable("ONDUTY_AZURITE_CPU_PROFILE_DIR") is { Length: > 0 } directory ? directory : null;
        // Diagnosis: each of Azurite's garbage collections and its pause (node --trace-gc), in its output (Output).
        var traceGc = Environment.GetEnvironmentVariable("ONDUTY_AZURITE_TRACE_GC") is "1" or "true";
        var info = new ProcessStartInfo(profileDirectory is null && !traceGc ? executable : "node")
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Its own (closed) stdin: one inherited from a terminal stops a background Azurite (SIGTTIN) for good.
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var watchdog = Path.Combine(workDirectory, "exit-with-parent.js");
        File.WriteAllText(watchdog, ExitWithWatchedProcess);
        var nodeOptions = Environment.GetEnvironmentVariable("NODE_OPTIONS");
        info.Environment["NODE_OPTIONS"] = $"{nodeOptions} --require \"{watchdog}\"".TrimStart();
        info.Environment["ONDUTY_AZURITE_EXIT_WITH"] = exitWith.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (traceGc)
        {
            info.ArgumentList.Add("--trace-gc");
        }

        if (profileDirectory is not null)
        {
            info.ArgumentList.Add("--cpu-prof");
            info.ArgumentList.Add($"--cpu-prof-dir={profileDirectory}");
        }

        if (profileDirectory is not null || traceGc)
        {
            info.ArgumentList.Add(Path.GetFullPath(executable));
        }

        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry",
            "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--silent",
        })
        {
            info.ArgumentList.Add(argument);
        }

        // Diagnosis: every request Azurite serves, logged to this file (e.g. to count what one operation asks of storage).
        if ((debugLog ?? Environment.GetEnvironmentVariable("ONDUTY_AZURITE_DEBUG_LOG")) is { Length: > 0 } log)
        {
            info.ArgumentList.Add("--debug");
            info.ArgumentList.Add(log);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        Live.TryAdd(process.Id, process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, output, workDirectory, port, queuePort, profileDirectory is not null);
        var deadline = Stopwatch.StartNew();
        while (!await FreePort.IsListeningAsync(port, cancellationToken) || !await FreePort.IsListeningAsync(queuePort, cancellationToken))
        {
            if (process.HasExited)
            {
                // Read before disposing: a disposed Process has no exit code, and the InvalidOperationException it threw instead
                // skipped the retry on other ports (a port taken between picking and binding failed a whole test class).
                var exitCode = process.ExitCode;
                await azurite.DisposeAsync();
                throw new AzuriteNotServingException($"Azurite exited with code {exitCode} before listening on port {port}:\n{azurite.Output}");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                await azurite.DisposeAsync();
                throw new TimeoutException($"Azurite did not listen on port {port} within {StartTimeout.TotalSeconds:0} s:\n{azurite.Output}");
            }

            await Task.Delay(100, cancellationToken);
        }

        // Listening is not enough: a server this test process started on a port the OS chose can have taken the port between
        // picking and Azurite's bind, and then answers in Azurite's place (a loopback Graph server answering 401 to the
        // storage client failed a fixture's app this way). Azurite names itself in every answer.
        if (!await ServedByAzuriteAsync(port, "Azurite-Table", cancellationToken) || !await ServedByAzuriteAsync(queuePort, "Azurite-Queue", cancellationToken))
        {
            await azurite.DisposeAsync();
            throw new AzuriteNotServingException($"Another server answers on port {port} or {queuePort}, not this Azurite:\n{azurite.Output}");
        }

        return azurite;
    }

    /// <summary>True when the server on <paramref name="port"/> names itself <paramref name="server"/> (e.g. <c>Azurite-Table</c>).</summary>
    internal static async Task<bool> ServedByAzuriteAsync(int port, string server, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
            return response.Headers.Server.ToString().StartsWith(server, StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false; // refused, or a listener that never answers (the client's timeout)
        }
    }

    /// <summary>What Azurite wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited && _profiling)
            {
                // Node writes the profile only on an orderly exit, which Azurite makes on SIGINT.
                System.Diagnostics.Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            // Already gone, or refusing to die: nothing more a test can do.
        }
        finally
        {
            Live.TryRemove(_process.Id, out _);
            _process.Dispose();
            try
            {
                Directory.Delete(_workDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    /// <summary>This Azurite does not serve its ports (it exited, or another server has one of them): other ports are tried.</summary>
    private sealed class AzuriteNotServingException(string message) : Exception(message);
}
