using OnDuty.Core.Common;

namespace OnDuty.Functions.Rotations;

/// <summary>Body of <c>POST /api/rotations/{id}/overrides</c>: <c>memberId</c> is replaced by <c>replacementId</c> in <c>week</c>; <c>by</c> (optional) says who.</summary>
public sealed record OverrideRequest(string? Week, string? MemberId, string? ReplacementId, string? Reason, string? By = null)
{
    public void Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Week), "week", "is required (2026-W49 or a date)")
        .When(string.IsNullOrWhiteSpace(MemberId), "memberId", "is required")
        .When(string.IsNullOrWhiteSpace(ReplacementId), "replacementId", "is required")
        .ThrowIfAny();
}
