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
        var id = await CheckAsync(incidentId, memberId, onRoster: true, cancellationToken);
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

    /// <summary>
    /// A merge of another into <paramref name="into"/> was undone: <paramref name="carried"/> (whom that merge made followers of it,
    /// <see cref="MergeTaking.Followers"/>) follow it no more; they still follow the incident they followed. Returns how many were taken off.
    /// </summary>
    public async Task<int> GiveBackAsync(string into, IReadOnlyList<string> carried, CancellationToken cancellationToken)
    {
        var taken = 0;
        foreach (var member in carried)
        {
            taken += await followers.UnfollowAsync(into, member, cancellationToken) ? 1 : 0;
        }

        return taken;
    }

    /// <summary>Stops <paramref name="memberId"/> following <paramref name="incidentId"/>; true when they were following.</summary>
    public async Task<bool> UnfollowAsync(string incidentId, string? memberId, CancellationToken cancellationToken)
    {
        // A member taken off the roster can still be taken off the list: nothing to check them against.
        var id = await CheckAsync(incidentId, memberId, onRoster: false, cancellationToken);
        return await followers.UnfollowAsync(incidentId, id, cancellationToken);
    }

    /// <summary>
    /// The open incidents <paramref name="memberId"/> follows, newest first, for their own page: their index (one query of their
    /// partition) met with the board (its one query: the open incidents and those resolved in the last
    /// <see cref="IncidentService.StatusBoardResolvedWindow"/>), each open one then checked against its incident's followers (one
    /// query per incident listed, so a few): an unfollow that failed half-way can leave the index naming one they no longer follow.
    /// </summary>
    /// <remarks>
    /// The index is kept to what the page may list: a row whose incident is off the board — resolved more than the board's 7 days
    /// ago, or gone — is taken out of it here (one delete each, once; a failure leaves it for the next read). Only the index row: the
    /// incident's follower row stays, so a reopen still reaches them. Not sooner, because an incident reopens by monitoring only within
    /// its reopen window (<see cref="IncidentOptions.LongestReopenWindow"/>, 7 days at most), while the board still lists it and the
    /// row is kept. A person can reopen one later: an open incident that ever reopened and is not in the index is checked against its
    /// followers too (one query each, for the few open ones that reopened), and their row is written again. So the board is read only
    /// for a member whose index names an incident or was ever pruned (<see cref="FollowIndex.Pruned"/>): one who follows nothing
    /// costs the page the one query of their index.
    /// </remarks>
    public async Task<IReadOnlyList<Incident>> FollowedOpenAsync(string memberId, CancellationToken cancellationToken)
    {
        var index = await followers.IndexOfAsync(memberId, cancellationToken);
        if (index.Ids.Count == 0 && !index.Pruned)
        {
            // Following nothing, and no reopen owed a row (nothing was ever pruned): the page needs no look at the board.
            return [];
        }

        var ids = index.Ids.ToHashSet(StringComparer.Ordinal);
        var board = await incidents.ListBoardAsync(time.GetUtcNow(), cancellationToken);
        await PruneAsync(memberId, ids, board, cancellationToken);

        // Those named by the index, and any reopened since its row was taken out.
        var open = board.Where(i => i.IsOpen && (ids.Contains(i.Id) || i.ReopenCount > 0))
            .OrderByDescending(i => i.DetectedAt).ThenByDescending(i => i.Id, StringComparer.Ordinal).ToList();
        var following = await Task.WhenAll(open.Select(async i => (await followers.ListAsync(i.Id, cancellationToken)).Contains(memberId, StringComparer.Ordinal)));
        foreach (var reindexed in open.Where((i, k) => following[k] && !ids.Contains(i.Id)))
        {
            await followers.IndexAsync(memberId, reindexed.Id, time.GetUtcNow(), cancellationToken);
        }

        return [.. open.Where((_, k) => following[k])];
    }

    /// <summary>Takes out of <paramref name="memberId"/>'s index the incidents not on the <paramref name="board"/> (see <see cref="FollowedOpenAsync"/>).</summary>
    private async Task PruneAsync(string memberId, HashSet<string> indexed, IReadOnlyList<Incident> board, CancellationToken cancellationToken)
    {
        var listed = board.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var off = indexed.Where(id => !listed.Contains(id)).Order(StringComparer.Ordinal).ToList();
        if (off.Count == 0)
        {
            return;
        }

        try
        {
            await followers.PruneIndexAsync(memberId, off, cancellationToken);
        }
        catch (DependencyUnavailableException)
        {
            // Tidying only: the page lists open incidents either way, and the next read takes them out.
        }
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
    /// The followers of <paramref name="incident"/> a stakeholder notice tells: not its duty members (<see cref="Incident.Assignees"/>),
    /// who are paged about it, work on its page and hear of its resolve from the pages — a follower copy of each update would tell
    /// them again what they wrote or read there (as incident.io sends no subscriber updates to an incident's responders). Someone
    /// taken off it (another pair on duty after a reopen or a change of duty) gets the copies again; one in an audience still
    /// gets that audience's mail.
    /// </summary>
    public static IEnumerable<Member> NotResponding(Incident incident, IEnumerable<Member> following) =>
        following.Where(m => !incident.Assignees.Any(a => string.Equals(a.Id, m.Id, StringComparison.Ordinal)));

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

    /// <summary>
    /// <paramref name="memberId"/> as a follow or unfollow of <paramref name="incidentId"/> takes it: <see cref="NotFoundException"/>
    /// for an unknown incident, <see cref="ValidationException"/> (<c>memberId</c>) for none, one that is not a member id, or — when
    /// <paramref name="onRoster"/> — one that is not an active roster member.
    /// </summary>
    private async Task<string> CheckAsync(string incidentId, string? memberId, bool onRoster, CancellationToken cancellationToken)
    {
        _ = await incidents.GetAsync(incidentId, cancellationToken) ?? throw new NotFoundException("Incident", incidentId);
        if (string.IsNullOrWhiteSpace(memberId))
        {
            throw new ValidationException("memberId", "is required");
        }

        if (!Slug.IsValid(memberId))
        {
            throw new ValidationException("memberId", onRoster ? $"'{memberId}' is not an active member of the roster" : $"'{memberId}' is not a member id");
        }

        if (onRoster && await roster.GetMemberAsync(memberId, cancellationToken) is not { Value.Active: true })
        {
            throw new ValidationException("memberId", $"'{memberId}' is not an active member of the roster");
        }

        return memberId;
    }
}
