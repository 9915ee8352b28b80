namespace OnDuty.Core.Common;

/// <summary>
/// Checks for long text a person writes (impact, workaround, notes, …), before anything is stored: a length in characters,
/// and no control characters but tab and line breaks. Stored JSON escapes a control character as six characters, so a
/// few thousand of them would overflow a 64 KiB table property where the same count of letters or Japanese fits.
/// </summary>
public static class PersonText
{
    public static ValidationErrors CheckText(this ValidationErrors errors, string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return errors;
        }

        errors.When(value.Length > maxLength, field, $"must be at most {maxLength} characters (got {value.Length})");
        errors.When(value.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')), field, "must not contain control characters other than tab and line breaks");
        return errors;
    }

    /// <summary>
    /// Checks for a one-line text a person types (a name, who acted, a reason), next to its length check: no control character
    /// at all (C0, DEL, C1) nor a line or paragraph separator. A name with a line break would add lines to a plain-text mail
    /// (a forged 「対応します」 link under 担当：) and to an ICS attendee.
    /// </summary>
    public static ValidationErrors CheckLine(this ValidationErrors errors, string field, string? value) =>
        errors.When(value is not null && !IsOneLine(value), field, "must not contain control characters or line breaks");

    /// <summary>True when <paramref name="value"/> has no control character (C0, DEL, C1) and no line or paragraph separator.</summary>
    public static bool IsOneLine(string value) => !value.Any(BreaksLine);

    /// <summary>
    /// A one-line text stored before <see cref="CheckLine"/> refused control characters, as it may be shown: each control
    /// character or separator (a run of them) becomes one space, so a plain-text mail gains no line. Text without them is returned as is.
    /// </summary>
    public static string OneLine(string value)
    {
        if (IsOneLine(value))
        {
            return value;
        }

        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (!BreaksLine(c))
            {
                builder.Append(c);
            }
            else if (builder.Length == 0 || builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// True for the invisible characters that change how the text around them reads: bidi embeddings, overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069), marks and zero-width characters (U+200B–U+200F) and the BOM (U+FEFF). An unclosed U+202E
    /// shows the rest of a subject line backwards.
    /// </summary>
    public static bool IsInvisibleFormat(char c) => IsDirectionalControl(c) || c is (>= '\u200B' and <= '\u200F') or '\uFEFF';

    /// <summary>A bidi embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): the characters that change the order of the text after them.</summary>
    public static bool IsDirectionalControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');


    /// <summary>
    /// <paramref name="title"/> as a line that stands alone in plain text (a mail subject, a card title, a text message): without
    /// <see cref="IsInvisibleFormat"/> characters and with control characters as spaces (<see cref="OneLine"/>).
    /// </summary>
    public static string Plain(string title) => WithoutInvisibleFormat(OneLine(title));

    /// <summary>
    /// <paramref name="text"/> without <see cref="IsInvisibleFormat"/> characters; its lines as they are. A zero-width joiner (U+200D)
    /// between two emoji stays: it joins 👩 and 💻 into 👩‍💻 (and ❤️‍🔥, 🏳️‍🌈; a variation selector or skin tone after the first emoji
    /// is part of it). Anywhere else it is dropped like the others.
    /// </summary>
    public static string WithoutInvisibleFormat(string text)
    {
        if (!text.Any(IsInvisibleFormat))
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsInvisibleFormat(c) || (c == ZeroWidthJoiner && JoinsEmoji(text, i)))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private const char ZeroWidthJoiner = '\u200D';

    /// <summary>Whether the joiner at <paramref name="at"/> stands between two emoji (an emoji sequence's joiner), not next to a letter or another joiner.</summary>
    private static bool JoinsEmoji(string text, int at)
    {
        // Before: an emoji, possibly followed by its variation selector (U+FE0F) or a skin tone (U+1F3FB–U+1F3FF, itself in the emoji range).
        var before = at - 1;
        while (before >= 0 && text[before] == '\uFE0F')
        {
            before--;
        }

        if (before < 0 || !EmojiEndsAt(text, before) || at + 1 >= text.Length)
        {
            return false;
        }

        return char.IsSurrogatePair(text, at + 1) ? IsEmoji(char.ConvertToUtf32(text, at + 1)) : !char.IsSurrogate(text[at + 1]) && IsEmoji(text[at + 1]);
    }

    /// <summary>Whether an emoji ends at <paramref name="end"/> (its last UTF-16 unit; a skin tone U+1F3FB–U+1F3FF is in the emoji range).</summary>
    private static bool EmojiEndsAt(string text, int end) =>
        char.IsLowSurrogate(text[end]) && end > 0 && char.IsHighSurrogate(text[end - 1])
            ? IsEmoji(char.ConvertToUtf32(text[end - 1], text[end]))
            : !char.IsSurrogate(text[end]) && IsEmoji(text[end]);

    /// <summary>Pictographs emoji sequences join (Unicode's Extended_Pictographic, by its blocks): symbols, dingbats, arrows, and the supplementary emoji planes.</summary>
    private static bool IsEmoji(int codePoint) => codePoint is 0x00A9 or 0x00AE or 0x203C or 0x2049 or 0x2122 or 0x2139 or 0x24C2 or 0x3030 or 0x303D or 0x3297 or 0x3299
        or (>= 0x2194 and <= 0x21AA) or (>= 0x2300 and <= 0x23FF) or (>= 0x25A0 and <= 0x27BF) or (>= 0x2934 and <= 0x2935) or (>= 0x2B00 and <= 0x2BFF)
        or (>= 0x1F000 and <= 0x1FAFF) or (>= 0x1FC00 and <= 0x1FFFD);

    /// <summary>True for a control character (C0, DEL, C1) or a line or paragraph separator.</summary>
    public static bool BreaksLine(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>What a person wrote, as an error message quotes it back: its first 40 characters, "…" after a longer one.</summary>
    public static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
