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
        Assert.Equal(until is { } d ? new DateOnly(2026, 12, d) : null, LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, day), Japan)?.LastDay);
    }

    /// <summary>
    /// Trial 59: leave of a member in San Francisco (24–25 Dec, hers) is read in the team's dates it touches, 24–26 December in Tokyo,
    /// with the team's zone; a member in the team's zone reads as entered.
    /// </summary>
    [Fact]
    public async Task AwayUntilAsync_MemberAbroad_ReadInTheTeamsDatesHerLeaveTouches()
    {
        var roster = new OnDuty.Core.Tests.Fakes.InMemoryRoster();
        var tokyo = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");
        await roster.SaveMemberAsync(new Member { Id = "emma", DisplayName = "Emma Clarke", Email = "emma@example.com", TimeZone = "America/Los_Angeles" }, null, default);
        await roster.SaveMemberAsync(new Member { Id = "sato", DisplayName = "佐藤 健", Email = "sato@example.com", TimeZone = "Asia/Tokyo" }, null, default);
        foreach (var id in new[] { "emma", "sato" })
        {
            await roster.AddLeaveAsync(new Leave { Id = "l", MemberId = id, From = new DateOnly(2026, 12, 24), To = new DateOnly(2026, 12, 25) }, default);
        }

        // 26 December in Tokyo, 00:00–17:00, is still her 25th.
        Assert.Equal(new DateOnly(2026, 12, 26), (await roster.AwayUntilAsync("emma", new DateOnly(2026, 12, 26), null, default, tokyo))?.LastDay);
        Assert.Null(await roster.AwayUntilAsync("sato", new DateOnly(2026, 12, 26), null, default, tokyo));
        Assert.Equal(new DateOnly(2026, 12, 25), (await roster.AwayUntilAsync("sato", new DateOnly(2026, 12, 24), null, default, tokyo))?.LastDay);
    }

    /// <summary>
    /// Trial 61: read at the instant, Emma (San Francisco, leave 24–25 Dec as she reads her dates) is away until 26 Dec 00:00 PST,
    /// 17:00 JST — at 16:00 JST on the 26th she is, at 18:00 she is not (before: the whole Tokyo day 26 read as leave) — and the
    /// absence carries that instant for the texts. With the team's calendar her weekend follows (Sat 26, Sun 27 in her dates): she is
    /// back on her Monday, 28 Dec 00:00 PST = 17:00 JST. A member in the team's zone reads as before, with no instants.
    /// </summary>
    [Fact]
    public async Task AwayUntilAsync_MemberAbroadReadAtAnInstant_AwayWhileHerOwnDaysHold()
    {
        var roster = new OnDuty.Core.Tests.Fakes.InMemoryRoster();
        var tokyo = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");
        await roster.SaveMemberAsync(new Member { Id = "emma", DisplayName = "Emma Clarke", Email = "emma@example.com", TimeZone = "America/Los_Angeles" }, null, default);
        await roster.SaveMemberAsync(new Member { Id = "sato", DisplayName = "佐藤 健", Email = "sato@example.com", TimeZone = "Asia/Tokyo" }, null, default);
        foreach (var id in new[] { "emma", "sato" })
        {
            await roster.AddLeaveAsync(new Leave { Id = "l", MemberId = id, From = new DateOnly(2026, 12, 24), To = new DateOnly(2026, 12, 25) }, default);
        }

        var jst = TimeSpan.FromHours(9);
        var ends = new DateTimeOffset(2026, 12, 26, 17, 0, 0, jst);
        Task<LeaveAbsence?> At(string id, int hour, WorkingCalendar? calendar = null) =>
            roster.AwayUntilAsync(id, new DateOnly(2026, 12, 26), calendar, default, tokyo, at: new DateTimeOffset(2026, 12, 26, hour, 0, 0, jst));

        var at16 = await At("emma", 16);
        Assert.Equal(ends, at16?.Abroad?.Ends);
        Assert.False(at16?.LastDayPassed);
        Assert.Null(await At("emma", 17));
        Assert.Null(await At("emma", 18));
        Assert.Null(await roster.AwayUntilAsync("emma", new DateOnly(2026, 12, 24), null, default, tokyo, at: new DateTimeOffset(2026, 12, 24, 16, 0, 0, jst)));
        Assert.NotNull(await roster.AwayUntilAsync("emma", new DateOnly(2026, 12, 24), null, default, tokyo, at: new DateTimeOffset(2026, 12, 24, 17, 0, 0, jst)));

        var weekend = await At("emma", 18, Japan);
        Assert.True(weekend?.LastDayPassed);
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 17, 0, 0, jst), weekend?.Abroad?.Back);

        Assert.Null(await At("sato", 16));
        var sato = await roster.AwayUntilAsync("sato", new DateOnly(2026, 12, 25), null, default, tokyo, at: new DateTimeOffset(2026, 12, 25, 23, 0, 0, jst));
        Assert.Equal(new DateOnly(2026, 12, 25), sato?.LastDay);
        Assert.Null(sato?.Abroad);
    }

    [Fact]
    public void AwayUntil_TheWeekendAfterLeaveToAFriday_StillAwayWithTheCalendar_NotWithout()
    {
        Assert.Equal(new DateOnly(2026, 12, 18), LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 19), Japan)?.LastDay);
        Assert.Equal(new DateOnly(2026, 12, 18), LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 20), Japan)?.LastDay);
        Assert.Null(LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 19), null)?.LastDay);
    }

    [Fact]
    public void AwayUntil_LeaveEnteredBackToBackOrAcrossAWeekend_ReadsAsOne()
    {
        // 7–11 then 14–18 (12 and 13 a weekend); and 14–18 then 19–22 entered the next day.
        Assert.Equal(new DateOnly(2026, 12, 18), LeaveLookup.AwayUntil([Leave(14, 18), Leave(7, 11)], new DateOnly(2026, 12, 9), Japan)?.LastDay);
        Assert.Equal(new DateOnly(2026, 12, 11), LeaveLookup.AwayUntil([Leave(14, 18), Leave(7, 11)], new DateOnly(2026, 12, 9), null)?.LastDay);
        Assert.Equal(new DateOnly(2026, 12, 22), LeaveLookup.AwayUntil([Leave(14, 18), Leave(19, 22)], new DateOnly(2026, 12, 15), null)?.LastDay);
        // A working day between: another absence.
        Assert.Equal(new DateOnly(2026, 12, 10), LeaveLookup.AwayUntil([Leave(7, 10), Leave(14, 18)], new DateOnly(2026, 12, 8), Japan)?.LastDay);
    }

    /// <summary>
    /// The first working day back beside the last day (trial 57): on the weekend after leave to Friday 18 Dec the texts say she is back on
    /// Monday 21, not 「18日(金)まで休暇中」 as if she were back already; within the leave they say until when.
    /// </summary>
    [Fact]
    public void AwayUntil_BackOnTheFirstWorkingDayAfter_LastDayPassedOnlyOnTheDaysAfterIt()
    {
        var within = LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 18), Japan)!.Value;
        Assert.Equal((new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 21), false), (within.LastDay, within.BackOn, within.LastDayPassed));
        var saturday = LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 19), Japan)!.Value;
        Assert.Equal((new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 21), true), (saturday.LastDay, saturday.BackOn, saturday.LastDayPassed));
        // Leave to the last working day before the year-end closure: back on the first working day of the new year.
        var closure = new WorkingCalendar("JP", [new ClosureOptions { Name = "年末年始休業", From = new DateOnly(2026, 12, 29), To = new DateOnly(2027, 1, 3) }]);
        Assert.Equal(new DateOnly(2027, 1, 4), LeaveLookup.AwayUntil([Leave(21, 28)], new DateOnly(2026, 12, 30), closure)!.Value.BackOn);
        // Without a calendar: the next day.
        Assert.Equal(new DateOnly(2026, 12, 19), LeaveLookup.AwayUntil([Leave(7, 18)], new DateOnly(2026, 12, 18), null)!.Value.BackOn);
    }
}
