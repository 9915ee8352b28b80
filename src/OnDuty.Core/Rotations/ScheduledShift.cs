namespace OnDuty.Core.Rotations;

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
