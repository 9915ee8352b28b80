namespace OnDuty.Core.Rotations;

public sealed record AnnouncementResult(string RotationId, string? Week, AnnouncementOutcome Outcome, int MessagesQueued, string? Error);
