namespace OnDuty.Core.Rotations;

/// <summary>
/// A member's place in the rotation queue: the shift their last turn started at (null: never rotated in) and the running count of
/// turns started in the simulation when it did (0: never), which orders members who rotated in at the same shift.
/// </summary>
internal readonly record struct QueuePlace(int? LastRotatedIn, int Order);
