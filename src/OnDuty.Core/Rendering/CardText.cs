using System.Text;

namespace OnDuty.Core.Rendering;

/// <summary>
/// Text for Adaptive Card TextBlocks and facts, which Teams renders as a markdown subset: user-supplied
/// text is escaped so a name like <c>*admin*</c> or <c>[x](http://evil)</c> shows as typed, never as formatting or a link.
/// </summary>
public static class CardText
{
    private const string Special = "\\`*_{}[]()#+-.!<>|~";

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (Special.Contains(c))
            {
                builder.Append('\\');
            }

            // Newlines would start markdown blocks (lists, headings) in a fact value.
            builder.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return builder.ToString();
    }
}
