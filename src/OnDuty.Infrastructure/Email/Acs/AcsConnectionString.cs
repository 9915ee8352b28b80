using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Common;

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

    /// <summary>
    /// What is wrong with how an ACS resource is reached (email and SMS alike): exactly one of a connection string (access
    /// key) and an endpoint (managed identity, https), each well-formed. <paramref name="settings"/> is how the settings are
    /// named (<c>Email__Acs__</c>, <c>Sms__</c>), <paramref name="members"/> how their properties are (<c>Acs.</c>, empty), and
    /// <paramref name="requiredWhen"/> ends the message when neither is set.
    /// </summary>
    public static IEnumerable<ValidationResult> Problems(string settings, string members, string? connectionString, string? endpoint, string requiredWhen)
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        var hasEndpoint = !string.IsNullOrWhiteSpace(endpoint);
        string[] both = [$"{members}ConnectionString", $"{members}Endpoint"];
        if (hasConnectionString == hasEndpoint)
        {
            yield return new ValidationResult(
                hasConnectionString
                    ? $"Set only one of {settings}ConnectionString (access key) and {settings}Endpoint (managed identity), not both."
                    : $"{settings}ConnectionString or {settings}Endpoint is required {requiredWhen}.",
                both);
        }
        else if (hasConnectionString && !TryParse(connectionString, out _, out var error))
        {
            yield return new ValidationResult(
                $"{settings}ConnectionString is not a valid ACS connection string ({error}); expected endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>.",
                [both[0]]);
        }
        else if (hasEndpoint && !TryParseEndpoint(endpoint, out _, out error))
        {
            yield return new ValidationResult($"{settings}Endpoint {error}.", [both[1]]);
        }
        else if (hasEndpoint && !endpoint!.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            // Azure.Core refuses to send a bearer token without TLS, loopback or not.
            yield return new ValidationResult($"{settings}Endpoint must use https with a managed identity; use {settings}ConnectionString for a local http fake.", [both[1]]);
        }
    }

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

        if (uri.Scheme == Uri.UriSchemeHttp && !LoopbackUri.Is(uri))
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
}
