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
        var skipped = shifts[0].Members.Select(m => m.Reason).SelectMany(r => r.Parts).First(p => p.Kind == ReasonKind.Skipped).Skipped.Single();
        Assert.Equal(new SkippedMember("kimura", new Ineligibility(IneligibleKind.NotJoined) { Date = joins }), skipped);
        Assert.Contains("Kimura is joining on 2026-01-20", ScheduleText.For(Language.En, input.Roster).Reason(shifts[1].Members.Single(m => m.Kind == AssignmentKind.RotatingIn).Reason));
        var ja = ScheduleText.For(Language.Ja, input.Roster).Reason(shifts[1].Members.Single(m => m.Kind == AssignmentKind.RotatingIn).Reason);
        Assert.Contains("飛ばした人：Kimuraさん（1月20日(火)入社）", ja);
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
        Assert.Contains("leaving on 2026-01-23", string.Join(" / ", shifts[2].Members.Select(m => ScheduleText.For(Language.En, input.Roster).Reason(m.Reason))));
        // Once she is gone she is not named as 「飛ばした」 every week from then on.
        Assert.All(shifts.Skip(4), s => Assert.DoesNotContain("Chie", string.Concat(s.Members.Select(m => m.Reason.En()))));
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
