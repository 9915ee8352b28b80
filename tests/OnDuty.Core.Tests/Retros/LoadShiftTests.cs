using OnDuty.Core.Retros;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Tests.Retros;

public sealed class LoadShiftTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.FromHours(9));

    private static ScheduledShift Shift(params string[] members) => new(
        0, "2026-W45", new(2026, 11, 2), new(2026, 11, 8), Start, Start.AddDays(7),
        [.. members.Select(m => new Assignment(m, AssignmentKind.Frozen, AssignmentReason.None))], Frozen: true, []);

    private static DutyChange Change(string id, string member, string replacement, DateTimeOffset at) =>
        new() { Id = id, MemberId = member, ReplacementId = replacement, Reason = "体調不良", At = at };

    /// <summary>
    /// The changes to an announced shift: one made before its handoff held all week (none); one made on Thursday and its
    /// taking-back on Friday are two handovers (高橋 served in between); a cover is not one.
    /// </summary>
    [Fact]
    public void HandoversOf_FrozenShift_ChangesMadeWhileItWasOn()
    {
        var thursday = Start.AddDays(3).AddHours(3).AddMinutes(40);
        var friday = Start.AddDays(4);
        var change = Change("c2", "ito", "takahashi", thursday);
        var frozen = new FrozenShift
        {
            ShiftStart = new(2026, 11, 2),
            Week = "2026-W45",
            Members = ["sato", "ito"],
            Changes =
            [
                Change("c1", "yamada", "sato", Start.AddDays(-1)),
                change with { UndoneBy = "c3", UndoneAt = friday },
                change.UndoneAs("c3", "戻った", friday),
                Change("c4", "sato", "yamada", friday) with { From = friday, To = friday.AddHours(2) },
            ],
        };

        var handovers = LoadShift.HandoversOf(Shift("sato", "ito"), new RotationState([], [frozen]));

        Assert.Equal([new LoadHandover("ito", "takahashi", thursday), new LoadHandover("takahashi", "ito", friday)], handovers);
        var shift = LoadShift.Of(Shift("sato", "ito"), new RotationState([], [frozen]));
        Assert.Equal((168 - 20.3, 20.3), (Math.Round(shift.HoursOf("ito"), 1), Math.Round(shift.HoursOf("takahashi"), 1)));
        Assert.Equal(1, shift.ShareOf("sato"));
    }

    /// <summary>An override of a shift nobody announced counts from when it was made, if that was while the shift was on.</summary>
    [Fact]
    public void HandoversOf_Overrides_ByWhenTheyWereMade()
    {
        RotationOverride Override(string id, DateTimeOffset at) =>
            new() { Id = id, ShiftStart = new(2026, 11, 2), MemberId = "ito", ReplacementId = "takahashi", CreatedAt = at };
        var unfrozen = Shift("sato", "takahashi") with { Frozen = false };

        Assert.Equal([new LoadHandover("ito", "takahashi", Start.AddDays(1))], LoadShift.HandoversOf(unfrozen, new RotationState([Override("o1", Start.AddDays(1))], [])));
        Assert.Empty(LoadShift.HandoversOf(unfrozen, new RotationState([Override("o1", Start.AddDays(-3))], [])));
        Assert.Equal(168, LoadShift.Of(unfrozen, new RotationState([Override("o1", Start.AddDays(-3))], [])).HoursOf("takahashi"));
    }

    /// <summary>
    /// 伊藤 was covered on Tuesday evening, then replaced for the rest of the week on Thursday: the schedule no longer applies the
    /// cover (伊藤 is off the shift), but the cover's four hours were served by its replacement.
    /// </summary>
    [Fact]
    public void HoursOf_ACoverOfAMemberReplacedLater_CountsUntilTheHandover()
    {
        var tuesday = Start.AddDays(1).AddHours(9); // Tue 19:00
        var cover = new Cover { Id = "cv1", MemberId = "ito", ReplacementId = "yamada", From = tuesday, To = tuesday.AddHours(4), NotApplied = NoteKind.OverrideMemberNotOnShift };
        var shift = new LoadShift(new(2026, 11, 2), ["sato", "takahashi"])
        {
            StartsAt = Start,
            EndsAt = Start.AddDays(7),
            Covers = [cover],
            Handovers = [new LoadHandover("ito", "takahashi", Start.AddDays(3))],
        };

        Assert.Equal((72 - 4.0, 4.0, 96.0), (shift.HoursOf("ito"), shift.HoursOf("yamada"), shift.HoursOf("takahashi")));
        Assert.Equal(0, (shift with { Handovers = [] }).HoursOf("yamada")); // no handover: a cover that does not apply moves nothing
    }
}
