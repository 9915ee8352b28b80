namespace OnDuty.Core.Rotations;

/// <summary>
/// One entry of <c>GET /api/rotations/{id}/overrides</c>: an override of a week not yet announced, or a person's change to an
/// announced week (<see cref="AnnouncedWeek"/>) — stored on the frozen shift, listed here so it can be seen and taken back.
/// </summary>
public sealed record OverrideEntry
{
    public required string Id { get; init; }

    public OverrideKind Kind { get; init; }

    public required DateOnly ShiftStart { get; init; }

    public required string Week { get; init; }

    public required string MemberId { get; init; }

    public required string ReplacementId { get; init; }

    public string? SwapId { get; init; }

    public string? Reason { get; init; }

    /// <summary>Who made it, when they said (a page's visitor, the API's <c>by</c>).</summary>
    public string? By { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>True when it changed a week already announced (applied at once and announced itself).</summary>
    public bool AnnouncedWeek { get; init; }

    /// <summary>For a change to an announced week: whether its messages are queued yet.</summary>
    public bool? Announced { get; init; }

    /// <summary>The change this one took back (its members are the announced pair again).</summary>
    public string? Undoes { get; init; }

    public string? UndoneBy { get; init; }

    public DateTimeOffset? UndoneAt { get; init; }

    /// <summary>Start of a cover for part of the shift; null for the whole shift.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End (exclusive) of a cover for part of the shift; null for the whole shift.</summary>
    public DateTimeOffset? To { get; init; }

    public static OverrideEntry Of(RotationOverride o, string week) => new()
    {
        Id = o.Id,
        Kind = o.Kind,
        ShiftStart = o.ShiftStart,
        Week = week,
        MemberId = o.MemberId,
        ReplacementId = o.ReplacementId,
        SwapId = o.SwapId,
        Reason = o.Reason,
        By = o.By,
        CreatedAt = o.CreatedAt,
        From = o.From,
        To = o.To,
    };

    public static OverrideEntry Of(FrozenShift shift, DutyChange c) => new()
    {
        Id = c.Id,
        Kind = c.Kind,
        ShiftStart = shift.ShiftStart,
        Week = shift.Week,
        MemberId = c.MemberId,
        ReplacementId = c.ReplacementId,
        SwapId = c.SwapId,
        Reason = string.IsNullOrEmpty(c.Reason) ? null : c.Reason,
        By = c.By,
        CreatedAt = c.At,
        AnnouncedWeek = true,
        Announced = c.Announced,
        Undoes = c.Undoes,
        UndoneBy = c.UndoneBy,
        UndoneAt = c.UndoneAt,
        From = c.From,
        To = c.To,
    };
}
