using Microsoft.Extensions.Logging;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Team;

/// <summary>
/// Takes a person off the roster (<c>DELETE /api/members/{id}</c>), and with <c>erase</c> also removes their personal data
/// everywhere it was kept, keeping their id in history. Refused while anyone could still be paged through them: a member
/// still listed in a rotation, or on duty this week or in a week already announced, must be replaced first, or the duty
/// pair would silently be one person short. Also refused while they hold an open incident (acknowledged or took it over): its pages
/// stopped when they took it, so with them gone it would be an incident nobody has, and nobody would be paged for it again — someone
/// on the roster takes it over first (or it is resolved). Not refused for an open incident whose communications lead they are: the
/// lead is taken off it with a timeline row (「…さんが当番表から外れたため、連絡担当を外しました」), its reminders go back to the pair, and
/// the answer names those incidents (<see cref="MemberRemovalResult.CommsLeadCleared"/>).
/// </summary>
public sealed class MemberRemoval(
    IRosterRepository roster,
    RotationService rotations,
    IFeedTokenRepository feeds,
    IPersonalDataStore personalData,
    TimeProvider time,
    ILogger<MemberRemoval> logger,
    Incidents.IIncidentFollowers? followers = null,
    Incidents.IIncidentRepository? incidents = null)
{
    /// <summary>Weeks ahead checked for announced (frozen) duty.</summary>
    private const int WeeksChecked = 8;

    public async Task<MemberRemovalResult> RemoveAsync(string id, bool erase, CancellationToken cancellationToken)
    {
        var member = await roster.GetMemberAsync(id, cancellationToken) ?? throw new NotFoundException("Member", id);
        await EnsureNotRosteredAsync(member.Value, erase, cancellationToken);
        var leading = await EnsureHoldsNothingOpenAsync(member.Value, cancellationToken);

        var owner = new FeedOwner(FeedKind.Member, id);
        var revoked = 0;
        foreach (var feed in await feeds.ListAsync(owner, cancellationToken))
        {
            revoked += await feeds.DeleteAsync(owner, feed.Id, cancellationToken) ? 1 : 0;
        }

        ErasureReport? erasure = null;
        var follows = 0;
        if (erase)
        {
            // Inactive first, so no new duty is planned for them while their traces are removed; the roster row goes last,
            // so an erasure that fails half-way (storage down) can simply be asked for again.
            if (member.Value.Active)
            {
                await roster.SaveMemberAsync(member.Value with { Active = false }, member.ETag, cancellationToken);
            }

            var texts = new[] { member.Value.Email, member.Value.Upn, member.Value.Phone, member.Value.DisplayName, await CalledAsync(member.Value, cancellationToken) }
                .Where(t => !string.IsNullOrWhiteSpace(t) && !string.Equals(t, id, StringComparison.OrdinalIgnoreCase))
                .Select(t => t!.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            erasure = await personalData.EraseAsync(new ErasureSubject(id, texts), cancellationToken);

            // The incidents they followed: nothing of them stays, not even their id on a follow. (Taken off without erasing, their
            // follows stay as rows nobody reads: a member off the roster is neither listed nor told.)
            follows = followers is null ? 0 : await followers.ForgetMemberAsync(id, cancellationToken);
        }

        // The lead of open incidents: taken off them while the roster still names them, so a removal that fails after it is asked again.
        var leadCleared = await ClearCommsLeadAsync(id, leading, cancellationToken);

        // Who they were stays for history before the row goes (their id is kept on what they wrote): pages name them by the name they
        // had, as no longer on the roster; an erasure keeps only that they were a member. Written first, so a removal that fails
        // after it is simply asked for again; while the row is still there, the roster names them.
        await roster.SaveFormerMemberAsync(FormerMember.Of(member.Value, erase, time.GetUtcNow()), cancellationToken);
        var leave = await roster.DeleteMemberAsync(id, cancellationToken);
        logger.LogInformation(
            "Member {MemberId} removed from the roster (erase: {Erase}; leave deleted: {Leave}; feeds revoked: {Feeds}; rows scrubbed: {Scrubbed}; messages deleted: {Deleted}; follows deleted: {Follows})",
            id, erase, leave, revoked, erasure?.RowsScrubbed ?? 0, erasure?.RowsDeleted ?? 0, follows);
        return new MemberRemovalResult(id, erase, leave, revoked, erasure) { FollowsDeleted = follows, CommsLeadCleared = leadCleared };
    }

    /// <summary>
    /// How mails and pages to Japanese readers call a Japanese member, by family name with the honorific (「坂井さん」: the takeover,
    /// acknowledgement and leave mails to the others, the handoff brief's 「対応者：坂井さん」), so their copies in the outbox are erased
    /// too — unless someone else on the roster goes by the same family name: then 「坂井さん」 may be them, and is left. Null when
    /// nothing calls them that (an English-speaking member, a one-word name).
    /// </summary>
    private async Task<string?> CalledAsync(Member member, CancellationToken cancellationToken)
    {
        var family = Member.ShortNameOf(member.DisplayName);
        if (member.Language != Language.Ja || family.Length == 0 || family == member.DisplayName.Trim())
        {
            return null;
        }

        var others = await roster.ListMembersAsync(cancellationToken);
        return others.Any(o => o.Value.Id != member.Id && Member.ShortNameOf(o.Value.DisplayName) == family) ? null : family + "さん";
    }

    /// <summary>
    /// Refuses while <paramref name="member"/> holds an open incident: by their id, or by an address of theirs (an acknowledgement by mail).
    /// Returns the open incidents whose communications lead they are (read in the same pass).
    /// </summary>
    private async Task<List<string>> EnsureHoldsNothingOpenAsync(Member member, CancellationToken cancellationToken)
    {
        var leading = new List<string>();
        if (incidents is null)
        {
            return leading;
        }

        foreach (var incidentId in await incidents.ListOpenIdsAsync(cancellationToken))
        {
            if (await incidents.GetAsync(incidentId, cancellationToken) is not { Value: { IsOpen: true } incident })
            {
                continue;
            }

            if (incident is { AcknowledgedByPerson: true, AcknowledgedBy: { } holder }
                && (string.Equals(holder, member.Id, StringComparison.Ordinal) || member.HasAddress(holder)))
            {
                throw new ConcurrencyException(
                    $"Member '{member.Id}' holds open incident '{incidentId}': nobody would be paged for it with them gone; have someone on the roster take it over first (POST /api/incidents/{incidentId}/takeover), or resolve it.");
            }

            if (string.Equals(incident.CommsLead, member.Id, StringComparison.Ordinal))
            {
                leading.Add(incidentId);
            }
        }

        return leading;
    }

    /// <summary>
    /// Takes member <paramref name="id"/> off as the communications lead of <paramref name="leading"/> (<see cref="Incidents.Incident.ClearCommsLeadOffRoster"/>):
    /// not refused — the reminders go back to the pair and whoever holds it — but said on each timeline and in the answer. Returns those it was taken off.
    /// </summary>
    private async Task<IReadOnlyList<string>> ClearCommsLeadAsync(string id, IReadOnlyList<string> leading, CancellationToken cancellationToken)
    {
        var cleared = new List<string>();
        foreach (var incidentId in leading)
        {
            var changed = false;
            await incidents!.MutateAsync(incidentId, i => changed = i.ClearCommsLeadOffRoster(id, time.GetUtcNow()), cancellationToken);
            if (changed)
            {
                cleared.Add(incidentId);
                logger.LogInformation("Incident {IncidentId}: {MemberId}, taken off the roster, is no longer its communications lead", incidentId, id);
            }
        }

        return cleared;
    }

    private async Task EnsureNotRosteredAsync(Member member, bool erase, CancellationToken cancellationToken)
    {
        var id = member.Id;
        foreach (var rotation in await rotations.ListAsync(cancellationToken))
        {
            if (erase && rotation.Value.NotifyEmails.Contains(member.Email, StringComparer.OrdinalIgnoreCase))
            {
                // A rotation's settings are the team's to edit, not to rewrite behind their back.
                throw new ConcurrencyException(
                    $"Rotation '{rotation.Value.Id}' announces to {member.Email} (notifyEmails); take the address out first (PUT /api/rotations/{rotation.Value.Id}).");
            }

            if (rotation.Value.Members.Contains(id, StringComparer.Ordinal))
            {
                throw new ConcurrencyException(
                    $"Member '{id}' is still a member of rotation '{rotation.Value.Id}'; take them out of its members first (PUT /api/rotations/{rotation.Value.Id}).");
            }

            var schedule = await rotations.GetScheduleAsync(rotation.Value.Id, null, WeeksChecked, cancellationToken);
            var duty = schedule.Shifts
                .Where((shift, index) => index == 0 || shift.Frozen)
                .FirstOrDefault(shift => shift.Members.Any(m => m.MemberId == id));
            if (duty is not null)
            {
                throw new ConcurrencyException(
                    $"Member '{id}' is on duty in {duty.Week} of rotation '{rotation.Value.Id}'; replace them for that week first (POST /api/rotations/{rotation.Value.Id}/overrides).");
            }
        }
    }
}
