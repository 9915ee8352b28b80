using OnDuty.Messages;
using OnDuty.Core.Calendar;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>Handoffs moved off non-working days: only instants move; indexes, start dates and week labels stay nominal.</summary>
public sealed class DutyCalendarHolidayTests
{
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private static readonly WorkingCalendar Japan = new("JP", [new ClosureOptions { From = new(2026, 12, 29), To = new(2027, 1, 3), Name = "年末年始" }]);

    private static DutyCalendar CreateSut(Rotation? rotation = null, IWorkingCalendar? calendar = null) =>
        new(rotation ?? TeamData.Rotation(), calendar ?? Japan);

    [Fact]
    public void ShiftStartsAt_MondayIsJapaneseHoliday_MovesToTuesdaySameTime()
    {
        var sut = CreateSut();

        // Shift 3 starts Monday 2026-11-23, 勤労感謝の日.
        Assert.Equal(new DateOnly(2026, 11, 23), sut.ShiftStartDate(3));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Tokyo), sut.ShiftStartsAt(3));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Tokyo), sut.ShiftEndsAt(2));
        Assert.Equal("2026-W48", sut.WeekLabel(3));
        var move = sut.HandoffMoveOf(3);
        Assert.NotNull(move);
        Assert.Equal(new DateOnly(2026, 11, 24), move.Date);
        Assert.Equal("勤労感謝の日", Assert.Single(move.Skipped).NameJa);
        Assert.Null(sut.HandoffMoveOf(4));
    }

    [Fact]
    public void MovedStarts_WeeksWhoseHandoffMoved_WithTheDayItHappens_OthersAndUnreadableLabelsLeftOut()
    {
        var sut = CreateSut();

        var moved = sut.MovedStarts(["2026-W48", "2026-W49", "2027-W02", "2026-W48", null, "not-a-week", "2020-W01"]);

        // 勤労感謝の日 (Mon 11/23) → Tue 11/24; 成人の日 (Mon 2027-01-11) → Tue 01-12; W49 is not moved; 2020 is before the rotation.
        Assert.Equal(new Dictionary<string, DateOnly> { ["2026-W48"] = new(2026, 11, 24), ["2027-W02"] = new(2027, 1, 12) }, moved);
    }

    [Fact]
    public void ShiftIndexAt_OnTheHolidayAfterTheNominalHandoff_IsStillThePreviousShift()
    {
        var sut = CreateSut();

        Assert.Equal(2, sut.ShiftIndexAt(new DateTimeOffset(2026, 11, 23, 10, 5, 0, Tokyo)));
        Assert.Equal(2, sut.ShiftIndexAt(new DateTimeOffset(2026, 11, 24, 9, 59, 0, Tokyo)));
        Assert.Equal(3, sut.ShiftIndexAt(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Tokyo)));
        Assert.Equal(3, sut.ShiftIndexAt(new DateTimeOffset(2026, 11, 30, 9, 59, 0, Tokyo)));
        Assert.Equal(4, sut.ShiftIndexAt(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Tokyo)));
        Assert.Equal(3, sut.ShiftIndexOn(new DateOnly(2026, 11, 23)));
    }

    [Fact]
    public void HandoffMoveOf_ChainedNonWorkingDays_SkipsThemAllAndListsEach()
    {
        // A Friday handoff; Friday 2027-01-08 is a closure, then the weekend, then 成人の日 (Monday 01-11).
        var stocktake = new ClosureOptions { From = new(2027, 1, 8), To = new(2027, 1, 8), Name = "棚卸し", NameEn = "Stocktake" };
        var rotation = TeamData.Rotation() with { HandoffDay = DayOfWeek.Friday, StartDate = new DateOnly(2026, 11, 6) };
        var sut = CreateSut(rotation, new WorkingCalendar("JP", [stocktake]));
        var index = sut.IndexOfStartDate(new DateOnly(2027, 1, 8))!.Value;

        var move = sut.HandoffMoveOf(index);

        Assert.NotNull(move);
        Assert.Equal(new DateOnly(2027, 1, 12), move.Date);
        Assert.Equal([NonWorkingKind.Closure, NonWorkingKind.Weekend, NonWorkingKind.Weekend, NonWorkingKind.PublicHoliday], move.Skipped.Select(s => s.Kind));
        Assert.Equal(new DateTimeOffset(2027, 1, 12, 10, 0, 0, Tokyo), sut.ShiftStartsAt(index));
        Assert.Equal(
            "Handoff moved to Tue 12 Jan 2027 10:00 (JST; Fri 8 Jan 2027: Stocktake, company closure; Sat 9 Jan 2027 – Sun 10 Jan 2027: weekend; Mon 11 Jan 2027: Coming of Age Day, public holiday)",
            HandoffMoveText.Describe(move, rotation.HandoffTime, rotation.TimeZone, Phrases.For(Language.En)));
    }

    [Fact]
    public void HandoffMoveOf_ShiftWithoutAnyWorkingDay_KeepsItsNominalHandoff()
    {
        // A closure over the whole week of 2026-12-28: nobody could take over during it, so the pair changes on time.
        var closure = new ClosureOptions { From = new(2026, 12, 28), To = new(2027, 1, 3), Name = "年末年始" };
        var sut = CreateSut(calendar: new WorkingCalendar("JP", [closure]));
        var index = sut.IndexOfStartDate(new DateOnly(2026, 12, 28))!.Value;

        Assert.Null(sut.HandoffMoveOf(index));
        Assert.Equal(new DateTimeOffset(2026, 12, 28, 10, 0, 0, Tokyo), sut.ShiftStartsAt(index));
        Assert.True(sut.ShiftStartsAt(index) < sut.ShiftStartsAt(index + 1));
    }

    [Fact]
    public void ShiftStartsAt_YearEndClosureFromTuesday_MondayHandoffsDoNotMove()
    {
        var sut = CreateSut();

        Assert.Null(sut.HandoffMoveOf(sut.IndexOfStartDate(new DateOnly(2026, 12, 28))!.Value));
        Assert.Null(sut.HandoffMoveOf(sut.IndexOfStartDate(new DateOnly(2027, 1, 4))!.Value));
        Assert.Equal(new DateOnly(2027, 1, 12), sut.HandoffDate(sut.IndexOfStartDate(new DateOnly(2027, 1, 11))!.Value));
    }

    [Fact]
    public void ShiftStartsAt_RotationOptedOut_NominalHandoff()
    {
        var sut = CreateSut(TeamData.Rotation() with { MoveHandoffOffHolidays = false });

        Assert.Null(sut.HandoffMoveOf(3));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 10, 0, 0, Tokyo), sut.ShiftStartsAt(3));
    }

    [Fact]
    public void ShiftStartsAt_MovedHandoffNearDstChange_KeepsLocalTimeWithTheNewOffset()
    {
        // Berlin: summer time from 2026-03-29; Ostermontag is Monday 2026-04-06.
        var rotation = TeamData.Rotation() with { TimeZone = "Europe/Berlin", HandoffTime = new TimeOnly(9, 0), StartDate = new DateOnly(2026, 3, 23) };
        var sut = CreateSut(rotation, new WorkingCalendar("DE", []));

        Assert.Equal(new DateTimeOffset(2026, 3, 23, 9, 0, 0, TimeSpan.FromHours(1)), sut.ShiftStartsAt(0));
        Assert.Equal(new DateTimeOffset(2026, 3, 30, 9, 0, 0, TimeSpan.FromHours(2)), sut.ShiftStartsAt(1));
        Assert.Equal(new DateTimeOffset(2026, 4, 7, 9, 0, 0, TimeSpan.FromHours(2)), sut.ShiftStartsAt(2));
        Assert.Equal("2026-W15", sut.WeekLabel(2));
    }

    [Fact]
    public void Compute_WithWorkingCalendar_SameMembersOnlyInstantsMove()
    {
        var members = TeamData.Members().ToDictionary(m => m.Id);
        var plain = new ScheduleInput(TeamData.Rotation(), members, [], RotationState.Empty);
        var moved = plain with { WorkingCalendar = Japan };

        var a = ScheduleCalculator.Compute(plain, 0, 12);
        var b = ScheduleCalculator.Compute(moved, 0, 12);

        Assert.Equal(a.Select(s => string.Join(",", s.MemberIds)), b.Select(s => string.Join(",", s.MemberIds)));
        Assert.Equal(a.Select(s => s.Week), b.Select(s => s.Week));
        Assert.Equal(a.Select(s => s.StartDate), b.Select(s => s.StartDate));
        var holiday = b[3];
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 10, 0, 0, Tokyo), holiday.StartsAt);
        Assert.NotNull(holiday.HandoffMoved);
        Assert.Equal(holiday.StartsAt, b[2].EndsAt);
        Assert.Null(a[3].HandoffMoved);
        Assert.Equal([3, 10], b.Where(s => s.HandoffMoved is not null).Select(s => s.Index)); // 11-23 勤労感謝の日 and 2027-01-11 成人の日
    }

    [Fact]
    public void Compute_TuesdayHandoffMovedPastTheYearEndClosure_TheOneDayShiftHasANote()
    {
        // Tuesday handoffs: 12/29 falls in 年末年始 (12/29–1/3) and moves to Monday 1/4; the next is Tuesday 1/5 as usual.
        var rotation = TeamData.Rotation() with { HandoffDay = DayOfWeek.Tuesday, StartDate = new DateOnly(2026, 11, 3) };
        var input = new ScheduleInput(rotation, TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty) { WorkingCalendar = Japan };

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        var moved = Assert.Single(shifts, s => s.StartDate == new DateOnly(2026, 12, 29));
        Assert.Equal((new DateTimeOffset(2027, 1, 4, 10, 0, 0, Tokyo), new DateTimeOffset(2027, 1, 5, 10, 0, 0, Tokyo)), (moved.StartsAt, moved.EndsAt));
        Assert.Equal([new ScheduleNote(NoteKind.ShortShift) { Count = 24 }], moved.Notes.Where(n => n.Kind == NoteKind.ShortShift));
        // The week before runs long (12/22–1/4), not short; no other shift is under two days.
        Assert.Equal([moved.Index], shifts.Where(s => s.Notes.Any(n => n.Kind == NoteKind.ShortShift)).Select(s => s.Index));
        Assert.Equal("引き継ぎ日が休業日を避けて移動したため、この当番の期間は1日だけです",
            ScheduleText.For(Language.Ja, input.Roster).Notes(moved.Notes).Single(n => n.StartsWith("引き継ぎ日", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Session 53: 年末年始 configured without an English name (as README's team settings show it): the English note said
    /// "this week includes the 年末年始 (…)"; it now says it is a company closure, and which; the handoff it moves says it once.
    /// </summary>
    [Fact]
    public void Compute_ClosureWithoutEnglishName_EnglishNoteAndHandoffSayCompanyClosureAndWhichOne()
    {
        var input = new ScheduleInput(TeamData.Rotation(), TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty) { WorkingCalendar = Japan };

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        var note = Assert.Single(Assert.Single(shifts, s => s.StartDate == new DateOnly(2026, 12, 28)).Notes, n => n.Kind == NoteKind.IncludesClosure);
        Assert.Equal("this week includes the 年末年始 company closure (29 Dec – 3 Jan); duty continues during the closure", ScheduleText.For(Language.En, input.Roster).Note(note));
        Assert.Equal("この週は年末年始休業（12月29日〜1月3日）を含みます。休業中も当番です", ScheduleText.For(Language.Ja, input.Roster).Note(note));
        var move = new HandoffMove(new DateOnly(2026, 12, 29), new DateOnly(2027, 1, 4), [.. Enumerable.Range(0, 6).Select(i => Japan.NonWorking(new DateOnly(2026, 12, 29).AddDays(i))!)]);
        Assert.Equal("Handoff moved to Mon 4 Jan 2027 10:00 (JST; Tue 29 Dec 2026 – Sun 3 Jan 2027: 年末年始 company closure)", HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Asia/Tokyo", Phrases.For(Language.En)));
    }

    [Fact]
    public void Compute_ShiftOverTheYearEndClosure_SaysTheClosureIsInIt()
    {
        // Trial 32b M1: the week of 12/28 holds all of 年末年始 (12/29–1/3) and nothing said so.
        var calendar = new WorkingCalendar("JP", [new ClosureOptions { From = new(2026, 12, 29), To = new(2027, 1, 3), Name = "年末年始", NameEn = "New Year closure" }]);
        var input = new ScheduleInput(TeamData.Rotation(), TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty) { WorkingCalendar = calendar };

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        var yearEnd = Assert.Single(shifts, s => s.StartDate == new DateOnly(2026, 12, 28));
        var note = Assert.Single(yearEnd.Notes, n => n.Kind == NoteKind.IncludesClosure);
        Assert.Equal(Enumerable.Range(0, 6).Select(i => new DateOnly(2026, 12, 29).AddDays(i)), note.Days.Select(d => d.Date));
        Assert.Equal("この週は年末年始休業（12月29日〜1月3日）を含みます。休業中も当番です", ScheduleText.For(Language.Ja, input.Roster).Note(note));
        Assert.Equal("this week includes the New Year closure (29 Dec – 3 Jan); duty continues during the closure", ScheduleText.For(Language.En, input.Roster).Note(note));
        // 元日 lies inside the closure: no separate holiday note; only that week has a closure note.
        Assert.DoesNotContain(yearEnd.Notes, n => n.Kind == NoteKind.IncludesHolidays);
        Assert.Equal([yearEnd.Index], shifts.Where(s => s.Notes.Any(n => n.Kind == NoteKind.IncludesClosure)).Select(s => s.Index));
    }

    [Fact]
    public void Compute_HolidayThatMovesTheNextHandoff_IsNotedInTheShiftThatHoldsIt()
    {
        // 成人の日 (Mon 2027-01-11) moves W02's handoff to Tuesday, so the day is served by the week of 1/4.
        var input = new ScheduleInput(TeamData.Rotation(), TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty) { WorkingCalendar = Japan };

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        var before = Assert.Single(shifts, s => s.StartDate == new DateOnly(2027, 1, 4));
        var note = Assert.Single(before.Notes, n => n.Kind == NoteKind.IncludesHolidays);
        Assert.Equal(new DateOnly(2027, 1, 11), Assert.Single(note.Days).Date);
        Assert.Equal("この週は祝日を含みます（1月11日(月)は成人の日）。祝日も当番です", ScheduleText.For(Language.Ja, input.Roster).Note(note));
        Assert.Equal("this week includes a public holiday (Coming of Age Day on Mon 11 Jan); duty continues on holidays", ScheduleText.For(Language.En, input.Roster).Note(note));
        Assert.DoesNotContain(shifts.Single(s => s.StartDate == new DateOnly(2027, 1, 11)).Notes, n => n.Kind == NoteKind.IncludesHolidays);
    }

    [Fact]
    public void Compute_HandoffsNotMoved_HolidaysStillNoted()
    {
        var input = new ScheduleInput(TeamData.Rotation() with { MoveHandoffOffHolidays = false }, TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty) { WorkingCalendar = Japan };

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        // The handoff stays on Monday 1/11, so that week holds 成人の日.
        var week = Assert.Single(shifts, s => s.StartDate == new DateOnly(2027, 1, 11));
        Assert.Null(week.HandoffMoved);
        Assert.Equal(new DateOnly(2027, 1, 11), Assert.Single(Assert.Single(week.Notes, n => n.Kind == NoteKind.IncludesHolidays).Days).Date);
    }

    [Fact]
    public void Compute_MondayHandoffMovedByAHoliday_NoShortShiftNote()
    {
        var input = new ScheduleInput(TeamData.Rotation(), TeamData.Members().ToDictionary(m => m.Id), [], RotationState.Empty) { WorkingCalendar = Japan };

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        Assert.Contains(shifts, s => s.HandoffMoved is not null);
        Assert.DoesNotContain(shifts, s => s.Notes.Any(n => n.Kind == NoteKind.ShortShift));
    }

    /// <summary>
    /// A Dublin team's Japanese reader: the handoff moved off St Patrick's Day said it in English inside the Japanese sentence
    /// (「…は St Patrick's Day（祝日）のため」). Now as Japanese name it; the English reader's text is as before.
    /// </summary>
    [Fact]
    public void Describe_IrishHoliday_NamedInTheReadersLanguage()
    {
        var patrick = new DateOnly(2027, 3, 17);
        var move = new HandoffMove(patrick, patrick.AddDays(1), [new WorkingCalendar("IE", []).NonWorking(patrick)!]);

        Assert.Equal("引き継ぎは 2027年3月18日(木) 10:00（GMT）に変更（2027年3月17日(水)は聖パトリックの祝日（祝日）のため）", HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Europe/Dublin", Phrases.For(Language.Ja)));
        Assert.Equal("Handoff moved to Thu 18 Mar 2027 10:00 (GMT; Wed 17 Mar 2027: St Patrick's Day, public holiday)", HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Europe/Dublin", Phrases.For(Language.En)));
    }

    [Fact]
    public void Describe_Japanese_SaysWhenAndWhy()
    {
        var move = CreateSut().HandoffMoveOf(3)!;

        Assert.Equal("引き継ぎは 2026年11月24日(火) 10:00（JST）に変更（2026年11月23日(月)は勤労感謝の日（祝日）のため）", HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Asia/Tokyo", Phrases.For(Language.Ja)));
        Assert.Equal("Handoff moved to Tue 24 Nov 2026 10:00 (JST; Mon 23 Nov 2026: Labour Thanksgiving Day, public holiday)", HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Asia/Tokyo", Phrases.For(Language.En)));
    }

    [Theory]
    [InlineData(1, "Handoff moved to Tue 12 Jan 2027 10:00 (GMT; Mon 11 Jan 2027: Stocktake, company closure)", "引き継ぎは 2027年1月12日(火) 10:00（GMT）に変更（2027年1月11日(月)は棚卸し（休業日）のため）")]
    [InlineData(7, "Handoff moved to Tue 13 Jul 2027 10:00 (BST; Mon 12 Jul 2027: Stocktake, company closure)", "引き継ぎは 2027年7月13日(火) 10:00（BST）に変更（2027年7月12日(月)は棚卸し（休業日）のため）")]
    public void Describe_London_NamesTheZoneAsItIsOnTheDayOfTheHandoff(int month, string english, string japanese)
    {
        var monday = new DateOnly(2027, month, month == 1 ? 11 : 12);
        var move = new HandoffMove(monday, monday.AddDays(1), [new NonWorkingDay(monday, NonWorkingKind.Closure, "Stocktake", "棚卸し")]);

        Assert.Equal(english, HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Europe/London", Phrases.For(Language.En)));
        Assert.Equal(japanese, HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Europe/London", Phrases.For(Language.Ja)));
    }

    /// <summary>
    /// Session 51: a closure whose name already says it is one read "New Year closure, company closure" (and 「年末年始休業（休業日）」):
    /// such a name now stands alone; a name that does not say it keeps its kind.
    /// </summary>
    [Theory]
    [InlineData("New Year closure", "年末年始休業", "Handoff moved to Tue 12 Jan 2027 10:00 (JST; Mon 11 Jan 2027: New Year closure)", "引き継ぎは 2027年1月12日(火) 10:00（JST）に変更（2027年1月11日(月)は年末年始休業のため）")]
    [InlineData("Office closed", "夏季休暇", "Handoff moved to Tue 12 Jan 2027 10:00 (JST; Mon 11 Jan 2027: Office closed)", "引き継ぎは 2027年1月12日(火) 10:00（JST）に変更（2027年1月11日(月)は夏季休暇のため）")]
    [InlineData("Stocktake", "棚卸し", "Handoff moved to Tue 12 Jan 2027 10:00 (JST; Mon 11 Jan 2027: Stocktake, company closure)", "引き継ぎは 2027年1月12日(火) 10:00（JST）に変更（2027年1月11日(月)は棚卸し（休業日）のため）")]
    [InlineData("Closures review day", "年末年始", "Handoff moved to Tue 12 Jan 2027 10:00 (JST; Mon 11 Jan 2027: Closures review day, company closure)", "引き継ぎは 2027年1月12日(火) 10:00（JST）に変更（2027年1月11日(月)は年末年始（休業日）のため）")]
    public void Describe_ClosureNamedAsOne_IsNotCalledAClosureTwice(string name, string nameJa, string english, string japanese)
    {
        var monday = new DateOnly(2027, 1, 11);
        var move = new HandoffMove(monday, monday.AddDays(1), [new NonWorkingDay(monday, NonWorkingKind.Closure, name, nameJa)]);

        Assert.Equal(english, HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Asia/Tokyo", Phrases.For(Language.En)));
        Assert.Equal(japanese, HandoffMoveText.Describe(move, new TimeOnly(10, 0), "Asia/Tokyo", Phrases.For(Language.Ja)));
    }
}
