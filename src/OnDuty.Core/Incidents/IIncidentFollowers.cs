namespace OnDuty.Core.Incidents;

/// <summary>
/// Who follows an incident (<see cref="IncidentFollowing"/>): roster member ids kept beside the incident, so following or
/// unfollowing is one write and a notice's followers are one query of the incident's own partition; and, for a member's own page,
/// which incidents each member follows.
/// </summary>
public interface IIncidentFollowers
{
    /// <summary>
    /// <paramref name="memberId"/> follows <paramref name="incidentId"/> from <paramref name="at"/>: an insert-only row, so of two
    /// presses at once exactly one writes it. True when this call made them a follower; false when they were one already.
    /// </summary>
    Task<bool> FollowAsync(string incidentId, string memberId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Stops <paramref name="memberId"/> following; true when they were following.</summary>
    Task<bool> UnfollowAsync(string incidentId, string memberId, CancellationToken cancellationToken);

    /// <summary>The member ids following <paramref name="incidentId"/>, in id order.</summary>
    Task<IReadOnlyList<string>> ListAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// The incidents <paramref name="memberId"/> follows, in id order, from their own index (one query of their partition). Written
    /// after the incident's row, it may name one they no longer follow (an unfollow that failed half-way) or miss one (a follow
    /// whose index write failed, until they press follow again): <see cref="ListAsync"/> is the truth. Follows made before the index
    /// existed are indexed by the first call of an instance that finds them not yet done (once per store).
    /// </summary>
    Task<IReadOnlyList<string>> FollowedByAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="FollowedByAsync"/>, and in the same one query whether <see cref="PruneIndexAsync"/> ever took a row out of the
    /// member's index (<see cref="FollowIndex.Pruned"/>): their follower row stayed, so a reopen of that incident owes them a row
    /// again. Neither: they follow nothing their own page could list.
    /// </summary>
    Task<FollowIndex> IndexOfAsync(string memberId, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="memberId"/>'s index row for <paramref name="incidentId"/> again (one <see cref="PruneIndexAsync"/> took out,
    /// of an incident reopened since), never their follower row: the caller found them among its followers.
    /// </summary>
    Task IndexAsync(string memberId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Takes <paramref name="incidentIds"/> out of <paramref name="memberId"/>'s own index (<see cref="FollowedByAsync"/>) only: their
    /// follower rows stay, so they still follow each (a reopen still reaches them). Marks the index as pruned first
    /// (<see cref="FollowIndex.Pruned"/>, kept until the member is forgotten), so a reopen is never missed for an index left empty.
    /// </summary>
    Task PruneIndexAsync(string memberId, IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken);

    /// <summary>Deletes every row of <paramref name="memberId"/> (erasing them): they follow nothing, and nothing names them. Returns the follows deleted.</summary>
    Task<int> ForgetMemberAsync(string memberId, CancellationToken cancellationToken);
}

/// <summary>A member's own index of follows (<see cref="IIncidentFollowers.IndexOfAsync"/>): the incidents it names, and whether rows were ever pruned from it.</summary>
public sealed record FollowIndex(IReadOnlyList<string> Ids, bool Pruned);
