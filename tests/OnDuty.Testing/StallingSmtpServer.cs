using System.Net;
using System.Net.Sockets;

namespace OnDuty.Testing;

/// <summary>
/// A mail server in a brownout: it accepts every TCP connection and then says nothing — no greeting, no reply — until the
/// client gives up. This is what a provider behind a load balancer that still accepts connections looks like, and the
/// case a failing or throttling server does not cover: the send is in flight for as long as the client lets it be.
/// </summary>
/// <remarks>
/// Counts connections accepted while stalling and those the client closed while waiting (<see cref="Abandoned"/>); a
/// stalled connection never completes a mail. After <see cref="RecoverTo"/> the brownout is over: new connections are
/// passed through to a real mail server (smtp4dev), so what is sent after the fault can be counted per recipient.
/// </remarks>
public sealed class StallingSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Task _accepting;
    private int _accepted;
    private int _abandoned;
    private int _recoveredPort;

    private StallingSmtpServer(TcpListener listener)
    {
        _listener = listener;
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Ends the brownout: connections from now on are passed through to the mail server on <paramref name="port"/>.</summary>
    public void RecoverTo(int port) => Volatile.Write(ref _recoveredPort, port);

    /// <summary>Connections accepted while stalling (each one a send in flight until it is abandoned).</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Connections the client closed while the server was silent.</summary>
    public int Abandoned => Volatile.Read(ref _abandoned);

    public static StallingSmtpServer Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new StallingSmtpServer(listener);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                }

                if (Volatile.Read(ref _recoveredPort) is var port and > 0)
                {
                    _ = PassThroughAsync(client, port);
                    continue;
                }

                Interlocked.Increment(ref _accepted);
                _ = WaitForCloseAsync(client);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task PassThroughAsync(TcpClient client, int port)
    {
        try
        {
            using var server = new TcpClient();
            await server.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(up, down);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    /// <summary>Reads (and ignores) whatever the client sends until it closes the connection.</summary>
    private async Task WaitForCloseAsync(TcpClient client)
    {
        var buffer = new byte[1024];
        try
        {
            var stream = client.GetStream();
            while (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
            }

            Interlocked.Increment(ref _abandoned);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            if (!_stop.IsCancellationRequested)
            {
                Interlocked.Increment(ref _abandoned);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        await _accepting;
        _stop.Dispose();
    }
}
