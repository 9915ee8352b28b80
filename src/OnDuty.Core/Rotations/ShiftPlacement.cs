namespace OnDuty.Core.Rotations;

/// <summary>Who fills a turn's slot on one shift once overrides are applied, and the turn it came from.</summary>
internal sealed record ShiftPlacement(string MemberId, AssignmentKind Kind, AssignmentReason Reason, SimulatedTurn Turn);
