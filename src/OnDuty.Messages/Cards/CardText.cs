using System.Text;

namespace OnDuty.Messages.Cards;

/// <summary>
/// Text for Adaptive Card TextBlocks and facts, which Teams renders as a markdown subset. User-supplied text is escaped so a
/// name like <c>*admin*</c> or <c>[x](http://evil)</c> shows as typed, never as formatting or a link, and <c>&lt;at&gt;</c>
/// cannot forge a mention.
/// Only what Teams' markdown acts on is escaped: emphasis (<c>* _ ~ `</c>), links (<c>[ ]</c>), tags (<c>&lt; &gt;</c>), the
/// backslash itself, and list/heading/quote markers at the start of the text. Teams' mobile clients have shown backslash
/// escapes literally (microsoft/AdaptiveCards#5590, msteams-docs#5793), so ordinary text such as <c>2026-W49</c> or
/// <c>v1.2 (beta)</c> is left alone rather than sprinkled with backslashes. Newlines become spaces (no new blocks).
/// </summary>
public static class CardText
{
    private const string Inline = "\\`*_~[]<>";
    private const string LineStart = "#-+>|";

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var atStart = builder.Length == 0;
            if (Inline.Contains(c) || (atStart && LineStart.Contains(c)))
            {
                builder.Append('\\');
            }
            else if (atStart && char.IsAsciiDigit(c) && OrderedListMarker(value, i))
            {
                // "1. foo" would become a numbered list: escape the dot after the digits.
                var end = i;
                while (end < value.Length && char.IsAsciiDigit(value[end]))
                {
                    end++;
                }

                builder.Append(value, i, end - i).Append('\\');
                i = end - 1;
                continue;
            }

            builder.Append(c is '\r' or '\n' ? ' ' : c);
        }

        return builder.ToString();
    }

    private static bool OrderedListMarker(string value, int start)
    {
        var i = start;
        while (i < value.Length && char.IsAsciiDigit(value[i]))
        {
            i++;
        }

        return i < value.Length && value[i] is '.' or ')';
    }
}
