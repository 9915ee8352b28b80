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

    /// <summary><paramref name="text"/> without <see cref="IsInvisibleFormat"/> characters; its lines as they are.</summary>
    public static string WithoutInvisibleFormat(string text) =>
        text.Any(IsInvisibleFormat) ? string.Concat(text.Where(c => !IsInvisibleFormat(c))) : text;

    /// <summary>True for a control character (C0, DEL, C1) or a line or paragraph separator.</summary>
    public static bool BreaksLine(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    /// <summary>What a person wrote, as an error message quotes it back: its first 40 characters, "…" after a longer one.</summary>
    public static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
