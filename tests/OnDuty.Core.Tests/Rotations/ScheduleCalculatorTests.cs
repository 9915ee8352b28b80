using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Rotations;

public class ScheduleCalculatorTests
{
    private const int Year = 52;
    private static readonly string[] Six = ["aiko", "ben", "chie", "dan", "emi", "fumi"];

    [Theory]
    [InlineData(6)]
    [InlineData(5)]
    public void Compute_StaggeredPairsOverAYear_OneNewMemberPerShiftInRotationOrder(int size)
    {
        var ids = Six[..size];
        var shifts = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors(ids).Build(), 0, Year);

        Assert.Equal(Year, shifts.Count);
        Assert.Equal([ids[0], ids[1]], shifts[0].MemberIds);
        Assert.All(shifts[0].Members, m => Assert.Equal(AssignmentKind.RotatingIn, m.Kind));
        for (var k = 1; k < Year; k++)
        {
            var shift = shifts[k];
            Assert.Equal(k, shift.Index);
            Assert.Equal(2, shift.MemberIds.Distinct().Count());
            Assert.Empty(shift.Notes);
            var incoming = Assert.Single(shift.Members, m => m.Kind == AssignmentKind.RotatingIn);
            var continuing = Assert.Single(shift.Members, m => m.Kind == AssignmentKind.Continuing);

            // Round robin: shift k brings in member (k + 1) mod size; the one who came in last shift stays.
            Assert.Equal(ids[(k + 1) % size], incoming.MemberId);
            Assert.Equal(ids[k % size], continuing.MemberId);
            Assert.Equal(shifts[k - 1].Members[^1].MemberId, continuing.MemberId);
        }

        // Every turn after shift 0 is exactly two consecutive shifts.
        for (var k = 1; k < Year - 2; k++)
        {
            var member = shifts[k].Members.Single(m => m.Kind == AssignmentKind.RotatingIn).MemberId;
            Assert.DoesNotContain(member, shifts[k - 1].MemberIds);
            Assert.Contains(member, shifts[k + 1].MemberIds);
            Assert.DoesNotContain(member, shifts[k + 2].MemberIds);
        }

        AssertTurnsBalanced(shifts, ids);
    }

    [Fact]
    public void Compute_StaggeredShiftZero_FirstPickServesOneShiftSecondServesTwo()
    {
        var shifts = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors(Six).Build(), 0, 3);

        Assert.Equal(["aiko", "ben"], shifts[0].MemberIds);
        Assert.Contains("serves 1 shift to start the stagger", shifts[0].Members[0].Reason.En());
        Assert.Contains("serves 2 shifts, until 2026-W03", shifts[0].Members[1].Reason.En());
        Assert.Equal(["ben", "chie"], shifts[1].MemberIds);
        Assert.Equal("Continues from 2026-W02 (shift 2 of 2)", shifts[1].Members[0].Reason.En());
        Assert.Equal(["chie", "dan"], shifts[2].MemberIds);
    }

    [Fact]
    public void Compute_BlockStrategy_WholePairChangesEachShift()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).Configure(r => r with { Strategy = RotationStrategy.Block }).Build();

        var shifts = ScheduleCalculator.Compute(input, 0, Year);

        for (var k = 0; k < Year; k++)
        {
            Assert.Equal([Six[2 * k % 6], Six[(2 * k + 1) % 6]], shifts[k].MemberIds);
            Assert.All(shifts[k].Members, m => Assert.Equal(AssignmentKind.RotatingIn, m.Kind));
            if (k > 0)
            {
                Assert.Empty(shifts[k].MemberIds.Intersect(shifts[k - 1].MemberIds));
            }
        }

        AssertTurnsBalanced(shifts, Six);
    }

    [Fact]
    public void Compute_MemberOnLeaveAtTheirTurn_GetsNextFreeTurnThenGoesToTheBack()
    {
        // Without leave chie rotates in at shift 1; her leave covers one day of it.
        var input = ScheduleInputBuilder.WithSeniors(Six).AddLeaveInShift("chie", 1).Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 10);

        Assert.Equal(["aiko", "ben", "dan", "chie", "emi", "fumi", "aiko", "ben", "dan", "chie", "emi"], RotateIns(shifts));
        Assert.Equal(["ben", "dan"], shifts[1].MemberIds);
        Assert.Contains("skipped: Chie is on leave on Wed 14 Jan", shifts[1].Members[1].Reason.En());
        Assert.Equal(["dan", "chie"], shifts[2].MemberIds);
        Assert.StartsWith("Next in the queue (last rotated in 2026-W04)", shifts[8].Members[1].Reason.En());
    }

    [Fact]
    public void Compute_ContinuingMemberGoesOnLeave_DropsOutAndSomeoneFillsInForTheRestOfTheTurn()
    {
        // chie rotates in at shift 1 and would stay for shift 2.
        var input = ScheduleInputBuilder.WithSeniors(Six).AddLeaveInShift("chie", 2).Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 6);

        Assert.Equal(["ben", "chie"], shifts[1].MemberIds);
        Assert.DoesNotContain("chie", shifts[2].MemberIds);
        Assert.Equal(["dan", "emi"], shifts[2].MemberIds);
        Assert.StartsWith("Fills in for Chie (on leave on Wed 21 Jan) for the rest of their turn", shifts[2].Members[0].Reason.En());
        Assert.Contains("serves 2 shifts", shifts[2].Members[1].Reason.En());

        // The stagger holds: dan's fill-in ends, emi stays, one new member.
        Assert.Equal(["emi", "fumi"], shifts[3].MemberIds);
        Assert.Equal(AssignmentKind.Continuing, shifts[3].Members[0].Kind);
        Assert.Equal(["fumi", "aiko"], shifts[4].MemberIds);
        Assert.All(shifts, s => Assert.Equal(2, s.Members.Count));
    }

    [Fact]
    public void Compute_ThreeMonthsLeave_NeverScheduledDuringLeaveAndRejoinsAtTheNextTurn()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six).AddLeave("chie", new DateOnly(2026, 2, 1), new DateOnly(2026, 4, 30));
        var shifts = ScheduleCalculator.Compute(builder.Build(), 0, Year);

        var firstAfter = shifts.First(s => s.StartDate > new DateOnly(2026, 4, 30)).Index;
        Assert.Equal(17, firstAfter);
        Assert.All(shifts.Where(s => s.StartDate <= new DateOnly(2026, 4, 30) && s.EndDate >= new DateOnly(2026, 2, 1)),
            s => Assert.DoesNotContain("chie", s.MemberIds));

        var turns = RotateInIndexes(shifts, "chie");
        Assert.Equal(firstAfter, turns[1]);
        Assert.Contains("skipped: Chie is on leave", shifts[firstAfter - 1].Members.Single(m => m.Kind == AssignmentKind.RotatingIn).Reason.En());

        // After coming back she is in the normal cycle again: a turn every six shifts, no catch-up.
        Assert.All(turns.Skip(1).Zip(turns.Skip(2)), pair => Assert.Equal(6, pair.Second - pair.First));

        // Everyone else stays within one turn of each other all year.
        AssertTurnsBalanced(shifts, Six.Where(id => id != "chie").ToArray());
        Assert.All(shifts, s => Assert.Equal(2, s.MemberIds.Distinct().Count()));
    }

    [Fact]
    public void Compute_InactiveMember_IsNeverScheduledAndTheOthersRotate()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).Deactivate("dan").Build();

        var shifts = ScheduleCalculator.Compute(input, 0, Year);

        Assert.All(shifts, s => Assert.DoesNotContain("dan", s.MemberIds));
        Assert.Equal(["aiko", "ben", "chie", "emi", "fumi", "aiko"], RotateIns(shifts).Take(6));
        AssertTurnsBalanced(shifts, Six.Where(id => id != "dan").ToArray());
    }

    [Fact]
    public void Compute_JuniorsFirstInRotationOrder_NeverPairsTwoJuniors()
    {
        var input = new ScheduleInputBuilder().AddJuniors("jun", "kei", "lin").AddSeniors("aiko", "ben", "chie").Build();

        var shifts = ScheduleCalculator.Compute(input, 0, Year);

        var seniors = new[] { "aiko", "ben", "chie" };
        Assert.All(shifts, s => Assert.Contains(s.MemberIds, seniors.Contains));
        Assert.All(shifts, s => Assert.Empty(s.Notes));
        Assert.Equal(["jun", "aiko"], shifts[0].MemberIds);
        Assert.StartsWith("Rotates in ahead of Kei to pair an experienced member with Jun", shifts[0].Members[1].Reason.En());
        AssertTurnsBalanced(shifts, ["jun", "kei", "lin", "aiko", "ben", "chie"]);
    }

    [Fact]
    public void Compute_MixExperienceOff_FollowsQueueEvenIfBothAreJuniors()
    {
        var input = new ScheduleInputBuilder().AddJuniors("jun", "kei").AddSeniors("aiko", "ben")
            .Configure(r => r with { MixExperience = false })
            .Build();

        var shift = ScheduleCalculator.ComputeShift(input, 0);

        Assert.Equal(["jun", "kei"], shift.MemberIds);
        Assert.Empty(shift.Notes);
    }

    [Fact]
    public void Compute_OnlyJuniorsFree_PairsJuniorsAndAddsNote()
    {
        // aiko is the only senior; her leave covers shift 2, when lin stays on and a partner rotates in.
        var input = new ScheduleInputBuilder().AddJuniors("jun", "kei", "lin").AddSeniors("aiko")
            .AddLeaveInShift("aiko", 2)
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 3);

        Assert.Equal(["jun", "aiko"], shifts[0].MemberIds);
        Assert.Equal(["aiko", "kei"], shifts[1].MemberIds);
        Assert.Equal(["kei", "lin"], shifts[2].MemberIds);
        Assert.Equal(["no experienced member available to pair with Kei"], shifts[2].Notes.En());
    }

    [Fact]
    public void Compute_AutoLevelMemberPastTheirFirstYear_CountsAsExperienced()
    {
        // "auto" joined 2025-02-02, so is experienced from 2026-02-02, the start of shift 4.
        var input = new ScheduleInputBuilder()
            .AddMember("auto", ExperienceLevel.Auto, new DateOnly(2025, 2, 2))
            .AddJuniors("jun", "kei")
            .AddSeniors("aiko")
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 8);

        Assert.Equal(["auto", "aiko"], shifts[0].MemberIds);
        Assert.Equal(["jun", "aiko"], shifts[2].MemberIds);
        Assert.Equal(["kei", "auto"], shifts[4].MemberIds);
        Assert.StartsWith("Next in the queue (last rotated in 2026-W02)", shifts[4].Members[1].Reason.En());
        Assert.All(shifts, s => Assert.Empty(s.Notes));
    }

    [Fact]
    public void Compute_ReplaceOverride_ReplacesMemberAndLeavesQueueUnchanged()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var before = ScheduleCalculator.Compute(builder.Build(), 0, 12);
        builder.AddReplace(3, "dan", "aiko", "dentist");

        var after = ScheduleCalculator.Compute(builder.Build(), 0, 12);

        Assert.Equal(["dan", "emi"], before[3].MemberIds);
        Assert.Equal(["aiko", "emi"], after[3].MemberIds);
        Assert.Equal(("aiko", AssignmentKind.Override, "Replaces Dan (override: dentist)"), English(after[3].Members[0]));
        Assert.Equal(before.Where(s => s.Index is not (2 or 3)).Select(Describe), after.Where(s => s.Index is not (2 or 3)).Select(Describe));

        // Shift 2 has the same pair; dan, who was to serve shifts 2 and 3, now serves one (M4: the turn as it stands).
        Assert.Equal(before[2].MemberIds, after[2].MemberIds);
        Assert.True(after[2].Members.Single(m => m.MemberId == "dan").Reason.Has(ReasonKind.ServesOne));
    }

    [Fact]
    public void Compute_Swap_BothHalvesApplied()
    {
        // emi is on shifts 3-4, ben on 6-7: they trade shift 3 for shift 7.
        var input = ScheduleInputBuilder.WithSeniors(Six).AddSwap(3, "emi", 7, "ben").Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 9);

        Assert.Equal(["dan", "ben"], shifts[3].MemberIds);
        Assert.Equal(("ben", AssignmentKind.Swap, "Traded with Emi, who serves in their place in 2026-W09"), English(shifts[3].Members[1]));
        Assert.Equal(["emi", "chie"], shifts[7].MemberIds);
        Assert.Equal(("emi", AssignmentKind.Swap, "Traded with Ben, who serves in their place in 2026-W05"), English(shifts[7].Members[0]));
        Assert.Equal(["emi", "fumi"], shifts[4].MemberIds);
        Assert.Equal(["aiko", "ben"], shifts[6].MemberIds);
    }

    /// <summary>
    /// Trial 37 H1: a swap made before its week was announced, then the week announced (frozen) as the swap made it. The weeks after
    /// stay as they were: the member swapped in serves that week in the other's place (not a turn of their own that carries on into
    /// the next week), and the member swapped out still comes in for the rest of their turn — nobody's next week moves unsaid.
    /// </summary>
    [Fact]
    public void Compute_SwapThenItsWeekAnnounced_TheWeeksAfterStayAsTheyWere()
    {
        var unfrozen = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors(Six).AddSwap(3, "emi", 7, "chie").Build(), 0, 12);
        Assert.Equal(["dan", "chie"], unfrozen[3].MemberIds);
        Assert.Equal(["ben", "emi"], unfrozen[7].MemberIds);
        Assert.Contains("chie", unfrozen[8].MemberIds);

        // Announced week by week, or with weeks in between never announced (the service was down over the holidays).
        foreach (var announced in new[] { new[] { 0, 1, 2, 3 }, [0, 1, 2, 3, 7], [0, 1, 2, 3, 4, 5, 6, 7], [3, 7], [7] })
        {
            var frozen = ScheduleCalculator.Compute(
                ScheduleInputBuilder.WithSeniors(Six).AddSwap(3, "emi", 7, "chie").Freeze(unfrozen.Where(s => announced.Contains(s.Index))).Build(), 0, 12);

            Assert.Equal(unfrozen.Select(s => string.Join(",", s.MemberIds)), frozen.Select(s => string.Join(",", s.MemberIds)));
            Assert.Equal(unfrozen.Skip(announced.Max() + 1).Select(Describe), frozen.Skip(announced.Max() + 1).Select(Describe));
        }
    }

    /// <summary>
    /// Trial 32b L: 継続 says who stays from the shift before as it stands. Emi's turn is shifts 3–4; she traded shift 3 to Ben, so
    /// in shift 4 she comes in (the queue's turn aside), and her reason says why instead of 「…から継続」.
    /// </summary>
    [Fact]
    public void Compute_SwapTookTheContinuingMemberOffTheShiftBefore_SheComesInWithTheReason()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).AddSwap(3, "emi", 7, "ben").Build();

        foreach (var shift in new[] { ScheduleCalculator.Compute(input, 0, 9)[4], ScheduleCalculator.Compute(input, 4, 1)[0] })
        {
            Assert.Equal(["emi", "fumi"], shift.MemberIds);
            var emi = shift.Members[0];
            Assert.Equal(AssignmentKind.RotatingIn, emi.Kind);
            Assert.False(emi.Reason.Has(ReasonKind.Continues));
            Assert.Equal(new ReasonPart(ReasonKind.BackAfterChange) { Week = "2026-W05", Count = 2, Of = 2 }, emi.Reason.Find(ReasonKind.BackAfterChange));
            Assert.Equal("Taken off 2026-W05 by a change, so on duty from this shift (shift 2 of 2)", emi.Reason.En());
            Assert.Equal("2026-W05 は交代・入れ替えで外れたため、この週から（2週のうち2週目）", ScheduleText.For(Language.Ja, input.Roster).Reason(emi.Reason));
        }

        // Ben, swapped onto shift 3, is not on shift 4: nothing said of him there; shift 8 (chie stays from 7) is as before.
        Assert.Equal(AssignmentKind.Continuing, ScheduleCalculator.Compute(input, 8, 1)[0].Members.Single(m => m.MemberId == "chie").Kind);
    }

    /// <summary>Trial 32b L: Fumi replaced Emi in shift 3, then her own turn starts in shift 4: she stays from shift 3 (継続), Emi comes in.</summary>
    [Fact]
    public void Compute_ReplacementOnTheShiftBeforeTheirOwnTurn_StaysFromIt()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).AddReplace(3, "emi", "fumi").Build();

        var shift = ScheduleCalculator.Compute(input, 3, 2)[1];

        Assert.Equal(["emi", "fumi"], shift.MemberIds);
        Assert.Equal(AssignmentKind.RotatingIn, shift.Members[0].Kind);
        Assert.True(shift.Members[0].Reason.Has(ReasonKind.BackAfterChange));
        Assert.Equal(AssignmentKind.Continuing, shift.Members[1].Kind);

        // Without the change the pair reads as the queue planned it.
        var plain = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors(Six).Build(), 4, 1)[0];
        Assert.Equal([AssignmentKind.Continuing, AssignmentKind.RotatingIn], plain.Members.Select(m => m.Kind));
    }

    [Fact]
    public void Compute_OverrideForMemberNotOnShift_IsIgnoredWithNote()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).AddReplace(0, "fumi", "emi").Build();

        var shift = ScheduleCalculator.ComputeShift(input, 0);

        Assert.Equal(["aiko", "ben"], shift.MemberIds);
        Assert.Equal(["override replacing Fumi with Emi ignored: Fumi is not on this shift"], shift.Notes.En());
    }

    [Fact]
    public void Compute_OverrideReplacementOnLeaveInactiveOrUnknown_PutOnWithANoteFromTheSameRuleAsTheQueue()
    {
        // Shift 3 is dan + emi; dan is replaced by fumi, who is on leave, inactive or not on the roster then.
        var onLeave = ScheduleInputBuilder.WithSeniors(Six).AddLeaveInShift("fumi", 3).AddReplace(3, "dan", "fumi").Build();
        var inactive = ScheduleInputBuilder.WithSeniors(Six).Deactivate("fumi").AddReplace(3, "dan", "fumi").Build();
        var unknown = ScheduleInputBuilder.WithSeniors(Six).AddReplace(3, "dan", "zoe").Build();

        var leave = Assert.Single(onLeave.Leave);
        Assert.Equal(["fumi", "emi"], ScheduleCalculator.ComputeShift(onLeave, 3).MemberIds);
        Assert.Equal(
            [new ScheduleNote(NoteKind.ReplacementIneligible) { ReplacementId = "fumi", Ineligible = new Ineligibility(IneligibleKind.OnLeave, leave) }],
            ScheduleCalculator.ComputeShift(onLeave, 3).Notes);
        Assert.Equal(["Fumi is on leave on Wed 28 Jan but was put on this shift by an override"], ScheduleCalculator.ComputeShift(onLeave, 3).Notes.En());
        Assert.Equal([new ScheduleNote(NoteKind.ReplacementIneligible) { ReplacementId = "fumi", Ineligible = Ineligibility.Inactive }], ScheduleCalculator.ComputeShift(inactive, 3).Notes);
        Assert.Equal([new ScheduleNote(NoteKind.ReplacementIneligible) { ReplacementId = "zoe", Ineligible = Ineligibility.NotOnRoster }], ScheduleCalculator.ComputeShift(unknown, 3).Notes);
        Assert.Equal(["zoe", "emi"], ScheduleCalculator.ComputeShift(unknown, 3).MemberIds);
    }

    [Fact]
    public void Compute_FrozenShiftsMatchingTheComputation_ChangeNothing()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six).AddReplace(2, "chie", "fumi").AddLeaveInShift("emi", 3);
        var unfrozen = ScheduleCalculator.Compute(builder.Build(), 0, 20);

        var frozen = ScheduleCalculator.Compute(builder.Freeze(unfrozen.Take(4)).Build(), 0, 20);

        Assert.Equal(unfrozen.Select(s => s.MemberIds), frozen.Select(s => s.MemberIds));
        Assert.Equal(unfrozen.Skip(4).Select(Describe), frozen.Skip(4).Select(Describe));
        Assert.All(frozen.Take(4), s => Assert.True(s.Frozen));
        Assert.All(frozen.Take(4).SelectMany(s => s.Members), m => Assert.Equal(AssignmentKind.Frozen, m.Kind));
        Assert.All(frozen.Take(4), s => Assert.Empty(s.Notes));
        Assert.Equal("As announced for 2026-W04: replaces Chie (override)", frozen[2].Members[0].Reason.En());
    }

    [Fact]
    public void Compute_ReplacementAfterTheAnnouncement_IsNotCalledAsAnnounced()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var announced = ScheduleCalculator.Compute(builder.Build(), 0, 4);
        var (kept, replaced) = (announced[2].MemberIds[0], announced[2].MemberIds[1]);
        builder.Freeze(announced).ChangeAnnounced(2, replaced, "fumi", "sick");

        var shift = ScheduleCalculator.Compute(builder.Build(), 0, 4)[2];

        Assert.Equal([kept, "fumi"], shift.MemberIds);
        Assert.StartsWith("As announced for 2026-W04", shift.Members[0].Reason.En(), StringComparison.Ordinal);
        Assert.Equal($"Changed after the announcement for 2026-W04: replaces {Title(replaced)} (override: sick)", shift.Members[1].Reason.En());
        Assert.Equal(
            $"2026-W04 のお知らせ後の交代：{Title(replaced)}さんの代わり（変更：sick）",
            ScheduleText.For(Language.Ja, builder.Build().Roster).Reason(shift.Members[1].Reason));

        // Taken back: the member put back was in the announcement.
        var undone = ScheduleCalculator.Compute(builder.UndoAnnouncedChange(2).Build(), 0, 4)[2];
        Assert.Equal(announced[2].MemberIds, undone.MemberIds);
        Assert.All(undone.Members, m => Assert.StartsWith("As announced for 2026-W04", m.Reason.En(), StringComparison.Ordinal));
    }

    [Fact]
    public void Compute_SwapAfterTheAnnouncement_SaysSoWithASpaceBeforeTheWeek()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var announced = ScheduleCalculator.Compute(builder.Build(), 0, 4);
        var replaced = announced[2].MemberIds[1];
        builder.Freeze(announced).ChangeAnnounced(2, replaced, "fumi", "trip", OverrideKind.Swap);

        var shift = ScheduleCalculator.Compute(builder.Build(), 0, 4)[2];

        Assert.Equal($"Changed after the announcement for 2026-W04: traded with {Title(replaced)} (trip)", shift.Members[1].Reason.En());
        var swappedWeek = new AssignmentReason(new ReasonPart(ReasonKind.Swapped) { MemberId = "olivia", Week = "2026-W52" });
        var roster = new Dictionary<string, Member> { ["olivia"] = new() { Id = "olivia", DisplayName = "Olivia Brown", Email = "o@example.com", TimeZone = TestZones.Tokyo } };
        Assert.Equal("Olivia Brownさんと入れ替え（Olivia Brownさんが 2026-W52 を担当）", ScheduleText.For(Language.Ja, roster).Reason(swappedWeek));
    }

    private static string Title(string id) => char.ToUpperInvariant(id[0]) + id[1..];

    [Fact]
    public void Compute_RosterChangesAfterFreezing_FrozenShiftsStayAndLaterShiftsFollowOn()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var announced = ScheduleCalculator.Compute(builder.Build(), 0, 4);
        Assert.Equal(["dan", "emi"], announced[3].MemberIds);

        // After the announcement: emi (rotated in at shift 3) is deactivated, chie takes leave over shift 2.
        builder.Freeze(announced).Deactivate("emi").AddLeaveInShift("chie", 2);
        var shifts = ScheduleCalculator.Compute(builder.Build(), 0, 30);

        Assert.Equal(announced.Select(s => s.MemberIds), shifts.Take(4).Select(s => s.MemberIds));
        Assert.All(shifts.Take(4), s => Assert.True(s.Frozen));
        Assert.Equal("As announced for 2026-W05 (the current roster and leave would not put them on this shift)", shifts[3].Members[1].Reason.En());
        Assert.Equal(["frozen as announced; the current roster would give Dan and Fumi"], shifts[3].Notes.En());

        // emi's turn would continue into shift 4: she drops out and someone fills in; dan's turn ended.
        Assert.Equal(["fumi", "aiko"], shifts[4].MemberIds);
        Assert.StartsWith("Fills in for Emi (inactive)", shifts[4].Members[0].Reason.En());
        for (var k = 4; k < shifts.Count; k++)
        {
            Assert.False(shifts[k].Frozen);
            Assert.Equal(2, shifts[k].MemberIds.Distinct().Count());
            Assert.DoesNotContain("emi", shifts[k].MemberIds);
        }

        for (var k = 5; k < shifts.Count; k++)
        {
            Assert.Single(shifts[k].Members, m => m.Kind == AssignmentKind.RotatingIn);
        }

        // From then on the five active members take turns in order.
        AssertTurnsBalanced(shifts.Skip(5).ToList(), ["aiko", "ben", "chie", "dan", "fumi"]);
    }

    [Fact]
    public void Compute_FrozenShiftWithMemberTheComputationDropped_UndoesTheComputedTurn()
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var announced = ScheduleCalculator.Compute(builder.Build(), 0, 2);
        Assert.Equal(["ben", "chie"], announced[1].MemberIds);

        // Leave entered after the announcement: now dan would rotate in at shift 1 instead of chie.
        builder.Freeze(announced).AddLeaveInShift("chie", 1);
        var shifts = ScheduleCalculator.Compute(builder.Build(), 0, 4);

        Assert.Equal(["ben", "chie"], shifts[1].MemberIds);
        // chie served shift 1 as announced and continues; dan never started, so he is next.
        Assert.Equal(["chie", "dan"], shifts[2].MemberIds);
        Assert.Equal(AssignmentKind.Continuing, shifts[2].Members[0].Kind);
        Assert.Equal(["dan", "emi"], shifts[3].MemberIds);
    }

    [Fact]
    public void Compute_LeaveInsideAnAnnouncedWeekWhoseMemberWasReplaced_LeavesLaterWeeksAlone()
    {
        // Trial 30 M2: W49 announced as 伊藤 (continuing, last week of her turn)・山田 (rotating in, continues into W50); 伊藤 is
        // replaced by 高橋 after the announcement, then her leave for two days of W49 is entered. 山田's second week stays his.
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var announced = ScheduleCalculator.Compute(builder.Build(), 0, 3);
        Assert.Equal(["chie", "dan"], announced[2].MemberIds);
        builder.Freeze(announced).ChangeAnnounced(2, "chie", "fumi", "fever");
        var replaced = ScheduleCalculator.Compute(builder.Build(), 0, 12);
        Assert.Equal(["dan", "emi"], replaced[3].MemberIds);

        var withLeave = ScheduleCalculator.Compute(builder.AddLeave("chie", builder.ShiftStart(2).AddDays(2), builder.ShiftStart(2).AddDays(3)).Build(), 0, 12);

        Assert.Equal(replaced.Select(s => s.MemberIds), withLeave.Select(s => s.MemberIds));
        Assert.Equal(replaced.Skip(3).Select(Describe), withLeave.Skip(3).Select(Describe));
    }

    [Theory]
    [InlineData(RotationStrategy.Staggered)]
    [InlineData(RotationStrategy.Block)]
    public void Compute_FewerEligibleMembersThanPeoplePerShift_ReturnsThemWithNote(RotationStrategy strategy)
    {
        var input = ScheduleInputBuilder.WithSeniors("aiko", "ben")
            .Configure(r => r with { PeoplePerShift = 3, Strategy = strategy })
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 4);

        Assert.All(shifts, s => Assert.Equal(["only 2 of 3 members available"], s.Notes.En()));
        Assert.All(shifts, s => Assert.Equal(2, s.MemberIds.Distinct().Count()));
    }

    [Fact]
    public void Compute_EveryoneOnLeave_ReturnsEmptyShiftWithNote()
    {
        var builder = ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie");
        foreach (var id in new[] { "aiko", "ben", "chie" })
        {
            builder.AddLeaveInShift(id, 1);
        }

        var shifts = ScheduleCalculator.Compute(builder.Build(), 0, 3);

        Assert.Empty(shifts[1].Members);
        Assert.Equal(["nobody on duty (0 of 2 members available)"], shifts[1].Notes.En());
        Assert.Equal(2, shifts[2].Members.Count);
        Assert.All(shifts[2].Members, m => Assert.Equal(AssignmentKind.RotatingIn, m.Kind));
    }

    [Fact]
    public void Compute_SameInputTwice_SameOutput()
    {
        var input = new ScheduleInputBuilder().AddJuniors("jun", "kei").AddSeniors(Six)
            .AddLeave("chie", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 20))
            .AddReplace(4, "emi", "jun", "conference")
            .AddSwap(6, "fumi", 9, "aiko")
            .Build();

        var first = ScheduleCalculator.Compute(input, 0, Year).Select(Describe).ToList();
        var second = ScheduleCalculator.Compute(input, 0, Year).Select(Describe).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Compute_Window_EqualsTheSameShiftsOfALongerRun()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).AddLeaveInShift("dan", 8).Build();

        var all = ScheduleCalculator.Compute(input, 0, 15);
        var window = ScheduleCalculator.Compute(input, 10, 5);

        Assert.Equal(all.Skip(10).Select(Describe), window.Select(Describe));
        Assert.Equal(Describe(all[12]), Describe(ScheduleCalculator.ComputeShift(input, 12)));
        Assert.Equal(new DateOnly(2026, 3, 16), window[0].StartDate);
        Assert.Equal(new DateOnly(2026, 3, 22), window[0].EndDate);
        Assert.Equal("2026-W12", window[0].Week);
    }

    [Theory]
    [InlineData(-1, 5, "from")]
    [InlineData(0, -1, "count")]
    [InlineData(0, ScheduleCalculator.MaxCount + 1, "count")]
    [InlineData(ScheduleCalculator.MaxIndex, 1, "from")]
    public void Compute_OutOfRange_ThrowsValidationException(int from, int count, string field)
    {
        var input = ScheduleInputBuilder.WithSeniors(Six).Build();

        var error = Assert.Throws<ValidationException>(() => ScheduleCalculator.Compute(input, from, count));

        Assert.Equal([field], error.Errors.Keys);
    }

    private static List<string> RotateIns(IEnumerable<ScheduledShift> shifts) =>
        shifts.SelectMany(s => s.Members.Where(m => m.Kind == AssignmentKind.RotatingIn).Select(m => m.MemberId)).ToList();

    private static List<int> RotateInIndexes(IEnumerable<ScheduledShift> shifts, string memberId) =>
        shifts.Where(s => s.Members.Any(m => m.MemberId == memberId && m.Kind == AssignmentKind.RotatingIn)).Select(s => s.Index).ToList();

    /// <summary>After every shift, the members' rotate-in counts differ by at most one.</summary>
    private static void AssertTurnsBalanced(IReadOnlyList<ScheduledShift> shifts, string[] ids)
    {
        var counts = ids.ToDictionary(id => id, _ => 0);
        foreach (var shift in shifts)
        {
            foreach (var member in shift.Members.Where(m => m.Kind == AssignmentKind.RotatingIn && counts.ContainsKey(m.MemberId)))
            {
                counts[member.MemberId]++;
            }

            Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, $"unbalanced after {shift.Week}: {string.Join(", ", counts)}");
        }
    }

    private static (string, AssignmentKind, string) English(Assignment a) => (a.MemberId, a.Kind, a.Reason.En());

    private static string Describe(ScheduledShift s) =>
        $"{s.Index} {s.Week} {s.StartsAt:O} {s.Frozen} [{string.Join(" | ", s.Members)}] [{string.Join(" | ", s.Notes)}]";

    /// <summary>
    /// M4 (trial day 28): 「2週担当（W まで）」 is worked out of the schedule as it stands. Dan rotates in at shift 2 for two
    /// shifts; his second (shift 3) is traded away: shift 2 says he serves one — shown alone or with what follows.
    /// </summary>
    [Fact]
    public void Compute_TheTurnsLaterShiftSwappedAway_ServesCountsTheShiftsAsTheyStand()
    {
        var input = ScheduleInputBuilder.WithSeniors(Six[..5]).AddSwap(3, "dan", 5, "aiko").Build();

        foreach (var shift in new[] { ScheduleCalculator.Compute(input, 2, 1)[0], ScheduleCalculator.Compute(input, 0, 6)[2] })
        {
            var dan = Assert.Single(shift.Members, m => m.MemberId == "dan");
            Assert.True(dan.Reason.Has(ReasonKind.ServesOne), dan.Reason.ToString());
            Assert.False(dan.Reason.Has(ReasonKind.Serves), dan.Reason.ToString());
        }

        // Untouched turns say what the queue planned: emi rotates in at shift 3 for shifts 3 and 4.
        var emi = Assert.Single(ScheduleCalculator.Compute(input, 3, 1)[0].Members, m => m.MemberId == "emi");
        Assert.Equal(new ReasonPart(ReasonKind.Serves) { Count = 2, Week = ScheduleCalculator.Compute(input, 4, 1)[0].Week }, emi.Reason.Find(ReasonKind.Serves));
    }

    /// <summary>
    /// M4: an announced member with leave in their announced week stays on duty, and their line says so in one plain sentence;
    /// no note naming the pair today's leave would give.
    /// </summary>
    [Fact]
    public void Compute_AnnouncedMemberOnLeaveThatWeek_OnePlainSentence_NoHypotheticalPair()
    {
        var plain = ScheduleInputBuilder.WithSeniors(Six[..5]);
        var announced = ScheduleCalculator.Compute(plain.Build(), 0, 3);
        var away = announced[2].MemberIds[0];
        var shift = ScheduleCalculator.Compute(plain.Freeze(announced).AddLeaveInShift(away, 2).Build(), 2, 1)[0];

        Assert.Equal(announced[2].MemberIds, shift.MemberIds);
        var member = Assert.Single(shift.Members, m => m.MemberId == away);
        Assert.Equal([ReasonKind.AnnouncedOnLeave], member.Reason.Parts.Select(p => p.Kind));
        Assert.DoesNotContain(shift.Notes, n => n.Kind == NoteKind.FrozenDiffers);
        var ja = ScheduleText.For(Language.Ja, plain.Build().Roster);
        Assert.Equal($"お知らせ済みのため{char.ToUpperInvariant(away[0])}{away[1..]}さんのままです。休む日は「代わりを立てる」で交代してください", ja.Reason(member.Reason));
        Assert.Equal($"Announced, so {char.ToUpperInvariant(away[0])}{away[1..]} stays on duty; for the days off, hand over with “Replace a member”", member.Reason.En());
    }

    /// <summary>
    /// Trial 34 H1: the announced week's member is replaced (伊藤 → 佐藤 for a fever). "The replacement serves that week only:
    /// the rotation order goes on as if the replaced member had served" — whether the replaced member is still in the
    /// rotation or was taken out of it after the announcement (as 伊藤 was): the later weeks are those without the change,
    /// and the replacement's next turn does not count the cover week as her own.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Compute_AnnouncedMemberReplaced_LaterWeeksAsIfTheReplacedMemberHadServed(bool replacedOutOfRotation)
    {
        var builder = ScheduleInputBuilder.WithSeniors(Six);
        var announced = ScheduleCalculator.Compute(builder.Build(), 0, 3);
        Assert.Equal(["chie", "dan"], announced[2].MemberIds);
        builder.Freeze(announced);
        if (replacedOutOfRotation)
        {
            builder.OutOfRotation("chie");
        }

        var unchanged = ScheduleCalculator.Compute(builder.Build(), 0, 14);
        var replaced = ScheduleCalculator.Compute(builder.ChangeAnnounced(2, "chie", "fumi", "fever").Build(), 0, 14);

        Assert.Equal(["fumi", "dan"], replaced[2].MemberIds);
        Assert.Equal(unchanged.Skip(3).Select(s => s.MemberIds), replaced.Skip(3).Select(s => s.MemberIds));
        var fumi = replaced.Skip(3).SelectMany(s => s.Members).First(m => m.MemberId == "fumi" && m.Kind == AssignmentKind.RotatingIn);
        Assert.NotEqual(announced[2].Week, fumi.Reason.Find(ReasonKind.NextInQueue)?.Week);
    }
}
