using System.Text;

namespace OnDuty.Core.Notifications;

/// <summary>
/// A phone number for SMS, in E.164 form: <c>+</c>, the country code and the number, 8 to 15 digits in all
/// (<c>+819012345678</c>). Written with spaces, hyphens, dots or brackets it is read the same. A national number
/// (<c>090-1234-5678</c>) is refused, because the country cannot be guessed safely — unless the team has said its country
/// (<c>Team__PhoneCountryCode</c>): then one written with one trunk <c>0</c> and a non-zero digit after it is that country's.
/// </summary>
public static class PhoneNumber
{
    public const string Rule = "must be an international number in E.164 form: + and the country code, e.g. +81 90 1234 5678";

    /// <summary>
    /// What <see cref="Normalize(string?, string?)"/> with <paramref name="countryCode"/> accepts, as a field's error: <see cref="Rule"/>
    /// without one; with one, that a national number starting with one 0 is read as the country's (<see cref="IsNationalRule"/> finds the code again).
    /// </summary>
    public static string RuleFor(string? countryCode) =>
        string.IsNullOrEmpty(countryCode)
            ? Rule
            : $"{NationalRulePrefix}{countryCode}{NationalRuleSuffix}";

    private const string NationalRulePrefix = "must be a national number starting with one 0 (saved with +";
    private const string NationalRuleSuffix = ") or an international number in E.164 form: + and the country code, e.g. +81 90 1234 5678";

    /// <summary>True when <paramref name="error"/> is <see cref="RuleFor"/> with a country code, which <paramref name="countryCode"/> then is.</summary>
    public static bool IsNationalRule(string error, out string countryCode)
    {
        countryCode = "";
        if (!error.StartsWith(NationalRulePrefix, StringComparison.Ordinal) || !error.EndsWith(NationalRuleSuffix, StringComparison.Ordinal))
        {
            return false;
        }

        countryCode = error[NationalRulePrefix.Length..^NationalRuleSuffix.Length];
        return IsCountryCode(countryCode);
    }

    /// <summary>A country calling code as <c>Team__PhoneCountryCode</c> takes it: 1 to 3 digits, not starting with 0 (<c>81</c>).</summary>
    public static bool IsCountryCode(string? code) =>
        code is { Length: >= 1 and <= 3 } && code[0] != '0' && code.All(char.IsAsciiDigit);

    /// <summary>
    /// Why <see cref="Normalize(string?, string?)"/> refuses <paramref name="text"/> with <paramref name="countryCode"/>, as a field's
    /// error: what is wrong with what was typed, then the rule (<see cref="RuleFor"/>); <see cref="ProblemIn"/> reads both back.
    /// </summary>
    public static string Refusal(string? text, string? countryCode) =>
        $"{Reasons[Check(text, countryCode)]}{RefusalSeparator}{RuleFor(IsCountryCode(countryCode) ? countryCode : null)}";

    private const string RefusalSeparator = "; it ";

    private static readonly IReadOnlyDictionary<PhoneProblem, string> Reasons = new Dictionary<PhoneProblem, string>
    {
        [PhoneProblem.None] = "is a phone number",
        [PhoneProblem.TooShort] = "is too short: a number has 8 to 15 digits with the country code",
        [PhoneProblem.TooLong] = "is too long: a number has 8 to 15 digits with the country code",
        [PhoneProblem.NotDigits] = "has characters other than digits, spaces, hyphens, dots and brackets",
        [PhoneProblem.CallPrefix] = "starts with 00, the prefix for calling abroad",
        [PhoneProblem.NoTrunkZero] = "starts with neither + nor one trunk 0",
        [PhoneProblem.NoCountryCode] = "has no + and country code in front",
        [PhoneProblem.ZeroCountryCode] = "has 0 after the +, where the country code goes",
    };

    /// <summary>
    /// True when <paramref name="error"/> is a <see cref="Refusal"/>: what was wrong, and the team's country code the rule named
    /// (null: international numbers only).
    /// </summary>
    public static bool ProblemIn(string error, out PhoneProblem problem, out string? countryCode)
    {
        problem = PhoneProblem.None;
        countryCode = null;
        var at = error.IndexOf(RefusalSeparator, StringComparison.Ordinal);
        if (at < 0 || Reasons.FirstOrDefault(r => r.Value == error[..at]) is not { Key: not PhoneProblem.None } reason)
        {
            return false;
        }

        var rule = error[(at + RefusalSeparator.Length)..];
        if (rule != Rule && !IsNationalRule(rule, out _))
        {
            return false;
        }

        problem = reason.Key;
        countryCode = IsNationalRule(rule, out var code) ? code : null;
        return true;
    }

    /// <summary>What is wrong with <paramref name="text"/> as a number, read as <see cref="Normalize(string?, string?)"/> reads it; <see cref="PhoneProblem.None"/> when it is one.</summary>
    public static PhoneProblem Check(string? text, string? countryCode)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return PhoneProblem.TooShort;
        }

        var trimmed = Folded(text).Trim();
        var international = trimmed[0] == '+';
        var digits = new StringBuilder(trimmed.Length);
        foreach (var c in international ? trimmed.AsSpan(1) : trimmed.AsSpan())
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return PhoneProblem.NotDigits;
            }
        }

        var national = !international && IsCountryCode(countryCode);
        if (digits.Length >= 2 && digits[0] == '0' && digits[1] == '0' && !international)
        {
            return PhoneProblem.CallPrefix;
        }

        if (!international && !national)
        {
            return PhoneProblem.NoCountryCode;
        }

        if (digits.Length > 0 && (international ? digits[0] == '0' : digits[0] != '0'))
        {
            return international ? PhoneProblem.ZeroCountryCode : PhoneProblem.NoTrunkZero;
        }

        // A national number's length is counted as it is stored: the trunk 0 dropped, the country code put in front.
        var length = national ? digits.Length - 1 + countryCode!.Length : digits.Length;
        return trimmed.Length > 40 || length > 15 ? PhoneProblem.TooLong
            : length < 8 ? PhoneProblem.TooShort
            : PhoneProblem.None;
    }

    /// <summary>The number in E.164 form, or null when <paramref name="text"/> is not one.</summary>
    public static string? Normalize(string? text) => Normalize(text, null);

    /// <summary>
    /// <paramref name="text"/> as typed on a Japanese keyboard read as the ASCII it means: full-width digits, ＋, （）, spaces folded
    /// (NFKC: 「０９０－１２３４－５６７８」 is 090-1234-5678), and the dashes an IME puts between digits (ー, ‐, –, —, −) as hyphens.
    /// </summary>
    private static string Folded(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC);
        return folded.AsSpan().IndexOfAny("ー‐‑–—−") < 0 ? folded
            : string.Create(folded.Length, folded, static (span, source) =>
            {
                for (var i = 0; i < source.Length; i++)
                {
                    span[i] = source[i] is 'ー' or '‐' or '‑' or '–' or '—' or '−' ? '-' : source[i];
                }
            });
    }

    /// <summary>
    /// The number in E.164 form, or null when <paramref name="text"/> is not one. With <paramref name="countryCode"/> (a person's
    /// number, the team's <c>Team__PhoneCountryCode</c>), a number written without <c>+</c> whose digits start with exactly one
    /// <c>0</c> and a non-zero digit (<c>090-1234-5678</c>, <c>(03) 1234-5678</c>) is that country's: the trunk 0 dropped, the code put in
    /// front (<c>+819012345678</c>), then the same 8-to-15-digit rule. <c>00…</c> (an international call prefix) and digits without a
    /// trunk 0 (<c>90-1234-5678</c>: a foreign number missing its <c>+</c>, or a typo) stay refused: a wrong guess pages a stranger.
    /// </summary>
    public static string? Normalize(string? text, string? countryCode)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var trimmed = Folded(text).Trim();
        if (trimmed.Length > 40)
        {
            return null;
        }

        var international = trimmed[0] == '+';
        if (!international && !IsCountryCode(countryCode))
        {
            return null;
        }

        var digits = new StringBuilder(20);
        foreach (var c in international ? trimmed.AsSpan(1) : trimmed.AsSpan())
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

        if (!international)
        {
            if (digits.Length < 2 || digits[0] != '0' || digits[1] == '0')
            {
                return null;
            }

            digits.Remove(0, 1).Insert(0, countryCode);
        }

        return digits.Length is >= 8 and <= 15 && digits[0] != '0' ? "+" + digits : null;
    }

    /// <summary>
    /// A number as a provider reports it in an event (ACS writes <c>15555555555</c>, without the <c>+</c>): in E.164 form, or null.
    /// </summary>
    public static string? FromProvider(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : Normalize(text.StartsWith('+') ? text : "+" + text);

    /// <summary>
    /// An E.164 number as people read it, for display only (fields and storage keep E.164): the country code apart, and the rest
    /// grouped where the country's habit is sure — Japan's mobiles and 050 numbers <c>+81 90-1234-5678</c>, Tokyo and Osaka
    /// <c>+81 3-1234-5678</c>, toll-free <c>+81 120-123-456</c>; North America <c>+1 415-555-0123</c>; UK mobiles
    /// <c>+44 7700 900123</c>; elsewhere the national digits in one piece (<c>+49 15123456789</c>). Anything not E.164 is returned as is.
    /// </summary>
    public static string Grouped(string number)
    {
        if (!IsValid(number))
        {
            return number;
        }

        var digits = number[1..];
        var code = digits[..CountryCodeLength(digits)];
        var rest = digits[code.Length..];
        var grouped = (code, rest.Length, rest[0]) switch
        {
            ("81", 10, _) when rest[1] == '0' && rest[0] is '5' or '7' or '8' or '9' => $"{rest[..2]}-{rest[2..6]}-{rest[6..]}",
            ("81", 9, '3' or '6') => $"{rest[..1]}-{rest[1..5]}-{rest[5..]}",
            ("81", 9, '1') when rest.StartsWith("120", StringComparison.Ordinal) => $"{rest[..3]}-{rest[3..6]}-{rest[6..]}",
            ("1", 10, _) => $"{rest[..3]}-{rest[3..6]}-{rest[6..]}",
            ("44", 10, '7') => $"{rest[..4]} {rest[4..]}",
            _ => rest,
        };
        return $"+{code} {grouped}";
    }

    /// <summary>How many leading digits of an E.164 number (without +) are its country code: calling codes are prefix-free (ITU-T E.164 assignments).</summary>
    private static int CountryCodeLength(string digits) =>
        digits[0] is '1' or '7' ? 1
        : TwoDigitCountryCodes.Contains(digits[..2]) ? 2
        : 3;

    private static readonly HashSet<string> TwoDigitCountryCodes =
    [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54",
        "55", "56", "57", "58", "60", "61", "62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];

    /// <summary>True for a number already in E.164 form.</summary>
    public static bool IsValid(string? text) => text is not null && Normalize(text) == text;
}

/// <summary>What is wrong with a number as typed (<see cref="PhoneNumber.Check"/>): each is said to the person who typed it.</summary>
public enum PhoneProblem
{
    None,
    TooShort,
    TooLong,
    NotDigits,

    /// <summary><c>00…</c>: the prefix for calling abroad, where <c>+</c> belongs.</summary>
    CallPrefix,

    /// <summary>Without <c>+</c> and not starting with one trunk 0 (<c>90-1234-5678</c>), where the team reads national numbers.</summary>
    NoTrunkZero,

    /// <summary>Without <c>+</c> where the team reads only international numbers.</summary>
    NoCountryCode,

    /// <summary><c>+0…</c>: no country code starts with 0.</summary>
    ZeroCountryCode,
}
