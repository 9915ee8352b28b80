using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>An incident with what the load report counts in it: its timeline and its retro's versions.</summary>
public sealed record LoadIncident(Incident Incident, IReadOnlyList<TimelineEntry> Timeline, IReadOnlyList<RetroVersion> RetroVersions);
