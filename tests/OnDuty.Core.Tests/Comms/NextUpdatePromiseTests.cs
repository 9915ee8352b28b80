using OnDuty.Core.Comms;
using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Comms;

public sealed class NextUpdatePromiseTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZones.Find("Asia/Tokyo");

    private static DateTimeOffset Jst(int hour, int minute, int second = 0) => new(2026, 12, 1, hour, minute, second, TimeSpan.FromHours(9));

    [Theory]
    [InlineData(11, 33, 0, 30, 12, 5)] // 12:03 → 12:05
    [InlineData(11, 35, 0, 30, 12, 5)] // on the mark: kept
    [InlineData(11, 35, 1, 30, 12, 10)] // a second past it: the next mark
    [InlineData(11, 3, 0, 60, 12, 10)] // an hour or more: to 10 minutes
    [InlineData(11, 0, 0, 60, 12, 0)]
    [InlineData(8, 1, 0, 240, 12, 10)]
    public void Default_RoundsUpTheIntervalFromTheUpdate(int hour, int minute, int second, int intervalMinutes, int toHour, int toMinute)
    {
        Assert.Equal(Jst(toHour, toMinute), NextUpdatePromise.Default(Jst(hour, minute, second), TimeSpan.FromMinutes(intervalMinutes), Tokyo));
    }

    [Fact]
    public void Default_RoundsOnTheTeamsClock_NotUtc()
    {
        // Kathmandu is UTC+05:45: 12:03 there is 06:18 UTC; rounded to 10 minutes on its clock it is 12:10, not 06:20 UTC (12:05).
        var kathmandu = TimeZones.Find("Asia/Kathmandu");
        var at = new DateTimeOffset(2026, 12, 1, 11, 3, 0, TimeSpan.FromMinutes(345));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 10, 0, TimeSpan.FromMinutes(345)), NextUpdatePromise.Default(at, TimeSpan.FromHours(1), kathmandu));
    }

    [Fact]
    public void Told_APromiseAfterTheUpdateWins_ElseTheDefault_ElseNone()
    {
        var update = Jst(11, 3);
        Assert.Equal(Jst(13, 0), NextUpdatePromise.Told(update, Jst(13, 0), TimeSpan.FromMinutes(30), Tokyo));
        Assert.Equal(Jst(11, 35), NextUpdatePromise.Told(update, Jst(11, 0), TimeSpan.FromMinutes(30), Tokyo)); // an older promise: not this update's
        Assert.Null(NextUpdatePromise.Told(update, null, null, Tokyo));
    }
}
