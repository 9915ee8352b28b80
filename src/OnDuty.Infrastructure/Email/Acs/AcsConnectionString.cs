using System.Net;

namespace OnDuty.Infrastructure.Email.Acs;

/// <summary>An ACS connection string, <c>endpoint=https://…/;accesskey=…</c>. Holds the decoded key; never printed.</summary>
internal sealed class AcsConnectionString
{
    private AcsConnectionString(Uri endpoint, byte[] accessKey)
    {
        Endpoint = endpoint;
        AccessKey = accessKey;
    }

    public Uri Endpoint { get; }

    public byte[] AccessKey { get; }

    /// <summary>Parses the string; on failure <paramref name="error"/> says what is wrong without quoting the key.</summary>
    public static bool TryParse(string? value, out AcsConnectionString? result, out string? error)
    {
        result = null;
        string? endpoint = null;
        string? accessKey = null;
        foreach (var part in (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            // Only the first '=' separates: base64 keys end in '=' padding.
            var name = part[..equals].Trim();
            var text = part[(equals + 1)..].Trim();
            if (name.Equals("endpoint", StringComparison.OrdinalIgnoreCase))
            {
                endpoint = text;
            }
            else if (name.Equals("accesskey", StringComparison.OrdinalIgnoreCase))
            {
                accessKey = text;
            }
        }

        if (!TryParseEndpoint(endpoint, out var uri, out error))
        {
            error = "its endpoint " + error;
            return false;
        }

        if (string.IsNullOrEmpty(accessKey))
        {
            error = "it has no accesskey";
            return false;
        }

        var key = new byte[accessKey.Length];
        if (!Convert.TryFromBase64String(accessKey, key, out var length) || length == 0)
        {
            error = "its accesskey is not base64";
            return false;
        }

        result = new AcsConnectionString(uri!, key[..length]);
        error = null;
        return true;
    }

    /// <summary>An absolute https URL (http only for a loopback host, in tests), normalised to end in '/'.</summary>
    public static bool TryParseEndpoint(string? value, out Uri? endpoint, out string? error)
    {
        endpoint = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "is missing (endpoint=https://<resource>.communication.azure.com/)";
            return false;
        }

        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            error = "must be an absolute https URL";
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
        {
            error = "must use https; http is accepted only for a loopback address (local testing)";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            error = "must not carry a query or fragment";
            return false;
        }

        endpoint = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
        error = null;
        return true;
    }

    public override string ToString() => $"endpoint={Endpoint};accesskey=***";

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var address) && IPAddress.IsLoopback(address));
}
