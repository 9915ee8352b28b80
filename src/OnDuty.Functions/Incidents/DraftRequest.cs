using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>
/// Body of <c>PUT /api/incidents/{id}/drafts?lang=</c>: the reviewed text, who approved it, and optionally <c>inputs</c> as GET gave
/// it (the incident as the reviewer read it: a change made since then leaves the saved text stale).
/// </summary>
public sealed record DraftRequest(string? CustomerNotice, string? Workaround, IReadOnlyList<DraftQuestion>? Faq, DraftStatus? Status, string? ApprovedBy, string? By, string? Inputs = null);
