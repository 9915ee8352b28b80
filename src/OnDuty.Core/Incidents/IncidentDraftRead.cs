namespace OnDuty.Core.Incidents;

/// <summary>The drafts of an incident as read for PR/CS: saved or generated, the saved one's ETag, and the incident's status now.</summary>
public sealed record IncidentDraftRead(IncidentDraft Draft, string? ETag, IncidentStatus IncidentStatus)
{
    /// <summary>The saved text was written while the incident was open and it is resolved now, or the other way round (<see cref="IncidentDraft.IsStaleFor"/>).</summary>
    public bool Stale => Draft.IsStaleFor(IncidentStatus);
}
