using System.Net;
using System.Net.Sockets;

namespace OnDuty.Testing;

/// <summary>Picks a free TCP port on 127.0.0.1.</summary>
public static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
