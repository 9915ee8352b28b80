namespace OnDuty.Core.Rotations;

/// <summary>A shift whose members were announced: later roster changes, leave and Outlook never rewrite it; a person's <see cref="DutyChange"/> does.</summary>
public sealed record FrozenShift
{
    public required DateOnly ShiftStart { get; init; }

    public required string Week { get; init; }

    public required IReadOnlyList<string> Members { get; init; }

    /// <summary>Members of the following shift as announced ("next week").</summary>
    public IReadOnlyList<string> NextMembers { get; init; } = [];

    public FrozenShiftStatus Status { get; init; } = FrozenShiftStatus.Announcing;

    public DateTimeOffset FrozenAt { get; init; }

    /// <summary>Replacements made by people after the announcement, oldest first; <see cref="Members"/> already reflects them.</summary>
    public IReadOnlyList<DutyChange> Changes { get; init; } = [];

    public const int MaxChanges = 20;

    /// <summary>
    /// This shift with <paramref name="change"/> applied: its member replaced in place, the change appended (and, when it
    /// takes an earlier change back, that one marked undone).
    /// A cover for part of the shift (and its taking-back) leaves the members as they are: it is applied at the instants it covers.
    /// </summary>
    public FrozenShift With(DutyChange change) => this with
    {
        Members = change.IsCover ? Members : [.. Members.Select(m => m == change.MemberId ? change.ReplacementId : m)],
        Changes = [.. Changes.Select(c => c.Id == change.Undoes ? c with { UndoneBy = change.Id, UndoneAt = change.At } : c), change],
    };
}
