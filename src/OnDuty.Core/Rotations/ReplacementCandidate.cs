using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// One member who could take over in a shift, with what speaks for or against them: duty shifts in the
/// <see cref="ReplacementList.PastShifts"/> before it (<see cref="PastWeeks"/>) and the <see cref="ReplacementList.ComingShifts"/>
/// after it (<see cref="ComingWeeks"/>), on duty in the shift just before or just after, the weeks in a row it would make, and leave.
/// </summary>
public sealed record ReplacementCandidate(string MemberId, int PastWeeks, int ComingWeeks, bool LastWeek, bool NextWeek)
{
    /// <summary>Set when taking the shift would put them on <see cref="RotationService.LongRunWeeks"/> or more weeks in a row.</summary>
    public int? WeeksInARow { get; init; }

    /// <summary>Their first leave in what is left of the shift (the change is refused without <c>force</c>).</summary>
    public Leave? Leave { get; init; }

    /// <summary>The first day of what is left of the shift: a <see cref="Leave"/> begun by then is said as running (「12月31日まで休暇中」).</summary>
    public DateOnly? RemainingFrom { get; init; }

    /// <summary>Their <see cref="Leave"/> has begun by what is left of the shift.</summary>
    public bool OnLeaveNow => Leave is { } leave && RemainingFrom is { } from && leave.From <= from;

    /// <summary>Their last day, when it comes before the shift ends (refused without <c>force</c> too).</summary>
    public DateOnly? LeavesOn { get; init; }

    /// <summary>Away for part of the shift: on leave or gone before it ends.</summary>
    public bool Away => Leave is not null || LeavesOn is not null;

    /// <summary>On duty right next to it, or it would make a long run.</summary>
    public bool NextToOwnTurn => LastWeek || NextWeek || WeeksInARow is not null;
}
