using System.Net;

namespace OnDuty.Core.Common;

/// <summary>Where OnDuty accepts clear-text http: only to this machine (local testing), every other URL https.</summary>
public static class LoopbackUri
{
    /// <summary>True when <paramref name="uri"/> names this machine (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>).</summary>
    public static bool Is(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
