namespace OnDuty.Benchmarks.Scenarios;

/// <summary>
/// CPU spent from its start by Azurite, by OnDuty (when it runs) and by the load generator itself (this process), read from
/// <c>/proc</c>: what an operation costs each side, which holds on a noisy machine better than a rate. On 2 cores with
/// Azurite single-threaded, these say which side caps a storm and at what ratio.
/// </summary>
internal sealed class CpuMeter
{
    private readonly int _azurite;
    private readonly int? _host;
    private readonly long _azuriteStart;
    private readonly long _hostStart;
    private readonly TimeSpan _selfStart;

    private CpuMeter(int azurite, int? host)
    {
        _azurite = azurite;
        _host = host;
        _azuriteStart = PipelineBench.CpuTicks(azurite);
        _hostStart = host is { } pid ? PipelineBench.CpuTicks(pid) : 0;
        _selfStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
    }

    /// <summary>Starts counting now; null where <c>/proc</c> is missing (not Linux).</summary>
    public static CpuMeter? Start(int azuriteProcessId, int? hostProcessId = null) =>
        File.Exists($"/proc/{azuriteProcessId}/stat") ? new CpuMeter(azuriteProcessId, hostProcessId) : null;

    /// <summary>Milliseconds of CPU per operation since the start: Azurite's, OnDuty's (0 without a host) and the load generator's.</summary>
    public CpuPerOperation Per(int operations)
    {
        var n = Math.Max(1, operations);
        var azurite = (PipelineBench.CpuTicks(_azurite) - _azuriteStart) * 1000 / PipelineBench.TicksPerSecond / n;
        var host = _host is { } pid ? (PipelineBench.CpuTicks(pid) - _hostStart) * 1000 / PipelineBench.TicksPerSecond / n : 0;
        var self = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - _selfStart).TotalMilliseconds / n;
        return new CpuPerOperation(azurite, host, self);
    }
}

/// <summary>Milliseconds of CPU one operation cost Azurite, OnDuty and the load generator.</summary>
internal sealed record CpuPerOperation(double AzuriteMs, double HostMs, double LoadMs)
{
    public double TotalMs => AzuriteMs + HostMs + LoadMs;
}
