using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

public sealed record ActionItemRequest(string? Title, string? Owner, DateOnly? Due, ActionItemStatus? Status);
