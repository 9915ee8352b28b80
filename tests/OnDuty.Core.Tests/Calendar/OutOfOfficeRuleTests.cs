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

    [Fact]
    public void OutOfOfficeShare_NothingOutOfOffice_Zero()
    {
        Assert.Equal(0, OutOfOfficeRule.OutOfOfficeShare(Monday, Sunday, Tokyo, Nine, Six, []));
    }
}
