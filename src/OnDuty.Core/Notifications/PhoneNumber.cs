using System.Text;

namespace OnDuty.Core.Notifications;

/// <summary>
/// A phone number for SMS, in E.164 form: <c>+</c>, the country code and the number, 8 to 15 digits in all
/// (<c>+819012345678</c>). Written with spaces, hyphens, dots or brackets it is read the same; a national number
/// (<c>090-1234-5678</c>) is refused, because the country cannot be guessed safely.
/// </summary>
public static class PhoneNumber
{
    public const string Rule = "must be an international number in E.164 form: + and the country code, e.g. +81 90 1234 5678";

    /// <summary>The number in E.164 form, or null when <paramref name="text"/> is not one.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = text.Trim();
        if (trimmed.Length > 40 || trimmed[0] != '+')
        {
            return null;
        }

        var digits = new StringBuilder(16).Append('+');
        foreach (var c in trimmed.AsSpan(1))
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null;
            }
        }

        var count = digits.Length - 1;
        return count is >= 8 and <= 15 && digits[1] != '0' ? digits.ToString() : null;
    }

    /// <summary>
    /// A number as a provider reports it in an event (ACS writes <c>15555555555</c>, without the <c>+</c>): in E.164 form, or null.
    /// </summary>
    public static string? FromProvider(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Normalize(text.StartsWith('+') ? text : "+" + text);

    /// <summary>True for a number already in E.164 form.</summary>
    public static bool IsValid(string? text) => text is not null && Normalize(text) == text;
}
