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
}
