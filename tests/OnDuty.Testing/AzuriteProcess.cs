using System.Diagnostics;
using System.Text;

namespace OnDuty.Testing;

/// <summary>An Azurite Table service on a free loopback port, in memory; killed (with its children) on dispose.</summary>
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

    private AzuriteProcess(Process process, StringBuilder output, string workDirectory, int port)
    {
        _process = process;
        _output = output;
        _workDirectory = workDirectory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => CreateConnectionString(Port);

    public static string CreateConnectionString(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{port}/{AccountName};";

    /// <summary>Starts <c>node_modules/.bin/azurite-table</c> of the repository and waits until its port answers.</summary>
    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken = default)
    {
        var root = RepoRoot.Find();
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"Azurite is not installed ({executable} is missing): run `npm ci` in {root}.");
        }

        // The port is free when picked but could be taken before Azurite binds it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnAsync(executable, FreePort.Pick(), cancellationToken);
            }
            catch (AzuriteExitedException) when (attempt < 3)
            {
            }
        }
    }

    private static async Task<AzuriteProcess> StartOnAsync(string executable, int port, CancellationToken cancellationToken)
    {
        // In-memory Azurite writes nothing, but give it its own directory in case a version logs to the working directory.
        var workDirectory = Directory.CreateTempSubdirectory("onduty-azurite-").FullName;
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent",
        })
        {
            info.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var azurite = new AzuriteProcess(process, output, workDirectory, port);
        var deadline = Stopwatch.StartNew();
        while (!await FreePort.IsListeningAsync(port, cancellationToken))
        {
            if (process.HasExited)
            {
                await azurite.DisposeAsync();
                throw new AzuriteExitedException($"Azurite exited with code {process.ExitCode} before listening on port {port}:\n{azurite.Output}");
            }

            if (deadline.Elapsed > StartTimeout)
            {
                await azurite.DisposeAsync();
                throw new TimeoutException($"Azurite did not listen on port {port} within {StartTimeout.TotalSeconds:0} s:\n{azurite.Output}");
            }

            await Task.Delay(100, cancellationToken);
        }

        return azurite;
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

    private sealed class AzuriteExitedException(string message) : Exception(message);
}
