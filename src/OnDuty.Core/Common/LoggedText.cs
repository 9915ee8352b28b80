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

    private static bool NeedsEscape(char c) => c == '\\' || PersonText.BreaksLine(c) || PersonText.IsInvisibleFormat(c);
}
