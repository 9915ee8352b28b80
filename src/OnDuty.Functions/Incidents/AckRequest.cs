namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents/{id}/ack</c>.</summary>
public sealed record AckRequest(string? MemberId);
