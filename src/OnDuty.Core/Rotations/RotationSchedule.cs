using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Computed shifts, and the roster they were computed from to name everyone.</summary>
public sealed record RotationSchedule(Rotation Rotation, IReadOnlyList<ScheduledShift> Shifts, IReadOnlyDictionary<string, Member> Roster)
{
    /// <summary>
    /// The weeks the shifts and their reasons name whose handoff moved off a non-working day, with the day it happens
    /// (<see cref="DutyCalendar.MovedStarts(IEnumerable{ScheduledShift})"/>): Japanese text names those weeks by that day.
    /// </summary>
    public IReadOnlyDictionary<string, DateOnly> MovedStarts { get; init; } = new Dictionary<string, DateOnly>();
}
