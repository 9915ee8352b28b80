namespace OnDuty.Core.Rotations;

/// <summary>
/// A person's replacement of a member of an already-announced (frozen) shift: applied at once, stored on the frozen shift
/// itself (its members are rewritten in the same write), and announced to the replacement, the replaced member and the
/// channel. Automatic changes (roster edits, leave, Outlook) never rewrite a frozen shift; a person may.
/// </summary>
public sealed record DutyChange
{
    public required string Id { get; init; }

    public OverrideKind Kind { get; init; } = OverrideKind.Replace;

    public required string MemberId { get; init; }

    public required string ReplacementId { get; init; }

    /// <summary>Both halves of a swap share it (the other half may be an ordinary override of an unannounced shift).</summary>
    public string? SwapId { get; init; }

    public required string Reason { get; init; }

    /// <summary>Who made it (or took it back), as they signed in or typed their name; null when nobody said.</summary>
    public string? By { get; init; }

    public DateTimeOffset At { get; init; }

    /// <summary>True once its messages are in the outbox; until then every announcement run queues them (once each, by id).</summary>
    public bool Announced { get; init; }

    /// <summary>
    /// Set on the change that takes an earlier one back (<c>DELETE …/overrides/{id}</c>): it puts the replaced member back and is
    /// announced like any change, under its own id. Neither it nor the change it undoes explains the schedule any more.
    /// </summary>
    public string? Undoes { get; init; }

    /// <summary>The change that took this one back, when one did.</summary>
    public string? UndoneBy { get; init; }

    public DateTimeOffset? UndoneAt { get; init; }

    /// <summary>Start of a cover for part of the shift (with <see cref="To"/>): the shift's members stay, the replacement is on duty from then.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End (exclusive) of a cover for part of the shift; null for the rest of the shift.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Covers of the shift that applied until this whole-shift change and no longer do (their member was replaced, or their
    /// replacement joined the shift): each one's replacement is told with the change that it is not needed. Null when none
    /// (so a change without any compares equal after a round trip through storage).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Cover>? CancelsCovers { get; init; }

    /// <summary>
    /// Covers of the shift that did not apply until this change (or taking-back) and apply after it, e.g. the cover of a member
    /// a whole-shift change had replaced, back with the undo: each one's replacement, who may have been told it was not needed,
    /// is told with the change that it applies. Null when none (changes stored before this was kept read as none).
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Cover>? RestoresCovers { get; init; }

    /// <summary>A cover for part of the shift (or the taking-back of one): never rewrites the shift's members.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCover => From is not null && To is not null;

    /// <summary>Still shapes the shift: neither taken back nor a taking-back.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool InEffect => Undoes is null && UndoneBy is null;

    /// <summary>The change that takes this one back: the replacement leaves, the replaced member returns.</summary>
    public DutyChange UndoneAs(string id, string reason, DateTimeOffset at, string? by = null) => new()
    {
        Id = id,
        Kind = Kind,
        MemberId = ReplacementId,
        ReplacementId = MemberId,
        Reason = reason,
        By = by,
        At = at,
        Undoes = Id,
        From = From,
        To = To,
    };

    /// <summary>The change as an override of its shift, so the schedule explains it and the rotation queue is unchanged by it.</summary>
    public RotationOverride AsOverride(DateOnly shiftStart) => new()
    {
        Id = Id,
        Kind = Kind,
        ShiftStart = shiftStart,
        MemberId = MemberId,
        ReplacementId = ReplacementId,
        SwapId = SwapId,
        Reason = Reason,
        By = By,
        CreatedAt = At,
        From = From,
        To = To,
    };
}
