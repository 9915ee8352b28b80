using System.Diagnostics;
using System.Reflection;

namespace OnDuty.Deployment.Tests;

/// <summary>The Bicep CLI from the pinned NuGet package (Azure.Bicep.CommandLine.linux-x64), run offline.</summary>
public static class BicepCli
{
    public static string Path { get; } = Locate();

    /// <summary><c>bicep build FILE --stdout</c>: the ARM JSON, and everything the compiler and linter reported.</summary>
    public static (int ExitCode, string Json, string Diagnostics) Build(string bicepFile) =>
        Run("build", bicepFile, "--stdout");

    /// <summary>
    /// <c>bicep snapshot FILE.bicepparam</c>: evaluates the template with the file's parameters as Azure would before
    /// deploying (names, conditions, loops, module parameters), offline, and writes <c>FILE.snapshot.json</c> next to it.
    /// What only a deployment knows (a site's host name) stays a <c>reference(…)</c> expression naming its resource.
    /// </summary>
    public static (int ExitCode, string Output, string Diagnostics) Snapshot(string bicepparamFile, string subscriptionId, string tenantId, string location) =>
        Run("snapshot", bicepparamFile, "--mode", "overwrite", "--subscription-id", subscriptionId, "--tenant-id", tenantId, "--location", location);

    private static (int ExitCode, string Stdout, string Stderr) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No telemetry and no registry look-ups: the build must work without a network.
        start.Environment["BICEP_TRACING_ENABLED"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 2 minutes.");
        }

        return (process.ExitCode, stdout, stderr.Result);
    }

    private static string Locate()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "BicepCli").Value!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The Bicep CLI is not at {path}; restore tests/OnDuty.Deployment.Tests (package Azure.Bicep.CommandLine.linux-x64).");
        }

        // NuGet does not always keep the executable bit when it extracts a package. (The package is linux-x64.)
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }

        return path;
    }
}
