namespace OnDuty.Core.Incidents;

/// <summary>
/// The drafts of an incident as read for PR/CS: saved or generated, the saved one's ETag, the incident's status now, and what the
/// drafts are generated from that changed since the saved text was saved (<see cref="IncidentDraft.StaleBecause"/>).
/// </summary>
/// <param name="Inputs">The incident's inputs as read (<see cref="DraftInputs.Token"/>): sent back with a save as what was reviewed.</param>
public sealed record IncidentDraftRead(IncidentDraft Draft, string? ETag, IncidentStatus IncidentStatus, IReadOnlyList<string> StaleBecause, string Inputs)
{
    /// <summary>Anything the saved text was generated from changed since it was saved.</summary>
    public bool Stale => StaleBecause.Count > 0;

    /// <summary>
    /// The incident a duplicate was merged into, null for any other: the duplicate is resolved by the merge, so its drafts say
    /// 【復旧】 while the outage goes on there. PR/CS use that incident's drafts.
    /// </summary>
    public string? MergedInto { get; init; }
}
