using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>What a delivery would do if it were real (<c>POST /api/alerts/{source}?test=true</c>).</summary>
/// <param name="Outcome">opened, folded, grouped (approximated as opened), reopened, resolved, ignored or acknowledged.</param>
/// <param name="IncidentId">The incident it would fold into, reopen, resolve or acknowledge; null when it would open a new one.</param>
/// <param name="Paged">Who would be paged now (the duty members), empty when nobody would be paged.</param>
/// <param name="HeldBy">The maintenance window that would hold the page, if any.</param>
public sealed record AlertTrialResult(
    AlertIntakeOutcome Outcome, string? IncidentId, string Title, AlertSeverity Severity, int Alerts,
    IReadOnlyList<AssignedMember> Paged, string? HeldBy);

/// <summary>
/// A dry run of <see cref="AlertIntake"/> for monitoring tools' "test" buttons: reads the group's state, the incident it names
/// and the rotation, and writes nothing: no incident, no timeline row, no claim, no outbox row, no page. It predicts from what
/// is stored now, so a delivery racing it may end differently; alert grouping (<c>GroupWindow</c>) is predicted as "opened".
/// Whether a delivery resolves its incident is answered by the intake's own rule (<see cref="IncidentOptions.AlertsResolveIncident"/> over the
/// alerts as the delivery would leave them, unlisted ones included; <see cref="Incident.RunByPerson"/> for alertsResolved), not a check of its own.
/// </summary>
public sealed class AlertTrial(
    IIncidentRepository incidents, Pager pager, TimeProvider time, IOptions<IncidentOptions> options,
    Maintenance.MaintenanceCalendar? maintenance = null)
{
    public async Task<AlertTrialResult> TryAsync(AlertNotification notification, CancellationToken cancellationToken)
    {
        var source = notification.Source.ToRouteName();
        var now = time.GetUtcNow();
        var group = await incidents.GetGroupAsync(source, notification.GroupKey, cancellationToken);
        var anyFiring = notification.Alerts.Any(a => a.Status == AlertStatus.Firing);
        var count = notification.Alerts.Select(a => a.DedupKey).Distinct(StringComparer.Ordinal).Count();

        AlertTrialResult Result(AlertIntakeOutcome outcome, string? id, Incident? incident, IReadOnlyList<AssignedMember>? paged = null, string? heldBy = null) =>
            new(outcome, id, incident?.Title ?? notification.Title, incident is null ? notification.Severity : Max(incident.Severity, notification.Severity, anyFiring),
                count, paged ?? [], heldBy);

        var openId = group.Open?.IncidentId;
        if (notification.Acknowledges)
        {
            return openId is null
                ? Result(AlertIntakeOutcome.Ignored, null, null)
                : Result(AlertIntakeOutcome.Acknowledged, openId, (await incidents.GetAsync(openId, cancellationToken))?.Value);
        }

        if (openId is not null)
        {
            var id = await incidents.FollowMergesAsync(openId, cancellationToken);
            var incident = (await incidents.GetAsync(id, cancellationToken))?.Value;
            return Result(incident is null ? AlertIntakeOutcome.Folded : await FoldOutcomeAsync(incident, notification, now, cancellationToken), id, incident);
        }

        if (!anyFiring)
        {
            return Result(AlertIntakeOutcome.Ignored, null, null);
        }

        var held = maintenance is null ? null : await maintenance.HoldingAsync(notification, now, cancellationToken);
        var duty = held is null ? await pager.CurrentDutyAsync(cancellationToken) : [];
        if (group.Last is { } last && now - last.ResolvedAt <= options.Value.ReopenWindow)
        {
            var id = await incidents.FollowMergesAsync(last.IncidentId, cancellationToken);
            var incident = (await incidents.GetAsync(id, cancellationToken))?.Value;
            return Result(AlertIntakeOutcome.Reopened, id, incident, duty, held?.Id);
        }

        return Result(AlertIntakeOutcome.Opened, null, null, duty, held?.Id);
    }

    /// <summary>
    /// What folding <paramref name="notification"/> into <paramref name="incident"/> would answer, by the intake's own rule on its
    /// alerts as the delivery would leave them (<see cref="AlertIntake.TrackedAfter"/>): resolved when the delivery resolves an alert
    /// and monitoring then resolves the incident (<see cref="IncidentOptions.AlertsResolveIncident"/>); alertsResolved when a person
    /// runs it (<see cref="Incident.RunByPerson"/>) — also for a resolve sent again, which asks again as the intake does; else folded.
    /// </summary>
    private async Task<AlertIntakeOutcome> FoldOutcomeAsync(Incident incident, AlertNotification notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tracked = (await incidents.GetAlertsAsync(incident.Id, cancellationToken)).Select(a => a.Value);
        var (after, resolves, fires) = AlertIntake.TrackedAfter(incident, tracked, notification, now);
        var allResolved = options.Value.AlertsResolveIncident(incident, notification.Source.ToRouteName(), after);
        if (incident.RunByPerson && !fires && allResolved && (resolves || notification.Alerts.Any(a => a.Status == AlertStatus.Resolved)))
        {
            return AlertIntakeOutcome.AlertsResolved;
        }

        return resolves && allResolved && incident.IsOpen ? AlertIntakeOutcome.Resolved : AlertIntakeOutcome.Folded;
    }

    private static AlertSeverity Max(AlertSeverity current, AlertSeverity delivered, bool firing) =>
        firing && delivered < current ? delivered : current;
}
