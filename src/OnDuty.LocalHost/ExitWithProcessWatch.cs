using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OnDuty.LocalHost;

/// <summary>Stops the host once the process <see cref="LocalHostOptions.ExitWithProcess"/> names is gone (checked every second).</summary>
internal sealed class ExitWithProcessWatch(LocalHostOptions options, IHostApplicationLifetime lifetime, ILogger<ExitWithProcessWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ExitWithProcess is not { } pid)
        {
            return;
        }

        try
        {
            while (IsRunning(pid))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }

            logger.LogWarning("Process {ProcessId} (LocalHost__ExitWithProcess) is gone; stopping", pid);
            lifetime.StopApplication();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false; // no process has that id (any more)
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
