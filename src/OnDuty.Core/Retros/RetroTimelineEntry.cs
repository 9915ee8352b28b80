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

    /// <summary>
    /// On a line pre-filled from a monitoring tool's acknowledgement (<see cref="By"/> <c>alert:{source}</c>): the name the tool gave
    /// itself (<see cref="Incidents.TimelineEntry.Via"/>, e.g. Datadog), so the line names the tool, not the route's 「PagerDuty 連携」;
    /// on a tool's opened line, the name the opening delivery gave (「PagerDuty 連携（Datadog）」).
    /// Null on other lines, and on lines pre-filled or saved before it was kept (those read as before).
    /// </summary>
    public string? Via { get; init; }

    /// <summary>
    /// Pre-filled from a duplicate merged into the incident: that incident's id (its timeline is part of the same outage's
    /// story, e.g. who was paged first). Null for the incident's own lines and for lines people added.
    /// </summary>
    public string? Incident { get; init; }
}
