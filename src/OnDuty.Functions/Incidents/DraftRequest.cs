using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>PUT /api/incidents/{id}/drafts?lang=</c>: the reviewed text, and who approved it.</summary>
public sealed record DraftRequest(string? CustomerNotice, string? Workaround, IReadOnlyList<DraftQuestion>? Faq, DraftStatus? Status, string? ApprovedBy, string? By);
