using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>An incident of the look-back window and its retro (null: not written yet).</summary>
public sealed record RetroBacklogEntry(Incident Incident, StoredRetro? Retro);
