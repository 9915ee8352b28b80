using OnDuty.Core.Calendar;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Team;

/// <summary>
/// Whether a member is away on a day, and to when (trial 56: 鈴木's leave 7–18 Dec 2026, a Monday to a Friday). Leave to a Friday holds
/// over the weekend with the team's calendar, and leave entered back to back reads as one.
/// </summary>
public sealed class LeaveLookupTests
{
    private static readonly WorkingCalendar Japan = new("JP", []);

    private static Leave Leave(int fromDay, int toDay, int month = 12) =>
        new() { Id = $"{month}-{fromDay}", MemberId = "suzuki", From = new DateOnly(2026, month, fromDay), To = new DateOnly(2026, month, toDay) };

    [Theory]
    [InlineData(6, null)]
    [InlineData(7, 18)]
    [InlineData(18, 18)]
    [InlineData(21, null)]
    public void AwayUntil_DuringAndAroundTheLeave_ItsLastDayOrNull(int day, int? until)
    {
        Assert.Equal(until is { } d ? new DateOnly(2026, 12, d) : null, LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, day), Japan));
    }

    [Fact]
    public void AwayUntil_TheWeekendAfterLeaveToAFriday_StillAwayWithTheCalendar_NotWithout()
    {
        Assert.Equal(new DateOnly(2026, 12, 18), LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 19), Japan));
        Assert.Equal(new DateOnly(2026, 12, 18), LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 20), Japan));
        Assert.Null(LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 19), null));
    }

    [Fact]
    public void AwayUntil_LeaveEnteredBackToBackOrAcrossAWeekend_ReadsAsOne()
    {
        // 7–11 then 14–18 (12 and 13 a weekend); and 14–18 then 19–22 entered the next day.
        Assert.Equal(new DateOnly(2026, 12, 18), LeaveLookup.AwayUntil([Leave(14, 18), Leave(7, 11)], new DateOnly(2026, 12, 9), Japan));
        Assert.Equal(new DateOnly(2026, 12, 11), LeaveLookup.AwayUntil([Leave(14, 18), Leave(7, 11)], new DateOnly(2026, 12, 9), null));
        Assert.Equal(new DateOnly(2026, 12, 22), LeaveLookup.AwayUntil([Leave(14, 18), Leave(19, 22)], new DateOnly(2026, 12, 15), null));
        // A working day between: another absence.
        Assert.Equal(new DateOnly(2026, 12, 10), LeaveLookup.AwayUntil([Leave(7, 10), Leave(14, 18)], new DateOnly(2026, 12, 8), Japan));
    }
}
