using OnDuty.Core.Common;

namespace OnDuty.Functions.Rotations;

/// <summary>
/// Body of <c>POST /api/rotations/{id}/overrides</c>: <c>memberId</c> is replaced by <c>replacementId</c> in <c>week</c>; with
/// <c>from</c> and <c>to</c> (ISO 8601; local times in the rotation's time zone) only for that part of the shift (a cover;
/// <c>week</c> may then be left out); <c>by</c> (optional) says who; <c>force</c> makes it although the replacement has leave
/// in it or leaves the company before it ends.
/// </summary>
public sealed record OverrideRequest(string? Week, string? MemberId, string? ReplacementId, string? Reason, string? By = null, string? From = null, string? To = null, bool Force = false)
{
    public void Validate() => new ValidationErrors()
        .When(string.IsNullOrWhiteSpace(Week) && From is null && To is null, "week", "is required (2026-W49 or a date), unless from and to are given")
        .When(string.IsNullOrWhiteSpace(MemberId), "memberId", "is required")
        .When(string.IsNullOrWhiteSpace(ReplacementId), "replacementId", "is required")
        .When(From is not null && To is null, "to", "is required with from (give both, or neither for the whole shift)")
        .When(To is not null && From is null, "from", "is required with to (give both, or neither for the whole shift)")
        .ThrowIfAny();
}
