namespace OnDuty.Core.Rotations;

public enum OverrideKind
{
    /// <summary>One member replaced by another for one shift.</summary>
    Replace,

    /// <summary>One half of a swap: two members trade shifts; both halves share a <see cref="RotationOverride.SwapId"/>.</summary>
    Swap,
}

/// <summary>A one-off change to a computed shift: <see cref="MemberId"/> is replaced by <see cref="ReplacementId"/>.</summary>
public sealed record RotationOverride
{
    public required string Id { get; init; }

    public OverrideKind Kind { get; init; } = OverrideKind.Replace;

    /// <summary>Local start date of the shift the override applies to.</summary>
    public required DateOnly ShiftStart { get; init; }

    public required string MemberId { get; init; }

    public required string ReplacementId { get; init; }

    public string? SwapId { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

public enum FrozenShiftStatus
{
    /// <summary>The shift is frozen and its messages are being queued.</summary>
    Announcing,

    /// <summary>Every message of the announcement is in the outbox.</summary>
    Announced,
}

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
    /// </summary>
    public FrozenShift With(DutyChange change) => this with
    {
        Members = [.. Members.Select(m => m == change.MemberId ? change.ReplacementId : m)],
        Changes = [.. Changes.Select(c => c.Id == change.Undoes ? c with { UndoneBy = change.Id, UndoneAt = change.At } : c), change],
    };
}

/// <summary>Everything stored about a rotation besides its settings: overrides and frozen shifts.</summary>
public sealed record RotationState(IReadOnlyList<RotationOverride> Overrides, IReadOnlyList<FrozenShift> Frozen)
{
    public static RotationState Empty { get; } = new([], []);
}
