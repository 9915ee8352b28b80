namespace OnDuty.Core.Incidents;

/// <summary>Who owns an alert group right now: the open incident, or a claim by a request that is still creating it.</summary>
public sealed record AlertGroupClaim(string? IncidentId, DateTimeOffset ClaimedAt, string ClaimId, string ETag = "");
