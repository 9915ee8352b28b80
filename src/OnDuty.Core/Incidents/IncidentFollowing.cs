using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Following an incident: a roster member who follows it gets every stakeholder notice of it — the status updates and the
/// recovery — as the audiences' mail, in their own roster language, once (<see cref="Recipients"/>). Whoever declares an
/// incident follows it from its declaration; anyone on the roster can follow or stop following from its page or the API.
/// A member taken off the roster (or made inactive) is no longer told, whatever their row says.
/// </summary>
public sealed class IncidentFollowing(IIncidentRepository incidents, IIncidentFollowers followers, IRosterRepository roster, TimeProvider time)
{
    /// <summary>
    /// <paramref name="memberId"/> follows <paramref name="incidentId"/>; true when they were not following yet (two presses at once
    /// make one follower). <see cref="NotFoundException"/> for an unknown incident, <see cref="ValidationException"/> (<c>memberId</c>)
    /// for anyone not an active roster member.
    /// </summary>
    public async Task<bool> FollowAsync(string incidentId, string? memberId, CancellationToken cancellationToken)
    {
        var id = await CheckAsync(incidentId, memberId, cancellationToken);
        return await followers.FollowAsync(incidentId, id, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// Whoever declared <paramref name="incidentId"/> follows it, when <paramref name="by"/> is an active roster member's id (the pages
    /// record a member by it); a name typed, a tool or anyone else follows nothing. False when nobody was made a follower.
    /// </summary>
    public async Task<bool> FollowAsDeclarerAsync(string incidentId, string by, CancellationToken cancellationToken) =>
        Slug.IsValid(by) && await roster.GetMemberAsync(by, cancellationToken) is { Value.Active: true }
        && await followers.FollowAsync(incidentId, by, time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// The followers of <paramref name="duplicate"/> (active roster members) follow <paramref name="into"/>, the incident it was merged
    /// into, from now on: its 統合 notice tells them so. Safe to repeat — a retried merge makes nobody a follower twice, and one who
    /// follows both stays one follower. Returns how many it made followers.
    /// </summary>
    public async Task<int> CarryOverAsync(string duplicate, string into, CancellationToken cancellationToken)
    {
        var carried = 0;
        foreach (var member in await ListAsync(duplicate, cancellationToken))
        {
            carried += await followers.FollowAsync(into, member.Id, time.GetUtcNow(), cancellationToken) ? 1 : 0;
        }

        return carried;
    }

    /// <summary>Stops <paramref name="memberId"/> following <paramref name="incidentId"/>; true when they were following.</summary>
    public async Task<bool> UnfollowAsync(string incidentId, string? memberId, CancellationToken cancellationToken)
    {
        _ = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        if (string.IsNullOrWhiteSpace(memberId) || !Slug.IsValid(memberId))
        {
            throw new ValidationException("memberId", $"'{memberId}' is not a member id");
        }

        // A member taken off the roster can still be taken off the list: nothing to check them against.
        return await followers.UnfollowAsync(incidentId, memberId, cancellationToken);
    }

    /// <summary>
    /// The open incidents <paramref name="memberId"/> follows, newest first, for their own page: their index (one query of their
    /// partition) met with the open list (the board's one query), each then checked against its incident's followers (one query
    /// per incident listed, so a few): an unfollow that failed half-way can leave the index naming one they no longer follow.
    /// </summary>
    public async Task<IReadOnlyList<Incident>> FollowedOpenAsync(string memberId, CancellationToken cancellationToken)
    {
        var ids = (await followers.FollowedByAsync(memberId, cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return [];
        }

        var open = (await incidents.ListBoardAsync(time.GetUtcNow(), cancellationToken)).Where(i => i.IsOpen && ids.Contains(i.Id))
            .OrderByDescending(i => i.DetectedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).ToList();
        var following = await Task.WhenAll(open.Select(async i => (await followers.ListAsync(i.Id, cancellationToken)).Contains(memberId, StringComparer.Ordinal)));
        return [.. open.Where((_, k) => following[k])];
    }

    /// <summary>The member ids following <paramref name="incidentId"/> as stored (one query of its partition), for a caller holding the roster already (<see cref="Active"/>).</summary>
    public Task<IReadOnlyList<string>> IdsAsync(string incidentId, CancellationToken cancellationToken) => followers.ListAsync(incidentId, cancellationToken);

    /// <summary>Whoever follows <paramref name="incidentId"/> and is an active roster member now, in display-name order.</summary>
    public async Task<IReadOnlyList<Member>> ListAsync(string incidentId, CancellationToken cancellationToken)
    {
        var ids = await followers.ListAsync(incidentId, cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        return Active(ids, (await roster.ListMembersAsync(cancellationToken)).Select(m => m.Value));
    }

    /// <summary>
    /// The active members of <paramref name="members"/> among <paramref name="ids"/>, in display-name order: a follower taken off the
    /// roster (or made inactive) is neither listed nor told.
    /// </summary>
    public static IReadOnlyList<Member> Active(IEnumerable<string> ids, IEnumerable<Member> members)
    {
        var following = ids.ToHashSet(StringComparer.Ordinal);
        return [.. members.Where(m => m.Active && following.Contains(m.Id)).OrderBy(m => m.DisplayName, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The followers a notice tells besides its audiences' <paramref name="readers"/>: each by their roster address and language, in
    /// no audience (their notices are numbered from the incident's first, as it counts them), and none whose address is already a
    /// reader — a follower who is in an audience gets that mail, once.
    /// </summary>
    public static IReadOnlyList<StakeholderRecipient> Recipients(IEnumerable<Member> following, IEnumerable<StakeholderRecipient> readers)
    {
        var told = readers.Select(r => r.Address).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var recipients = new List<StakeholderRecipient>();
        foreach (var member in following.Where(m => m.Active))
        {
            var address = member.Email.Trim().ToLowerInvariant();
            if (EmailAddress.IsValid(address) && told.Add(address))
            {
                recipients.Add(new StakeholderRecipient(address, member.Language));
            }
        }

        return recipients;
    }

    private async Task<string> CheckAsync(string incidentId, string? memberId, CancellationToken cancellationToken)
    {
        _ = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        if (string.IsNullOrWhiteSpace(memberId))
        {
            throw new ValidationException("memberId", "is required");
        }

        if (!Slug.IsValid(memberId) || await roster.GetMemberAsync(memberId, cancellationToken) is not { Value.Active: true })
        {
            throw new ValidationException("memberId", $"'{memberId}' is not an active member of the roster");
        }

        return memberId;
    }
}
