namespace OnDuty.Core.Retros;

/// <summary>A judgement criterion this retro changes (by id), with what and why in the team's words.</summary>
public sealed record CriterionChange
{
    public required string CriterionId { get; init; }

    public string? Note { get; init; }
}
