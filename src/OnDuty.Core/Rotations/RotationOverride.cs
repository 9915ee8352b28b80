namespace OnDuty.Core.Rotations;

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

    /// <summary>Who made it, as they signed in or typed their name (a page's visitor, the API's <c>by</c>); null when nobody said.</summary>
    public string? By { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Start of a cover for part of the shift (with <see cref="To"/>); null for the whole shift (rows stored before covers read so).</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>End (exclusive) of a cover for part of the shift; null for the whole shift.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>A cover for part of the shift: the shift's pair stays, the replacement is on duty from <see cref="From"/> to <see cref="To"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCover => From is not null && To is not null;

    public Cover AsCover() => new()
    {
        Id = Id,
        MemberId = MemberId,
        ReplacementId = ReplacementId,
        From = From ?? throw new InvalidOperationException($"Override '{Id}' is for the whole shift."),
        To = To ?? throw new InvalidOperationException($"Override '{Id}' is for the whole shift."),
        Reason = Reason,
        By = By,
        CreatedAt = CreatedAt,
    };
}
