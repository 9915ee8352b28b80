using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Health;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>
/// Storage down (trial day 32a, M5): health's storage line says what the probe met — "connection refused" — not only that
/// there was no answer; never the host, port or key.
/// </summary>
public sealed class StorageProbeCauseTests
{
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task CheckAsync_NothingListening_SaysConnectionRefused()
    {
        using var provider = Provider(ClosedPort(), maxRetries: 0);

        var reason = await provider.GetServices<IHealthProbe>().Single(p => p.Name == "storage").CheckAsync(default);

        Assert.Equal("Table Storage is not reachable (connection refused; the error is in the app log).", reason);
    }

    /// <summary>The client retrying past the probe's wait (the trial: "no answer within 5 s"): what its attempts met is said.</summary>
    [Fact]
    public async Task CheckAsync_NothingListeningWhileRetrying_SaysWhatTheAttemptsMet()
    {
        var port = ClosedPort();
        using var provider = Provider(port, maxRetries: 10);

        var reason = await provider.GetServices<IHealthProbe>().Single(p => p.Name == "storage").CheckAsync(default);

        Assert.Equal("Table Storage did not answer within 4 s (connection refused, retried).", reason);
        Assert.DoesNotContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(int port, int maxRetries) => TablesHarness.BuildProvider(new Dictionary<string, string?>
    {
        ["Storage:ConnectionString"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
        ["Storage:MaxRetries"] = maxRetries.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
