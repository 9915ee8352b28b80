using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>An incident's retro as the API shows it: the saved one, or (none yet) a timeline pre-filled from the incident.</summary>
public sealed record RetroState(Incident Incident, Versioned<StoredRetro>? Saved, IReadOnlyList<RetroTimelineEntry> Prefill);
