using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Infrastructure.Sms;

/// <summary>
/// Twilio's <c>X-Twilio-Signature</c> on the requests it sends (a reply, a status callback, the key pressed on a call): Base64 of
/// HMAC-SHA1, keyed with the account's Auth Token, over the URL Twilio requested (with its query, exactly as it was given to
/// Twilio) followed by each POST parameter, sorted by name, as name and value with nothing between them.
/// </summary>
public static class TwilioSignature
{
    /// <summary>The signature Twilio sends for a POST of <paramref name="form"/> to <paramref name="url"/>.</summary>
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        ArgumentNullException.ThrowIfNull(authToken);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(form);

        var signed = new StringBuilder(url);
        // A name given twice keeps both values, in ordinal order of the value, as Twilio's own validators sort them.
        foreach (var (name, value) in form.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            signed.Append(name).Append(value);
        }

        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(signed.ToString())));
    }

    /// <summary>
    /// Whether <paramref name="signature"/> is Twilio's for this request. False without a signature, and without an Auth Token (an
    /// empty key is one anybody can sign with). Compared in constant time, so a forger learns nothing from how long a refusal takes.
    /// </summary>
    public static bool IsValid(string authToken, string? signature, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        if (string.IsNullOrEmpty(signature) || string.IsNullOrEmpty(authToken))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Compute(authToken, url, form));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(signature));
    }
}
