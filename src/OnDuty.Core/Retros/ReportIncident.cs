using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>An incident with what the incident report reads in it: its timeline and its retro (null when none was written).</summary>
public sealed record ReportIncident(Incident Incident, IReadOnlyList<TimelineEntry> Timeline, RetroContent? Retro)
{
    /// <summary>When its retro was first saved (version 1); null when none was written or it is not known.</summary>
    public DateTimeOffset? RetroWrittenAt { get; init; }
}
