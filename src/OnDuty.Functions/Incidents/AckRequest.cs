namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents/{id}/ack</c>.</summary>
public sealed record AckRequest(string? MemberId);

/// <summary>Body of <c>POST /api/incidents/ack</c>: who, and which incidents (null: every open one nobody has acknowledged).</summary>
public sealed record AckManyRequest(string? MemberId, IReadOnlyList<string>? Ids);

/// <summary>
/// Body of <c>POST /api/incidents/{id}/merge</c>: the incident to merge it into, who merges, and whether they accept that the merge
/// raises its severity (without it such a merge is refused with 409).
/// </summary>
public sealed record MergeRequest(string? Into, string? By, bool? ConfirmSeverity = null);
