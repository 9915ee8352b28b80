using Microsoft.Extensions.Logging;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Undoing a mistaken merge (<see cref="IncidentMerger"/>): in an alert storm a PM merged an incident that was another outage
/// (INC-0042 「ログイン失敗率の上昇」 into INC-0040 「決済APIの応答遅延」). PagerDuty cannot unmerge; without this, the login
/// outage stays invisible inside the payment incident, its alerts keep folding there and nobody is paged for it.
/// </summary>
public sealed class IncidentUnmerger(
    IIncidentRepository incidents, Pager pager, FiringGroupCache firing, TimeProvider time, ILogger<IncidentUnmerger> logger, IncidentFollowing? following = null)
{
    private const int MaxAttempts = 20;

    /// <summary>Alert rows removed from the incident merged into with its record in one transaction (at most 100 rows: the record, its rows and these).</summary>
    private const int AlertsPerSave = 90;

    /// <summary>
    /// Undoes the merge of <paramref name="id"/> (the duplicate) for <paramref name="by"/> and returns it as it is now. In order, the
    /// merge's steps backwards, each safe to repeat (a request repeated after a failure finishes what the first began):
    /// <list type="number">
    /// <item>while it is still merged (nothing reaches it: its groups' claims name the other), its alerts as the other tracks them now
    /// are written back to it — a firing or a resolve the other got for them since the merge is its own;</item>
    /// <item>it is its own incident again (<see cref="Incident.Unmerge"/>): the status it had when merged, or resolved when every alert
    /// of its own has resolved meanwhile (a person-run one stays open: its person says when it is over); <see cref="Incident.UnmergedFrom"/>
    /// remembers the other, so a repeat after a stop here finishes the rest;</item>
    /// <item>each of its groups' claims naming the other names it again (new deliveries land on it from now);</item>
    /// <item>the other forgets it (<see cref="Incident.ForgetMerged"/>) and its alerts are removed from the other, saved at the version
    /// whose alerts were read: a delivery that read a claim before it moved and wrote to the other meanwhile makes this step run again,
    /// carrying that change back first. The other's own alerts are not touched;</item>
    /// <item>lists and claims follow both records; this instance's alert memory forgets the other's groups (the other's alert
    /// version moved, so other instances' memories go stale too); a reopened incident nobody had acknowledged pages the pair on duty
    /// now from step 0 (those paged for the other are not paged again); one a person had acknowledged stays theirs, and they are told
    /// so by mail (<see cref="Pager.AnnounceUnmergeAsync"/>). Members the merge made followers of the other (they followed only this
    /// one, <see cref="MergeTaking.Followers"/>) follow the other no more; they still follow this one.</item>
    /// </list>
    /// Stakeholder notices sent stay sent: nobody is told "ignore the last notice". The duplicate's audiences' series resumes on the
    /// duplicate — its next notice is numbered after its 【統合】 notice, so a reader's series has no gap and no repeat; notices the other
    /// sent them meanwhile were about the other and stay in the other's series. Audiences that came to the other only with the merge and
    /// were sent nothing there yet are dropped from it; those sent something there keep hearing about it until it is over (they were told it
    /// goes on).
    /// </summary>
    /// The incident merged into may have resolved (even had its retro written) since: the undo still goes through — the outage it
    /// hid was real, and its retro no longer takes in the duplicate's timeline (it is no longer listed there); a row on its timeline
    /// says the merge was undone. Only a chain is refused: undo the later merge first.
    /// <exception cref="NotFoundException">No incident <paramref name="id"/>.</exception>
    /// <exception cref="ConflictException">It was not merged (409 naming <c>id</c>, as other refusals of an incident's state are).</exception>
    /// <exception cref="ConcurrencyException">The incident it was merged into was merged into a third one since: that merge must be
    /// undone first (409, naming it).</exception>
    public async Task<Versioned<Incident>> UnmergeAsync(string id, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var duplicate = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        var from = duplicate.Value.MergedInto ?? duplicate.Value.UnmergedFrom
            ?? throw new ConflictException("id", $"Cannot undo a merge of {duplicate.Value.Id}: it was not merged into another incident.");
        var target = await incidents.GetAsync(from, cancellationToken) ?? throw new NotFoundException("Incident", from);
        if (duplicate.Value.MergedInto is null && !target.Value.MergedIncidents.Contains(duplicate.Value.Id, StringComparer.Ordinal))
        {
            // Undone before (a repeat of a request that finished, or stopped before its mail): the lists and claims follow again,
            // and the mail is owed at most (its id is fixed: sent once).
            await FinishAsync(duplicate.Value.Id, from, pages: false, cancellationToken);
            await TellWhoHadItAsync(id, from, by, cancellationToken);
            return await incidents.GetAsync(id, cancellationToken) ?? duplicate;
        }

        if (duplicate.Value.MergedInto is not null && target.Value.MergedInto is { } third)
        {
            throw new ConcurrencyException(
                $"Cannot undo the merge of {duplicate.Value.Id} into {from}: {from} was merged into {third} since; undo that merge first (POST /api/incidents/{from}/unmerge), then this one.");
        }

        // 1. Its alerts as the other tracks them now (nothing reaches it while merged: the claims name the other), those of its groups
        // that first fired there after the merge too. A repeat after it reopened carries what a delivery wrote there in between; which
        // of the two rows came last is not known then, so a firing row is kept over a resolve (an alert shown firing, not one missed).
        var groups = duplicate.Value.OwnGroups.Select(g => g.Mark).ToHashSet(StringComparer.Ordinal);
        await CarryBackAsync(id, from, groups, null, keepFiring: duplicate.Value.MergedInto is null, cancellationToken);

        // Its rows as they stand now: one written after this (a delivery once its claims are back) is newer than the other's.
        var baseline = (await incidents.GetAlertsAsync(id, cancellationToken)).ToDictionary(a => a.Value.DedupKey, a => a.ETag, StringComparer.Ordinal);

        // 2. Its own incident again.
        var reopened = false;
        for (var attempt = 1; duplicate.Value.MergedInto is not null; attempt++)
        {
            var alerts = await incidents.GetAlertsAsync(id, cancellationToken);
            var changed = duplicate.Value.Unmerge(by, time.GetUtcNow(), AllResolvedAt(alerts));
            try
            {
                await incidents.SaveAsync(duplicate.Value, duplicate.ETag, null, cancellationToken);
                duplicate.Value.MarkStored();
                reopened = changed && duplicate.Value.IsOpen;
                break;
            }
            catch (ConcurrencyException) when (attempt < MaxAttempts)
            {
                duplicate = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
            }
        }

        // 3. Its groups' claims name it again.
        var now = time.GetUtcNow();
        await MoveClaimsBackAsync(duplicate.Value, from, now, cancellationToken);

        // 4. The other forgets it, its alerts removed there at the version read with them.
        var carried = await ForgetAsync(duplicate.Value, from, by, baseline, cancellationToken);
        logger.LogInformation("Merge of incident {IncidentId} into {Into} undone by {By}", id, from, by);

        // Those the merge made followers of the other follow it no more (they still follow this one).
        if (following is not null && carried.Count > 0 && await following.GiveBackAsync(from, carried, cancellationToken) is > 0 and var taken)
        {
            logger.LogInformation("{Taken} followers of {IncidentId} no longer follow {From}, its merge into which was undone", taken, id, from);
        }

        // 5. Lists, claims and pages; whoever had taken it before the merge hears it is theirs again (once: the mail's id is fixed).
        await FinishAsync(id, from, pages: reopened, cancellationToken);
        await TellWhoHadItAsync(id, from, by, cancellationToken);

        return await incidents.GetAsync(id, cancellationToken) ?? duplicate;
    }

    /// <summary>When every alert of its own has resolved, the last resolve; null when one still fires, or it tracks none.</summary>
    private static DateTimeOffset? AllResolvedAt(IReadOnlyList<Versioned<TrackedAlert>> alerts) =>
        alerts.Count > 0 && alerts.All(a => a.Value.Status == AlertStatus.Resolved)
            ? alerts.Max(a => a.Value.ResolvedAt ?? DateTimeOffset.MinValue) is var last && last > DateTimeOffset.MinValue ? last : null
            : null;

    /// <summary>
    /// Writes the other's rows of the duplicate's alerts to the duplicate: those it tracks too (the same dedup keys) where they differ,
    /// and those that came through one of its <paramref name="groups"/> (<see cref="TrackedAlert.Group"/>) it does not track yet (they
    /// first fired after the merge), at the duplicate's ETag. With <paramref name="baseline"/> (the duplicate's row ETags when it took
    /// them back), a row it tracks only where its own is still that one (a row written since came from a delivery after its claims moved
    /// back: newer); with <paramref name="keepFiring"/>, not a resolve over its own firing row. Returns how many rows it wrote.
    /// </summary>
    private async Task<int> CarryBackAsync(
        string id, string from, HashSet<string> groups, Dictionary<string, string>? baseline, bool keepFiring, CancellationToken cancellationToken)
    {
        var written = 0;
        for (var attempt = 1; ; attempt++)
        {
            var current = await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
            var own = (await incidents.GetAlertsAsync(id, cancellationToken)).ToDictionary(a => a.Value.DedupKey, StringComparer.Ordinal);
            var changed = (await incidents.GetAlertsAsync(from, cancellationToken))
                .Select(a => a.Value)
                .Where(a => own.TryGetValue(a.DedupKey, out var mine)
                    ? !SameState(a, mine.Value)
                        && (baseline is null || (baseline.TryGetValue(a.DedupKey, out var then) && then == mine.ETag))
                        && !(keepFiring && mine.Value.Status == AlertStatus.Firing && a.Status == AlertStatus.Resolved)
                    : OfGroups(a, groups))
                .ToList();
            if (changed.Count == 0)
            {
                return written;
            }

            var chunk = changed.Take(AlertsPerSave).ToList();
            current.Value.RecordAlertStateChange(firingOnly: chunk.All(a => a.Status == AlertStatus.Firing));
            if (await incidents.TrySaveAlertsAsync(current.Value, current.ETag, chunk, [], cancellationToken) is not null)
            {
                current.Value.MarkStored();
                written += chunk.Count;
                if (baseline is not null)
                {
                    // Its rows as written now are the ones a later delivery would change. A row that reads otherwise was changed by a
                    // delivery since (its claims are back): it keeps the mark it had, so nothing is carried over that newer row.
                    foreach (var row in (await incidents.GetAlertsAsync(id, cancellationToken)).Where(r => chunk.Any(c => c.DedupKey == r.Value.DedupKey && SameState(c, r.Value))))
                    {
                        baseline[row.Value.DedupKey] = row.ETag;
                    }
                }

                attempt = 0;
                continue;
            }

            if (attempt >= MaxAttempts)
            {
                throw new ContentionException($"Alerts of incident {id} keep changing; retry.");
            }
        }
    }

    /// <summary>
    /// It came through one of <paramref name="groups"/> (the duplicate's): an alert stored without its group (before 12-06) is not, nor
    /// the unlisted alerts' entry (one per incident, whichever group's delivery wrote it last).
    /// </summary>
    private static bool OfGroups(TrackedAlert alert, HashSet<string> groups) =>
        alert.Group is { } group && groups.Contains(group) && alert.DedupKey != AlertIntake.UnlistedAlertsKey;

    private static bool SameState(TrackedAlert a, TrackedAlert b) =>
        a.Status == b.Status && a.ResolvedAt == b.ResolvedAt && a.FirstFiredAt == b.FirstFiredAt && a.Severity == b.Severity && a.Summary == b.Summary;

    /// <summary>Each of the duplicate's groups whose claim names <paramref name="from"/> names the duplicate again; one nobody holds is claimed for it while open.</summary>
    private async Task MoveClaimsBackAsync(Incident duplicate, string from, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var group in duplicate.HeldGroups)
        {
            for (var attempt = 1; ; attempt++)
            {
                var claim = await incidents.GetOpenGroupAsync(group.Source, group.GroupKey, cancellationToken);
                var moved = claim switch
                {
                    null when duplicate.IsOpen => await incidents.TryClaimGroupAsync(group.Source, group.GroupKey, new AlertGroupClaim(duplicate.Id, now, NewClaimId()), cancellationToken) is not null,
                    _ when claim?.IncidentId == from => await incidents.TryUpdateGroupAsync(group.Source, group.GroupKey, claim with { IncidentId = duplicate.Id, ClaimedAt = now, ClaimId = NewClaimId() }, cancellationToken),
                    _ => true, // its own already, free while it is resolved, or another incident's: left as it is
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
    /// Removes the duplicate's alerts from <paramref name="from"/> in chunks, the last with the record forgetting it, each at the ETag
    /// read with its alerts. A row that changed there since the duplicate took it back (a late delivery) goes to the duplicate first,
    /// unless the duplicate's own row changed since too (a delivery after the claim moved back: newer).
    /// </summary>
    private async Task<IReadOnlyList<string>> ForgetAsync(Incident duplicate, string from, string by, Dictionary<string, string> baseline, CancellationToken cancellationToken)
    {
        var groups = duplicate.OwnGroups.Select(g => g.Mark).ToHashSet(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            var target = await incidents.GetAsync(from, cancellationToken) ?? throw new NotFoundException("Incident", from);
            var own = (await incidents.GetAlertsAsync(duplicate.Id, cancellationToken)).Select(a => a.Value.DedupKey).ToHashSet(StringComparer.Ordinal);
            var theirs = (await incidents.GetAlertsAsync(from, cancellationToken)).Select(a => a.Value.DedupKey).Where(own.Contains).ToList();
            if (!target.Value.MergedIncidents.Contains(duplicate.Id, StringComparer.Ordinal) && theirs.Count == 0)
            {
                return [];
            }

            // A delivery that read a claim before it moved wrote there since the duplicate took its alerts back: it goes back too.
            if (await CarryBackAsync(duplicate.Id, from, groups, baseline, keepFiring: false, cancellationToken) > 0)
            {
                continue;
            }

            var chunk = theirs.Take(AlertsPerSave).ToList();
            var last = chunk.Count == theirs.Count;
            IReadOnlyList<string> followers = [];
            if (last)
            {
                followers = target.Value.ForgetMerged(duplicate.Id, [.. duplicate.HeldGroups], by, time.GetUtcNow())?.Followers ?? [];
            }
            else
            {
                target.Value.RecordAlertStateChange(firingOnly: false);
            }

            if (await incidents.TryRemoveAlertsAsync(target.Value, target.ETag, chunk, cancellationToken) is not null)
            {
                target.Value.MarkStored();
                if (last)
                {
                    return followers;
                }

                attempt = 0;
                continue;
            }

            if (attempt >= MaxAttempts)
            {
                throw new ContentionException($"Incident {from} keeps changing while a merge into it is undone; retry.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 10 + (20 * attempt))), cancellationToken);
        }
    }

    private async Task FinishAsync(string id, string from, bool pages, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await incidents.SyncIndexesAsync(id, now, cancellationToken);
        await incidents.SyncIndexesAsync(from, now, cancellationToken);

        // This instance's alert memory: the other's groups take the full path once (the duplicate's are among them), and the
        // duplicate may be remembered again.
        firing.Unmerged(id, from);
        if (pages && await incidents.GetAsync(id, cancellationToken) is { Value: { IsOpen: true, IsAcknowledged: false } })
        {
            await pager.NotifyDueAsync(id, cancellationToken);
        }
    }

    /// <summary>
    /// Open again under a person's acknowledgement from before the merge: that person hears it is theirs again. One given after the
    /// undo (the pair answered its page) is not told: they took it knowing.
    /// </summary>
    private async Task TellWhoHadItAsync(string id, string from, string by, CancellationToken cancellationToken)
    {
        if (await incidents.GetAsync(id, cancellationToken) is { Value: { IsOpen: true, AcknowledgedByPerson: true, AcknowledgedAt: { } acknowledgedAt } taken }
            && (await incidents.GetTimelineAsync(id, cancellationToken)).LastOrDefault(t => t.Kind == TimelineKind.Unmerged) is { } undone
            && acknowledgedAt <= undone.At)
        {
            await pager.AnnounceUnmergeAsync(taken, from, by, cancellationToken);
        }
    }

    private static string NewClaimId() => Guid.NewGuid().ToString("n");
}
