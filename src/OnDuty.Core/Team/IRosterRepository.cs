using OnDuty.Core.Common;

namespace OnDuty.Core.Team;

/// <summary>Members and their leave. Every read is a point read or a single-partition query.</summary>
public interface IRosterRepository
{
    Task<IReadOnlyList<Versioned<Member>>> ListMembersAsync(CancellationToken cancellationToken);

    Task<Versioned<Member>?> GetMemberAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts when <paramref name="ifMatch"/> is null (fails with <see cref="ConcurrencyException"/> if the id exists), otherwise
    /// replaces only at that ETag ("*" = any). The member's address is claimed in the same write (<see cref="EmailClaim"/>): an
    /// address another member holds fails with <see cref="EmailClaim.Taken"/> and stores nothing; an address stored before
    /// claims existed is claimed by its member's next write, and a member keeping such an address that another holds is saved.
    /// A changed address frees the old one.
    /// </summary>
    Task<string> SaveMemberAsync(Member member, string? ifMatch, CancellationToken cancellationToken);

    Task<IReadOnlyList<Leave>> ListLeaveAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Leave>> ListLeaveForMemberAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>Adds leave; fails with <see cref="ConcurrencyException"/> if a leave with the same id exists.</summary>
    Task AddLeaveAsync(Leave leave, CancellationToken cancellationToken);

    /// <summary>Deletes the member, their address's claim and all their leave; returns how many leave entries went (nothing to delete is not an error).</summary>
    Task<int> DeleteMemberAsync(string id, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps who was taken off the roster (<see cref="FormerMember"/>), apart from the members so no roster read sees them; replaces
    /// an earlier record of the same id.
    /// </summary>
    Task SaveFormerMemberAsync(FormerMember former, CancellationToken cancellationToken);

    /// <summary>Everyone taken off the roster since such records were kept, in one single-partition query.</summary>
    Task<IReadOnlyList<FormerMember>> ListFormerMembersAsync(CancellationToken cancellationToken);

    /// <summary>Returns false when there was nothing to delete.</summary>
    Task<bool> DeleteLeaveAsync(string memberId, string leaveId, CancellationToken cancellationToken);
}
