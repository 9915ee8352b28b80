using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The duty report page's <c>?month=</c> and <c>?quarter=</c>: read, written back, and refused with the value named.</summary>
public sealed class DutyPeriodTests
{
    [Theory]
    [InlineData("2026-11", null, "2026-11-01", "2026-11-30", "month=2026-11")]
    [InlineData("2028-02", null, "2028-02-01", "2028-02-29", "month=2028-02")]
    [InlineData(null, "2026-Q4", "2026-10-01", "2026-12-31", "quarter=2026-Q4")]
    [InlineData(null, "2027-q1", "2027-01-01", "2027-03-31", "quarter=2027-Q1")]
    public void Parse_MonthOrQuarter_TheirDaysAndTheirQuery(string? month, string? quarter, string first, string last, string query)
    {
        var period = DutyPeriod.Parse(month, quarter)!;

        Assert.Equal((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture), query),
            (period.First, period.Last, period.Query));
    }

    [Fact]
    public void Parse_Neither_Null() => Assert.Null(DutyPeriod.Parse(null, ""));

    [Theory]
    [InlineData("2026-13", null, "month", ValueRuleKind.Month)]
    [InlineData("2026-1", null, "month", ValueRuleKind.Month)]
    [InlineData("1999-12", null, "month", ValueRuleKind.Month)]
    [InlineData("<b>", null, "month", ValueRuleKind.Month)]
    [InlineData(null, "2026-Q5", "quarter", ValueRuleKind.Quarter)]
    [InlineData(null, "2026Q4", "quarter", ValueRuleKind.Quarter)]
    [InlineData(null, "+026-Q4", "quarter", ValueRuleKind.Quarter)]
    public void Parse_Unreadable_400NamingTheValueWithItsRule(string? month, string? quarter, string field, ValueRuleKind rule)
    {
        var ex = Assert.Throws<ValidationException>(() => DutyPeriod.Parse(month, quarter));

        Assert.Equal([field], ex.Errors.Keys);
        Assert.Equal(rule, ex.Rules[field].Kind);
    }

    [Fact]
    public void Parse_Both_400NamingQuarter() =>
        Assert.Equal(["quarter"], Assert.Throws<ValidationException>(() => DutyPeriod.Parse("2026-11", "2026-Q4")).Errors.Keys);
}
