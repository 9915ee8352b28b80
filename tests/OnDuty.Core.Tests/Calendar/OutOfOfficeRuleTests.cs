using OnDuty.Core.Calendar;

namespace OnDuty.Core.Tests.Calendar;

public sealed class OutOfOfficeRuleTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly DateOnly Monday = new(2026, 12, 7);
    private static readonly DateOnly Sunday = new(2026, 12, 13);
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly TimeOnly Six = new(18, 0);

    private static DateTimeOffset TokyoAt(int day, int hour) => new(2026, 12, day, hour, 0, 0, TimeSpan.FromHours(9));

    [Fact]
    public void OutOfOfficeShare_WholeWeekOutOfOffice_One()
    {
        var share = OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six, [new TimeRange(TokyoAt(6, 0), TokyoAt(14, 0))]);

        Assert.Equal(1, share, 6);
    }

    [Fact]
    public void OutOfOfficeShare_MondayToThursday_EightyPercentCountsAtTheDefaultThreshold()
    {
        var share = OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six, [new TimeRange(TokyoAt(7, 0), TokyoAt(11, 0))]);

        Assert.Equal(0.8, share, 6);
        Assert.True(OutOfOfficeRule.CountsAsLeave(share, 0.8));
        Assert.False(OutOfOfficeRule.CountsAsLeave(share, 0.81));
    }

    [Fact]
    public void OutOfOfficeShare_WeekendOnly_Zero()
    {
        var share = OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six, [new TimeRange(TokyoAt(12, 0), TokyoAt(14, 0))]);

        Assert.Equal(0, share);
    }

    [Fact]
    public void OutOfOfficeShare_OverlappingBlocks_CountOnce()
    {
        var share = OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six,
        [
            new TimeRange(TokyoAt(7, 0), TokyoAt(9, 0)),
            new TimeRange(TokyoAt(8, 0), TokyoAt(9, 0)),
            new TimeRange(TokyoAt(7, 12), TokyoAt(7, 15)),
        ]);

        Assert.Equal(0.4, share, 6);
    }

    [Fact]
    public void OutOfOfficeShare_InUtcButTheMemberIsInTokyo_MeasuredInTheirWorkingHours()
    {
        // 00:00-09:00 UTC Monday is 09:00-18:00 in Tokyo: one full working day of five.
        var share = OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six,
            [new TimeRange(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero))]);

        Assert.Equal(0.2, share, 6);
    }

    /// <summary>
    /// The week from Monday 2026-12-28 with the year-end closure from Tuesday: its working hours are Monday's. Out of office over the
    /// closure only is none of them; out from Monday is all of them. Without the team's calendar the closure counted as four working days.
    /// </summary>
    [Fact]
    public void OutOfOfficeShare_WithTheTeamsCalendar_ClosureAndHolidayDaysAreNotWorkingHours()
    {
        var calendar = new WorkingCalendar("JP", [new ClosureOptions { From = new DateOnly(2026, 12, 29), To = new DateOnly(2027, 1, 3), Name = "年末年始休業" }]);
        var (monday, sunday) = (new DateOnly(2026, 12, 28), new DateOnly(2027, 1, 3));
        TimeRange Out(int day) => new(new DateTimeOffset(2026, 12, day, 0, 0, 0, TimeSpan.FromHours(9)), new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.FromHours(9)));

        Assert.Equal(0.8, OutOfOfficeRule.OutOfOfficeShare(monday, sunday, Tokyo, Nine, Six, [Out(29)]), 6);
        Assert.Equal(0, OutOfOfficeRule.OutOfOfficeShare(monday, sunday, Tokyo, Nine, Six, [Out(29)], calendar));
        Assert.Equal(1, OutOfOfficeRule.OutOfOfficeShare(monday, sunday, Tokyo, Nine, Six, [Out(28)], calendar));
    }

    [Fact]
    public void OutOfOfficeShare_NothingOutOfOffice_Zero()
    {
        Assert.Equal(0, OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six, []));
    }
}
