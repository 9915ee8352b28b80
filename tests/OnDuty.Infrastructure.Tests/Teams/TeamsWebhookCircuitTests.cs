using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Http;
using OnDuty.Infrastructure.Teams;

namespace OnDuty.Infrastructure.Tests.Teams;

/// <summary>
/// A Teams webhook that accepts the connection and never answers (trial day 32a, M4), on a loopback server: after three posts in
/// a row time out the channel stops trying for a while, so the cards behind them are left queued at once instead of each waiting
/// for its timeout; after the cool-down one is tried again.
/// </summary>
public sealed class TeamsWebhookCircuitTests
{
    [Fact]
    public async Task PostCardAsync_WebhookHangs_ThreeTimeoutsThenSkippedUntilTheCoolDownEnds()
    {
        using var server = new HangingServer();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero));
        var circuit = new TeamsWebhookCircuit(time);
        TeamsWebhookChannel Channel() => new(
            new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) },
            Options.Create(new TeamsOptions { WebhookUrl = server.Url, MinInterval = TimeSpan.Zero }), time, circuit, NullLogger<TeamsWebhookChannel>.Instance);

        var results = new List<SendResult>();
        for (var n = 0; n < 8; n++)
        {
            results.Add(await Channel().PostCardAsync("{\"type\":\"AdaptiveCard\"}", default));
        }

        Assert.Equal(3, server.Connections);
        Assert.All(results, r => Assert.IsType<SendResult.Transient>(r)); // every card stays queued: none given up
        Assert.All(results.Take(3), r => Assert.StartsWith("Teams webhook timed out", ((SendResult.Transient)r).Error, StringComparison.Ordinal));
        var skipped = (SendResult.Transient)results[3];
        Assert.StartsWith("Teams webhook not tried: its last 3 sends failed (last: Teams webhook timed out", skipped.Error, StringComparison.Ordinal);
        Assert.EndsWith("trying again after 07:01:00 UTC", skipped.Error, StringComparison.Ordinal);
        Assert.Equal(CircuitBreaker.CoolDown, skipped.RetryAfter);

        time.Advance(CircuitBreaker.CoolDown);
        await Channel().PostCardAsync("{}", default);
        await Channel().PostCardAsync("{}", default);

        Assert.Equal(4, server.Connections); // one tried after the cool-down; it timed out too, so the next is skipped again
    }

    /// <summary>Accepts connections, counts them, never answers.</summary>
    private sealed class HangingServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly List<TcpClient> _held = [];
        private readonly CancellationTokenSource _stop = new();
        private int _connections;

        public HangingServer()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/webhook";

        public int Connections => Volatile.Read(ref _connections);

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                    lock (_held)
                    {
                        _held.Add(client);
                    }

                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }
        }
    }
}
