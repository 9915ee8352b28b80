namespace OnDuty.Core.Incidents;

public sealed record AckTokenCheck(AckTokenStatus Status, string? IncidentId = null, string? MemberId = null, DateTimeOffset? ExpiresAt = null);
