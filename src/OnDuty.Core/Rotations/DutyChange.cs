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

    public DateTimeOffset At { get; init; }

    /// <summary>True once its messages are in the outbox; until then every announcement run queues them (once each, by id).</summary>
    public bool Announced { get; init; }

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
        CreatedAt = At,
    };
}
