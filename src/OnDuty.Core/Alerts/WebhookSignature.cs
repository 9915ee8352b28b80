using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Alerts;

/// <summary>Checks that a webhook came from a sender holding our secret. All comparisons run in constant time.</summary>
/// <remarks>
/// Grafana (12+, contact point "HMAC signature") sends <c>X-Grafana-Alerting-Signature</c> as bare lowercase hex
/// HMAC-SHA256 of the raw body, or of <c>"{timestamp}:{body}"</c> when a timestamp header is configured.
/// GitHub-style senders prefix <c>sha256=</c>; some send base64. All three are accepted.
/// Alertmanager and Azure Monitor cannot sign, so for them a shared secret in a header or the URL is what there is.
/// </remarks>
public static class WebhookSignature
{
    private const string Prefix = "sha256=";
    private const int HashBytes = 32;

    /// <summary>True when <paramref name="headerValue"/> is the HMAC-SHA256 of the body (hex, <c>sha256=</c>hex, or base64).</summary>
    /// <param name="timestamp">The sender's timestamp header, when it signs <c>"{timestamp}:{body}"</c>; checking its age is the caller's job.</param>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? headerValue, string? timestamp = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (!TryDecode(headerValue, out var presented))
        {
            return false;
        }

        var expected = Compute(secret, body, timestamp);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>The lowercase hex signature a sender would put in its header.</summary>
    public static string ComputeHex(string secret, ReadOnlySpan<byte> body, string? timestamp = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Convert.ToHexStringLower(Compute(secret, body, timestamp));
    }

    /// <summary>Compares a presented shared secret (header or query value) with the configured one without leaking where they differ or how long the secret is.</summary>
    public static bool SharedSecretEquals(string expected, string? presented)
    {
        ArgumentException.ThrowIfNullOrEmpty(expected);
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        // Hashing first gives equal-length inputs, so the comparison time says nothing about the secret's length.
        var left = SHA256.HashData(Encoding.UTF8.GetBytes(expected));
        var right = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return CryptographicOperations.FixedTimeEquals(left, right);
    }

    private static byte[] Compute(string secret, ReadOnlySpan<byte> body, string? timestamp)
    {
        var key = Encoding.UTF8.GetBytes(secret);
        if (string.IsNullOrEmpty(timestamp))
        {
            return HMACSHA256.HashData(key, body);
        }

        var prefix = Encoding.UTF8.GetBytes(timestamp + ":");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, message);
    }

    private static bool TryDecode(string? headerValue, out byte[] signature)
    {
        signature = [];
        if (string.IsNullOrWhiteSpace(headerValue))
        {
            return false;
        }

        var value = headerValue.Trim();
        if (value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            value = value[Prefix.Length..];
        }

        if (value.Length == HashBytes * 2 && value.All(char.IsAsciiHexDigit))
        {
            signature = Convert.FromHexString(value);
            return true;
        }

        var buffer = new byte[HashBytes + 3];
        if (Convert.TryFromBase64String(value, buffer, out var written) && written == HashBytes)
        {
            signature = buffer[..HashBytes];
            return true;
        }

        return false;
    }
}
