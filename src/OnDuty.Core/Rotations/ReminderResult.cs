namespace OnDuty.Core.Rotations;

/// <summary>Outcome for one rotation: the week reminded (null when none was due) and how many emails were queued now.</summary>
public sealed record ReminderResult(string RotationId, string? Week, int EmailsQueued, string? Error = null);
