using System.Globalization;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Tests.Rotations;

public class DutyCalendarTests
{
    private static readonly DateOnly Monday = new(2026, 1, 5);

    [Theory]
    [InlineData("2026-12-28", "2026-W53")]
    [InlineData("2027-01-01", "2026-W53")]
    [InlineData("2027-01-03", "2026-W53")]
    [InlineData("2027-01-04", "2027-W01")]
    [InlineData("2024-12-30", "2025-W01")]
    [InlineData("2021-01-03", "2020-W53")]
    [InlineData("2026-01-05", "2026-W02")]
    public void IsoWeekLabel_AroundYearBoundaries_MatchesIsoWeek(string date, string expected)
    {
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        var label = DutyCalendar.IsoWeekLabel(day);

        Assert.Equal(expected, label);
        var dateTime = day.ToDateTime(TimeOnly.MinValue);
        Assert.Equal($"{ISOWeek.GetYear(dateTime)}-W{ISOWeek.GetWeekOfYear(dateTime):00}", label);
    }

    [Fact]
    public void WeekLabel_ShiftAcrossNewYear_UsesIsoYear()
    {
        var sut = CreateSut(new DateOnly(2026, 12, 14));

        Assert.Equal(["2026-W51", "2026-W52", "2026-W53", "2027-W01"], Enumerable.Range(0, 4).Select(sut.WeekLabel));
    }

    [Fact]
    public void ShiftIndexAt_AroundHandoffInTokyo_SwitchesExactlyAtHandoff()
    {
        var sut = CreateSut(Monday);
        var firstHandoff = new DateTimeOffset(2026, 1, 5, 1, 0, 0, TimeSpan.Zero); // 10:00 JST
        var secondHandoff = firstHandoff.AddDays(7);

        Assert.Equal(firstHandoff, sut.ShiftStartsAt(0));
        Assert.Equal(secondHandoff, sut.ShiftEndsAt(0));
        Assert.Equal(-1, sut.ShiftIndexAt(firstHandoff.AddTicks(-1)));
        Assert.Equal(0, sut.ShiftIndexAt(firstHandoff));
        Assert.Equal(0, sut.ShiftIndexAt(secondHandoff.AddTicks(-1)));
        Assert.Equal(1, sut.ShiftIndexAt(secondHandoff));
        Assert.Equal(1, sut.ShiftIndexAt(secondHandoff.AddMinutes(1)));

        // 09:59 JST on a handoff Monday, given with a UTC offset that puts it on the previous local day elsewhere.
        Assert.Equal(0, sut.ShiftIndexAt(new DateTimeOffset(2026, 1, 11, 16, 59, 0, TimeSpan.FromHours(-8))));
    }

    [Fact]
    public void ShiftStartsAt_NewYorkAcrossDstStartAndEnd_KeepsLocalHandoffHour()
    {
        var sut = CreateSut(new DateOnly(2026, 3, 2), "America/New_York");
        var zone = TimeZones.Find("America/New_York");

        // DST starts 2026-03-08 and ends 2026-11-01.
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 15, 0, 0, TimeSpan.Zero), sut.ShiftStartsAt(0));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 14, 0, 0, TimeSpan.Zero), sut.ShiftStartsAt(1));
        Assert.Equal(new DateTimeOffset(2026, 10, 26, 14, 0, 0, TimeSpan.Zero), sut.ShiftStartsAt(34));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 15, 0, 0, TimeSpan.Zero), sut.ShiftStartsAt(35));
        Assert.All(Enumerable.Range(0, 52), k =>
        {
            var local = TimeZoneInfo.ConvertTime(sut.ShiftStartsAt(k), zone);
            Assert.Equal(new TimeOnly(10, 0), TimeOnly.FromDateTime(local.DateTime));
            Assert.Equal(sut.ShiftStartDate(k), DateOnly.FromDateTime(local.DateTime));
        });

        // The week DST starts is an hour short; the week it ends an hour long.
        Assert.Equal(TimeSpan.FromHours(167), sut.ShiftEndsAt(0) - sut.ShiftStartsAt(0));
        Assert.Equal(TimeSpan.FromHours(169), sut.ShiftEndsAt(34) - sut.ShiftStartsAt(34));
    }

    [Fact]
    public void ShiftStartsAt_HandoffInSpringForwardGap_MovesForwardByTheGap()
    {
        // Berlin skips 02:00-03:00 on Sunday 2026-03-29; a 02:30 handoff happens at 03:30 CEST.
        var sut = CreateSut(new DateOnly(2026, 3, 22), "Europe/Berlin", DayOfWeek.Sunday, new TimeOnly(2, 30));
        var zone = TimeZones.Find("Europe/Berlin");

        var handoff = sut.ShiftStartsAt(1);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero), handoff.ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 30, 0, TimeSpan.FromHours(2)), TimeZoneInfo.ConvertTime(handoff, zone));
        Assert.Equal(TimeSpan.FromHours(2), handoff.Offset);
        Assert.Equal(0, sut.ShiftIndexAt(handoff.AddTicks(-1)));
        Assert.Equal(1, sut.ShiftIndexAt(handoff));
        Assert.Equal(new DateTimeOffset(2026, 4, 5, 0, 30, 0, TimeSpan.Zero), sut.ShiftStartsAt(2).ToUniversalTime());
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-01", "02:30", "2026-03-08T07:30:00Z", "03:30")]
    [InlineData("Australia/Lord_Howe", "2026-09-27", "02:15", "2026-10-03T15:45:00Z", "02:45")]
    [InlineData("Europe/Berlin", "2026-03-22", "02:00", "2026-03-29T01:00:00Z", "03:00")]
    public void ShiftStartsAt_GapOfAnyLength_MovesForwardByTheGap(string timeZone, string start, string handoff, string expectedUtc, string expectedLocal)
    {
        var startDate = DateOnly.ParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sut = CreateSut(startDate, timeZone, DayOfWeek.Sunday, TimeOnly.ParseExact(handoff, "HH:mm", CultureInfo.InvariantCulture));

        var instant = sut.ShiftStartsAt(1);

        Assert.Equal(DateTimeOffset.Parse(expectedUtc, CultureInfo.InvariantCulture), instant);
        var local = TimeZoneInfo.ConvertTime(instant, TimeZones.Find(timeZone));
        Assert.Equal(expectedLocal, local.ToString("HH:mm", CultureInfo.InvariantCulture));
        Assert.Equal(local.Offset, instant.Offset);
    }

    [Fact]
    public void ShiftStartsAt_HandoffInFallBackOverlap_TakesFirstOccurrence()
    {
        // Berlin repeats 02:00-03:00 on Sunday 2026-10-25; 02:30 happens first at CEST (+02:00).
        var sut = CreateSut(new DateOnly(2026, 10, 18), "Europe/Berlin", DayOfWeek.Sunday, new TimeOnly(2, 30));

        var handoff = sut.ShiftStartsAt(1);

        Assert.Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), handoff.ToUniversalTime());
        Assert.Equal(TimeSpan.FromHours(2), handoff.Offset);
        Assert.Equal(0, sut.ShiftIndexAt(handoff.AddTicks(-1)));
        Assert.Equal(1, sut.ShiftIndexAt(handoff));
        Assert.Equal(1, sut.ShiftIndexAt(handoff.AddHours(1))); // the second 02:30
    }

    [Fact]
    public void ShiftIndexAt_BerlinWeekdayHandoffAcrossDst_LocalHourStaysTen()
    {
        var sut = CreateSut(new DateOnly(2026, 3, 23), "Europe/Berlin");

        Assert.Equal(new DateTimeOffset(2026, 3, 23, 9, 0, 0, TimeSpan.Zero), sut.ShiftStartsAt(0).ToUniversalTime());
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero), sut.ShiftStartsAt(1).ToUniversalTime());
        Assert.Equal(0, sut.ShiftIndexAt(new DateTimeOffset(2026, 3, 30, 7, 59, 59, TimeSpan.Zero)));
        Assert.Equal(1, sut.ShiftIndexAt(new DateTimeOffset(2026, 3, 30, 8, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void MultiWeekShifts_DatesAndIndexesSpanTheWholeShift()
    {
        var sut = CreateSut(Monday, shiftWeeks: 2);

        Assert.Equal(14, sut.ShiftDays);
        Assert.Equal(new DateOnly(2026, 1, 18), sut.ShiftEndDate(0));
        Assert.Equal(new DateOnly(2026, 2, 16), sut.ShiftStartDate(3));
        Assert.Equal(1, sut.IndexOfStartDate(new DateOnly(2026, 1, 19)));
        Assert.Null(sut.IndexOfStartDate(new DateOnly(2026, 1, 12)));
        Assert.Equal(0, sut.ShiftIndexAt(new DateTimeOffset(2026, 1, 12, 10, 0, 0, TimeSpan.FromHours(9))));
        Assert.Equal(1, sut.ShiftIndexAt(new DateTimeOffset(2026, 1, 19, 10, 0, 0, TimeSpan.FromHours(9))));
        Assert.Equal(1, sut.FirstIndexOnOrAfter(new DateOnly(2026, 1, 6)));
        Assert.Equal(1, sut.FirstIndexOnOrAfter(new DateOnly(2026, 1, 19)));
        Assert.Equal(2, sut.FirstIndexOnOrAfter(new DateOnly(2026, 1, 20)));
        Assert.Equal("2026-W04", sut.WeekLabel(1));
    }

    [Fact]
    public void Indexes_BeforeTheStart_AreNegative()
    {
        var sut = CreateSut(Monday);

        Assert.Equal(new DateOnly(2025, 12, 29), sut.ShiftStartDate(-1));
        Assert.Equal(-1, sut.IndexOfStartDate(new DateOnly(2025, 12, 29)));
        Assert.Null(sut.IndexOfStartDate(new DateOnly(2026, 1, 2)));
        Assert.Equal(-1, sut.FirstIndexOnOrAfter(new DateOnly(2025, 12, 26)));
        Assert.Equal(0, sut.FirstIndexOnOrAfter(new DateOnly(2026, 1, 2)));
        Assert.Equal(-2, sut.ShiftIndexAt(new DateTimeOffset(2025, 12, 26, 12, 0, 0, TimeSpan.FromHours(9))));
        Assert.Equal(-1, sut.ShiftIndexAt(new DateTimeOffset(2026, 1, 5, 9, 59, 0, TimeSpan.FromHours(9))));
    }

    [Fact]
    public void Constructor_ZeroWeekShifts_ThrowsValidationException()
    {
        var error = Assert.Throws<ValidationException>(() => CreateSut(Monday, shiftWeeks: 0));

        Assert.Equal(["shiftWeeks"], error.Errors.Keys);
    }

    private static DutyCalendar CreateSut(
        DateOnly start,
        string timeZone = "Asia/Tokyo",
        DayOfWeek? handoffDay = null,
        TimeOnly? handoffTime = null,
        int shiftWeeks = 1) => new(new Rotation
        {
            Id = "incident-duty",
            Name = "Incident duty",
            StartDate = start,
            TimeZone = timeZone,
            HandoffDay = handoffDay ?? start.DayOfWeek,
            HandoffTime = handoffTime ?? new TimeOnly(10, 0),
            ShiftWeeks = shiftWeeks,
        });
}
