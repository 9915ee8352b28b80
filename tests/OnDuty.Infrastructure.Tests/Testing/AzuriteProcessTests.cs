using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Testing;

/// <summary>The test Azurite does not outlive the process it serves, even one killed outright (no exit handler runs then).</summary>
public sealed class AzuriteProcessTests
{
    [Fact]
    public async Task StartAsync_TheProcessItServesIsKilled_AzuriteExitsByItself()
    {
        using var served = Process.Start(new ProcessStartInfo("sleep", "120") { UseShellExecute = false })!;
        await using var azurite = await AzuriteProcess.StartAsync(exitWith: served.Id);
        using var node = Process.GetProcessById(azurite.ProcessId);
        Assert.True(await FreePort.IsListeningAsync(azurite.Port, default));

        served.Kill(); // SIGKILL: nothing of the served process runs after this
        await served.WaitForExitAsync();

        // Polled every second by Azurite itself: well within ten.
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(node.HasExited);
        Assert.False(await FreePort.IsListeningAsync(azurite.Port, default));
    }

    [Fact]
    public async Task StartAsync_TheProcessItServesRuns_AzuriteKeepsServing()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var node = Process.GetProcessById(azurite.ProcessId);

        await Task.Delay(TimeSpan.FromSeconds(2.5)); // past two of its checks

        Assert.False(node.HasExited);
        Assert.True(await FreePort.IsListeningAsync(azurite.Port, default));
    }

    [Fact]
    public async Task StartAsync_ItsFirstPortIsTakenBeforeItBinds_StartsOnOtherPorts()
    {
        // Another process takes the picked port before Azurite binds it: Azurite exits, and the next try picks again.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var picks = 0;

        await using var azurite = await AzuriteProcess.StartAsync(() => Interlocked.Increment(ref picks) == 1 ? takenPort : FreePort.Pick())
            .WaitAsync(TimeSpan.FromMinutes(1));

        Assert.NotEqual(takenPort, azurite.Port);
        Assert.Equal(6, picks); // three ports for each of the two starts
        Assert.True(await FreePort.IsListeningAsync(azurite.Port, default));
    }

    [Fact]
    public async Task ServedByAzurite_AnotherServerOnThePort_FalseAndTrueForAzuriteItself()
    {
        // A server that took the picked port answers there (an HTTP 401, as a loopback Graph server does): the start must not
        // take it for Azurite, whose answers name it.
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var otherPort = ((IPEndPoint)other.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var answering = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await other.AcceptTcpClientAsync(stop.Token);
                var stream = client.GetStream();
                await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: false, stop.Token);
                await stream.WriteAsync("HTTP/1.1 401 Unauthorized\r\nServer: not-azurite\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray(), stop.Token);
            }
        });
        await using var azurite = await AzuriteProcess.StartAsync();

        var onOther = await AzuriteProcess.ServedByAzuriteAsync(otherPort, "Azurite-Table", default);
        var onAzurite = await AzuriteProcess.ServedByAzuriteAsync(azurite.Port, "Azurite-Table", default);
        await stop.CancelAsync();
        await answering.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.False(onOther);
        Assert.True(onAzurite);
    }
}
