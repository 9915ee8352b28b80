using System.Net.Sockets;
using Azure.Core;
using Azure.Core.Pipeline;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// The last request to Table Storage that found no connection, and why in a few words (<c>connection refused</c>): the health
/// probe, which gives up after a few seconds while the client is still retrying, says what it found instead of only "no answer".
/// Never a host, port or key.
/// </summary>
public sealed class StorageTransportErrors : HttpPipelinePolicy
{
    private (string Cause, long At)? _last;

    /// <summary>The cause of the last failure seen at or after <paramref name="since"/> (a <see cref="Environment.TickCount64"/>), if any.</summary>
    public string? CauseSince(long since) => _last is { } last && last.At >= since ? last.Cause : null;

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception ex) when (Describe(ex) is { } cause)
        {
            _last = (cause, Environment.TickCount64);
            throw;
        }
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception ex) when (Describe(ex) is { } cause)
        {
            _last = (cause, Environment.TickCount64);
            throw;
        }
    }

    /// <summary>A transport failure in words; null for anything else (an answer, a cancellation).</summary>
    public static string? Describe(Exception ex)
    {
        for (var inner = ex; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused",
                    SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not found",
                    SocketError.TimedOut => "connection timed out",
                    SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
                    SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
                    _ => $"no connection ({socket.SocketErrorCode})",
                };
            }

            if (inner is System.Security.Authentication.AuthenticationException)
            {
                return "TLS handshake failed";
            }
        }

        return ex is Azure.RequestFailedException { Status: 0 } or HttpRequestException ? "no connection" : null;
    }
}
