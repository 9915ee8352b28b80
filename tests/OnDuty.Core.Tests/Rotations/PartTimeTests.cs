using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Messages;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Trial 32b M2: part-timers (<c>workingDays</c>). Two members whose days together leave a team working day uncovered are not
/// paired while another eligible pairing exists; when it cannot be avoided, the shift's note says which days are thin.
/// </summary>
public class PartTimeTests
{
    private static readonly string[] MonToWed = ["mon", "tue", "wed"];

    private static ScheduleInputBuilder Block() => new ScheduleInputBuilder().Configure(r => r with { Strategy = RotationStrategy.Block });

    [Fact]
    public void Compute_TwoPartTimersNextInTheQueue_AreNotPaired_AFullTimerRotatesInAheadAndTheReasonSaysWhy()
    {
        var input = Block().AddSeniors("yamada", "sato", "suzuki", "tanaka").WorkingDays("yamada", MonToWed).WorkingDays("sato", MonToWed).Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 6);

        // Without workingDays the queue pairs yamada and sato; nobody would work Thursday and Friday.
        Assert.Equal(["yamada", "suzuki"], shifts[0].MemberIds);
        Assert.Equal(["sato", "tanaka"], shifts[1].MemberIds);
        Assert.All(shifts, s => Assert.Empty(WorkingDays.Uncovered(s.MemberIds.Select(id => input.Roster[id]))));
        var part = shifts[0].Members[1].Reason.Parts.Single(p => p.Kind == ReasonKind.AheadForWorkingDays);
        Assert.Equal(new ReasonPart(ReasonKind.AheadForWorkingDays) { MemberId = "sato", MemberIds = ["yamada"], WorkingDays = ["thu", "fri"] }, part);
        Assert.Equal("Yamadaさんの勤務日でない木・金に勤務できるため、Satoさんより先に担当",
            ScheduleText.For(Language.Ja, input.Roster).Reason(new AssignmentReason(part)));
        Assert.Equal("Rotates in ahead of Sato to work Thu and Fri, when Yamada does not",
            ScheduleText.For(Language.En, input.Roster).Reason(new AssignmentReason(part)));
        // The full-timer paired with a part-timer: Thursday and Friday are one person's, and the note says so.
        var note = Assert.Single(shifts[0].Notes, n => n.Kind == NoteKind.WorkingDaysThin);
        Assert.Equal(["thu", "fri"], note.WorkingDays);
        Assert.Equal(["suzuki"], note.MemberIds);
        Assert.Equal("木・金はSuzukiさんのみ", ScheduleText.For(Language.Ja, input.Roster).Note(note));
        Assert.Equal("Thu and Fri: only Suzuki", ScheduleText.For(Language.En, input.Roster).Note(note));
    }

    /// <summary>
    /// Trial 34 M7: Thursday and Friday of a closure (or public holidays) are nobody's working day — everyone on duty is paged then —,
    /// so the note leaves them out: a week with both closed says nothing, one with only Thursday closed names Friday alone. The
    /// weeks after are as before.
    /// </summary>
    [Fact]
    public void Compute_ThinDaysThatAreClosureDays_AreLeftOutOfTheNote()
    {
        var closed = new OnDuty.Core.Calendar.WorkingCalendar("none",
        [
            new OnDuty.Core.Calendar.ClosureOptions { From = new DateOnly(2026, 1, 8), To = new DateOnly(2026, 1, 9), Name = "休業", NameEn = "Closure" },
            new OnDuty.Core.Calendar.ClosureOptions { From = new DateOnly(2026, 1, 15), To = new DateOnly(2026, 1, 15), Name = "休業", NameEn = "Closure" },
        ]);
        var input = Block().AddSeniors("yamada", "suzuki").WorkingDays("yamada", MonToWed).Build() with { WorkingCalendar = closed };

        var shifts = ScheduleCalculator.Compute(input, 0, 3);

        Assert.Equal(["yamada", "suzuki"], shifts[0].MemberIds);
        Assert.DoesNotContain(shifts[0].Notes, n => n.Kind == NoteKind.WorkingDaysThin);
        Assert.Contains(shifts[0].Notes, n => n.Kind == NoteKind.IncludesClosure);
        Assert.Equal(["fri"], Assert.Single(shifts[1].Notes, n => n.Kind == NoteKind.WorkingDaysThin).WorkingDays);
        Assert.Equal(["thu", "fri"], Assert.Single(shifts[2].Notes, n => n.Kind == NoteKind.WorkingDaysThin).WorkingDays);
    }

    [Fact]
    public void Compute_OnlyPartTimersOnTheSameDays_PairedAnyway_TheNoteSaysNobodyWorksThursdayAndFriday()
    {
        var input = Block().AddSeniors("yamada", "sato").WorkingDays("yamada", MonToWed).WorkingDays("sato", ["mon", "tue", "wed", "thu"]).Build();

        var shift = ScheduleCalculator.Compute(input, 0, 1)[0];

        Assert.Equal(["yamada", "sato"], shift.MemberIds); // paged on every day: nobody is left off the shift
        var notes = shift.Notes.Where(n => n.Kind == NoteKind.WorkingDaysThin).ToList();
        Assert.Equal(2, notes.Count);
        var ja = ScheduleText.For(Language.Ja, input.Roster);
        Assert.Equal(["木はSatoさんのみ", "金は勤務日の当番がいません"], notes.Select(ja.Note));
        Assert.Equal("Fri: nobody on duty works", ScheduleText.For(Language.En, input.Roster).Note(notes[1]));
    }

    /// <summary>The staggered rotation (one new member a week) also looks for a partner who covers the part-timer's days off.</summary>
    [Fact]
    public void Compute_Staggered_TwoPartTimersNextToEachOther_NeverTogether()
    {
        var plain = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors("aiko", "chie", "ben", "dan", "emi").Build(), 0, 10);
        var input = ScheduleInputBuilder.WithSeniors("aiko", "chie", "ben", "dan", "emi").WorkingDays("aiko", MonToWed).WorkingDays("chie", MonToWed).Build();

        var shifts = ScheduleCalculator.Compute(input, 0, 10);

        Assert.Equal(["aiko", "chie"], plain[0].MemberIds); // without workingDays the queue pairs them
        Assert.Equal(["aiko", "ben"], shifts[0].MemberIds);
        Assert.All(shifts, s => Assert.False(s.MemberIds.Contains("aiko") && s.MemberIds.Contains("chie")));
        Assert.All(shifts, s => Assert.Empty(WorkingDays.Uncovered(s.MemberIds.Select(id => input.Roster[id]))));
        // Deterministic: the same input, the same schedule.
        Assert.Equal(shifts.Select(s => string.Join(",", s.MemberIds)), ScheduleCalculator.Compute(input, 0, 10).Select(s => string.Join(",", s.MemberIds)));
    }

    /// <summary>Members without workingDays, or with every team working day, are scheduled as before and get no note.</summary>
    [Fact]
    public void Compute_NoPartTimers_ScheduleAndNotesUnchanged()
    {
        var plain = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie").Build(), 0, 8);
        var full = ScheduleCalculator.Compute(ScheduleInputBuilder.WithSeniors("aiko", "ben", "chie").WorkingDays("ben", ["mon", "tue", "wed", "thu", "fri"]).Build(), 0, 8);

        Assert.Equal(plain.Select(s => s.MemberIds), full.Select(s => s.MemberIds));
        Assert.Equal(plain.Select(s => s.Notes), full.Select(s => s.Notes));
        Assert.All(full, s => Assert.DoesNotContain(s.Notes, n => n.Kind == NoteKind.WorkingDaysThin));
    }

    [Theory]
    [InlineData("")]
    [InlineData("mon,mon")]
    [InlineData("monday")]
    [InlineData("mon,Mon")]
    public void Validate_WorkingDays_EmptyUnknownOrTwice_NamesTheField(string list)
    {
        var days = list.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var member = new Member { Id = "yamada", DisplayName = "山田 太郎", Email = "yamada@example.com", Level = ExperienceLevel.Senior, WorkingDays = days, TimeZone = TestZones.Tokyo };

        var error = Assert.Throws<ValidationException>(member.Validate);

        Assert.Equal("workingDays", Assert.Single(error.Errors.Keys));
    }

    [Fact]
    public void WorkingDaysText_NamesAPartTimersDays_AndNobodyElses()
    {
        var yamada = new Member { Id = "yamada", DisplayName = "山田 太郎", Email = "y@example.com", WorkingDays = MonToWed, TimeZone = TestZones.Tokyo };
        var sato = new Member { Id = "sato", DisplayName = "佐藤 花子", Email = "s@example.com", WorkingDays = ["mon", "tue", "wed", "thu", "fri"], TimeZone = TestZones.Tokyo };

        Assert.Equal("山田さん（月・火・水のみ）", WorkingDaysText.Named("山田さん", yamada, Phrases.For(Language.Ja)));
        Assert.Equal("Yamada (Mon, Tue and Wed only)", WorkingDaysText.Named("Yamada", yamada, Phrases.For(Language.En)));
        Assert.Equal("佐藤さん", WorkingDaysText.Named("佐藤さん", sato, Phrases.For(Language.Ja)));
        Assert.Equal(["mon", "wed"], WorkingDays.Normalize(["Wed", "mon"]));
    }
}
