using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OnDuty.Core.Incidents;

/// <summary>
/// The signed, expiring token in an acknowledge link: <c>base64url(incidentId|memberId|expiryUnix)</c>
/// <c>.</c> <c>base64url(HMAC-SHA256)</c>. It names one member and one incident, so a forwarded link acks
/// as the person it was sent to, and the signature is checked in constant time before anything in it is trusted.
/// </summary>
public sealed class AckToken(IOptions<IncidentOptions> options, TimeProvider time)
{
    public const int MinSecretBytes = 32;

    public static bool IsUsableSecret(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret.Trim(), buffer, out var written) && written >= MinSecretBytes;
    }

    public string Issue(string incidentId, string memberId)
    {
        var expires = time.GetUtcNow() + options.Value.AckTokenLifetime;
        return Issue(incidentId, memberId, expires);
    }

    internal string Issue(string incidentId, string memberId, DateTimeOffset expires)
    {
        if (incidentId.Contains('|') || memberId.Contains('|'))
        {
            throw new ArgumentException("Ids must not contain '|'.");
        }

        var payload = Encoding.UTF8.GetBytes($"{incidentId}|{memberId}|{expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}");
        return Base64Url(payload) + "." + Base64Url(Sign(payload));
    }

    public AckTokenCheck Verify(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1024)
        {
            return new(AckTokenStatus.Invalid);
        }

        var dot = token.IndexOf('.');
        if (dot <= 0 || !TryFromBase64Url(token[..dot], out var payload) || !TryFromBase64Url(token[(dot + 1)..], out var signature))
        {
            return new(AckTokenStatus.Invalid);
        }

        if (!CryptographicOperations.FixedTimeEquals(Sign(payload), signature))
        {
            return new(AckTokenStatus.Invalid);
        }

        var parts = Encoding.UTF8.GetString(payload).Split('|');
        if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return new(AckTokenStatus.Invalid);
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(unix);
        return time.GetUtcNow() >= expires
            ? new(AckTokenStatus.Expired, parts[0], parts[1], expires)
            : new(AckTokenStatus.Valid, parts[0], parts[1], expires);
    }

    private byte[] Sign(byte[] payload) => HMACSHA256.HashData(Convert.FromBase64String(options.Value.AckTokenSecret.Trim()), payload);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return false;
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            bytes = Convert.FromBase64String(padded);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
