using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>What a delivery would do if it were real (<c>POST /api/alerts/{source}?test=true</c>).</summary>
/// <param name="Outcome">opened, folded, grouped, reopened, resolved, alertsResolved, stale, ignored or acknowledged.</param>
/// <param name="IncidentId">The incident it would fold into, join by alert grouping, reopen, resolve or acknowledge; null when it would open a new one.</param>
/// <param name="Paged">Who would be paged (the duty members), empty when nobody would be paged.</param>
/// <param name="HeldBy">
/// What would hold the page: a maintenance window's id (nobody paged while it holds), or <see cref="StormHold"/> (the first page goes
/// to <paramref name="Paged"/>, told together with the other held ones by the next escalation run); null when it goes out at once.
/// </param>
/// <param name="IgnoredReason">Why it would be ignored, as the delivery's answer would say (<see cref="IgnoredReasons"/>); null otherwise.</param>
public sealed record AlertTrialResult(
    AlertIntakeOutcome Outcome, string? IncidentId, string Title, AlertSeverity Severity, int Alerts,
    IReadOnlyList<AssignedMember> Paged, string? HeldBy, string? IgnoredReason = null)
{
    /// <summary><see cref="HeldBy"/> when the storm hold (<see cref="IncidentOptions.StormPages"/>) would hold a new incident's first page.</summary>
    public const string StormHold = "storm";
}

/// <summary>
/// A dry run of <see cref="AlertIntake"/> for monitoring tools' "test" buttons: reads the group's state, the incident it names
/// and the rotation, and writes nothing: no incident, no timeline row, no claim, no outbox row, no page. It predicts from what
/// is stored now, so a delivery racing it may end differently.
/// It decides by the intake's own rules, not checks of its own: the alerts as the delivery would leave them
/// (<see cref="AlertIntake.TrackedAfter"/>: stale firings, unlisted alerts, a reopen of an incident its group still names), the resolve
/// rule (<see cref="IncidentOptions.AlertsResolveIncident"/>; <see cref="Incident.RunByPerson"/> for alertsResolved), and the stale
/// checks of a group with no open incident (<see cref="AlertIntake.StaleInAsync"/>, <see cref="AlertIntake.StaleByRememberedResolves"/>),
/// and alert grouping (<see cref="AlertIntake.GroupingOf"/>, <see cref="AlertIntake.IncidentToJoinAsync"/>, <see cref="AlertIntake.JoinableBy"/>).
/// An incident another delivery is still creating is waited for as the delivery waits (<see cref="AlertIntake.ClaimedIncidentAsync"/>,
/// <see cref="AlertIntake.IncidentToJoinAsync"/>: seconds at most), an acknowledge meanwhile refused as the delivery's is
/// (<see cref="AlertIntake.StillOpeningAsync"/>), and a new incident's first page said held in a storm by the pager's own count
/// (<see cref="Pager.WouldHoldFirstPageAsync"/>, read without adding to it).
/// </summary>
public sealed class AlertTrial(
    IIncidentRepository incidents, Pager pager, TimeProvider time, IOptions<IncidentOptions> options,
    Maintenance.MaintenanceCalendar? maintenance = null)
{
    public async Task<AlertTrialResult> TryAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        notification = await AlertIntake.UnderKeyHeldAsync(incidents, notification, cancellationToken);
        var source = notification.Source.ToRouteName();
        var now = time.GetUtcNow();
        var group = await incidents.GetGroupAsync(source, notification.GroupKey, cancellationToken);
        var anyFiring = AlertIntake.Fires(notification);
        var count = notification.Alerts.Select(a => a.DedupKey).Distinct(StringComparer.Ordinal).Count();

        AlertTrialResult Result(AlertIntakeOutcome outcome, string? id, Incident? incident, IReadOnlyList<AssignedMember>? paged = null, string? heldBy = null, string? ignored = null) =>
            new(outcome, id, incident?.Title ?? notification.Title, incident is null ? notification.Severity : Max(incident.Severity, notification.Severity, anyFiring),
                count, paged ?? [], heldBy, ignored);

        var openId = group.Open?.IncidentId;
        if (notification.Acknowledges)
        {
            if (await AlertIntake.StillOpeningAsync(incidents, group.Open, cancellationToken))
            {
                // A trigger of the group is opening its incident right now: the delivery is refused with 503 for the sender to retry,
                // and so is its test (nothing to predict until the incident is there).
                throw AlertIntake.StillOpening(notification);
            }

            if (openId is null)
            {
                return Result(AlertIntakeOutcome.Ignored, null, null, ignored: IgnoredReasons.AcknowledgeWithoutIncident);
            }

            // As the intake's acknowledge decides (IncidentService.AcknowledgeAsToolAsync): merges followed; resolved first (the
            // group still naming it): ignored; raised to SEV1 over a tool's acknowledgement: recorded, not counted, answered folded.
            var ackId = await incidents.FollowMergesAsync(openId, cancellationToken);
            var acked = (await incidents.GetAsync(ackId, cancellationToken))?.Value;
            var outcome = acked is null ? AlertIntakeOutcome.Acknowledged
                : IncidentService.RefusedAsResolved(acked, $"alert:{source}") ? AlertIntakeOutcome.Ignored
                : acked is { IsOpen: true, IsAcknowledged: false, RaisedOverToolAck: not null } ? AlertIntakeOutcome.Folded
                : AlertIntakeOutcome.Acknowledged;
            return Result(outcome, ackId, acked, ignored: outcome == AlertIntakeOutcome.Ignored ? IgnoredReasons.AcknowledgeAfterResolve : null);
        }

        if (openId is not null)
        {
            // The incident the group's claim names; while the delivery that claimed the group is still writing it, waited for as a
            // delivery of the group waits. Never written (its creator stopped): the delivery opens it from this notification, as
            // its creator would have, and pages now.
            var id = await incidents.FollowMergesAsync(openId, cancellationToken);
            return (await AlertIntake.ClaimedIncidentAsync(incidents, id, cancellationToken))?.Value is { } incident
                ? (await FoldAsync(incident, notification, now, cancellationToken)).Result
                : await OpenedAsync(id);
        }

        if (group.Open is { } idless)
        {
            // A claim naming no incident, left by an older version's request that stopped before it bound one: once stale the delivery
            // takes it over and opens an incident from itself (no reopen, no grouping); before that it waits for the claim to name one,
            // and so is refused for a retry.
            return AlertIntake.TakesOver(idless, now) ? await OpenedAsync(null) : throw AlertIntake.StillOpening(notification);
        }

        if (!anyFiring)
        {
            // The intake folds a resolve into the group's last incident (a resolve racing its resolution): answered as that fold when
            // it resolves an alert there, else ignored, naming the incident it belonged to.
            if (group.Last is { } previous
                && (await incidents.GetAsync(await incidents.FollowMergesAsync(previous.IncidentId, cancellationToken), cancellationToken))?.Value is { } belonged)
            {
                var late = await FoldAsync(belonged, notification, now, cancellationToken);
                return late.Outcome == AlertIntakeOutcome.Resolved || late.ResolvesAlert ? late.Result
                    : Result(AlertIntakeOutcome.Ignored, belonged.Id, belonged, ignored: IgnoredReasons.AlreadyResolved);
            }

            return Result(AlertIntakeOutcome.Ignored, null, null, ignored: IgnoredReasons.ResolveWithoutIncident);
        }

        if (group.Last is { } stalePeer && await AlertIntake.StaleInAsync(incidents, time, stalePeer.IncidentId, notification, cancellationToken) is { } staleIn
            && (await incidents.GetAsync(staleIn, cancellationToken))?.Value is { } staleIncident)
        {
            // Every firing started before the resolve recorded for it: the intake folds it into that incident (stale: no reopen, no page).
            return (await FoldAsync(staleIncident, notification, now, cancellationToken)).Result;
        }

        if (AlertIntake.StaleByRememberedResolves(group, notification, now))
        {
            return Result(AlertIntakeOutcome.Stale, null, null);
        }

        if (group.Last is { } last && now - last.ResolvedAt <= options.Value.ReopenWindow)
        {
            var id = await incidents.FollowMergesAsync(last.IncidentId, cancellationToken);
            var incident = (await incidents.GetAsync(id, cancellationToken))?.Value;
            var (duty, held) = await PagedAsync(notification, now, cancellationToken);
            return Result(AlertIntakeOutcome.Reopened, id, incident, duty, held);
        }

        // Alert grouping, as the intake decides it (AlertIntake.TryOpenGroupedAsync): the grouping row read (never written, nor
        // moved to an incident merged into), the incident to join found by the delivery's own steps — within the window, waited for
        // a few seconds while another delivery is creating it (else the delivery opens the next one), merges followed — when it can
        // take the group.
        if (AlertIntake.GroupingOf(options.Value, notification) is { } grouping
            && await AlertIntake.IncidentToJoinAsync(incidents, await incidents.GetOpenGroupAsync(AlertIntake.GroupingSource(source), grouping.TargetKey, cancellationToken),
                grouping.Window, now, cancellationToken) is { Value: var joining }
            && AlertIntake.JoinableBy(joining, notification))
        {
            return (await FoldAsync(joining, notification, now, cancellationToken)).Result with { Outcome = AlertIntakeOutcome.Grouped };
        }

        return await OpenedAsync(null);

        // An incident this delivery opens (id: the one a claim already names, else taken as it opens): an Azure announcement
        // (planned maintenance, a health advisory) pages nobody; else the pair, held by a maintenance window, or in a storm the first
        // page recorded to the pair and held, told together by the next escalation run (the pager's own count read, not added to:
        // a test delivery is not a page).
        async Task<AlertTrialResult> OpenedAsync(string? id)
        {
            if (notification.PagesNobody is not null)
            {
                return Result(AlertIntakeOutcome.Opened, id, null);
            }

            var (duty, held) = await PagedAsync(notification, now, cancellationToken);
            var storm = held is null && AlertIntake.OpensInOneWrite(notification) && await pager.WouldHoldFirstPageAsync(now, cancellationToken);
            return Result(AlertIntakeOutcome.Opened, id, null, duty, storm ? AlertTrialResult.StormHold : held);
        }

        async Task<(AlertTrialResult Result, AlertIntakeOutcome Outcome, bool ResolvesAlert)> FoldAsync(Incident incident, AlertNotification delivery, DateTimeOffset at, CancellationToken ct)
        {
            var (outcome, alerts) = await FoldOutcomeAsync(incident, delivery, at, ct);
            IReadOnlyList<AssignedMember> paged = [];
            string? heldBy = null;
            if (outcome == AlertIntakeOutcome.Reopened)
            {
                (paged, heldBy) = await PagedAsync(delivery, at, ct);
            }
            else if (alerts.Fired > 0 && incident.PagesHeldAt(at))
            {
                // Held by maintenance: an alert the window does not cover releases the pages (the intake's fold), one it covers stays held.
                var (duty, covered) = await PagedAsync(delivery, at, ct);
                if (covered is null)
                {
                    paged = duty;
                }
                else
                {
                    heldBy = incident.PagesHeldBy;
                }
            }

            return (Result(outcome, incident.Id, incident, paged, heldBy), outcome, alerts.Resolved > 0);
        }
    }

    /// <summary>Who a page now would reach: nobody while a maintenance window covers the delivery (that window's id), else the duty members.</summary>
    private async Task<(IReadOnlyList<AssignedMember> Duty, string? HeldBy)> PagedAsync(AlertNotification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var held = maintenance is null ? null : await maintenance.HoldingAsync(notification, now, cancellationToken);
        return held is null ? (await pager.CurrentDutyAsync(cancellationToken), null) : ([], held.Id);
    }

    /// <summary>
    /// What folding <paramref name="notification"/> into <paramref name="incident"/> would answer, by the fold's own decisions on its
    /// alerts as the delivery would leave them (<see cref="AlertIntake.TrackedAfter"/>), in the fold's order: reopened when the incident is
    /// resolved and the delivery fires (not stale); resolved when it resolves an alert and monitoring then resolves the incident
    /// (<see cref="IncidentOptions.AlertsResolveIncident"/>); alertsResolved when a person runs it (<see cref="Incident.RunByPerson"/>) —
    /// also for a resolve sent again, which asks again as the intake does; stale when its only firings started before the resolve
    /// recorded for them and nothing changed; else folded.
    /// </summary>
    private async Task<(AlertIntakeOutcome Outcome, AlertsAfterDelivery Alerts)> FoldOutcomeAsync(Incident incident, AlertNotification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tracked = (await incidents.GetAlertsAsync(incident.Id, cancellationToken)).Select(a => a.Value);
        var alerts = AlertIntake.TrackedAfter(incident, tracked, notification, now);
        var source = notification.Source.ToRouteName();
        // Monitoring's rule once: every alert resolved as it counts them (the delivery must also resolve one, or list one resolved again).
        var rule = options.Value.AlertsResolveIncident(incident, source, alerts.After);
        var allResolved = alerts.Resolves && rule;
        var outcome = alerts.Reopens ? AlertIntakeOutcome.Reopened
            : incident.IsOpen && allResolved && !incident.RunByPerson ? AlertIntakeOutcome.Resolved
            : incident.RunByPerson && alerts.Fired == 0 && rule && (alerts.Resolves || notification.Alerts.Any(a => a.Status == AlertStatus.Resolved))
                ? AlertIntakeOutcome.AlertsResolved
            : alerts.Stale > 0 && alerts.Changes == 0 ? AlertIntakeOutcome.Stale
            : AlertIntakeOutcome.Folded;
        return (outcome, alerts);
    }

    private static AlertSeverity Max(AlertSeverity current, AlertSeverity delivered, bool firing) =>
        firing && delivered < current ? delivered : current;
}
