namespace OnDuty.Core.Retros;

/// <summary>
/// A criteria change a retro proposes, as the proposals index keeps it (<see cref="IRetroRepository.ListCriteriaChangesAsync"/>):
/// its retro's incident (titled as for <see cref="IndexedActionItem"/>), the change, and the retro version that holds it now.
/// </summary>
public sealed record IndexedCriterionChange(string IncidentId, string IncidentTitle, CriterionChange Change, RetroVersion Saved)
{
    /// <summary>Where the change stands in its retro's list (0 first): the order the retro wrote them in.</summary>
    public int Position { get; init; }

    /// <summary>The incident its retro's incident was merged into (a duplicate's retro); null when it was not merged.</summary>
    public string? MergedInto { get; init; }
}
