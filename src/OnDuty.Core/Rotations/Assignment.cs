namespace OnDuty.Core.Rotations;

/// <summary>One member on one shift and why they are there, as data a PM can check once rendered in their language.</summary>
public sealed record Assignment(string MemberId, AssignmentKind Kind, AssignmentReason Reason);
