namespace OnDuty.Core.Retros;

/// <summary>Something a retro decided to do, owned by a roster member.</summary>
public sealed record ActionItem
{
    public required string Title { get; init; }

    /// <summary>A member id on the roster.</summary>
    public required string Owner { get; init; }

    public DateOnly? Due { get; init; }

    public ActionItemStatus Status { get; init; } = ActionItemStatus.Open;
}
