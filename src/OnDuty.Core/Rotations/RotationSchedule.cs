using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Computed shifts, and the roster they were computed from to name everyone.</summary>
public sealed record RotationSchedule(Rotation Rotation, IReadOnlyList<ScheduledShift> Shifts, IReadOnlyDictionary<string, Member> Roster);
