using System.Globalization;

namespace OnDuty.Core.Common;

/// <summary>What kind of rule a <see cref="ValueRule"/> is.</summary>
public enum ValueRuleKind
{
    /// <summary>A whole number from <see cref="ValueRule.Low"/> to <see cref="ValueRule.High"/>.</summary>
    WholeNumber,

    /// <summary>A date written YYYY-MM-DD.</summary>
    Date,

    /// <summary>A date from <see cref="ValueRule.Low"/> to <see cref="ValueRule.High"/> (YYYY-MM-DD).</summary>
    DateBetween,

    /// <summary>A range of days (from … to) of at most <see cref="ValueRule.High"/> days.</summary>
    DaysAtMost,

    /// <summary>Not after the value named <see cref="ValueRule.High"/>.</summary>
    NotAfter,

    /// <summary>One of the values listed in <see cref="ValueRule.Low"/> (comma separated).</summary>
    OneOf,

    /// <summary>A name of at most <see cref="ValueRule.High"/> letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    Name,

    /// <summary>A calendar month written YYYY-MM (2026-11).</summary>
    Month,

    /// <summary>A calendar quarter written YYYY-Qn (2026-Q4).</summary>
    Quarter,
}

/// <summary>
/// What a value must be, as data beside a <see cref="ValidationException"/>'s English message: a page says it in its reader's
/// language ("weeks は 1〜26 の整数で…") instead of "could not be read".
/// </summary>
public sealed record ValueRule(ValueRuleKind Kind, string? Low = null, string? High = null)
{
    public static ValueRule WholeNumber(int min, int max) =>
        new(ValueRuleKind.WholeNumber, min.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture));

    public static ValueRule Date() => new(ValueRuleKind.Date);

    public static ValueRule DateBetween(DateOnly first, DateOnly last) =>
        new(ValueRuleKind.DateBetween, first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public static ValueRule DaysAtMost(int days) => new(ValueRuleKind.DaysAtMost, High: days.ToString(CultureInfo.InvariantCulture));

    public static ValueRule NotAfter(string other) => new(ValueRuleKind.NotAfter, High: other);

    public static ValueRule OneOf(params string[] values) => new(ValueRuleKind.OneOf, Low: string.Join(", ", values));

    public static ValueRule Month() => new(ValueRuleKind.Month);

    public static ValueRule Quarter() => new(ValueRuleKind.Quarter);

    public static ValueRule Name(int maxLength) => new(ValueRuleKind.Name, High: maxLength.ToString(CultureInfo.InvariantCulture));
}
