using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Turns a parsed webhook into incident changes: dedup, open, fold, resolve, reopen.
/// <list type="bullet">
/// <item>One notification group (Alertmanager/Grafana groupKey, an Azure alert rule on one target, generic dedup_key) has at most one open
/// incident. The group's <c>open</c> index row is claimed with a conditional insert, so of parallel first firings exactly
/// one opens the incident; the others wait for it and fold in.</item>
/// <item>Alerts are tracked by dedup key inside the incident. A repeat appends a timeline row (insert-only), so a storm
/// of repeats never races on one row and never pages anyone. A repeat this instance knows as one is accepted through its
/// inbox, many requests in one write, and applied to the incident just after (<see cref="RepeatJournal"/>).</item>
/// <item>When every tracked alert has resolved (and the source is configured so), the incident resolves and the group is
/// freed, remembering when; a firing within the reopen window reopens that incident, later a new one opens. A reopen of
/// what a person resolved (the alert still fired), or of what only a tool acknowledged, pages the pair again from step 0
/// (<see cref="Incident.Reopen"/>).</item>
/// <item>A more urgent firing alert raises the severity; one a person set is raised only by an alert firing anew, never by
/// repeats nor by the delivery that reopens it (<see cref="Incident.RaiseSeverityByAlert"/>).</item>
/// </list>
/// Every write is a conditional insert, an ETag-guarded replace or an append, so a sender retrying after a 5xx (or a
/// crash mid-way) finishes the work without duplicating it.
/// </summary>
public sealed class AlertIntake(
    IIncidentRepository incidents,
    IAlertInbox inbox,
    IncidentService service,
    Pager pager,
    TimeProvider time,
    IOptions<IncidentOptions> options,
    ILogger<AlertIntake> logger,
    FiringGroupCache firing,
    Maintenance.MaintenanceCalendar? maintenance = null,
    Comms.RecoveryReminder? recovery = null)
{
    /// <summary>A claim older than this belongs to a request that died before creating its incident; another may take over.</summary>
    internal static readonly TimeSpan StaleClaim = TimeSpan.FromMinutes(2);

    private const int WaitAttempts = 100;
    private static readonly TimeSpan WaitInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How a notification is kept in the inbox (<see cref="InboxDelivery.Notification"/>).</summary>
    internal static readonly JsonSerializerOptions NotificationJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly FiringGroupCache _firing = firing;
    private readonly Lock _journalGate = new();
    private RepeatJournal? _journal;

    private RepeatJournal Journal
    {
        get
        {
            lock (_journalGate)
            {
                return _journal ??= new RepeatJournal(inbox, ApplyAcceptedAsync, time, logger);
            }
        }
    }

    public Task<AlertIntakeResult> IntakeAsync(AlertNotification notification, CancellationToken cancellationToken) =>
        IntakeAsync(notification, fromInbox: false, cancellationToken);

    /// <summary>Every repeat this instance accepted so far applied to its incident and removed from the inbox (tests; an orderly stop).</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Journal.DrainAsync(cancellationToken);

    /// <summary>Repeats this instance accepted and has not applied yet, and when it accepted the oldest.</summary>
    public (int Count, DateTimeOffset? Oldest) Backlog => _journal?.Backlog ?? (0, null);

    /// <summary>Applies the repeats instances accepted and never applied (they stopped first); returns how many.</summary>
    public Task<int> SweepInboxAsync(CancellationToken cancellationToken) => Journal.SweepAsync(cancellationToken);

    /// <param name="fromInbox">A delivery accepted before and applied now: never accepted again, and its group's other accepted repeats are not waited for (they are being applied with it).</param>
    private async Task<AlertIntakeResult> IntakeAsync(AlertNotification notification, bool fromInbox, CancellationToken cancellationToken)
    {
        notification = await UnderKeyHeldAsync(incidents, notification, cancellationToken);
        var source = notification.Source.ToRouteName();
        var groupKey = notification.GroupKey;
        var anyFiring = Fires(notification);
        if (notification.Acknowledges)
        {
            return await AcknowledgeAsync(notification, cancellationToken);
        }

        if (await TryFoldRepeatAsync(notification, fromInbox, cancellationToken) is { } repeat)
        {
            return repeat;
        }

        if (!fromInbox)
        {
            // What this instance accepted of the group before comes first: a repeat accepted before a resolve is applied before it.
            await Journal.SettleGroupAsync(source, groupKey, cancellationToken);
        }

        var group = await incidents.GetGroupAsync(source, groupKey, cancellationToken);
        var claim = group.Open;
        if (claim is null)
        {
            if (!anyFiring)
            {
                // The group was just freed: a resolve racing the incident's resolution still belongs to it (an alert
                // that fired in between would otherwise stay firing in an incident nobody resolves).
                string? belonged = null;
                if (group.Last is { } previous)
                {
                    var late = await FoldAsync(previous.IncidentId, notification, cancellationToken);
                    if (late.ResolvedAlerts > 0 || late.Outcome == AlertIntakeOutcome.Resolved)
                    {
                        return late;
                    }

                    belonged = late.IncidentId;
                }

                // Remembered a while (Alertmanager, Grafana: by fingerprint and endsAt), so that a late firing behind it (an HA peer's)
                // is known as stale and opens nothing that no resolve would ever close.
                var resolves = notification.Source is AlertSource.Alertmanager or AlertSource.Grafana || notification.Alerts.Any(a => a.FiresOnce)
                    ? notification.Alerts.Where(a => a.Status == AlertStatus.Resolved && (a.EndsAt is not null || a.FiresOnce)).DistinctBy(a => a.DedupKey)
                        .Take(IIncidentRepository.MaxRememberedResolves).Select(a => new KeyValuePair<string, DateTimeOffset>(a.DedupKey, a.EndsAt ?? time.GetUtcNow())).ToList()
                    : [];
                if (resolves.Count > 0)
                {
                    await incidents.RememberResolvesAsync(source, groupKey, resolves, time.GetUtcNow(), cancellationToken);
                }

                // A resolve sent again names the incident it belonged to (the group's last, merges followed: its row is there), so the
                // sender and the delivery list can tell where it went; null when the group never had one.
                logger.LogInformation("{Source} group {GroupKey}: resolve with no open incident; nothing to do", source, LoggedText.Escape(groupKey));
                return new AlertIntakeResult(AlertIntakeOutcome.Ignored, belonged, 0, 0, 0,
                    belonged is null ? IgnoredReasons.ResolveWithoutIncident : IgnoredReasons.AlreadyResolved);
            }

            var now = time.GetUtcNow();
            var last = group.Last;
            if (last is not null && await StaleInAsync(incidents, time, last.IncidentId, notification, cancellationToken) is { } staleIn)
            {
                // Every firing started before the resolve recorded for it: a timeline row on that incident, no reopen, no page.
                return await FoldAsync(staleIn, notification, cancellationToken);
            }

            if (StaleByRememberedResolves(group, notification, now))
            {
                logger.LogInformation("{Source} group {GroupKey}: stale firing (started before a resolve received with no incident); nothing opened, nobody paged", source, groupKey);
                return new AlertIntakeResult(AlertIntakeOutcome.Stale, null, 0, notification.Alerts.Count, 0);
            }

            if (last is not null && now - last.ResolvedAt <= options.Value.ReopenWindow)
            {
                // An incident merged into another since reopens as that one (the one people now work on).
                var reopening = await incidents.FollowMergesAsync(last.IncidentId, cancellationToken);
                if (await incidents.TryClaimGroupAsync(source, groupKey, new AlertGroupClaim(reopening, now, NewClaimId()), cancellationToken) is not null)
                {
                    var closedBefore = await ReopenAsync(reopening, notification, now, cancellationToken);
                    var folded = await FoldAsync(reopening, notification, cancellationToken, reopened: true, reopenedFrom: closedBefore);

                    // Nobody had acknowledged it, or the acknowledgement no longer covers it (a person had resolved it, or only a
                    // tool acknowledged it): escalation restarts from step 0 now (held by maintenance: not yet).
                    await pager.NotifyDueAsync(reopening, cancellationToken);
                    await WithdrawRecoveryAskAsync(reopening, cancellationToken);
                    return folded with { Outcome = AlertIntakeOutcome.Reopened };
                }
            }
            else if (await (GroupingOf(options.Value, notification) is { } grouping
                ? TryOpenGroupedAsync(notification, grouping.Window, grouping.TargetKey, now, cancellationToken)
                : TryOpenAsync(notification, now, cancellationToken)) is { } opened)
            {
                return opened;
            }

            claim = await incidents.GetOpenGroupAsync(source, groupKey, cancellationToken);
        }

        // The group was freed (resolved) between our reads: start over, once.
        return (claim is null ? null : await FollowClaimAsync(notification, claim, cancellationToken))
            ?? await IntakeAsync(notification, fromInbox, cancellationToken);
    }

    /// <summary>
    /// The notification under the key its group is held by: its <see cref="AlertNotification.PreviousGroupKey"/> while that group has an
    /// open incident, a last one or remembered resolves (an Azure Monitor alert instance that fired before alerts were grouped by
    /// their rule's series: its resolve, or a late firing, still belongs to the incident its alertId opened), else its own key. One
    /// read of the previous group's partition, only for a delivery whose key changed; the answer carries no previous key, so a
    /// delivery applied later from the inbox is not looked up again.
    /// </summary>
    internal static async Task<AlertNotification> UnderKeyHeldAsync(IIncidentRepository incidents, AlertNotification notification, CancellationToken cancellationToken)
    {
        if (notification.PreviousGroupKey is not { } previous)
        {
            return notification;
        }

        if (previous == notification.GroupKey)
        {
            return notification with { PreviousGroupKey = null };
        }

        var before = await incidents.GetGroupAsync(notification.Source.ToRouteName(), previous, cancellationToken);
        return before.Open is not null || before.Last is not null || before.Resolves is { Count: > 0 }
            ? notification with { GroupKey = previous, PreviousGroupKey = null }
            : notification with { PreviousGroupKey = null };
    }

    /// <summary>
    /// The storm's common case, a delivery whose alerts this instance saw firing in the group's open incident: accepted through
    /// the inbox, its write shared with the other requests of the moment, and applied to the incident just after
    /// (<see cref="ApplyAcceptedAsync"/>). Anything else (a new or resolving alert, a group this instance does not know) takes
    /// the full path. A delivery too large for the inbox, or one applied from it, is folded here at once: one point read of the
    /// record and one insert, when the record is still open at the <see cref="Incident.AlertVersion"/> remembered.
    /// </summary>
    private async Task<AlertIntakeResult?> TryFoldRepeatAsync(AlertNotification notification, bool fromInbox, CancellationToken cancellationToken)
    {
        var source = notification.Source.ToRouteName();
        var alerts = notification.Alerts.DistinctBy(a => a.DedupKey).ToList();
        if (alerts.Count == 0 || alerts.Any(a => a.Status != AlertStatus.Firing)
            // An Azure Service Health communication of a class that pages (rare, one per communication): the full path reads the
            // incident, which may have opened as an announcement that pages nobody and must page from now (PageFromNowAsync).
            || notification is { PagesNobody: null, AzureClass: not null }
            // A delivery leaving alerts out is a repeat only while the unlisted alerts' entry fires too: else the fold starts tracking them.
            || _firing.Find(source, notification.GroupKey, HasUnlisted(notification) ? alerts.Select(a => a.DedupKey).Append(UnlistedAlertsKey) : alerts.Select(a => a.DedupKey)) is not { } known)
        {
            return null;
        }

        if (!fromInbox && JsonSerializer.Serialize(notification, NotificationJson) is { Length: <= IAlertInbox.MaxNotificationLength } json)
        {
            await Journal.AcceptAsync(source, notification.GroupKey, known.IncidentId, known.AlertVersion, json, RepeatOf(notification), cancellationToken);
            return new AlertIntakeResult(AlertIntakeOutcome.Folded, known.IncidentId, 0, alerts.Count, 0);
        }

        var current = await incidents.GetAsync(known.IncidentId, cancellationToken);
        if (current?.Value is not { IsOpen: true } incident || incident.ResolveVersion > known.AlertVersion)
        {
            if (current?.Value.MergedInto is not null)
            {
                // Merged through another instance: the full path folds it into the incident merged into and answers with that one.
                _firing.Merged(known.IncidentId);
            }

            _firing.Forget(source, notification.GroupKey, known);
            return null;
        }

        var by = $"alert:{source}";
        var now = time.GetUtcNow();
        await incidents.AppendTimelineAsync(known.IncidentId, [.. alerts.Select(a => Entry(TimelineKind.AlertRepeated, a, by, now, a.Summary))], cancellationToken);
        await RaiseSeverityAsync(known.IncidentId, incident.Severity, MostUrgentFiring(notification), firedAnew: null, reopened: false, source, cancellationToken);
        return new AlertIntakeResult(AlertIntakeOutcome.Folded, known.IncidentId, 0, alerts.Count, 0);
    }

    /// <summary>
    /// Applies one incident's accepted repeats, in accept order: with one read of the record and one append of their timeline
    /// rows while the record bears them out, that is, it is still open at the alert version they were accepted at, or it was
    /// resolved after they were accepted (they repeated an incident then open: a repeat never reopens what was resolved after
    /// it). A delivery the record does not bear out (another instance or a person changed the incident's alerts first) takes
    /// the full path, which decides on what it finds: a firing into a resolved incident reopens it and pages.
    /// </summary>
    private async Task ApplyAcceptedAsync(IReadOnlyList<InboxDelivery> deliveries, CancellationToken cancellationToken)
    {
        var id = deliveries[0].IncidentId;
        var record = (await incidents.GetAsync(id, cancellationToken))?.Value;
        if (record?.MergedInto is not null)
        {
            // Merged through another instance since this one remembered it: what it accepts of those groups from now on takes
            // the full path (answered with the incident merged into); these deliveries are applied in full below.
            _firing.Merged(id);
        }

        var repeats = new List<TimelineEntry>();
        AlertSeverity? mostUrgent = null;
        string? source = null;
        var unreadable = new List<string>();
        Exception? firstUnreadable = null;
        foreach (var delivery in deliveries)
        {
            var bornOut = record is { IsOpen: true } open ? open.ResolveVersion <= delivery.AlertVersion : record?.ClosedAt >= delivery.AcceptedAt;

            // A repeat this instance accepted and kept (its Repeat) needs nothing more; any other delivery needs its notification.
            AlertNotification? notification = null;
            if (!bornOut || delivery.Repeat is null)
            {
                try
                {
                    if ((notification = await NotificationOfAsync(delivery, cancellationToken)) is null)
                    {
                        continue; // no longer in the inbox: another instance's sweep applied and removed it
                    }
                }
                catch (JsonException ex)
                {
                    // One delivery this build cannot read must not hold back the others of its incident.
                    unreadable.Add(delivery.Id);
                    firstUnreadable ??= ex;
                    continue;
                }
            }

            if (bornOut)
            {
                var repeat = delivery.Repeat ?? RepeatOf(notification!);
                source = repeat.Source;
                foreach (var alert in repeat.Alerts)
                {
                    repeats.Add(Entry(TimelineKind.AlertRepeated, alert.AlertKey, $"alert:{source}", delivery.AcceptedAt, alert.Message) with { Refusal = alert.Refusal });
                }

                if (repeat.MostUrgent is { } urgent && (mostUrgent is null || urgent < mostUrgent))
                {
                    mostUrgent = urgent;
                }

                continue;
            }

            if (repeats.Count > 0)
            {
                await incidents.AppendTimelineAsync(id, repeats, cancellationToken);
                repeats.Clear();
            }

            logger.LogInformation("Incident {IncidentId} changed after a repeat of {Source} group {GroupKey} was accepted; applying it in full", id, notification!.Source.ToRouteName(), LoggedText.Escape(notification.GroupKey));
            await IntakeAsync(notification!, fromInbox: true, cancellationToken);
            record = (await incidents.GetAsync(id, cancellationToken))?.Value;
        }

        if (repeats.Count > 0)
        {
            await incidents.AppendTimelineAsync(id, repeats, cancellationToken);
        }

        if (source is not null && record is { IsOpen: true })
        {
            await RaiseSeverityAsync(id, record.Severity, mostUrgent, firedAnew: null, reopened: false, source, cancellationToken);
        }

        if (firstUnreadable is not null)
        {
            throw new UnreadableDeliveriesException(unreadable, firstUnreadable);
        }
    }

    /// <summary>What applying a repeat of <paramref name="notification"/> needs: its alerts' timeline rows and the most urgent severity firing.</summary>
    private static AcceptedRepeat RepeatOf(AlertNotification notification) =>
        new(notification.Source.ToRouteName(), [.. notification.Alerts.DistinctBy(a => a.DedupKey).Select(a => new RepeatedAlert(a.DedupKey, Clip(a.TimelineNote ?? a.Summary), a.Refusal))], MostUrgentFiring(notification));

    /// <summary>
    /// A delivery's notification: its JSON as read from the inbox, or, for one this instance accepted and kept only its repeat of
    /// (<see cref="InboxDelivery.Repeat"/>), read back from its inbox row; null when that row is gone (applied by another instance).
    /// </summary>
    private async Task<AlertNotification?> NotificationOfAsync(InboxDelivery delivery, CancellationToken cancellationToken)
    {
        var json = delivery.Notification;
        if (json.Length == 0 && delivery.Repeat is not null)
        {
            if (await inbox.FindAsync(delivery, cancellationToken) is not { } stored)
            {
                return null;
            }

            json = stored.Notification;
        }

        return JsonSerializer.Deserialize<AlertNotification>(json, NotificationJson)
            ?? throw new JsonException($"Inbox delivery {delivery.Id} holds no notification.");
    }

    /// <summary>
    /// The sender says someone is on it (PagerDuty acknowledge): the group's open incident is acknowledged as by
    /// <c>alert:{source}</c>, which stops escalation and tells the duty members. No open incident: nothing to do, like PagerDuty.
    /// In a round of pages that a raise to SEV1 over the tool's acknowledgement started it is only recorded, and escalation goes on
    /// (<see cref="Incident.RecordToolAckNotCounted"/>): answered <see cref="AlertIntakeOutcome.Folded"/>.
    /// </summary>
    private async Task<AlertIntakeResult> AcknowledgeAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var source = notification.Source.ToRouteName();
        var claim = await incidents.GetOpenGroupAsync(source, notification.GroupKey, cancellationToken);
        if (await StillOpeningAsync(incidents, claim, cancellationToken))
        {
            // A trigger of this group is still opening its incident: the sender retries a 503 (an ack never opens one itself).
            throw StillOpening(notification);
        }

        if (claim?.IncidentId is not { } id)
        {
            logger.LogInformation("{Source} group {GroupKey}: acknowledge with no open incident; nothing to do", source, LoggedText.Escape(notification.GroupKey));
            return new AlertIntakeResult(AlertIntakeOutcome.Ignored, null, 0, 0, 0, IgnoredReasons.AcknowledgeWithoutIncident);
        }

        var by = $"alert:{source}";
        var via = notification.Client ?? await TriggerClientAsync(id, notification.GroupKey, cancellationToken);
        var saved = await service.AcknowledgeAsToolAsync(id, by, via, cancellationToken);
        if (IncidentService.RefusedAsResolved(saved.Value, by))
        {
            // A resolve of the group got there first (they race when the sender acknowledges and the alert clears at once):
            // nothing was acknowledged and nobody told, so the answer does not say it was.
            logger.LogInformation("{Source} group {GroupKey}: acknowledge after incident {IncidentId} resolved; nothing to do", source, LoggedText.Escape(notification.GroupKey), saved.Value.Id);
            return new AlertIntakeResult(AlertIntakeOutcome.Ignored, saved.Value.Id, 0, 0, 0, IgnoredReasons.AcknowledgeAfterResolve);
        }

        if (!saved.Value.IsAcknowledged)
        {
            // Raised to SEV1 over the tool's first acknowledgement: this one is on the timeline, and the pages go on until a person takes it.
            logger.LogInformation("{Source} group {GroupKey}: acknowledge of incident {IncidentId} recorded, not counted (raised to SEV1 over a tool's acknowledgement); escalation goes on",
                source, LoggedText.Escape(notification.GroupKey), saved.Value.Id);
            return new AlertIntakeResult(AlertIntakeOutcome.Folded, saved.Value.Id, 0, 0, 0);
        }

        return new AlertIntakeResult(AlertIntakeOutcome.Acknowledged, saved.Value.Id, 0, 0, 0);
    }

    /// <summary>
    /// A trigger of the group is opening its incident right now: the group's claim names none yet, or one not written yet. A tool's
    /// acknowledge is then refused with <see cref="StillOpening"/> (503: the sender retries). Shared with the test button's dry run.
    /// </summary>
    internal static async Task<bool> StillOpeningAsync(IIncidentRepository incidents, AlertGroupClaim? claim, CancellationToken cancellationToken) =>
        claim is { IncidentId: null } || (claim?.IncidentId is { } pending && await incidents.GetAsync(pending, cancellationToken) is null);

    /// <summary>The refusal of an acknowledge while <see cref="StillOpeningAsync"/>.</summary>
    internal static ContentionException StillOpening(AlertNotification notification) =>
        new($"The incident for group '{notification.GroupKey}' is still being opened; retry.");

    /// <summary>
    /// The name the sending tool gave itself when it triggered the alert (Events v2 <c>client</c>, kept with the alert:
    /// <see cref="TrackedAlert.Client"/>), for an acknowledge that names none — PagerDuty's documented acknowledge carries only
    /// <c>routing_key</c>, <c>dedup_key</c> and <c>event_action</c> (trial 35 M3). The group's own alert first, else the one name
    /// every alert of the incident gave; null when none or several. One read, of an acknowledge that named no tool only.
    /// </summary>
    private async Task<string?> TriggerClientAsync(string incidentId, string groupKey, CancellationToken cancellationToken)
    {
        var alerts = await incidents.GetAlertsAsync(incidentId, cancellationToken);
        return alerts.FirstOrDefault(a => a.Value.DedupKey == groupKey && a.Value.Client is not null)?.Value.Client
            ?? (alerts.Select(a => a.Value.Client).OfType<string>().Distinct(StringComparer.Ordinal).ToList() is [var only] ? only : null);
    }

    /// <summary>
    /// A first firing of the group: an id is allocated first (from this instance's block: rarely a storage request), then the
    /// group is claimed with it in the same conditional insert, so the claim never needs a second write to name its incident.
    /// Of parallel first firings one wins; the others (null) fold into its incident, their ids left unused (gaps are allowed).
    /// </summary>
    private async Task<AlertIntakeResult?> TryOpenAsync(AlertNotification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Nothing is claimed yet: an id that cannot be had (the counter contended) fails the delivery with nothing to undo.
        var id = await incidents.AllocateIdAsync(service.YearOf(now), cancellationToken);
        var claim = await incidents.TryClaimGroupAsync(notification.Source.ToRouteName(), notification.GroupKey, new AlertGroupClaim(id, now, NewClaimId()), cancellationToken);
        return claim is null ? null : await OpenAsync(notification, claim, cancellationToken);
    }

    /// <summary>
    /// A first firing of a new group from a source with alert grouping: it joins the incident its source (and grouping labels)
    /// last opened, while that one is open, has room and opened within the window; else it opens an incident as
    /// <see cref="TryOpenAsync"/> does and becomes the one later groups join. Which incident that is, is a row of its own per source
    /// and grouping key (partition <c>{source}+grouping</c>, which no sender's group can name), taken by conditional insert or
    /// replaced at its ETag, so of parallel first firings of different groups exactly one opens and pages, the others join it.
    /// Null, as with <see cref="TryOpenAsync"/>, when another delivery of the same group claimed it first.
    /// </summary>
    private async Task<AlertIntakeResult?> TryOpenGroupedAsync(AlertNotification notification, TimeSpan window, string targetKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var source = notification.Source.ToRouteName();
        var groupKey = notification.GroupKey;
        var targetSource = GroupingSource(source);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var target = await incidents.GetOpenGroupAsync(targetSource, targetKey, cancellationToken);
            var found = await IncidentToJoinAsync(incidents, target, window, now, cancellationToken);
            if (found is not null && found.Value.Id != target!.IncidentId)
            {
                // The incident later groups join was merged into another (a person found it a duplicate): they join that one, and the
                // row names it from now on (its window still counted from the first), so the next group reads no duplicate.
                await incidents.TryUpdateGroupAsync(targetSource, targetKey, target with { IncidentId = found.Value.Id }, cancellationToken);
            }

            if (found is not null && Joinable(found.Value))
            {
                var targetId = found.Value.Id;
                // Recorded on the incident first, then claimed: a group is never held by an incident that would not free it.
                var by = $"alert:{source}";
                var joined = await incidents.MutateAsync(targetId, i => Joinable(i) && i.JoinGroup(groupKey, by, now), cancellationToken);
                if (joined.Value.IsOpen && joined.Value.Groups.Contains(groupKey, StringComparer.Ordinal))
                {
                    if (await incidents.TryClaimGroupAsync(source, groupKey, new AlertGroupClaim(targetId, now, NewClaimId()), cancellationToken) is null)
                    {
                        return null;
                    }

                    logger.LogInformation("{Source} group {GroupKey} joined incident {IncidentId} by alert grouping (window {Window})", source, LoggedText.Escape(groupKey), targetId, window);
                    var folded = await FoldAsync(targetId, notification, cancellationToken);
                    return folded with { Outcome = AlertIntakeOutcome.Grouped };
                }
            }

            // Nothing to join (none yet, resolved, full, or its window passed): this delivery opens the next one to join.
            var id = await incidents.AllocateIdAsync(service.YearOf(now), cancellationToken);
            var next = new AlertGroupClaim(id, now, NewClaimId());
            var taken = target is null
                ? await incidents.TryClaimGroupAsync(targetSource, targetKey, next, cancellationToken) is not null
                : await incidents.TryUpdateGroupAsync(targetSource, targetKey, target with { IncidentId = id, ClaimedAt = now, ClaimId = next.ClaimId }, cancellationToken);
            if (!taken)
            {
                continue; // another first firing became the one to join a moment ago: join it
            }

            var claim = await incidents.TryClaimGroupAsync(source, groupKey, next, cancellationToken);
            if (claim is null)
            {
                // Another delivery of this group claimed it first; the incident named here is never written, so the
                // next group must not wait for it.
                await incidents.ReleaseGroupAsync(targetSource, targetKey, next.ClaimId, cancellationToken);
                return null;
            }

            try
            {
                return await OpenAsync(notification, claim, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Not created (the group's claim was released for the sender's retry): neither is it the one to join.
                await ReleaseUnwrittenClaimAsync(targetSource, targetKey, next.ClaimId, id, cancellationToken);
                throw;
            }
        }

        // Grouping kept losing races: the alert opens an incident of its own rather than wait (a page too many, never none).
        logger.LogWarning("{Source} group {GroupKey}: alert grouping contended; opening an incident of its own", source, LoggedText.Escape(groupKey));
        return await TryOpenAsync(notification, now, cancellationToken);

        bool Joinable(Incident incident) => JoinableBy(incident, notification);
    }

    /// <summary>
    /// Alert grouping for <paramref name="notification"/>'s first firing: its source's window and the grouping key of the row naming
    /// the incident to join (partition <see cref="GroupingSource"/>); null when its source does not group, the group is a refused
    /// delivery's (never joined) or the alert lacks a <c>GroupBy</c> label. Shared with the test button's dry run (<see cref="AlertTrial"/>).
    /// </summary>
    internal static (TimeSpan Window, string TargetKey)? GroupingOf(IncidentOptions options, AlertNotification notification) =>
        options.SourceOptions(notification.Source) is { Groups: true } grouping && !RefusedDelivery.IsRefusalGroup(notification.GroupKey)
            && grouping.GroupingKey(notification) is { } targetKey
            ? (grouping.GroupWindow, targetKey)
            : null;

    /// <summary>The partition of the rows naming the incident a source's new groups join; no sender's group can name it.</summary>
    internal static string GroupingSource(string source) => source + "+grouping";

    /// <summary>The incident the grouping row names (<paramref name="target"/>) opened within the window: later groups may join it.</summary>
    internal static bool InGroupWindow(AlertGroupClaim target, TimeSpan window, DateTimeOffset now) => now - target.ClaimedAt <= window;

    /// <summary>
    /// Whether <paramref name="notification"/>'s group may join <paramref name="incident"/> by alert grouping: room for the group
    /// (<see cref="Incident.CanJoin"/>: open, not full), and it would not hide a more urgent alert in an incident someone already took:
    /// an acknowledged incident pages nobody again, so a group more urgent than it opens its own incident and pages. (An
    /// unacknowledged one takes it and escalates at the more urgent pace.) Shared with the test button's dry run (<see cref="AlertTrial"/>).
    /// </summary>
    internal static bool JoinableBy(Incident incident, AlertNotification notification) =>
        incident.CanJoin(notification.GroupKey) && !(incident.IsAcknowledged && MostUrgentFiring(notification) < incident.Severity);

    /// <summary>
    /// The incident a new group would join by alert grouping, as a first firing finds it from the grouping row
    /// (<paramref name="target"/>): the one the row names, opened within the window, once its creator has written it (waited for:
    /// <see cref="WaitForTargetAsync"/>), merges followed; null when there is none (no row, its window passed, its creator failed).
    /// Whether the group may join it is <see cref="JoinableBy"/>. Shared with the test button's dry run (<see cref="AlertTrial"/>),
    /// which waits for a creator in flight as the delivery would; only the delivery moves the row to the incident merged into.
    /// </summary>
    internal static async Task<Versioned<Incident>?> IncidentToJoinAsync(IIncidentRepository incidents, AlertGroupClaim? target, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (target is not { IncidentId: { } named } || !InGroupWindow(target, window, now) || await WaitForTargetAsync(incidents, named, cancellationToken) is not { } incident)
        {
            return null;
        }

        return incident.Value.MergedInto is null ? incident : await incidents.GetAsync(await incidents.FollowMergesAsync(named, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The incident later groups join, once its creator has written it (its id is taken before the incident is created); null
    /// when it is still not there after a few seconds (its creator failed): the caller then opens the next one to join.
    /// </summary>
    private static Task<Versioned<Incident>?> WaitForTargetAsync(IIncidentRepository incidents, string id, CancellationToken cancellationToken) =>
        WaitForWrittenAsync(incidents, id, WaitAttempts / 4, cancellationToken);

    /// <summary>
    /// How many times (<see cref="WaitInterval"/> apart) a delivery looks for the incident its group's claim names before it creates
    /// that incident itself from its own notification (<see cref="FollowClaimAsync"/>: its creator stopped).
    /// </summary>
    private const int ClaimWaitAttempts = WaitAttempts / 2;

    /// <summary>
    /// The incident <paramref name="id"/> the group's claim names, once the delivery that claimed the group has written it, waited for
    /// as long as a delivery of the group waits (<see cref="FollowClaimAsync"/>); null when it is still not there: that delivery
    /// would then open it from its own notification and page the pair. For the test button's dry run
    /// (<see cref="AlertTrial"/>).
    /// </summary>
    internal static Task<Versioned<Incident>?> ClaimedIncidentAsync(IIncidentRepository incidents, string id, CancellationToken cancellationToken) =>
        WaitForWrittenAsync(incidents, id, ClaimWaitAttempts, cancellationToken);

    /// <summary>Incident <paramref name="id"/> once written, looked for <paramref name="attempts"/> more times after the first; null when still not there.</summary>
    private static async Task<Versioned<Incident>?> WaitForWrittenAsync(IIncidentRepository incidents, string id, int attempts, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await incidents.GetAsync(id, cancellationToken) is { } incident)
            {
                return incident;
            }

            if (attempt >= attempts)
            {
                return null;
            }

            // Real time, not the business clock: this waits for another request that is in flight right now.
            await Task.Delay(WaitInterval, cancellationToken);
        }
    }

    /// <summary>
    /// We hold the group's claim, which names the incident's id: create the incident and page. A delivery of up to
    /// <see cref="IIncidentRepository.MaxAlertsOnCreate"/> alerts is one write of the record with its alerts and first page
    /// recorded, whose messages are then queued from the record as written; a larger one is created first and its alerts
    /// folded in after, in chunks. If the create fails, the claim is released, so the sender's retry opens the incident.
    /// </summary>
    private async Task<AlertIntakeResult> OpenAsync(AlertNotification notification, AlertGroupClaim claim, CancellationToken cancellationToken)
    {
        var source = notification.Source.ToRouteName();
        var id = claim.IncidentId ?? throw new ArgumentException("The claim names no incident.", nameof(claim));
        Opening opening;
        try
        {
            opening = await CreateAsync(id, notification, cancellationToken, withAlerts: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await ReleaseUnwrittenClaimAsync(source, notification.GroupKey, claim.ClaimId, id, cancellationToken);
            throw;
        }

        if (opening is { Created: { } created, Result: { } opened })
        {
            _firing.Remember(source, notification.GroupKey, id, created.Value.AlertVersion, opening.Alerts.Where(a => a.Status == AlertStatus.Firing).Select(a => a.DedupKey));

            // Created without its summaries: the page's "queued" mark saves them. Nothing marked (nobody to page): written as created.
            if ((await pager.QueueRecordedStepAsync(created, opening.Alerts, cancellationToken)).ETag == created.ETag)
            {
                await incidents.SyncSummaryAsync(created.Value, cancellationToken);
            }

            await RaiseSeverityAsync(id, created.Value.Severity, notification, cancellationToken);
            return opened;
        }

        var result = await FoldAsync(id, notification, cancellationToken, opening.Created);

        // The duty members were resolved a moment ago to assign them: the first page goes to them without reading the rotation again.
        await pager.NotifyDueAsync(id, opening.Duty, cancellationToken);
        // Written by another delivery first (a claim taken over from a creator that was only slow): this one folded into it.
        return opening.Created is null ? result : result with { Outcome = AlertIntakeOutcome.Opened };
    }

    /// <summary>
    /// The create of incident <paramref name="id"/> failed after a claim named it: the group's own, or the alert-grouping row
    /// (source <c>{source}+grouping</c>) that later groups join by. Unless the record exists after all (written, only the answer
    /// lost), the claim is given up: left in place, every later delivery would wait for an incident that is never written. If
    /// storage cannot even say, the claim stays, and a later delivery repairs it after a wait.
    /// </summary>
    private async Task ReleaseUnwrittenClaimAsync(string source, string groupKey, string claimId, string id, CancellationToken cancellationToken)
    {
        try
        {
            if (await incidents.GetAsync(id, cancellationToken) is null)
            {
                await incidents.ReleaseGroupAsync(source, groupKey, claimId, cancellationToken);
                logger.LogWarning("{Source} group {GroupKey}: creating incident {IncidentId} failed; the claim naming it was released for the sender's retry", source, LoggedText.Escape(groupKey), id);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Source} group {GroupKey}: creating incident {IncidentId} failed and the claim naming it could not be released ({Error}); a later delivery repairs it after a wait", source, LoggedText.Escape(groupKey), id, ex.Message);
        }
    }

    /// <summary>An incident as its create left it: the stored record (null when the id existed), the duty assigned, and when its alerts were stored with it, they and the intake's result.</summary>
    private sealed record Opening(Versioned<Incident>? Created, IReadOnlyList<AssignedMember> Duty, IReadOnlyList<TrackedAlert> Alerts, AlertIntakeResult? Result);

    /// <summary>
    /// Creates the incident; with <paramref name="withAlerts"/> and few enough alerts, with them tracked and its first page
    /// recorded, in the same write.
    /// </summary>
    private async Task<Opening> CreateAsync(string id, AlertNotification notification, CancellationToken cancellationToken, bool withAlerts = false)
    {
        var title = notification.Title.Trim();
        if (title.Length == 0)
        {
            title = $"{notification.Source.ToRouteName()} alert";
        }

        var details = new NewIncident
        {
            Title = title.Length > Incident.MaxTitleLength ? title[..(Incident.MaxTitleLength - 1)] + "…" : title,
            Severity = notification.Severity,
            StartedAt = notification.Alerts.Where(a => a.StartsAt is not null).Select(a => a.StartsAt!.Value).DefaultIfEmpty(time.GetUtcNow()).Min(),
            Source = notification.Source.ToRouteName(),
            GroupKey = notification.GroupKey,
            Refusal = RefusedDelivery.IsRefusalGroup(notification.GroupKey) ? notification.Alerts.Select(a => a.Refusal).FirstOrDefault(r => r is not null) : null,
        };
        var duty = await service.CurrentDutyAsync(cancellationToken);
        var now = time.GetUtcNow();
        var by = $"alert:{details.Source}";
        // The name the opening delivery's tool gave itself (Events v2 client): the route is only the format it came in.
        var incident = Incident.Open(id, details, duty, by, now, notification.Client);
        if (notification.PagesNobody is { } why && incident.PageNobody(why, by, now))
        {
            logger.LogInformation("Incident {IncidentId}: opened by an announcement (Azure Service Health {Class}); it pages nobody", id, why);
        }
        else if (await HoldingAsync(notification, now, cancellationToken) is { } window && incident.HoldPages(window, now))
        {
            logger.LogInformation("Incident {IncidentId}: opened during maintenance {WindowId} ({WindowTitle}); pages held until {Until}", id, window.Id, LoggedText.Escape(window.Title), window.Until);
        }

        IReadOnlyList<TrackedAlert> alerts = [];
        AlertIntakeResult? result = null;
        var distinct = notification.Alerts.DistinctBy(a => a.DedupKey).ToList();
        if (withAlerts && OpensInOneWrite(notification))
        {
            // What FoldAsync decides for an incident tracking nothing yet: every firing alert fires, a resolve is a repeat.
            alerts = [.. distinct.Where(a => a.Status == AlertStatus.Firing).Select(a => TrackedAlert.Firing(a, now, details.Source, notification.GroupKey))];
            var firing = alerts.Count;
            var opened = distinct.Select(a => a.Status == AlertStatus.Firing
                ? Entry(TimelineKind.AlertFired, a, by, now, a.Summary)
                : Entry(TimelineKind.AlertRepeated, a, by, now, TimelineTexts.UntrackedResolve));
            if (HasUnlisted(notification))
            {
                // Alerts the sender did not list: tracked as one entry, so the incident does not resolve when the listed ones do.
                alerts = [.. alerts, UnlistedAlerts(notification, now)];
                opened = opened.Append(UnlistedEntry(notification, by, now));
            }

            incident.RecordAlertStateChange(opened);
            if (incident.PagesHeldBy is null)
            {
                pager.RecordFirstStep(incident, duty, now);
            }

            result = new AlertIntakeResult(AlertIntakeOutcome.Opened, id, firing, distinct.Count - firing, 0);
        }

        // Listed before it exists: a crash between the two leaves a listed id with no record (skipped), never an unlisted incident.
        // Listed before its page is decided, too: the storm hold's count (Pager.QueueRecordedStepAsync) sees it on every instance.
        await incidents.ListNewAsync(incident, cancellationToken);
        // With its first page recorded, its summaries wait for the page's "queued" mark (OpenAsync): one write of each, not two.
        if (await incidents.TryCreateAsync(incident, alerts, summaries: result is null, cancellationToken) is not { } etag)
        {
            return new Opening(null, duty, [], null);
        }

        logger.LogInformation("Opened incident {IncidentId} ({Severity}) from {Source} group {GroupKey}: {Title}", id, incident.Severity, details.Source, LoggedText.Escape(notification.GroupKey), LoggedText.Escape(incident.Title));
        incident.MarkStored();
        return new Opening(new Versioned<Incident>(incident, etag), duty, alerts, result);
    }

    /// <summary>
    /// An incident this delivery opens is created in one write with its alerts and its first page recorded (few enough alerts:
    /// <see cref="IIncidentRepository.MaxAlertsOnCreate"/>), that page then queued or held by the storm hold
    /// (<see cref="Pager.QueueRecordedStepAsync"/>); a larger one is created first and paged after its alerts, never storm-held.
    /// Shared with the test button's dry run (<see cref="AlertTrial"/>).
    /// </summary>
    internal static bool OpensInOneWrite(AlertNotification notification) =>
        notification.Alerts.DistinctBy(a => a.DedupKey).Count() <= IIncidentRepository.MaxAlertsOnCreate;

    /// <summary>
    /// Whether a delivery takes over <paramref name="claim"/>, one naming no incident (an older version bound the id in a second
    /// write) whose request stopped: claimed longer than <see cref="StaleClaim"/> ago. Shared with the test button's dry run.
    /// </summary>
    internal static bool TakesOver(AlertGroupClaim claim, DateTimeOffset now) => claim.IncidentId is null && now - claim.ClaimedAt > StaleClaim;

    /// <summary>
    /// Another delivery holds the group's claim: once the incident it names is written, this delivery folds into it. A claim whose
    /// creator stopped is taken over, and the incident opened from this delivery as its creator would have opened it — with its
    /// alerts, paging the pair now — and answered <see cref="AlertIntakeOutcome.Opened"/>: a claim naming an incident never written
    /// (after <see cref="ClaimWaitAttempts"/>), or one naming none that an older version left (after <see cref="StaleClaim"/>).
    /// Null when the group was freed meanwhile.
    /// </summary>
    private async Task<AlertIntakeResult?> FollowClaimAsync(AlertNotification notification, AlertGroupClaim claim, CancellationToken cancellationToken)
    {
        var source = notification.Source.ToRouteName();
        for (var attempt = 0; attempt < WaitAttempts; attempt++)
        {
            if (claim.IncidentId is { } id)
            {
                if (await incidents.GetAsync(id, cancellationToken) is not null)
                {
                    return await FoldAsync(id, notification, cancellationToken);
                }

                if (attempt >= ClaimWaitAttempts)
                {
                    // Named but never written: its creator stopped. Opened from this delivery under that claim (a creator only slow
                    // after all writes it first, and this delivery folds into it: the page is its).
                    logger.LogWarning("{Source} group {GroupKey}: incident {IncidentId} was claimed but never written; opening it from this delivery", source, LoggedText.Escape(notification.GroupKey), id);
                    return await OpenAsync(notification, claim, cancellationToken);
                }
            }
            else if (TakesOver(claim, time.GetUtcNow()))
            {
                // A claim naming no incident (claimed by an older version that bound the id in a second write, and its
                // request died): taken over at its ETag with a fresh id in the same write.
                var now = time.GetUtcNow();
                var taken = claim with { IncidentId = await incidents.AllocateIdAsync(service.YearOf(now), cancellationToken), ClaimedAt = now, ClaimId = NewClaimId() };
                if (await incidents.TryUpdateGroupAsync(source, notification.GroupKey, taken, cancellationToken))
                {
                    return await OpenAsync(notification, taken, cancellationToken);
                }
            }

            // Real time, not the business clock: this waits for another request that is in flight right now.
            await Task.Delay(WaitInterval, cancellationToken);
            var next = await incidents.GetOpenGroupAsync(source, notification.GroupKey, cancellationToken);
            if (next is null)
            {
                return null;
            }

            claim = next;
        }

        throw new DependencyUnavailableException("Alert intake", new TimeoutException($"the incident for group '{notification.GroupKey}' is still being opened by another request"));
    }

    /// <summary>
    /// Who is on duty now, for a reopen: the duty member who took it and has gone off duty since does not keep it
    /// (<see cref="Incident.Reopen"/>). Unreadable: null (the acknowledgement stands, as before), logged.
    /// </summary>
    private async Task<IReadOnlyCollection<string>?> OnDutyIdsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return [.. (await pager.CurrentDutyAsync(cancellationToken)).Select(m => m.Id)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Reading who is on duty for a reopen failed; an acknowledgement stands: {Error}", ex.Message);
            return null;
        }
    }

    /// <returns>When it had closed, as this delivery reopened it (null when another reopened it first): the fold that follows judges its
    /// firings stale by that close, as the reopen did (<see cref="FoldAsync"/>).</returns>
    private async Task<DateTimeOffset?> ReopenAsync(string id, AlertNotification notification, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var reopened = false;
        DateTimeOffset? closedBefore = null;
        var source = notification.Source.ToRouteName();
        var hold = await HoldingAsync(notification, at, cancellationToken);
        var onDuty = await OnDutyIdsAsync(cancellationToken);
        await incidents.MutateAsync(id, i =>
        {
            closedBefore = i.ClosedAt;
            reopened = i.Reopen($"alert:{source}", at, TimelineTexts.FiredWithinReopenWindow, onDuty);
            if (reopened)
            {
                HoldOrRelease(i, hold, $"alert:{source}", at);
            }

            return reopened;
        }, cancellationToken);
        await incidents.SyncIndexesAsync(id, at, cancellationToken);
        if (reopened)
        {
            logger.LogInformation("Reopened incident {IncidentId}: its alert fired again within {Window}", id, options.Value.ReopenWindow);
        }

        return reopened ? closedBefore : null;
    }

    /// <summary>
    /// Applies each alert to the incident. New or re-fired alerts and resolves are alert state changes: saved with the record
    /// at its ETag, bumping <see cref="Incident.AlertVersion"/>, so the decision to resolve the incident (every alert
    /// resolved) or reopen it (a firing into a resolved incident) is made on a view no other writer changed, in the same
    /// transaction. Repeats of firing alerts append timeline rows only. Then the open index and the group follow the record.
    /// </summary>
    /// <remarks>
    /// <paramref name="created"/>: the incident as this request just created it. Its first attempt starts from there (no alert
    /// tracked yet) instead of reading; a delivery that folded in meanwhile changed its ETag, so that attempt fails and reads.
    /// <para><paramref name="reopenedFrom"/>: this delivery reopened it (<paramref name="reopened"/>) and it had closed then. Its firings are
    /// stale by that close, as the reopen judged them (<see cref="StaleInAsync"/>: within <see cref="StaleFiringWindow"/>), not by the
    /// incident being open now: before (trial 39 L10), a firing with its old start reopened the incident past the minute and was then
    /// recorded stale in the same delivery, the alert left resolved under a 【再発】 page that listed it as recovered.</para>
    /// </remarks>
    private async Task<AlertIntakeResult> FoldAsync(string id, AlertNotification notification, CancellationToken cancellationToken, Versioned<Incident>? created = null, int hops = 0, bool reopened = false,
        DateTimeOffset? reopenedFrom = null)
    {
        var source = notification.Source.ToRouteName();
        var by = $"alert:{source}";
        var alerts = notification.Alerts.DistinctBy(a => a.DedupKey).ToList();

        // Alerts whose change this delivery already saved in a chunk before another writer came in: on the next attempt
        // they read as already fired/resolved, yet they are this delivery's doing, not repeats.
        var applied = new HashSet<string>(StringComparer.Ordinal);

        // This delivery's reopen committed in its first chunk before a later chunk met another writer: the attempt after reads
        // the incident open already, yet the claim, the open index and the page the reopen owes are still this delivery's to do.
        var reopenedEarlier = false;
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var fresh = attempt == 1 ? created : null;
            var current = fresh ?? await incidents.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Incident", id);
            var incident = current.Value;
            if (incident.MergedInto is { } into && hops < Incident.MaxMergedIncidents)
            {
                // A person merged it into another: its groups moved there, and so does whatever still reaches it (a delivery
                // that read the group before the move, a repeat remembered on another instance).
                return await FoldAsync(into, notification, cancellationToken, hops: hops + 1, reopened: reopened, reopenedFrom: reopenedFrom);
            }

            if (fresh is null && hops < Incident.MaxMergedIncidents && !incident.HeldGroups.Contains(new HeldGroup(source, notification.GroupKey))
                && await incidents.GetOpenGroupAsync(source, notification.GroupKey, cancellationToken) is { IncidentId: { } claimed } && claimed != id)
            {
                // The group left it while this delivery was on its way (an undone merge moved its claim back to the incident it
                // came with): it goes where the claim is now, as a delivery to a merged incident follows the merge.
                return await FoldAsync(claimed, notification, cancellationToken, hops: hops + 1, reopened: reopened, reopenedFrom: reopenedFrom);
            }

            var wasOpen = incident.IsOpen;
            var tracked = fresh is not null
                ? new Dictionary<string, TrackedAlert>(StringComparer.Ordinal)
                : (await incidents.GetAlertsAsync(id, cancellationToken)).ToDictionary(a => a.Value.DedupKey, a => a.Value, StringComparer.Ordinal);
            var changes = new List<TrackedAlert>();
            var entries = new List<TimelineEntry>();
            var repeats = new List<TimelineEntry>();
            int fired = 0, repeated = 0, resolved = 0;
            var stale = new HashSet<string>(StringComparer.Ordinal); // firings older than the resolve recorded for them
            AlertSeverity? firedAnew = null; // the most urgent alert that fired anew (new, or firing again after it resolved)
            AlertSeverity? firedNew = null; // the most urgent of those new to the incident

            // Open with every alert resolved (left to the person running it): an alert of it firing again is its own alert back, as
            // in a reopen — it does not raise a severity a person set (said instead); only an alert new to it does.
            var clearedBefore = wasOpen && tracked.Count > 0 && tracked.Values.All(a => a.Status == AlertStatus.Resolved);
            var untrackedResolve = false; // a resolve of an alert it does not track
            foreach (var alert in alerts)
            {
                var existing = tracked.GetValueOrDefault(alert.DedupKey);
                if (alert.Status == AlertStatus.Firing)
                {
                    if (existing is null)
                    {
                        changes.Add(StatelessRefiring(TrackedAlert.Firing(alert, now, source, notification.GroupKey), alert, tracked.Values));
                        entries.Add(Entry(TimelineKind.AlertFired, alert, by, now, alert.Summary));
                        fired++;
                        firedAnew = MoreUrgent(firedAnew, alert.Severity);
                        firedNew = MoreUrgent(firedNew, alert.Severity);
                    }
                    else if (existing.Status == AlertStatus.Firing && applied.Contains(alert.DedupKey))
                    {
                        fired++;
                        firedAnew = MoreUrgent(firedAnew, alert.Severity);
                        firedNew = MoreUrgent(firedNew, alert.Severity);
                    }
                    else if (existing.Status == AlertStatus.Firing)
                    {
                        repeats.Add(Entry(TimelineKind.AlertRepeated, alert, by, now, alert.Summary));
                        repeated++;
                    }
                    else if (StaleFiring(notification, alert, existing, open: !reopened && wasOpen, closedAt: reopened ? reopenedFrom : incident.ClosedAt, now))
                    {
                        // Started before the resolve recorded for it: a late delivery (an HA peer's, an action group's retry), not a new firing.
                        repeats.Add(Entry(TimelineKind.AlertRepeated, alert, by, now, alert.FiresOnce ? TimelineTexts.LateFiringOfResolved : TimelineTexts.StaleFiring));
                        stale.Add(alert.DedupKey);
                    }
                    else
                    {
                        changes.Add(existing.WithDetailsOf(alert) with { Status = AlertStatus.Firing, ResolvedAt = null, Source = existing.Source ?? source, Group = existing.Group ?? HeldGroup.MarkOf(source, notification.GroupKey) });
                        entries.Add(Entry(TimelineKind.AlertFired, alert, by, now, TimelineTexts.FiredAgainPrefix + alert.Summary));
                        fired++;
                        firedAnew = MoreUrgent(firedAnew, alert.Severity);
                    }
                }
                else if (existing?.Status == AlertStatus.Firing)
                {
                    // An alert stored before its source was kept is this delivery's source's: it names it by its key.
                    changes.Add(existing with { Status = AlertStatus.Resolved, ResolvedAt = alert.EndsAt ?? now, Source = existing.Source ?? source, Group = existing.Group ?? HeldGroup.MarkOf(source, notification.GroupKey) });
                    // A resolve that names no summary is said by the summary the alert fired with, as other sources' resolves say it.
                    entries.Add(Entry(TimelineKind.AlertResolved, alert, by, now, alert.SummaryFromKey ? existing.Summary : alert.Summary));
                    resolved++;
                }
                else if (existing is not null && applied.Contains(alert.DedupKey))
                {
                    resolved++;
                }
                else
                {
                    repeats.Add(Entry(TimelineKind.AlertRepeated, alert, by, now, existing is null ? TimelineTexts.UntrackedResolve : TimelineTexts.ResolvedAgain));
                    untrackedResolve |= existing is null;
                    repeated++;
                }
            }

            if (untrackedResolve && fresh is null && hops < Incident.MaxMergedIncidents && incident.MergedGroups.Contains(new HeldGroup(source, notification.GroupKey))
                && await incidents.GetOpenGroupAsync(source, notification.GroupKey, cancellationToken) is { IncidentId: { } owner } && owner != id)
            {
                // It held the group by a merge when its record was read, and the merge was undone before its alerts were read (two
                // reads: the undo removed the duplicate's alerts here and moved the claim back in between). Nothing would be written
                // here to fail at the ETag read, and the resolve would be lost: the alert stays firing on the duplicate, which never
                // resolves. It goes where the claim is now, as a delivery does that meets the group gone from the record.
                return await FoldAsync(owner, notification, cancellationToken, hops: hops + 1, reopened: reopened, reopenedFrom: reopenedFrom);
            }

            // Alerts the sender did not list (truncatedAlerts, or a group firing with none of its listed alerts firing): one entry
            // tracks them, firing while any are unlisted, so the incident does not resolve on what it was shown. It resolves when
            // the group is resolved with every alert listed.
            var unlistedResolved = false;
            var unlisted = tracked.GetValueOrDefault(UnlistedAlertsKey);
            if (HasUnlisted(notification) && (incident.IsOpen || Fires(notification, stale)))
            {
                if (unlisted is not { Status: AlertStatus.Firing })
                {
                    changes.Add(UnlistedAlerts(notification, now));
                    entries.Add(UnlistedEntry(notification, by, now));
                }
            }
            else if (!HasUnlisted(notification) && notification.Source is AlertSource.Alertmanager or AlertSource.Grafana && unlisted is not null)
            {
                if (unlisted.Status == AlertStatus.Firing)
                {
                    changes.Add(unlisted with { Status = AlertStatus.Resolved, ResolvedAt = now });
                    entries.Add(new TimelineEntry { At = now, Kind = TimelineKind.AlertResolved, By = by, AlertKey = UnlistedAlertsKey, Message = TimelineTexts.EveryAlertListed });
                    unlistedResolved = true;
                }
                else if (applied.Contains(UnlistedAlertsKey))
                {
                    unlistedResolved = true;
                }
            }

            foreach (var change in changes)
            {
                tracked[change.DedupKey] = change;
            }

            // A firing (new or repeated) into an incident resolved a moment ago: the group still pointed here, so it reopens.
            var reopen = !incident.IsOpen && Fires(notification, stale);
            var allResolved = (resolved > 0 || unlistedResolved) && options.Value.AlertsResolveIncident(incident, source, tracked.Values);

            // A person runs it (declared it, or watches it as 経過観察中): monitoring says its alerts resolved, the person says whether it is over.
            var leftOpen = allResolved && incident.RunByPerson;
            var resolve = allResolved && !leftOpen;
            var hold = reopen || (fired > 0 && incident.PagesHeldAt(now)) ? await HoldingAsync(notification, now, cancellationToken) : null;
            var released = !reopen && fired > 0 && hold is null && incident.PagesHeldAt(now)
                // Held by maintenance, and an alert the window does not cover fired: that one is not planned work.
                && incident.ReleasePages(incident.PagesHeldBy!, by, now, TimelineTexts.PagesReleasedByAlert);

            if ((changes.Count > 0 || reopen) && await SaveAlertsAsync(current, changes, entries, reopen, resolve, reopen ? hold : null, by, now, cancellationToken, leftOpen ? AlertTool.OfResolved(tracked.Values, source) : null) is { Done: false } partial)
            {
                applied.UnionWith(changes.Take(partial.Saved).Select(c => c.DedupKey));
                reopenedEarlier |= reopen && partial.Saved > 0;

                if (attempt >= 20)
                {
                    throw new ContentionException($"Alerts of incident {id} keep changing; retry.");
                }

                // Another writer changed the alert state first: decide again on what it left.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(5, 10 + (20 * attempt))), cancellationToken);
                continue;
            }

            if (repeats.Count > 0)
            {
                await incidents.AppendTimelineAsync(id, repeats, cancellationToken);
            }

            if (incident.IsOpen && incident.PagesNobodyFor is not null && notification is { PagesNobody: null, AzureClass: { } azureClass }
                && alerts.Any(a => a.Status == AlertStatus.Firing && !stale.Contains(a.DedupKey)))
            {
                await PageFromNowAsync(id, azureClass, notification.Severity, by, cancellationToken);
            }

            if (released)
            {
                logger.LogWarning("Incident {IncidentId}: an alert its maintenance window does not cover fired; its pages go out now", id);
                await pager.NotifyDueAsync(id, cancellationToken);
            }

            var outcome = AlertIntakeOutcome.Folded;
            if (wasOpen != incident.IsOpen || (reopenedEarlier && incident.IsOpen))
            {
                await incidents.SyncIndexesAsync(id, now, cancellationToken);
                if (incident.IsOpen)
                {
                    // This delivery reopened it (or its reopen, saved in an earlier attempt): answered as such, not as folded.
                    outcome = AlertIntakeOutcome.Reopened;
                    logger.LogInformation("Reopened incident {IncidentId}: its alert fired again as it resolved", id);
                    await pager.NotifyDueAsync(id, cancellationToken); // unacknowledged: paged again from step 0 now
                    await WithdrawRecoveryAskAsync(id, cancellationToken);
                }
                else
                {
                    outcome = AlertIntakeOutcome.Resolved;
                    logger.LogInformation("Incident {IncidentId} resolved: every alert of {Source} group {GroupKey} resolved", id, source, LoggedText.Escape(notification.GroupKey));
                }
            }

            // Every alert resolved and a person runs it: left open (this delivery, or one before whose mail a failure kept from the
            // outbox — sent again, the resolve finds it so). The person on it is asked once: the mail's id is the resolve's time.
            var clearedForPerson = incident.IsOpen && incident.RunByPerson && fired == 0
                && (leftOpen || (alerts.Any(a => a.Status == AlertStatus.Resolved) && options.Value.AlertsResolveIncident(incident, source, tracked.Values)));
            if (outcome == AlertIntakeOutcome.Folded && clearedForPerson)
            {
                outcome = AlertIntakeOutcome.AlertsResolved;
                var lastResolved = tracked.Values.Max(a => a.ResolvedAt ?? now);
                if (leftOpen)
                {
                    logger.LogInformation("Incident {IncidentId}: every alert of {Source} group {GroupKey} resolved; a person runs it, so it stays open for them to resolve",
                        id, source, LoggedText.Escape(notification.GroupKey));
                }

                await pager.AnnounceAlertsResolvedAsync(id, source, AlertTool.OfResolved(tracked.Values, source), lastResolved, cancellationToken);
            }

            if (outcome == AlertIntakeOutcome.Folded && stale.Count > 0 && fired == 0 && resolved == 0 && changes.Count == 0)
            {
                outcome = AlertIntakeOutcome.Stale;
                logger.LogInformation("{Source} group {GroupKey}: {Count} stale firings (started before the resolve recorded) on incident {IncidentId}; not reopened, nobody paged",
                    source, notification.GroupKey, stale.Count, id);
            }

            if (incident.IsOpen)
            {
                // The alert state as of the version just read or saved (a save at the ETag read proves nobody changed it in between).
                _firing.Remember(source, notification.GroupKey, id, incident.AlertVersion, tracked.Values.Where(a => a.Status == AlertStatus.Firing).Select(a => a.DedupKey));
                // A delivery that reopened it (here, or in the reopen it was folded after) does not raise a severity a person set.
                var refiredCleared = clearedBefore && fired > 0 && firedNew is null;
                await RaiseSeverityAsync(id, incident.Severity, MostUrgentFiring(notification), clearedBefore ? firedNew : firedAnew, reopened || reopenedEarlier || reopen || refiredCleared, source, cancellationToken);
            }
            else
            {
                // Resolved: the next firing of the group is a state change (reopen, or a new incident), never a repeat to accept.
                _firing.Forget(source, notification.GroupKey);
                if (outcome == AlertIntakeOutcome.Resolved)
                {
                    // Last, after the firing memory is forgotten: a reminder's trouble is its own (the nudger catches up).
                    await RemindOfRecoveryAsync(id, cancellationToken);
                    await AnnounceRecoveryAsync(id, cancellationToken);
                }
            }

            return new AlertIntakeResult(outcome, id, fired, repeated + stale.Count, resolved);
        }
    }

    /// <summary>
    /// An incident opened by an Azure announcement that pages nobody (planned maintenance, a health advisory) heard a later
    /// communication of the issue whose class pages (<paramref name="azureClass"/>: an outage, an action required, a security
    /// advisory, a class not known): it pages from now at <paramref name="severity"/> if more urgent, step 0 at once as for a new
    /// incident (<see cref="Incident.PagesFromNow"/>).
    /// </summary>
    private async Task PageFromNowAsync(string id, string azureClass, AlertSeverity severity, string by, CancellationToken cancellationToken)
    {
        var changed = false;
        var now = time.GetUtcNow();
        await incidents.MutateAsync(id, i => changed = i.PagesFromNow(azureClass, severity, by, now, options.Value.AckTimeouts), cancellationToken);
        if (changed)
        {
            logger.LogWarning("Incident {IncidentId}: it opened as an Azure announcement and the issue is now {Class}; its pages go out now", id, LoggedText.Escape(azureClass));
            await pager.NotifyDueAsync(id, cancellationToken);
        }
    }

    /// <summary>
    /// Monitoring resolved it: if the stakeholders were told it started, the duty members are reminded to tell them it is over
    /// (<see cref="Comms.RecoveryReminder"/>) — here only with no settle (<c>Comms__RecoveryAskSettle</c> 0); otherwise the update cadence
    /// timer asks once it stayed resolved that long. A failure here does not fail the delivery (its retry would find the incident resolved
    /// and remind nobody): the update cadence timer queues a reminder still owed.
    /// </summary>
    private async Task RemindOfRecoveryAsync(string id, CancellationToken cancellationToken)
    {
        if (recovery is null || !recovery.AsksAtTheResolve)
        {
            return;
        }

        try
        {
            await recovery.RemindAsync(id, Comms.RecoveryReminder.First, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Incident {IncidentId}: the reminder that its recovery notice is owed could not be queued now; the update cadence timer queues it", id);
        }
    }

    /// <summary>
    /// Monitoring reopened it, paging nobody (the acknowledgement stood), after its duty members were asked to send the recovery
    /// notice: they are told not to (<see cref="Comms.RecoveryReminder.WithdrawAsync"/>). A failure here does not fail the delivery (its
    /// retry would find it open and reopen nothing): the incident still owes the mail, and the update cadence timer queues it.
    /// </summary>
    private async Task WithdrawRecoveryAskAsync(string id, CancellationToken cancellationToken)
    {
        if (recovery is null)
        {
            return;
        }

        try
        {
            await recovery.WithdrawAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Incident {IncidentId}: telling those asked to send the recovery notice that it fired again could not be queued now; the update cadence timer queues it", id);
        }
    }

    /// <summary>
    /// Monitoring resolved it: if nobody acknowledged it, those its pages reached are told it recovered and nothing is needed
    /// (<see cref="Pager.AnnounceRecoveryAsync"/>). A failure here does not fail the delivery (its retry would find it resolved
    /// and tell nobody either): the incident still owes the notice (<see cref="Incident.OwesRecoveredNotice"/>), and the next
    /// <c>EscalateIncidents</c> run queues it under the same ids (<see cref="Pager.AnnounceRecoveriesOwedAsync"/>).
    /// </summary>
    private async Task AnnounceRecoveryAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await pager.AnnounceRecoveryAsync(id, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Incident {IncidentId}: telling those paged that it recovered could not be queued now; the escalation timer queues it", id);
        }
    }

    /// <summary>
    /// A firing alert more urgent than the incident raises the incident's severity (never lowers it), with a timeline row;
    /// an unacknowledged incident then escalates at the new severity's pace, so whatever that makes due goes out now. Every
    /// firing alert of <paramref name="notification"/> counts as firing anew (an incident it opened).
    /// </summary>
    private Task RaiseSeverityAsync(string id, AlertSeverity seen, AlertNotification notification, CancellationToken cancellationToken) =>
        RaiseSeverityAsync(id, seen, MostUrgentFiring(notification), MostUrgentFiring(notification), reopened: false, notification.Source.ToRouteName(), cancellationToken);

    /// <summary>
    /// The same for the most urgent of <paramref name="firing"/> alerts (null: none fires) from <paramref name="source"/>, of which
    /// <paramref name="firedAnew"/> fired anew (not repeats), in a delivery that <paramref name="reopened"/> the incident or not:
    /// a severity a person set is raised only by an alert firing anew outside a reopen (<see cref="Incident.RaiseSeverityByAlert"/>).
    /// </summary>
    private async Task RaiseSeverityAsync(string id, AlertSeverity seen, AlertSeverity? firing, AlertSeverity? firedAnew, bool reopened, string source, CancellationToken cancellationToken)
    {
        var by = $"alert:{source}";
        if (firing is not { } severity || severity >= seen)
        {
            return; // nothing more urgent than the incident as read (a raise in between makes this one moot)
        }

        var changed = false;
        var now = time.GetUtcNow();
        var before = seen;
        var saved = await incidents.MutateAsync(id, i =>
        {
            before = i.Severity;
            return changed = i.RaiseSeverityByAlert(firing, firedAnew, reopened, by, now, options.Value.AckTimeouts);
        }, cancellationToken);
        if (!changed)
        {
            return;
        }

        if (saved.Value.Severity == before)
        {
            logger.LogInformation("Incident {IncidentId}: a {Severity} alert from {Source} reopened it; the severity a person set stays", id, severity, source);
            return;
        }

        logger.LogInformation("Incident {IncidentId}: severity raised to {Severity} by a more urgent alert from {Source}", id, saved.Value.Severity, source);
        if (!saved.Value.IsAcknowledged)
        {
            await pager.NotifyDueAsync(id, cancellationToken);
        }
    }

    /// <summary>
    /// Saves the changes in chunks (a transaction holds at most 100 rows: each chunk is the record, up to 45 alerts and
    /// their timeline rows), each at the ETag the previous one left, reopening in the first and resolving in the last.
    /// Not done when another writer changed the record first; the changes of the chunks already saved (<c>Saved</c>, in
    /// order) are then part of what is read again.
    /// </summary>
    private async Task<(bool Done, int Saved)> SaveAlertsAsync(
        Versioned<Incident> current, List<TrackedAlert> changes, List<TimelineEntry> entries, bool reopen, bool resolve, Maintenance.MaintenanceWindow? hold, string by, DateTimeOffset now,
        CancellationToken cancellationToken, IReadOnlyList<AlertTool>? leftOpenTools = null)
    {
        const int PerBatch = 45;
        var incident = current.Value;
        var etag = current.ETag;
        var chunks = Math.Max(1, (changes.Count + PerBatch - 1) / PerBatch);
        for (var chunk = 0; chunk < chunks; chunk++)
        {
            if (chunk == 0 && reopen)
            {
                if (incident.Reopen(by, now, TimelineTexts.FiredAsItResolved))
                {
                    HoldOrRelease(incident, hold, by, now);
                }
            }

            if (chunk == chunks - 1 && resolve)
            {
                incident.Resolve(by, now, TimelineTexts.EveryAlertResolved);
            }
            else if (chunk == chunks - 1 && leftOpenTools is { } tools)
            {
                // Every alert resolved, and a person runs it: said with the last alert's change, in the same write, naming the tools.
                incident.RecordAlertsResolved(by, now, tools);
            }

            var chunkChanges = changes.Skip(chunk * PerBatch).Take(PerBatch).ToList();
            incident.RecordAlertStateChange(firingOnly: chunkChanges.All(c => c.Status == AlertStatus.Firing));
            var saved = await incidents.TrySaveAlertsAsync(incident, etag, chunkChanges, entries.Skip(chunk * PerBatch).Take(PerBatch).ToList(), cancellationToken);
            if (saved is null)
            {
                return (false, Math.Min(changes.Count, chunk * PerBatch));
            }

            incident.MarkStored();
            etag = saved;
        }

        return (true, changes.Count);
    }

    /// <summary>
    /// A reopened incident's pages: held by <paramref name="hold"/> when a window covers what fired; otherwise they go out, even
    /// if an earlier hold of its (from before it resolved) has not ended yet.
    /// </summary>
    private static void HoldOrRelease(Incident incident, Maintenance.MaintenanceWindow? hold, string by, DateTimeOffset at)
    {
        if (hold is not null)
        {
            incident.HoldPages(hold, at);
        }
        else if (incident.PagesHeldAt(at))
        {
            incident.ReleasePages(incident.PagesHeldBy!, by, at, TimelineTexts.PagesReleasedByAlert);
        }
    }

    /// <summary>The maintenance window that holds the pages of an incident this delivery opens or reopens now; null when none does.</summary>
    private async Task<Maintenance.MaintenanceWindow?> HoldingAsync(AlertNotification notification, DateTimeOffset at, CancellationToken cancellationToken) =>
        maintenance is null ? null : await maintenance.HoldingAsync(notification, at, cancellationToken);

    /// <summary>
    /// How soon after OnDuty received a resolve a firing with the old <c>startsAt</c> counts as stale. An HA peer's late copy comes
    /// within seconds (Alertmanager's <c>peer_timeout</c>, 15 s a position); the same alert truly firing again after the resolve —
    /// Prometheus back after a gap longer than <c>resolve_timeout</c> re-sends it with its old start — comes a
    /// <c>group_interval</c> (5 min by default) after the resolved notice at the earliest. Later than this it reopens and pages:
    /// when in doubt, page. A resolve remembered for a group with no incident counts for this long too
    /// (<see cref="StaleByRememberedResolves"/>); its row is unread after and goes with the group's rows in the purge.
    /// </summary>
    internal static readonly TimeSpan StaleFiringWindow = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Whether a resolve OnDuty took in at <paramref name="resolvedSeen"/> (the incident's close, or a remembered resolve) still makes
    /// a firing of <paramref name="alert"/> stale at <paramref name="now"/>: within <see cref="StaleFiringWindow"/>, or at any time for
    /// an alert its tool fires once (<see cref="AlertInstance.FiresOnce"/>: the same instance never fires again).
    /// </summary>
    private static bool StaleStill(AlertInstance alert, DateTimeOffset? resolvedSeen, DateTimeOffset now) =>
        alert.FiresOnce || resolvedSeen is { } seen && now - seen <= StaleFiringWindow;

    /// <summary>
    /// <paramref name="firing"/>, the first firing of <paramref name="alert"/> in an incident tracking <paramref name="tracked"/>, as
    /// resolved only by hand when its rule is stateless (<see cref="AlertInstance.StatelessWhenRefiring"/>): another alert of its group
    /// still fires there. Its incident then says the alert never reports a recovery (<see cref="TrackedAlert.ResolvesOnlyByHand"/>).
    /// </summary>
    internal static TrackedAlert StatelessRefiring(TrackedAlert firing, AlertInstance alert, IEnumerable<TrackedAlert> tracked) =>
        alert.StatelessWhenRefiring && !firing.ResolvesOnlyByHand && firing.Group is { } group
        && tracked.Any(t => t.Status == AlertStatus.Firing && t.Group == group && t.DedupKey != firing.DedupKey)
            ? firing with { ResolvesOnlyByHand = true }
            : firing;

    /// <summary>
    /// The fold's decision for a firing of an alert the incident tracks (<paramref name="existing"/>): stale when it started before the
    /// resolve recorded for it and the incident is <paramref name="open"/>, or closed at <paramref name="closedAt"/> recently enough
    /// (<see cref="StaleStill"/>). Shared by the fold and <see cref="TrackedAfter"/> (the test button's dry run), so the two cannot drift.
    /// </summary>
    private static bool StaleFiring(AlertNotification notification, AlertInstance alert, TrackedAlert existing, bool open, DateTimeOffset? closedAt, DateTimeOffset now) =>
        IsStale(notification, alert, existing) && (open || StaleStill(alert, closedAt, now));

    /// <summary>
    /// The delivery fires: an alert it lists fires (other than the <paramref name="stale"/> ones), or the group fires with alerts it does
    /// not list (<see cref="HasUnlisted"/>), even when every alert it listed resolved. Such a delivery opens an incident, or reopens one
    /// resolved a moment ago that its group still names.
    /// </summary>
    internal static bool Fires(AlertNotification notification, IReadOnlySet<string>? stale = null) =>
        notification.Alerts.Any(a => a.Status == AlertStatus.Firing && !(stale?.Contains(a.DedupKey) ?? false)) || (HasUnlisted(notification) && notification.Status == AlertStatus.Firing);

    /// <summary>
    /// A firing of <paramref name="alert"/> is stale when it started no later than the resolve recorded for it (Alertmanager and
    /// Grafana: a resolved alert's <c>endsAt</c>). A real new firing has a new <c>startsAt</c>; the same one is a late delivery,
    /// such as the lagging peer of an HA pair.
    /// </summary>
    private static bool IsStale(AlertNotification notification, AlertInstance alert, TrackedAlert? recorded) =>
        IsStale(notification, alert, recorded is { Status: AlertStatus.Resolved, ResolvedAt: { } endsAt } ? endsAt : null);

    private static bool IsStale(AlertNotification notification, AlertInstance alert, DateTimeOffset? resolvedAt) =>
        alert.Status == AlertStatus.Firing && resolvedAt is { } endsAt
        && (alert.FiresOnce
            || notification.Source is AlertSource.Alertmanager or AlertSource.Grafana && alert.StartsAt is { } startsAt && startsAt <= endsAt);

    /// <summary>
    /// The incident (merges followed) whose recorded resolves make every firing alert of <paramref name="notification"/> stale;
    /// null when any is not (or the group fires with alerts it does not list). Read only for a firing of a group with no open
    /// incident and a last one: never on a repeat's path.
    /// </summary>
    internal static async Task<string?> StaleInAsync(IIncidentRepository incidents, TimeProvider time, string lastIncidentId, AlertNotification notification, CancellationToken cancellationToken)
    {
        var firing = notification.Alerts.Where(a => a.Status == AlertStatus.Firing).DistinctBy(a => a.DedupKey).ToList();
        var firesOnce = firing.Count > 0 && firing.All(a => a.FiresOnce);
        if (firing.Count == 0 || (!firesOnce && (firing.Any(a => a.StartsAt is null) || notification.Source is not (AlertSource.Alertmanager or AlertSource.Grafana)))
            || (HasUnlisted(notification) && notification.Status == AlertStatus.Firing))
        {
            return null;
        }

        var id = await incidents.FollowMergesAsync(lastIncidentId, cancellationToken);
        var now = time.GetUtcNow();
        if (await incidents.GetAsync(id, cancellationToken) is not { Value: { IsOpen: false, ClosedAt: { } closedAt } } || !firing.All(a => StaleStill(a, closedAt, now)))
        {
            return null;
        }

        var tracked = (await incidents.GetAlertsAsync(id, cancellationToken)).ToDictionary(a => a.Value.DedupKey, a => a.Value, StringComparer.Ordinal);
        return firing.All(a => IsStale(notification, a, tracked.GetValueOrDefault(a.DedupKey))) ? id : null;
    }

    /// <summary>Every firing alert of <paramref name="notification"/> started before a resolve of the group remembered with no incident, received within <see cref="StaleFiringWindow"/>.</summary>
    internal static bool StaleByRememberedResolves(AlertGroupState group, AlertNotification notification, DateTimeOffset now)
    {
        if (group.Resolves is not { Count: > 0 } resolves || (HasUnlisted(notification) && notification.Status == AlertStatus.Firing))
        {
            return false;
        }

        var firing = notification.Alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
        return firing.Count > 0 && firing.All(a => resolves.TryGetValue(a.DedupKey, out var r) && StaleStill(a, r.RememberedAt, now) && IsStale(notification, a, r.EndsAt));
    }

    /// <summary>The key of the entry that tracks the alerts of an Alertmanager or Grafana group its deliveries do not list (<see cref="HasUnlisted"/>).</summary>
    public const string UnlistedAlertsKey = "unlisted-alerts";

    /// <summary>
    /// The group has alerts this delivery does not show, which may be firing: the sender left some out (<c>truncatedAlerts</c>,
    /// Alertmanager's <c>max_alerts</c>, or alerts over <see cref="AlertParserOptions.MaxAlertsPerNotification"/>), or it says the
    /// group is firing while none of the alerts listed is.
    /// </summary>
    internal static bool HasUnlisted(AlertNotification notification) =>
        notification.Source is AlertSource.Alertmanager or AlertSource.Grafana
        && (notification.TruncatedAlerts > 0 || (notification.Status == AlertStatus.Firing && notification.Alerts.All(a => a.Status != AlertStatus.Firing)));

    /// <summary>
    /// The alerts of <paramref name="incident"/> (<paramref name="tracked"/>) as a delivery of <paramref name="notification"/> at
    /// <paramref name="now"/> would leave them, as the fold decides each (<see cref="FoldAsync"/>, with the same predicates:
    /// <see cref="StaleFiring"/>, <see cref="Fires"/>): a firing fires (a stale one, started before the resolve recorded for it, leaves it
    /// resolved and is counted stale), a resolve resolves a firing alert, and the unlisted alerts' entry (<see cref="UnlistedAlertsKey"/>)
    /// fires while the sender leaves alerts out and resolves once it lists them all. For the test button's dry run (<see cref="AlertTrial"/>),
    /// which then asks the intake's rule (<see cref="IncidentOptions.AlertsResolveIncident"/>). The fold does not call this (it also
    /// builds timeline rows and retries at the ETag); AlertIntakeTrackedAfterTests pins the two together.
    /// </summary>
    internal static AlertsAfterDelivery TrackedAfter(Incident incident, IEnumerable<TrackedAlert> tracked, AlertNotification notification, DateTimeOffset now)
    {
        var after = tracked.ToDictionary(a => a.DedupKey, StringComparer.Ordinal);
        var stale = new HashSet<string>(StringComparer.Ordinal);
        int fired = 0, resolved = 0;
        foreach (var alert in notification.Alerts.DistinctBy(a => a.DedupKey))
        {
            var existing = after.GetValueOrDefault(alert.DedupKey);
            if (alert.Status == AlertStatus.Firing)
            {
                if (existing is { Status: AlertStatus.Firing })
                {
                    continue;
                }

                if (existing is not null && StaleFiring(notification, alert, existing, incident.IsOpen, incident.ClosedAt, now))
                {
                    stale.Add(alert.DedupKey);
                    continue;
                }

                after[alert.DedupKey] = existing is null ? TrackedAlert.Firing(alert, now, notification.Source.ToRouteName(), notification.GroupKey) : existing.WithDetailsOf(alert) with { Status = AlertStatus.Firing, ResolvedAt = null };
                fired++;
            }
            else if (existing is { Status: AlertStatus.Firing })
            {
                after[alert.DedupKey] = existing with { Status = AlertStatus.Resolved, ResolvedAt = alert.EndsAt ?? now };
                resolved++;
            }
        }

        var changes = fired + resolved;
        var unlistedResolved = false;
        var unlisted = after.GetValueOrDefault(UnlistedAlertsKey);
        if (HasUnlisted(notification) && (incident.IsOpen || Fires(notification, stale)))
        {
            if (unlisted is not { Status: AlertStatus.Firing })
            {
                after[UnlistedAlertsKey] = UnlistedAlerts(notification, now);
                changes++;
            }
        }
        else if (!HasUnlisted(notification) && notification.Source is AlertSource.Alertmanager or AlertSource.Grafana && unlisted is { Status: AlertStatus.Firing })
        {
            after[UnlistedAlertsKey] = unlisted with { Status = AlertStatus.Resolved, ResolvedAt = now };
            unlistedResolved = true;
            changes++;
        }

        return new AlertsAfterDelivery(after.Values, fired, resolved, unlistedResolved, stale.Count, changes, Reopens: !incident.IsOpen && Fires(notification, stale));
    }

    /// <summary>The entry tracking a group's unlisted alerts, firing.</summary>
    private static TrackedAlert UnlistedAlerts(AlertNotification notification, DateTimeOffset now) => new()
    {
        DedupKey = UnlistedAlertsKey,
        Source = notification.Source.ToRouteName(),
        Status = AlertStatus.Firing,
        Severity = notification.Severity,
        FirstFiredAt = now,
        Summary = notification.TruncatedAlerts > 0
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.UnlistedAlerts, notification.TruncatedAlerts)
            : TimelineTexts.GroupStillFiring,
    };

    private static TimelineEntry UnlistedEntry(AlertNotification notification, string by, DateTimeOffset at) => new()
    {
        At = at,
        Kind = TimelineKind.AlertFired,
        By = by,
        AlertKey = UnlistedAlertsKey,
        Message = UnlistedAlerts(notification, at).Summary,
    };

    private static AlertSeverity MoreUrgent(AlertSeverity? a, AlertSeverity b) => a is { } x && x < b ? x : b;

    private static AlertSeverity? MostUrgentFiring(AlertNotification notification) =>
        notification.Alerts.Where(a => a.Status == AlertStatus.Firing).Select(a => (AlertSeverity?)a.Severity).Min();

    private static TimelineEntry Entry(TimelineKind kind, AlertInstance alert, string by, DateTimeOffset at, string message) =>
        Entry(kind, alert.DedupKey, by, at, alert.TimelineNote ?? message) with { Refusal = alert.Refusal };

    private static TimelineEntry Entry(TimelineKind kind, string alertKey, string by, DateTimeOffset at, string message) => new()
    {
        At = at,
        Kind = kind,
        By = by,
        AlertKey = alertKey,
        Message = Clip(message),
    };

    // A note the delivery brings (an Azure Service Health communication) says more than the summary or a fixed form.
    private static string Clip(string message) => message.Length > 1024 ? message[..1023] + "…" : message;


    private static string NewClaimId() => Guid.NewGuid().ToString("n");
}
