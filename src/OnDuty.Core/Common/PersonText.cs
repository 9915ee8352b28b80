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

    /// <summary>What a person wrote, as an error message quotes it back: its first 40 characters, "…" after a longer one.</summary>
    public static string Quote(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
