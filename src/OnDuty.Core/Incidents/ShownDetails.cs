using System.Security.Cryptography;
using System.Text;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What the update form's detail fields (severity, impact, workaround, cause, next steps) were filled in with when its page was shown,
/// as short hashes in one hidden field. The form posts every field back as shown: only a field the person changed from that is a change.
/// Compared with the record instead, a field another person changed meanwhile without telling anyone (a quiet correction, which makes
/// no form stale) read as this person's change and was put back (session 57 trial: 田中's update undid 佐藤's corrected impact).
/// </summary>
public static class ShownDetails
{
    /// <summary>The update form's hidden field carrying <see cref="Of"/> as the page showed it.</summary>
    public const string Field = "shownDetails";

    public const int Severity = 0;

    public const int UserImpact = 1;

    public const int Workaround = 2;

    public const int Cause = 3;

    public const int NextSteps = 4;

    /// <summary>The detail fields of <paramref name="incident"/> as the update form shows them, hashed in field order.</summary>
    public static string Of(Incident incident) =>
        string.Join('.', Hash(incident.Severity.ToString()), Hash(incident.UserImpact ?? ""), Hash(incident.Workaround ?? ""), Hash(incident.Cause ?? ""), Hash(incident.NextSteps ?? ""));

    /// <summary>
    /// Whether <paramref name="posted"/> (the field's value as the form checks it) differs from what the form showed in field
    /// <paramref name="field"/>; true when the form carries no such record of it (a page from before it was sent, a tool).
    /// </summary>
    public static bool Edited(string? shown, int field, string posted)
    {
        var parts = shown?.Trim().Split('.') ?? [];
        return parts.Length != 5 || !string.Equals(parts[field], Hash(posted), StringComparison.Ordinal);
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..12];
}
