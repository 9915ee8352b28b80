namespace OnDuty.Core.Retros;

/// <summary>What a team writes down after an incident. Every field but <see cref="Summary"/> is optional.</summary>
public sealed record RetroContent
{
    public required string Summary { get; init; }

    public IReadOnlyList<RetroTimelineEntry> Timeline { get; init; } = [];

    public string? Impact { get; init; }

    public string? WentWell { get; init; }

    /// <summary>The calls that were unclear, and why.</summary>
    public string? HardToJudge { get; init; }

    public IReadOnlyList<CriterionChange> CriteriaChanges { get; init; } = [];

    public string? ManualChanges { get; init; }

    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];
}
