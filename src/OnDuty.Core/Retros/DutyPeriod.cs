using System.Globalization;
using OnDuty.Core.Common;

namespace OnDuty.Core.Retros;

/// <summary>
/// The days a duty report page is asked for by name: a month (<c>?month=2026-11</c>) or a calendar quarter (<c>?quarter=2026-Q4</c>),
/// what payroll closes and what a lead reviews. <see cref="Query"/> writes one back.
/// </summary>
public sealed record DutyPeriod(DateOnly First, DateOnly Last)
{
    public const string MonthParameter = "month";

    public const string QuarterParameter = "quarter";

    /// <summary>
    /// The period asked for: <paramref name="month"/> or <paramref name="quarter"/> (not both); null when neither is. A 400 naming the
    /// value that cannot be read (a year from <see cref="ReportRange.Earliest"/> to <see cref="ReportRange.Latest"/>).
    /// </summary>
    public static DutyPeriod? Parse(string? month, string? quarter)
    {
        var (hasMonth, hasQuarter) = (!string.IsNullOrEmpty(month), !string.IsNullOrEmpty(quarter));
        if (hasMonth && hasQuarter)
        {
            throw new ValidationException(QuarterParameter, "give month or quarter, not both");
        }

        if (hasQuarter)
        {
            var q = quarter!.Trim();
            if (q.Length != 7 || q[4] != '-' || q[5] is not ('Q' or 'q') || q[6] is < '1' or > '4'
                || !int.TryParse(q.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) || !InYears(year))
            {
                throw Refused(QuarterParameter, "must be a quarter like 2026-Q4", ValueRule.Quarter());
            }

            var first = new DateOnly(year, ((q[6] - '1') * 3) + 1, 1);
            return new DutyPeriod(first, first.AddMonths(3).AddDays(-1));
        }

        if (hasMonth)
        {
            if (!DateOnly.TryParseExact(month!.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) || !InYears(first.Year))
            {
                throw Refused(MonthParameter, "must be a month like 2026-11", ValueRule.Month());
            }

            return Month(first);
        }

        return null;
    }

    /// <summary>The whole calendar month that <paramref name="day"/> is in.</summary>
    public static DutyPeriod Month(DateOnly day)
    {
        var first = new DateOnly(day.Year, day.Month, 1);
        return new DutyPeriod(first, first.AddMonths(1).AddDays(-1));
    }

    /// <summary>The whole calendar quarter that <paramref name="day"/> is in.</summary>
    public static DutyPeriod Quarter(DateOnly day)
    {
        var first = ReportRange.QuarterOf(day);
        return new DutyPeriod(first, first.AddMonths(3).AddDays(-1));
    }

    /// <summary>Whether the days are a whole calendar quarter (else a month, as <see cref="Parse"/> makes them).</summary>
    public bool IsQuarter => ReportRange.PeriodOf(First, Last) == ReportPeriod.Quarter;

    /// <summary><c>month=2026-11</c> or <c>quarter=2026-Q4</c>: the address's value that asks for these days again.</summary>
    public string Query => IsQuarter
        ? string.Create(CultureInfo.InvariantCulture, $"{QuarterParameter}={First.Year}-Q{((First.Month - 1) / 3) + 1}")
        : string.Create(CultureInfo.InvariantCulture, $"{MonthParameter}={First:yyyy-MM}");

    private static bool InYears(int year) => year >= ReportRange.Earliest.Year && year <= ReportRange.Latest.Year;

    private static ValidationException Refused(string field, string message, ValueRule rule) =>
        new(field, message) { Rules = new Dictionary<string, ValueRule> { [field] = rule } };
}
