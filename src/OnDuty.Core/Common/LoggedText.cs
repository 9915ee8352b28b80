using System.Globalization;
using System.Text;

namespace OnDuty.Core.Common;

/// <summary>
/// A text a sender or a person chose (a group key, a dedup key, a title, a name), as a log record carries it: each control
/// character, line or paragraph separator, bidi control and zero-width character written as <c>\uXXXX</c> (a backslash as
/// <c>\\</c>, so an escape cannot be typed in). A group key with <c>\n</c> would otherwise write a forged line into the console
/// log (<c>fail: OnDuty.Forged[0] …</c>). Ordinary text, Japanese included, is returned as is.
/// </summary>
public static class LoggedText
{
    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "";
        }

        if (!text.Any(NeedsEscape))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (c == '\\')
            {
                builder.Append(@"\\");
            }
            else if (NeedsEscape(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// A recipient as a log record carries it: enough for support to tell which one (with the outbox id and channel), not the
    /// address or number itself — an email address keeps its first character and domain (<c>t***@example.com</c>), a phone
    /// number its country code and last four digits (<c>+81******5678</c>); anything else (<c>teams</c>, a batch such as
    /// <c>stakeholders (ja 1/2, 40 bcc)</c>) is no address and stays as it is.
    /// </summary>
    public static string Recipient(string? recipient)
    {
        if (string.IsNullOrEmpty(recipient))
        {
            return "";
        }

        var at = recipient.LastIndexOf('@');
        if (at > 0)
        {
            return Escape(recipient[..1] + "***" + recipient[at..]);
        }

        var digits = recipient.Count(char.IsAsciiDigit);
        if (digits >= 7 && recipient.All(c => char.IsAsciiDigit(c) || c is '+' or ' ' or '-' or '(' or ')'))
        {
            var plain = new string([.. recipient.Where(c => char.IsAsciiDigit(c) || c == '+')]);
            var kept = plain.StartsWith('+') ? 3 : 0;
            return plain[..kept] + new string('*', plain.Length - kept - 4) + plain[^4..];
        }

        return Escape(recipient);
    }

    /// <summary><see cref="Recipient(string?)"/> of each, comma-separated.</summary>
    public static string Recipients(IEnumerable<string> recipients) => string.Join(", ", recipients.Select(Recipient));

    private static bool NeedsEscape(char c) => c == '\\' || PersonText.BreaksLine(c) || PersonText.IsInvisibleFormat(c);
}
