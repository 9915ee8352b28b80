using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The duty report's fairness rule: the most at least twice the others' mean and at least two more, among those on duty.</summary>
public sealed class DutyFairnessTests
{
    private static MemberDuty Duty(string id, int holidays, int outOfHours = 0, int days = 8) =>
        new(id, id, true, days, holidays, days * 24, outOfHours, outOfHours, 0);

    [Fact]
    public void Of_FourHolidayDaysAgainstOneAndTwo_NamesTheMemberWithTheOthersMean()
    {
        var sato = Duty("sato", 4);

        var skew = Assert.Single(DutyFairness.Of([Duty("emma", 2), sato, Duty("tanaka", 1)]));

        Assert.Equal(new DutySkew(DutySkewMeasure.HolidayDutyDays, sato, 4, 1.5), skew);
    }

    [Theory]
    [InlineData(3, 2, 1)]   // 3 against a mean of 1.5: twice, but only 1.5 more
    [InlineData(5, 3, 3)]   // 2 more, not twice
    [InlineData(4, 4, 0)]   // a tie for the most is no one member's
    [InlineData(1, 0, 0)]   // 1 more than nothing: one weekend is no pattern
    public void Of_SpreadWithinTheRule_NoSkew(int most, int second, int third) =>
        Assert.Empty(DutyFairness.Of([Duty("sato", most), Duty("emma", second), Duty("tanaka", third)]));

    [Fact]
    public void Of_TwoAgainstNothing_IsTwiceAndTwoMore()
    {
        Assert.Equal(2, Assert.Single(DutyFairness.Of([Duty("sato", 2), Duty("emma", 0)])).Count);
    }

    [Fact]
    public void Of_PagesOutOfHours_CountedByTheSameRule_AfterHolidays()
    {
        var skews = DutyFairness.Of([Duty("sato", 4, outOfHours: 1), Duty("emma", 1, outOfHours: 6), Duty("tanaka", 1, outOfHours: 2)]);

        Assert.Equal([(DutySkewMeasure.HolidayDutyDays, "sato", 4, 1.0), (DutySkewMeasure.PagesOutOfHours, "emma", 6, 1.5)],
            skews.Select(s => (s.Measure, s.Member.MemberId, s.Count, s.OthersMean)));
    }

    [Fact]
    public void Of_MembersWithoutDutyDays_AreNotTheOthers_AndOneOnDutyIsNoComparison()
    {
        // A member paged while off duty (no duty days) does not lower the others' mean, and one member alone has no one to compare with.
        Assert.Empty(DutyFairness.Of([Duty("sato", 4), Duty("ito", 0, days: 0), Duty("liam", 0, days: 0)]));
    }

    [Fact]
    public void PagesOutOfHoursOf_LoadReport_SameRuleOverThoseWhoServed()
    {
        static MemberLoad Load(string id, int pages, double served = 4) => new(id, id, true, (int)served, 0, pages, 0, 0) { DutyWeeksServed = served };

        // 3 against 2 and 1: twice the mean, only 1.5 more; the load page's own rule (at least 3, twice the average) named it.
        Assert.Null(DutyFairness.PagesOutOfHoursOf([Load("sato", 3), Load("emma", 2), Load("tanaka", 1)]));
        // A tie for the most is no one's.
        Assert.Null(DutyFairness.PagesOutOfHoursOf([Load("sato", 4), Load("emma", 4), Load("tanaka", 0)]));
        // 2 against nothing, and a member who served no duty is not among the others.
        var sato = Load("sato", 2);
        Assert.Equal((sato, 2, 0.0), DutyFairness.PagesOutOfHoursOf([sato, Load("emma", 0), Load("ito", 0, served: 0)]));
        Assert.Null(DutyFairness.PagesOutOfHoursOf([Load("sato", 3), Load("emma", 2), Load("ito", 0, served: 0)]));
    }
}
