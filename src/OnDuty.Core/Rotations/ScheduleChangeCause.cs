namespace OnDuty.Core.Rotations;

/// <summary>
/// What a person changed that may move duty weeks not yet announced, as data the mail about it renders per reader: who
/// entered what, and why. <see cref="Id"/> names the change (a swap's id, an override's id, a member's leave), so the mail
/// about it is queued once per member whatever retries.
/// </summary>
public sealed record ScheduleChangeCause
{
    public required string Id { get; init; }

    public required ScheduleChangeKind Kind { get; init; }

    public required string MemberId { get; init; }

    /// <summary>The other party of a swap, or the replacement.</summary>
    public string? OtherMemberId { get; init; }

    /// <summary>ISO week label of <see cref="MemberId"/>'s half (swap) or of the replaced week.</summary>
    public string? Week { get; init; }

    /// <summary>ISO week label of <see cref="OtherMemberId"/>'s half of a swap.</summary>
    public string? OtherWeek { get; init; }

    /// <summary>First day of the leave (leave only).</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last day of the leave (leave only).</summary>
    public DateOnly? To { get; init; }

    /// <summary>The reason (or the leave's note) as typed.</summary>
    public string? Reason { get; init; }

    /// <summary>Who entered it, as they signed in or typed their name; null when nobody said.</summary>
    public string? By { get; init; }

    /// <summary>
    /// Told even when their weeks in the horizon look the same (the other party of a swap always hears of it). Never someone
    /// whose only change is in an announced week: those hear of it by the announced week's change notice.
    /// </summary>
    public IReadOnlyList<string> AlwaysTell { get; init; } = [];
}
