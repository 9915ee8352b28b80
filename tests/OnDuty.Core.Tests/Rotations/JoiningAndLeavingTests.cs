using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Trial 32b H1 and M3: a member is on duty only between joining (<c>joinedOn</c>) and leaving (<c>leavesOn</c>, their last
/// day); the weeks outside go to the others as for leave, and the reasons say why (入社 / 退職, not 休暇).
/// </summary>
public class JoiningAndLeavingTests
{
    private static readonly DateOnly Start = ScheduleInputBuilder.Start; // Monday 2026-01-05

    /// <summary>First in the members list but joining in week 3: before that the weeks go to the others, and the reason names the joining day.</summary>
    [Fact]
    public void Compute_MemberNotJoinedYet_NotOnDutyBeforeJoinedOn_AndTheReasonSaysWhen()
    {
        var joins = Start.AddDays(15); // Tuesday of shift 2
        var input = new ScheduleInputBuilder()
            .AddMember("kimura", ExperienceLevel.Senior, joins)
            .AddSeniors("aiko", "ben", "chie", "dan")
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 6);

        Assert.All(shifts.Take(3), s => Assert.DoesNotContain("kimura", s.MemberIds));
        // Shift 3 is the first to start on or after the joining day: the one who waited longest (never served) rotates in.
        Assert.Contains("kimura", shifts[3].MemberIds);
        // Shift 2 has the joining day in it: its reason says why she is not on it yet.
        var skipped = shifts[2].Members.Select(m => m.Reason).SelectMany(r => r.Parts).First(p => p.Kind == ReasonKind.Skipped).Skipped.Single();
        Assert.Equal(new SkippedMember("kimura", new Ineligibility(IneligibleKind.NotJoined) { Date = joins }), skipped);
        Assert.Contains("Kimura is joining on Tue 20 Jan", ScheduleText.For(Language.En, input.Roster).Reason(shifts[2].Members.Single(m => m.Kind == AssignmentKind.RotatingIn).Reason));
        var ja = ScheduleText.For(Language.Ja, input.Roster).Reason(shifts[2].Members.Single(m => m.Kind == AssignmentKind.RotatingIn).Reason);
        Assert.Contains("飛ばした人：Kimuraさん（1月20日(火)入社）", ja);
        // Trial 37 M1: the weeks wholly before it do not name her: she was not on the team then.
        Assert.All(shifts.Take(2), s => Assert.DoesNotContain(s.Members, m => m.Reason.Parts.Any(p => p.Kind == ReasonKind.Skipped)));
    }

    /// <summary>The last day is 2026-01-23 (Friday of shift 2): shift 2 runs past it, so from there the others take the turns; 退職, not 休暇.</summary>
    [Fact]
    public void Compute_MemberLeaving_NotOnDutyInAShiftRunningPastTheLastDay_AndTheReasonSaysLeaving()
    {
        var lastDay = Start.AddDays(18);
        var input = ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie", "dan")
            .Leaving("chie", lastDay)
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 12);

        // Without the leaving date chie rotates in at shift 1 and serves 1–2; shift 2 runs past her last day, so dan fills in.
        Assert.Contains("chie", shifts[1].MemberIds);
        Assert.All(shifts.Skip(2), s => Assert.DoesNotContain("chie", s.MemberIds));
        var text = ScheduleText.For(Language.Ja, input.Roster);
        var ja = string.Join(" / ", shifts[2].Members.Select(m => text.Reason(m.Reason)));
        Assert.Contains("1月23日(金)で退職", ja);
        Assert.DoesNotContain("休暇", ja);
        Assert.Contains("leaving on Fri 23 Jan", string.Join(" / ", shifts[2].Members.Select(m => ScheduleText.For(Language.En, input.Roster).Reason(m.Reason))));
        // Once she is gone she is not named as 「飛ばした」 every week from then on.
        Assert.All(shifts.Skip(4), s => Assert.DoesNotContain("Chie", string.Concat(s.Members.Select(m => m.Reason.En()))));
    }

    /// <summary>
    /// Trial 37 M5: block pairs, one of six leaving in week 5. The five left take the blocks in queue order, first in first out:
    /// the one listed first is not put back on every other block ahead of the others.
    /// </summary>
    [Fact]
    public void Compute_BlockAfterAMemberLeaves_BlocksTakeTheNextInQueue_SharesStayEven()
    {
        var input = ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie", "dan", "emi", "fumi")
            .Configure(r => r with { Strategy = RotationStrategy.Block })
            .Leaving("dan", Start.AddDays((7 * 5) + 4))
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 18);

        Assert.Equal(
            ["aiko,ben", "chie,dan", "emi,fumi", "aiko,ben", "chie,dan", "emi,fumi", "aiko,ben", "chie,emi", "fumi,aiko", "ben,chie", "emi,fumi", "aiko,ben"],
            shifts.Take(12).Select(s => string.Join(",", s.MemberIds)));
        AssertEvenBlocks(shifts.Skip(6).ToList(), ["aiko", "ben", "chie", "emi", "fumi"], consecutiveAllowed: false);
    }

    /// <summary>Trial 37 M5 with blocks of three: five left after one of six leaves, so some serve two blocks running, but nobody every block.</summary>
    [Fact]
    public void Compute_BlockOfThreeAfterAMemberLeaves_NobodyOnEveryBlock_SharesStayEven()
    {
        var input = ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie", "dan", "emi", "fumi")
            .Configure(r => r with { Strategy = RotationStrategy.Block, PeoplePerShift = 3 })
            .Leaving("fumi", Start.AddDays((7 * 3) + 4))
            .Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 16);

        Assert.All(shifts.Skip(3), s => Assert.DoesNotContain("fumi", s.MemberIds));
        var after = shifts.Skip(4).ToList();
        AssertEvenBlocks(after, ["aiko", "ben", "chie", "dan", "emi"], consecutiveAllowed: true);
        Assert.All(after.Zip(after.Skip(1), after.Skip(2)), w => Assert.Empty(w.First.MemberIds.Intersect(w.Second.MemberIds).Intersect(w.Third.MemberIds)));
    }

    /// <summary>
    /// Trial 37 M5 as run, smaller: six members, one not joined yet, blocks of three announced, the pair size back to two, a member
    /// leaving. With the five left, shares stay even and nobody serves two blocks in a row.
    /// </summary>
    [Fact]
    public void Compute_BlockWithPairSizeEditsAJoinerAndALeaver_SharesStayEven()
    {
        var builder = ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie", "dan", "emi")
            .AddMember("gen", ExperienceLevel.Senior, Start.AddDays(7 * 6))
            .Configure(r => r with { Strategy = RotationStrategy.Block, PeoplePerShift = 2 });
        Announce(builder, 0, 2);
        builder.Configure(r => r with { PeoplePerShift = 3 });
        Announce(builder, 2, 2);
        builder.Configure(r => r with { PeoplePerShift = 2 }).Leaving("chie", Start.AddDays((7 * 8) + 4));

        var shifts = ScheduleCalculator.Compute(builder.Build(), 0, 22);

        Assert.Equal(3, shifts[3].MemberIds.Count);
        Assert.All(shifts.Skip(8), s => Assert.DoesNotContain("chie", s.MemberIds));
        AssertEvenBlocks(shifts.Skip(9).ToList(), ["aiko", "ben", "dan", "emi", "gen"], consecutiveAllowed: false);
    }

    /// <summary>
    /// Trial 37 M1: weeks announced one by one before a member joins and after another left. Worked out again as frozen, they agree
    /// with what was announced: no note says the roster would give someone who was not on the team that week, and no reason names them.
    /// </summary>
    [Theory]
    [InlineData(RotationStrategy.Block)]
    [InlineData(RotationStrategy.Staggered)]
    public void Compute_WeeksAnnouncedBeforeAJoinerAndAfterALeaver_NameNeither(RotationStrategy strategy)
    {
        var builder = ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie", "dan", "emi", "fumi")
            .AddMember("gen", ExperienceLevel.Senior, Start.AddDays(7 * 6))
            .Configure(r => r with { Strategy = strategy })
            .Leaving("chie", Start.AddDays((7 * 2) + 4));
        var planned = ScheduleCalculator.Compute(builder.Build(), 0, 5);
        Announce(builder, 0, 5);

        var shifts = ScheduleCalculator.Compute(builder.Build(), 0, 5);

        Assert.Equal(planned.Select(s => string.Join(",", s.MemberIds)), shifts.Select(s => string.Join(",", s.MemberIds)));
        Assert.All(shifts, s => Assert.True(s.Frozen));
        Assert.All(shifts, s => Assert.Empty(s.Notes));
        Assert.All(shifts.SelectMany(s => s.Members), m => Assert.DoesNotContain(m.Reason.Parts, p => p.Kind == ReasonKind.AnnouncedOnly));
        var en = ScheduleText.For(Language.En, builder.Build().Roster);
        var ja = ScheduleText.For(Language.Ja, builder.Build().Roster);
        var said = string.Join("\n", shifts.SelectMany(s => s.Members.SelectMany(m => new[] { en.Reason(m.Reason), ja.Reason(m.Reason) })));
        Assert.DoesNotContain("Gen", said);
        Assert.All(shifts.Skip(3), s => Assert.DoesNotContain("Chie", string.Join("\n", s.Members.Select(m => en.Reason(m.Reason)))));
    }

    /// <summary>Announces shifts <paramref name="from"/> to <paramref name="from"/> + <paramref name="count"/> - 1 one by one, each as computed just before.</summary>
    private static void Announce(ScheduleInputBuilder builder, int from, int count)
    {
        for (var index = from; index < from + count; index++)
        {
            builder.Freeze(ScheduleCalculator.Compute(builder.Build(), index, 1));
        }
    }

    /// <summary>Everyone in <paramref name="members"/> serves, counts differ by at most one, and (unless allowed) nobody serves two blocks running.</summary>
    private static void AssertEvenBlocks(List<ScheduledShift> shifts, string[] members, bool consecutiveAllowed)
    {
        var counts = members.ToDictionary(m => m, m => shifts.Count(s => s.MemberIds.Contains(m)));
        Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, $"turns per member: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
        Assert.All(shifts.SelectMany(s => s.MemberIds), id => Assert.Contains(id, members));
        if (!consecutiveAllowed)
        {
            Assert.All(shifts.Zip(shifts.Skip(1)), pair => Assert.Empty(pair.First.MemberIds.Intersect(pair.Second.MemberIds)));
        }
    }

    /// <summary>A member who joined before the rotation's start (or has no joining date, level set) is unaffected.</summary>
    [Fact]
    public void Compute_NoLeavingDate_AndJoinedBefore_ScheduleUnchanged()
    {
        var plain = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie").Build(), 0, 8);
        var dated = ScheduleCalculator.Compute(new ScheduleInputBuilder().AddMember("aiko", ExperienceLevel.Senior, Start).AddSeniors("ben", "chie").Build(), 0, 8);

        Assert.Equal(plain.Select(s => s.MemberIds), dated.Select(s => s.MemberIds));
    }
}
