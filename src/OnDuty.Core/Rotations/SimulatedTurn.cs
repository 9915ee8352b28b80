namespace OnDuty.Core.Rotations;

/// <summary>A member's turn in the simulation: on every shift from <see cref="RotatedInAt"/> to <see cref="EndsAt"/>.</summary>
internal readonly record struct SimulatedTurn(int Candidate, int RotatedInAt, int EndsAt, AssignmentReason Reason);
