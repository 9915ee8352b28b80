using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Team;

/// <summary>Leave's days split at today in the team's zone, and the duty page's address form of them.</summary>
public sealed class LeaveDaysTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    // Tuesday 12 Jan 2027 23:30 UTC is Wednesday 13 Jan 08:30 in Tokyo: today is the 13th there.
    private static readonly DateTimeOffset Now = new(2027, 1, 12, 23, 30, 0, TimeSpan.Zero);

    [Fact]
    public void At_SplitsAtTodayInTheTeamsZone()
    {
        var monTue = LeaveDays.At(new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12), Now, Tokyo);
        var monFri = LeaveDays.At(new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 15), Now, Tokyo);
        var today = LeaveDays.At(new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 13), Now, Tokyo);

        Assert.Equal((true, (new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12)), ((DateOnly, DateOnly)?)null), (monTue.AllPast, monTue.Past, monTue.Coming));
        Assert.Equal((false, (new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12)), (new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 15))), (monFri.AllPast, monFri.Past, monFri.Coming));
        Assert.Equal((false, ((DateOnly, DateOnly)?)null, (new DateOnly(2027, 1, 13), new DateOnly(2027, 1, 13))), (today.AllPast, today.Past, today.Coming));
        Assert.Empty(today.Notes);
        // In UTC it is still the 12th: Tuesday is today there, not past.
        Assert.False(LeaveDays.At(new DateOnly(2027, 1, 11), new DateOnly(2027, 1, 12), Now, TimeZoneInfo.Utc).AllPast);
    }

    [Theory]
    [InlineData("2027-01-11..2027-01-12", true)]
    [InlineData("2027-01-11..2027-01-11", true)]
    [InlineData("2027-01-12..2027-01-11", false)]
    [InlineData("2027-1-11..2027-01-12", false)]
    [InlineData("2027-01-11", false)]
    [InlineData("<b>..</b>", false)]
    [InlineData("", false)]
    public void Parse_ReadsOnlyWhatFormatWrites(string text, bool read)
    {
        var days = LeaveDays.Parse(text);

        Assert.Equal(read, days is not null);
        if (days is { } d)
        {
            Assert.Equal(text, LeaveDays.Format(d));
        }
    }
}
