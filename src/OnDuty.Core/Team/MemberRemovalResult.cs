namespace OnDuty.Core.Team;

/// <summary>What <see cref="MemberRemoval.RemoveAsync"/> did.</summary>
public sealed record MemberRemovalResult(string MemberId, bool Erased, int LeaveDeleted, int FeedsRevoked, ErasureReport? Erasure);
