using OnDuty.Core.Calendar;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Tests.Rotations;

public sealed class DutyRefusalsTests
{
    /// <summary>
    /// Trial 34 M4: a refusal about 2027-W02, whose handoff moved off 成人の日 to Tuesday 1/12, named 「1月11日(月)からの週」; it names
    /// the shift by its actual start, as the duty page's list does (「1月12日(火)からの週」).
    /// </summary>
    [Fact]
    public void Of_ShiftWhoseHandoffMoved_NamesItByTheMovedDay()
    {
        var monday = new DateOnly(2027, 1, 11);
        var tuesday = monday.AddDays(1);
        var shift = new ScheduledShift(
            1, "2027-W02", monday, monday.AddDays(6), new DateTimeOffset(2027, 1, 12, 1, 0, 0, TimeSpan.Zero), new DateTimeOffset(2027, 1, 18, 1, 0, 0, TimeSpan.Zero), [], false, [])
        {
            HandoffMoved = new HandoffMove(monday, tuesday, [new NonWorkingDay(monday, NonWorkingKind.PublicHoliday, "Coming of Age Day", "成人の日")]),
        };
        var plain = shift with { HandoffMoved = null };

        Assert.Equal("2027-01-12", DutyRefusals.Of(DutyRefusals.AlreadyOn, shift, ("member", "tanaka")).Args["weekStart"]);
        Assert.Equal("2027-01-11", DutyRefusals.Of(DutyRefusals.AlreadyOn, plain, ("member", "tanaka")).Args["weekStart"]);
    }
}
