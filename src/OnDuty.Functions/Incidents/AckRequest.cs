namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents/{id}/ack</c>.</summary>
public sealed record AckRequest(string? MemberId);

/// <summary>Body of <c>POST /api/incidents/ack</c>: who, and which incidents (null: every open one nobody has acknowledged).</summary>
public sealed record AckManyRequest(string? MemberId, IReadOnlyList<string>? Ids);
