namespace OnDuty.Core.Incidents;

/// <summary>
/// Who follows an incident (<see cref="IncidentFollowing"/>): roster member ids kept beside the incident, so following or
/// unfollowing is one write and a notice's followers are one query of the incident's own partition.
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
}
