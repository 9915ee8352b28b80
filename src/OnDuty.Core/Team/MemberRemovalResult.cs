namespace OnDuty.Core.Team;

/// <summary>What <see cref="MemberRemoval.RemoveAsync"/> did.</summary>
public sealed record MemberRemovalResult(string MemberId, bool Erased, int LeaveDeleted, int FeedsRevoked, ErasureReport? Erasure)
{
    /// <summary>Erased: the incidents they followed, whose follows were deleted; 0 otherwise.</summary>
    public int FollowsDeleted { get; init; }
}
