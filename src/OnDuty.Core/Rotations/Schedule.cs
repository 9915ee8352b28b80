namespace OnDuty.Core.Rotations;

public enum AssignmentKind
{
    /// <summary>Took the turn that was theirs in rotation order.</summary>
    RotatingIn,

    /// <summary>Stays from the previous shift (staggered pairs).</summary>
    Continuing,

    /// <summary>Replaced another member for this shift.</summary>
    Override,

    /// <summary>Traded shifts with another member.</summary>
    Swap,

    /// <summary>As announced; the shift is frozen.</summary>
    Frozen,
}

/// <summary>One member on one shift and why they are there, as data a PM can check once rendered in their language.</summary>
public sealed record Assignment(string MemberId, AssignmentKind Kind, AssignmentReason Reason);

/// <summary>One computed (or frozen) shift.</summary>
public sealed record ScheduledShift(
    int Index,
    string Week,
    DateOnly StartDate,
    DateOnly EndDate,
    DateTimeOffset StartsAt,
    DateTimeOffset EndsAt,
    IReadOnlyList<Assignment> Members,
    bool Frozen,
    IReadOnlyList<ScheduleNote> Notes)
{
    /// <summary>Set when the handoff into this shift moved off a non-working day (<see cref="StartsAt"/> is the moved instant).</summary>
    public Calendar.HandoffMove? HandoffMoved { get; init; }

    public IReadOnlyList<string> MemberIds => Members.Select(m => m.MemberId).ToList();
}
