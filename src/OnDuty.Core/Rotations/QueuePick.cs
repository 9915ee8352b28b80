namespace OnDuty.Core.Rotations;

/// <summary>Who the queue chose; <see cref="AheadOf"/> is the head passed over to pair experience with <see cref="Inexperienced"/>.</summary>
internal sealed record QueuePick(int Candidate, int? AheadOf, IReadOnlyList<string> Inexperienced);
