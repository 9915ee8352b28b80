namespace OnDuty.Functions.Retros;

public sealed record CriterionChangeRequest(string? CriterionId, string? Note);
