namespace OnDuty.Core.Rotations;

/// <summary>
/// A member covered for part of a shift: from <see cref="From"/> (inclusive) to <see cref="To"/> (exclusive) the replacement
/// is on duty in the member's place. The shift's pair and the rotation queue are unchanged by it (the shift still counts as
/// served by the member); only who is on duty at an instant is (<see cref="ScheduledShift.DutyAt"/>).
/// </summary>
public sealed record Cover
{
    public required string Id { get; init; }

    public required string MemberId { get; init; }

    public required string ReplacementId { get; init; }

    public required DateTimeOffset From { get; init; }

    public required DateTimeOffset To { get; init; }

    public string? Reason { get; init; }

    public string? By { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Why it does not apply (its note on the shift), or null when it does: only covers that apply put their replacement on duty.</summary>
    public NoteKind? NotApplied { get; init; }

    public bool Applies => NotApplied is null;

    public bool Includes(DateTimeOffset at) => From <= at && at < To;

    public bool Overlaps(DateTimeOffset from, DateTimeOffset to) => From < to && from < To;
}
