namespace OnDuty.Core.Rotations;

/// <summary>
/// Who the queue chose; <see cref="AheadOf"/> is the head passed over to pair experience with <see cref="Inexperienced"/>, or,
/// with <see cref="ForDays"/>, to have someone on the shift who works those team working days (a part-timer's partner).
/// </summary>
internal sealed record QueuePick(int Candidate, int? AheadOf, IReadOnlyList<string> Inexperienced)
{
    /// <summary>The team working days (API names) the members already on the shift do not work, which the pick does.</summary>
    public IReadOnlyList<string> ForDays { get; init; } = [];

    /// <summary>The members already on the shift, when <see cref="ForDays"/> is set.</summary>
    public IReadOnlyList<string> Partners { get; init; } = [];
}
