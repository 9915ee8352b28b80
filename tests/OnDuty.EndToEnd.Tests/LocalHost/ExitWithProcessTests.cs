using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary><c>LocalHost__ExitWithProcess</c>: a host started by a tool stops once that tool is gone, even killed outright.</summary>
public sealed class ExitWithProcessTests
{
    [Fact]
    public async Task WatchedProcessKilled_TheHostStops()
    {
        using var tool = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        await using var host = await TestLocalHost.StartAsync(settings => settings["LocalHost:ExitWithProcess"] = tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stopping = host.App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        Assert.False(stopping.IsCancellationRequested);

        tool.Kill();
        await tool.WaitForExitAsync();

        await Task.Delay(TimeSpan.FromSeconds(10), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        Assert.True(stopping.IsCancellationRequested, "the host did not stop within 10 s of the process it watches");
    }

    [Fact]
    public async Task WatchedProcessRuns_TheHostKeepsServing()
    {
        using var tool = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        try
        {
            await using var host = await TestLocalHost.StartAsync(settings => settings["LocalHost:ExitWithProcess"] = tool.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

            await Task.Delay(TimeSpan.FromSeconds(2.5)); // past two checks

            Assert.False(host.App.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
            using var ping = await host.Client.GetAsync("/api/Ping");
            Assert.True(ping.IsSuccessStatusCode);
        }
        finally
        {
            tool.Kill();
        }
    }
}
