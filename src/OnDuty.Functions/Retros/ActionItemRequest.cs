using OnDuty.Core.Retros;

namespace OnDuty.Functions.Retros;

/// <summary>An action item as the API takes it; <c>ownerName</c>: the name <c>GET</c> gives beside <c>owner</c>, taken back so an item read can be sent back, and ignored.</summary>
public sealed record ActionItemRequest(string? Title, string? Owner, DateOnly? Due, ActionItemStatus? Status, string? OwnerName = null);
