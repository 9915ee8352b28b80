using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Alerts;

/// <summary>
/// The Standard Webhooks scheme (https://www.standardwebhooks.com): <c>webhook-signature</c> holds space-separated
/// <c>v1,{base64 HMAC-SHA256}</c> of <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, keyed with the base64 bytes after
/// <c>whsec_</c> in the secret. Any one matching signature passes (senders list old and new during a key rotation).
/// </summary>
public static class StandardWebhookSignature
{
    public const string SecretPrefix = "whsec_";

    public static bool IsStandardSecret(string? secret) => secret?.StartsWith(SecretPrefix, StringComparison.Ordinal) == true;

    public static bool Verify(string secret, string id, string timestamp, ReadOnlySpan<byte> body, string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || !TryKey(secret, out var key))
        {
            return false;
        }

        var expected = Compute(key, id, timestamp, body);
        var matched = false;
        foreach (var candidate in header.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = candidate.IndexOf(',', StringComparison.Ordinal);
            var presented = new byte[32];
            if (comma > 0 && candidate[..comma] == "v1"
                && Convert.TryFromBase64String(candidate[(comma + 1)..], presented, out var written) && written == 32)
            {
                matched |= CryptographicOperations.FixedTimeEquals(expected, presented);
            }
        }

        return matched;
    }

    /// <summary>The header value a sender holding <paramref name="secret"/> would send.</summary>
    public static string Sign(string secret, string id, string timestamp, ReadOnlySpan<byte> body) =>
        TryKey(secret, out var key) ? "v1," + Convert.ToBase64String(Compute(key, id, timestamp, body)) : throw new ArgumentException("Not a whsec_ secret.", nameof(secret));

    private static byte[] Compute(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, message);
    }

    private static bool TryKey(string secret, out byte[] key)
    {
        key = [];
        if (!IsStandardSecret(secret))
        {
            return false;
        }

        var encoded = secret[SecretPrefix.Length..];
        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written) || written == 0)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
