namespace OnDuty.Core.Team;

/// <summary>What <see cref="MemberRemoval.RemoveAsync"/> did.</summary>
public sealed record MemberRemovalResult(string MemberId, bool Erased, int LeaveDeleted, int FeedsRevoked, ErasureReport? Erasure)
{
    /// <summary>Erased: the incidents they followed, whose follows were deleted; 0 otherwise.</summary>
    public int FollowsDeleted { get; init; }

    /// <summary>The open incidents whose communications lead they were: taken off as the lead, with a row on each timeline; empty when none.</summary>
    public IReadOnlyList<string> CommsLeadCleared { get; init; } = [];
}
