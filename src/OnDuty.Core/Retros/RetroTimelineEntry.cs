namespace OnDuty.Core.Retros;

/// <summary>
/// One line of a retro's timeline. Pre-filled from the incident's own timeline (<see cref="Kind"/> and <see cref="By"/>
/// copied as data, so a reader's page renders them in its language), then edited freely by the team.
/// </summary>
public sealed record RetroTimelineEntry
{
    public required DateTimeOffset At { get; init; }

    public string? Text { get; init; }

    /// <summary>The incident timeline kind it came from (<c>acknowledged</c>, <c>update</c>, …); null for lines people added.</summary>
    public string? Kind { get; init; }

    public string? By { get; init; }
}
