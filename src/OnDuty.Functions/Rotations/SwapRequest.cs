using OnDuty.Core.Common;

namespace OnDuty.Functions.Rotations;

/// <summary>Body of <c>POST /api/rotations/{id}/swaps</c>: <c>memberId</c> (on duty in <c>week</c>) and <c>otherMemberId</c> (in <c>otherWeek</c>) trade shifts; <c>by</c> (optional) says who; <c>force</c> makes it although one of them has leave in the shift they take, or leaves before it ends.</summary>
public sealed record SwapRequest(string? MemberId, string? Week, string? OtherMemberId, string? OtherWeek, string? Reason, string? By = null, bool Force = false)
{
    public void Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(MemberId), "memberId", "is required")
        .When(string.IsNullOrWhiteSpace(Week), "week", "is required (2026-W49 or a date)")
        .When(string.IsNullOrWhiteSpace(OtherMemberId), "otherMemberId", "is required")
        .When(string.IsNullOrWhiteSpace(OtherWeek), "otherWeek", "is required (2026-W49 or a date)")
        .ThrowIfAny();
}
