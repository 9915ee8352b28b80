using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Trial 32b M4: who could take over, best first. Six seniors, staggered pairs: shift k brings in member (k + 1) mod 6, so
/// 0 aiko+ben, 1 ben+chie, 2 chie+dan, 3 dan+emi, 4 emi+fumi, 5 fumi+aiko, 6 aiko+ben, 7 ben+chie, 8 chie+dan. Fumi cannot
/// serve shift 4; aiko, ben, chie and dan could.
/// </summary>
public class ReplacementListTests
{
    private static readonly string[] Six = ["aiko", "ben", "chie", "dan", "emi", "fumi"];

    private static ReplacementList For(ScheduleInputBuilder builder, int index = 4)
    {
        var input = builder.Build();
        var shift = ScheduleCalculator.Compute(input, index, 1)[0];
        return ReplacementList.For(input, shift, "fumi", shift.StartDate, current: false);
    }

    [Fact]
    public void For_OrdersByAwayThenNextToOwnTurnThenFewestWeeksAround_WithTheCountsBehind()
    {
        var list = For(ScheduleInputBuilder.WithSeniors(Six));

        // ben and chie: 2 weeks in the 8 before (0,1 / 1,2) and 2 in the 4 after (6,7 / 7,8), neither next to shift 4;
        // aiko: on shift 5 (next week), so 4–6 would be 3 in a row; dan: on shift 3 (last week), 2–4 in a row.
        Assert.Equal(["ben", "chie", "aiko", "dan"], list.Candidates.Select(c => c.MemberId));
        var aiko = list.Candidates[2];
        Assert.Equal((1, 2, false, true, (int?)3), (aiko.PastWeeks, aiko.ComingWeeks, aiko.LastWeek, aiko.NextWeek, aiko.WeeksInARow));
        var dan = list.Candidates[3];
        Assert.Equal((2, 1, true, false, (int?)3), (dan.PastWeeks, dan.ComingWeeks, dan.LastWeek, dan.NextWeek, dan.WeeksInARow));
        Assert.Null(list.Candidates[0].WeeksInARow);
        Assert.DoesNotContain(list.Candidates, c => c.MemberId is "emi" or "fumi");
    }

    [Fact]
    public void For_MemberOnLeaveInTheShift_ComesLast_WithTheLeaveAsAHint()
    {
        var list = For(ScheduleInputBuilder.WithSeniors(Six).AddLeaveInShift("ben", 4));

        Assert.Equal(["chie", "aiko", "dan", "ben"], list.Candidates.Select(c => c.MemberId));
        var ja = ScheduleText.For(Language.Ja, list.Roster);
        Assert.Equal(["直近8週で2回", "今後4週で2回", "休暇予定 2月4日〜"], ja.Hints(list.Candidates[3], list.Current, list.ShiftWeeks));
        Assert.Equal(["前の週に当番", "直近8週で2回", "今後4週で1回", "3週連続になります"], ja.Hints(list.Candidates[2], list.Current, list.ShiftWeeks));
        Assert.Equal(["先週当番", "直近8週で2回", "今後4週で1回", "3週連続になります"], ja.Hints(list.Candidates[2], current: true, list.ShiftWeeks));
        var en = ScheduleText.For(Language.En, list.Roster);
        Assert.Equal(["on duty next week", "1× in the last 8 weeks", "2× in the next 4 weeks", "would make 3 weeks in a row"], en.Hints(list.Candidates[1], current: true, list.ShiftWeeks));
    }

    /// <summary>
    /// Trial 34 L3: the list offered members taken out of the rotation first (never on duty lately, so "best"), the member
    /// covering part of that very shift, and members on leave for all of it. None of them is offered now.
    /// </summary>
    [Fact]
    public void For_LeavesOutMembersOutOfTheRotation_OneCoveringPartOfTheShift_AndOneOnLeaveForAllOfIt()
    {
        var builder = ScheduleInputBuilder.WithSeniors([.. Six, "gen"]).OutOfRotation("gen")
            .AddCover(4, "emi", "ben")
            .AddLeave("chie", ScheduleInputBuilder.Start.AddDays(7 * 4 - 3), ScheduleInputBuilder.Start.AddDays(7 * 4 + 10));

        var list = For(builder);

        Assert.Equal(["aiko", "dan"], list.Candidates.Select(c => c.MemberId));
    }

    /// <summary>Trial 34 L3: leave already running when what is left of the shift begins is said with its end, not as 「休暇予定 …〜」.</summary>
    [Fact]
    public void Hints_LeaveAlreadyRunning_SaysUntilWhen()
    {
        var list = For(ScheduleInputBuilder.WithSeniors(Six).AddLeave("ben", ScheduleInputBuilder.Start.AddDays(7 * 4 - 2), ScheduleInputBuilder.Start.AddDays(7 * 4 + 2)));

        var ben = list.Candidates.Single(c => c.MemberId == "ben");
        Assert.True(ben.OnLeaveNow);
        Assert.Contains("2月4日まで休暇中", ScheduleText.For(Language.Ja, list.Roster).Hints(ben, list.Current, list.ShiftWeeks));
        Assert.DoesNotContain(ScheduleText.For(Language.Ja, list.Roster).Hints(ben, list.Current, list.ShiftWeeks), h => h.StartsWith("休暇予定", StringComparison.Ordinal));
        Assert.Contains(ScheduleText.For(Language.En, list.Roster).Hints(ben, list.Current, list.ShiftWeeks), h => h.StartsWith("on leave until ", StringComparison.Ordinal));
    }

    [Fact]
    public void For_MemberNotJoinedByTheShift_IsLeftOut()
    {
        // Kei joins on the Monday after shift 4 begins: refused for it whatever the order, so not offered.
        var late = ScheduleInputBuilder.WithSeniors(Six).AddMember("kei", ExperienceLevel.Senior, joinedOn: ScheduleInputBuilder.Start.AddDays(7 * 5));

        var list = For(late);

        Assert.DoesNotContain(list.Candidates, c => c.MemberId == "kei");
        Assert.Contains(list.Candidates, c => c.MemberId == "ben");
    }

    /// <summary>Weeks served in a row are one turn: the next duty is the first shift after the run, with the partner on it.</summary>
    [Fact]
    public void NextDutyAfter_SkipsTheRunInARow_NamesThePartner()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).Build();
        var shifts = ScheduleCalculator.Compute(input, 3, 12);

        var next = NextDuty.After(shifts, "emi", input.Roster, input.Rotation.TimeZone);

        // Emi: shifts 3–4, then shift 9, where she rotates in ((9 + 1) mod 6 = 4) beside Dan.
        Assert.NotNull(next);
        Assert.Equal(9, next.Shift.Index);
        Assert.Equal(["dan"], next.Partners.Select(m => m.Id));
        Assert.Null(NextDuty.After([shifts[0]], "emi", input.Roster, input.Rotation.TimeZone));
    }
}
