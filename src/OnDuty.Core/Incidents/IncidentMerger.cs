using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Merging a duplicate incident into the one people work on (PagerDuty's and incident.io's "merge"): two PMs declared the same
/// outage, or monitoring opened one for an outage a PM had declared, or two sources alerted on one cause. The duplicate's alert
/// groups and alerts move to the other, so what fires or resolves there from now on lands in one place; the duplicate resolves
/// as merged and pages nobody any more.
/// </summary>
public sealed class IncidentMerger(
    IIncidentRepository incidents, Pager pager, Comms.StakeholderNotifier stakeholders, FiringGroupCache firing, TimeProvider time,
    IOptions<IncidentOptions> options, ILogger<IncidentMerger> logger, Retros.IRetroRepository retros, IncidentFollowing? following = null, IncidentReaders? readers = null)
{
    private const int MaxAttempts = 20;

    /// <summary>Alert rows saved with the record in one transaction (at most 100 rows: the record and these).</summary>
    private const int AlertsPerSave = 90;

    /// <summary>
    /// Merges incident <paramref name="id"/> into <paramref name="into"/> for <paramref name="by"/> and returns the incident merged
    /// into. In order, each step safe to repeat (a request repeated after a failure finishes what the first began):
    /// <list type="number">
    /// <item>the incident merged into records the duplicate's groups, before their claims move (so it frees them when it resolves), and takes its severity if more urgent,
    /// the user impact, workaround, areas and platforms it has none of, a title a person wrote over one monitoring made, and the
    /// stakeholders' series of notices (<see cref="Incident.MergeIn"/>);</item>
    /// <item>each group's claim moves from the duplicate to it;</item>
    /// <item>the duplicate's alerts are copied to it, except those it tracks itself already (it got them after the move: newer);</item>
    /// <item>the duplicate resolves as merged, at the version whose alerts were copied: if an alert changed on it in between (a
    /// delivery that read the claim before it moved), the steps run again with what it has now;</item>
    /// <item>both lists and claims follow the records; stakeholders told about the duplicate get a last notice saying where it goes
    /// on; an unacknowledged incident that became more urgent escalates at once.</item>
    /// </list>
    /// Alerts still reaching the duplicate afterwards fold into the incident it was merged into (<see cref="AlertIntake"/>).
    /// A merge that would raise the severity of the incident merged into goes through only with <paramref name="confirmSeverity"/>
    /// (the API's <c>confirmSeverity</c>, the page's confirm step): a raise re-paces its escalation and is what its stakeholders'
    /// next notice says, so the person merging sees it first (trial day 33). With <paramref name="keepSeverity"/> (the API's
    /// <c>keepSeverity</c>, the page's second button) it merges keeping the severity instead: the person merging judged it right (trial
    /// 39 M2: the duplicate's SEV1 came from an alert's label mapping), it is theirs from now on, and a row says so.
    /// </summary>
    /// <exception cref="ConflictException">The merge would raise the severity and neither <paramref name="confirmSeverity"/> nor
    /// <paramref name="keepSeverity"/> is true (409, field <c>confirmSeverity</c>).</exception>
    public async Task<Versioned<Incident>> MergeAsync(
        string id, string? into, string by, CancellationToken cancellationToken, bool confirmSeverity = true, bool keepSeverity = false)
    {
        var (target, _) = await MergeOneAsync(id, into, by, announce: true, cancellationToken, confirmSeverity, keepSeverity);
        return await incidents.GetAsync(target.Value.Id, cancellationToken) ?? target;
    }

    /// <summary>
    /// <see cref="MergeAsync"/>, returning the incident merged into as read before the merge, and whether the duplicate was merged
    /// into it already (<c>Before</c>: only the lists and claims followed again); with <paramref name="announce"/> false the
    /// duplicate's 統合 notices (stakeholders, those paged, the channel) are left owed for the caller to send together.
    /// </summary>
    private async Task<(Versioned<Incident> Target, bool Before)> MergeOneAsync(
        string id, string? into, string by, bool announce, CancellationToken cancellationToken, bool confirmSeverity, bool keepSeverity)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        into = into?.Trim().ToUpperInvariant();
        new ValidationErrors()
            .When(string.IsNullOrEmpty(into), "into", "is required: the id of the incident to merge it into (INC-…)")
            .When(into == id.Trim().ToUpperInvariant(), "into", "must be another incident: an incident cannot be merged into itself")
            .ThrowIfAny();
        var duplicate = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        var target = await incidents.GetAsync(into!, cancellationToken)
            ?? throw new ValidationException("into", $"names no incident: {into} was not found");
        if (duplicate.Value.MergedInto == target.Value.Id)
        {
            // Done before (or a repeat of a request that stopped after resolving it): the lists and claims follow again.
            firing.Merged(duplicate.Value.Id);
            await FinishAsync(duplicate.Value.Id, target.Value.Id, raised: false, cancellationToken, by, announce);
            return (target, true);
        }

        if (target.Value.CannotMergeIn(duplicate.Value, time.GetUtcNow()) is { } refusal)
        {
            throw Refused(refusal, duplicate.Value, target.Value);
        }

        if (!confirmSeverity && !keepSeverity && RaisedSeverity(duplicate.Value, target.Value) is { } raise)
        {
            throw new ConflictException("confirmSeverity", $"merging {duplicate.Value.Id} ({Label(raise.To)}) raises {target.Value.Id} from {Label(raise.From)} to {Label(raise.To)}; send \"confirmSeverity\": true to merge it, or \"keepSeverity\": true to merge it keeping {target.Value.Id} at {Label(raise.From)}");
        }

        // The duplicate's merge lock first: of two merges of it at once (or of two incidents into each other), one goes on.
        MergeRefusal? busy = null;
        duplicate = await incidents.MutateAsync(id, d =>
        {
            var taken = false;
            busy = d.IsOpen ? d.TryBeginMerge(target.Value.Id, time.GetUtcNow(), out taken) : null;
            return taken;
        }, cancellationToken);
        if (busy is { } other)
        {
            throw Refused(other, duplicate.Value, target.Value);
        }

        // A title a person wrote (the declared duplicate's) replaces one monitoring made: stakeholders know the outage by it.
        var duplicateTimeline = await incidents.GetTimelineAsync(id, cancellationToken);
        if (duplicate.Value.MaxSeverityUnknown)
        {
            // A record from before its highest severity was kept: its timeline says, and the incident merged into takes it.
            duplicate.Value.RecallMaxSeverity(duplicateTimeline);
        }

        var takeTitle = Incident.TitleWrittenByPerson(duplicate.Value, duplicateTimeline)
            && !Incident.TitleWrittenByPerson(target.Value, await incidents.GetTimelineAsync(target.Value.Id, cancellationToken));
        var raised = false;

        // Its followers who do not follow the other: the merge makes them followers there, and an undo takes them off again.
        IReadOnlyList<string> carrying = following is null
            ? []
            : [.. (await following.IdsAsync(id, cancellationToken)).Except(await following.IdsAsync(target.Value.Id, cancellationToken), StringComparer.Ordinal)];
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var mergeable = duplicate.Value;
            string? titleWas = null;
            Versioned<Incident> merged;
            try
            {
                merged = await incidents.MutateAsync(target.Value.Id, t =>
                {
                    if (t.CannotMergeIn(mergeable, now) is { } why)
                    {
                        throw Refused(why, mergeable, t);
                    }

                    var severity = t.Severity;
                    titleWas = t.Title;
                    var changed = t.MergeIn(mergeable, by, now, options.Value.AckTimeouts, takeTitle, keepSeverity, options.Value.Zone);
                    raised |= t.Severity < severity;
                    if (changed && carrying.Count > 0)
                    {
                        t.KeepFollowersCarried(mergeable.Id, carrying);
                    }

                    return changed;
                }, cancellationToken);
            }
            catch (ConcurrencyException) when (attempt == 1)
            {
                // Refused before anything was changed: the lock is given back, so a merge elsewhere need not wait for it.
                await incidents.MutateAsync(id, d => d.EndMerge(target.Value.Id), cancellationToken);
                throw;
            }

            await MoveClaimsAsync(mergeable, merged.Value.Id, now, cancellationToken);
            await CopyAlertsAsync(mergeable.Id, merged.Value.Id, cancellationToken);
            if ((titleWas is not null && !string.Equals(titleWas, merged.Value.Title, StringComparison.Ordinal)) || (mergeable.Confidential && merged.Value.Confidential))
            {
                // It took the duplicate's title, or became confidential with it: its retro's action items are listed so.
                await retros.RenameActionItemsIncidentAsync(merged.Value.Id, merged.Value.Title, merged.Value.MergedInto, cancellationToken, merged.Value.Confidential);
            }

            try
            {
                mergeable.MarkMergedInto(merged.Value.Id, by, time.GetUtcNow());
                await incidents.SaveAsync(mergeable, duplicate.ETag, null, cancellationToken);
                mergeable.MarkStored();
                break;
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                // Its alerts or groups changed since read (a delivery that read the claim before it moved): again, with what it has now.
                duplicate = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
                if (duplicate.Value.MergedInto == merged.Value.Id)
                {
                    break;
                }

                if (!duplicate.Value.IsOpen)
                {
                    throw new ConcurrencyException($"Cannot merge {duplicate.Value.Id}: it was resolved while being merged.");
                }
            }
            catch (ConcurrencyException ex)
            {
                throw new ContentionException($"Incident '{id}' keeps changing while being merged; retry. ({ex.Message})");
            }
        }

        logger.LogInformation("Incident {IncidentId} merged into {Into} by {By}", duplicate.Value.Id, target.Value.Id, by);

        // The duplicate's retro, if it has one, stays in the lead's list of action items, saying where the incident went.
        if (await incidents.GetAsync(id, cancellationToken) is { Value.MergedInto: not null } marked)
        {
            await retros.RenameActionItemsIncidentAsync(marked.Value.Id, marked.Value.Title, marked.Value.MergedInto, cancellationToken, marked.Value.Confidential);
        }

        // This instance's intake forgets the duplicate's groups now (their claims moved): the next repeat of each takes the full
        // path and is answered with the incident merged into, not folded into the duplicate from memory.
        firing.Merged(duplicate.Value.Id);
        await FinishAsync(duplicate.Value.Id, target.Value.Id, raised, cancellationToken, by, announce);
        return (target, false);
    }

    /// <summary>At most this many incidents are merged by one request (as many as one incident can take in).</summary>
    public const int MaxMergedTogether = Incident.MaxMergedIncidents;

    /// <summary>
    /// Merges several duplicates into <paramref name="into"/> at once — an alert storm opened them, the person on it found the
    /// one cause (<paramref name="into"/>) and merges the rest into it rather than visiting each page. Each goes through
    /// <see cref="MergeAsync"/> as on its own (alerts, groups and followers move, its pages stop), one after another: one refused or
    /// failing leaves the others merged. One that cannot be merged is skipped and said why (<see cref="SkippedMerge.Reason"/>);
    /// repeating the request changes nothing more (those it merged are listed merged again).
    /// Where the single merges would each tell their stakeholders, followers, those paged and the channel, the request tells each of
    /// them once, after the merges, listing the duplicates they were told about (<see cref="AnnounceTogetherAsync"/>).
    /// One merged into <paramref name="into"/> before — on its own, or by another request — whose 統合 notice went out then is
    /// skipped as merged already (<c>merged</c>, into <paramref name="into"/>) and told to nobody again (session 53: its partners
    /// got a second 【統合】 mail); one whose notice is still owed (a request that stopped before telling), or went out in this
    /// request's own notice (the request repeated), is listed merged and told with the others, as the first time.
    /// </summary>
    /// <exception cref="ValidationException">No incidents, more than <see cref="MaxMergedTogether"/>, or an empty id.</exception>
    /// <exception cref="NotFoundException"><paramref name="into"/> names no incident.</exception>
    public async Task<MergedTogether> MergeManyAsync(
        string into, IReadOnlyList<string>? ids, string by, CancellationToken cancellationToken, bool confirmSeverity = true, bool keepSeverity = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        new ValidationErrors()
            .When(ids is null || ids.Count == 0, "ids", "is required: the ids of the incidents to merge into this one (INC-…)")
            .When(ids is { Count: > MaxMergedTogether }, "ids", $"must list at most {MaxMergedTogether} incidents")
            .When(ids is not null && ids.Any(string.IsNullOrWhiteSpace), "ids", "must list incident ids, not null or empty")
            .ThrowIfAny();
        var target = await incidents.GetAsync(into, cancellationToken) ?? throw new NotFoundException("Incident", into);
        var merged = new List<string>();
        var before = new HashSet<string>(StringComparer.Ordinal);
        var skipped = new List<SkippedMerge>();
        var listed = ids!.Select(i => i.Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        foreach (var id in listed)
        {
            if (id == target.Value.Id)
            {
                skipped.Add(new SkippedMerge(id, SkippedMerge.ReasonOf(MergeRefusal.Itself)));
                continue;
            }

            try
            {
                // It reads both records and refuses what cannot be merged; only a refusal reads them again, for the reason.
                if ((await MergeOneAsync(id, target.Value.Id, by, announce: false, cancellationToken, confirmSeverity, keepSeverity)).Before)
                {
                    before.Add(id);
                }

                merged.Add(id);
            }
            catch (ConflictException)
            {
                skipped.Add(new SkippedMerge(id, "severity"));
            }
            catch (Exception ex) when (ex is ConcurrencyException or ContentionException)
            {
                // Refused as the records stand (resolved, merged elsewhere, being merged …), or it kept changing: the record says which.
                logger.LogInformation("Incident {IncidentId} not merged into {Into} with others: {Reason}", id, target.Value.Id, ex.Message);
                skipped.Add(await SkipAsync(id, target.Value.Id, cancellationToken) ?? new SkippedMerge(id, "busy"));
            }
            catch (NotFoundException)
            {
                skipped.Add(new SkippedMerge(id, "notFound"));
            }
        }

        // The request is named by all it found merged into the target, as the first time it ran (a repeat is the same request).
        var topic = Notifications.OutboxIds.MergesTopic(target.Value.Id, merged);
        var told = new List<string>();
        foreach (var id in merged)
        {
            if (before.Contains(id) && await incidents.GetAsync(id, cancellationToken) is { Value.Comms: var comms }
                && comms.Queued >= comms.Issued && comms.ToldTogetherIn != topic)
            {
                skipped.Add(new SkippedMerge(id, SkippedMerge.ReasonOf(MergeRefusal.Merged), target.Value.Id));
                continue;
            }

            told.Add(id);
        }

        await AnnounceTogetherAsync(target.Value.Id, told, topic, by, cancellationToken);
        return new MergedTogether(target.Value.Id, told, [.. skipped.OrderBy(s => listed.IndexOf(s.Id))]);
    }

    /// <summary>
    /// The 統合 notices of the incidents one request merged into <paramref name="into"/> (<paramref name="merged"/>, those merged before
    /// by an earlier try of it included; <paramref name="topic"/> names the request), sent once: one merged is told as on its own (<see cref="FinishAsync"/>'s notices); several,
    /// each stakeholder, follower, person paged or who worked on them, and the channel, get one notice listing those they were told
    /// about (<see cref="Comms.StakeholderNotifier.NotifyMergedTogetherAsync"/>, <see cref="Pager.AnnounceMergesAsync"/>).
    /// </summary>
    /// <remarks>
    /// Named by the request (<see cref="Notifications.OutboxIds.MergesTopic"/>: the incident merged into and those it merged), so the same request
    /// repeated — after it was sent, or after a crash between the merges and the notice — queues nothing twice and sends what was
    /// left; a duplicate's stakeholder notice stays owed on its record until queued, so a request that never comes back leaves it to
    /// the update run, which sends it as on its own (<see cref="Comms.UpdateNudger"/>). One refused is simply not listed.
    /// </remarks>
    private async Task AnnounceTogetherAsync(string into, IReadOnlyList<string> merged, string topic, string by, CancellationToken cancellationToken)
    {
        if (merged.Count == 1)
        {
            await AnnounceAsync(merged[0], into, by, cancellationToken);
            return;
        }

        if (merged.Count == 0 || await incidents.GetAsync(into, cancellationToken) is not { } target)
        {
            return;
        }

        var duplicates = new List<Incident>();
        foreach (var id in merged)
        {
            if (await incidents.GetAsync(id, cancellationToken) is { Value.MergedInto: not null } duplicate && duplicate.Value.MergedInto == into)
            {
                duplicates.Add(duplicate.Value);
            }
        }

        var toldChannel = await stakeholders.NotifyMergedTogetherAsync(target.Value, duplicates, topic, cancellationToken);
        await pager.AnnounceMergesAsync(target.Value, duplicates, by, topic, toldChannel, cancellationToken);
    }

    /// <summary>Why <paramref name="id"/> cannot be merged into <paramref name="into"/> as the records stand; null when it can.</summary>
    private async Task<SkippedMerge?> SkipAsync(string id, string into, CancellationToken cancellationToken)
    {
        var source = await incidents.GetAsync(id, cancellationToken);
        var target = await incidents.GetAsync(into, cancellationToken);
        if (source is null || target is null)
        {
            return new SkippedMerge(id, "notFound");
        }

        return target.Value.CannotMergeIn(source.Value, time.GetUtcNow()) is { } refusal
            ? new SkippedMerge(id, SkippedMerge.ReasonOf(refusal), refusal == MergeRefusal.Merged ? source.Value.MergedInto : null)
            : null;
    }

    /// <summary>Each group's claim naming the duplicate now names <paramref name="into"/>; a group nobody holds is claimed for it.</summary>
    private async Task MoveClaimsAsync(Incident duplicate, string into, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var group in duplicate.HeldGroups)
        {
            for (var attempt = 1; ; attempt++)
            {
                var claim = await incidents.GetOpenGroupAsync(group.Source, group.GroupKey, cancellationToken);
                var moved = claim switch
                {
                    null => await incidents.TryClaimGroupAsync(group.Source, group.GroupKey, new AlertGroupClaim(into, now, NewClaimId()), cancellationToken) is not null,
                    _ when claim.IncidentId == duplicate.Id => await incidents.TryUpdateGroupAsync(group.Source, group.GroupKey, claim with { IncidentId = into, ClaimedAt = now, ClaimId = NewClaimId() }, cancellationToken),
                    _ => true, // held by the incident merged into already, or by another incident: left as it is
                };
                if (moved)
                {
                    break;
                }

                if (attempt >= MaxAttempts)
                {
                    throw new ContentionException($"The claim of {group.Source} group '{group.GroupKey}' keeps changing; retry.");
                }
            }
        }
    }

    /// <summary>
    /// Copies the duplicate's alerts to <paramref name="into"/>, saved with its record at its ETag (the alert version bumped, as any
    /// alert state change), leaving those it tracks itself.
    /// </summary>
    private async Task CopyAlertsAsync(string id, string into, CancellationToken cancellationToken)
    {
        var alerts = (await incidents.GetAlertsAsync(id, cancellationToken)).Select(a => a.Value).ToList();
        if (alerts.Count == 0)
        {
            return;
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = await incidents.GetAsync(into, cancellationToken) ?? throw new NotFoundException("Incident", into);
            var tracked = (await incidents.GetAlertsAsync(into, cancellationToken)).Select(a => a.Value.DedupKey).ToHashSet(StringComparer.Ordinal);
            var missing = alerts.Where(a => !tracked.Contains(a.DedupKey)).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            var chunk = missing.Take(AlertsPerSave).ToList();
            current.Value.RecordAlertStateChange(firingOnly: chunk.All(a => a.Status == Alerts.AlertStatus.Firing));
            if (await incidents.TrySaveAlertsAsync(current.Value, current.ETag, chunk, [], cancellationToken) is not null)
            {
                current.Value.MarkStored();
                attempt = 0; // the next chunk starts afresh
                continue;
            }

            if (attempt >= MaxAttempts)
            {
                throw new ContentionException($"Alerts of incident {into} keep changing; retry.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 10 + (20 * attempt))), cancellationToken);
        }
    }

    /// <param name="announce">False: the duplicate's 統合 notices are left for <see cref="AnnounceTogetherAsync"/>.</param>
    private async Task FinishAsync(string id, string into, bool raised, CancellationToken cancellationToken, string by, bool announce = true)
    {
        var now = time.GetUtcNow();
        await incidents.SyncIndexesAsync(id, now, cancellationToken);
        await incidents.SyncIndexesAsync(into, now, cancellationToken);

        // The duplicate's followers follow the incident merged into from now on — before its last notice, whose followers' copy
        // says so (a failure here leaves the notice owed: repeating the merge carries them over, then sends it).
        if (following is not null && await following.CarryOverAsync(id, into, cancellationToken) is > 0 and var carried)
        {
            logger.LogInformation("{Carried} followers of {IncidentId} follow {Into}, which it was merged into", carried, id, into);
        }

        // Those added on the duplicate may read the incident kept (confidential now when the duplicate was): safe to repeat.
        if (readers is not null && await readers.CarryOverAsync(id, into, by, cancellationToken) is > 0 and var readersCarried)
        {
            logger.LogInformation("{Carried} readers of {IncidentId} may read {Into}, which it was merged into", readersCarried, id, into);
        }

        if (announce)
        {
            await AnnounceAsync(id, into, by, cancellationToken);
        }

        if (raised && await incidents.GetAsync(into, cancellationToken) is { Value: { IsOpen: true, IsAcknowledged: false } })
        {
            await pager.NotifyDueAsync(into, cancellationToken);
        }
    }

    /// <summary>The 統合 notices of one duplicate merged on its own.</summary>
    private async Task AnnounceAsync(string id, string into, string by, CancellationToken cancellationToken)
    {
        // The duplicate's last notice, if stakeholders were told about it (a failure leaves it owed: repeating the merge sends it).
        await stakeholders.NotifyDueAsync(id, cancellationToken);

        // The people paged about the duplicate, and the channel, hear where the work goes on (once: the notice's ids are fixed).
        if (await incidents.GetAsync(id, cancellationToken) is { } merged)
        {
            await pager.AnnounceMergeAsync(merged.Value, into, by, cancellationToken);
        }
    }

    /// <summary>
    /// The severity <paramref name="into"/> would go from and to when <paramref name="duplicate"/> is merged into it (it takes a more
    /// urgent one); null when it stays.
    /// </summary>
    public static (AlertSeverity From, AlertSeverity To)? RaisedSeverity(Incident duplicate, Incident into) =>
        duplicate.Severity < into.Severity ? (into.Severity, duplicate.Severity) : null;

    /// <summary>409 (a state that forbids it now, not a malformed request).</summary>
    private static ConcurrencyException Refused(MergeRefusal refusal, Incident merging, Incident into) =>
        new($"Cannot merge {merging.Id} into {into.Id}: {MergeRefusals.Describe(refusal, merging, into)}.");

    private static string Label(AlertSeverity severity) => severity.ToString().ToUpperInvariant();

    private static string NewClaimId() => Guid.NewGuid().ToString("n");
}
