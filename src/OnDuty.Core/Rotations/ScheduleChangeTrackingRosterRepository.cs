using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>The roster repository, telling <see cref="ScheduleInputCache"/> after every write (also a failed one: it may have been stored).</summary>
public sealed class ScheduleChangeTrackingRosterRepository(IRosterRepository inner, ScheduleInputCache cache) : IRosterRepository
{
    public Task<IReadOnlyList<Versioned<Member>>> ListMembersAsync(CancellationToken cancellationToken) => inner.ListMembersAsync(cancellationToken);

    public Task<Versioned<Member>?> GetMemberAsync(string id, CancellationToken cancellationToken) => inner.GetMemberAsync(id, cancellationToken);

    public Task<string> SaveMemberAsync(Member member, string? ifMatch, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.SaveMemberAsync(member, ifMatch, cancellationToken));

    // Who left is no input of a schedule, but the pages name them from the cache's copy (ScheduleInputCache.GetFormerMembersAsync).
    public Task SaveFormerMemberAsync(FormerMember former, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.SaveFormerMemberAsync(former, cancellationToken));

    public Task<IReadOnlyList<FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken) => inner.ListFormerMembersAsync(cancellationToken);

    public Task<IReadOnlyList<Leave>> ListLeaveAsync(CancellationToken cancellationToken) => inner.ListLeaveAsync(cancellationToken);

    public Task<IReadOnlyList<Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken) =>
        inner.ListLeaveForMemberAsync(memberId, cancellationToken);

    public Task AddLeaveAsync(Leave leave, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.AddLeaveAsync(leave, cancellationToken));

    public Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.DeleteMemberAsync(id, cancellationToken));

    public Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken) =>
        cache.TrackWriteAsync(() => inner.DeleteLeaveAsync(memberId, leaveId, cancellationToken));
}
