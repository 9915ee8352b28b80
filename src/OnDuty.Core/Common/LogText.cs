using System.Globalization;
using System.Text;

namespace OnDuty.Core.Common;

/// <summary>Text from a sender made safe for one log line: control characters (and line separators) written as escapes, so nothing forges a line.</summary>
public static class LogText
{
    /// <summary>Longer text is cut here (a refusal's reason names at most a few paths).</summary>
    public const int MaxLength = 2000;

    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, MaxLength) + 16);
        foreach (var c in text.Length > MaxLength ? text[..MaxLength] : text)
        {
            switch (c)
            {
                case '\r': builder.Append("\\r"); break;
                case '\n': builder.Append("\\n"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u0085')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return text.Length > MaxLength ? builder.Append('…').ToString() : builder.ToString();
    }
}
