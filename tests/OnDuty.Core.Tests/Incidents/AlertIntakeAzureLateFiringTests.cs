using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Alerts;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Azure Monitor fires an alert instance (<c>essentials.alertId</c>) once: <c>Fired</c>, then <c>Resolved</c>, and a new firing of
/// the rule comes as a new alertId. An action group retries a webhook that got 408/429/503/504, so the <c>Fired</c> of an instance
/// can arrive after its <c>Resolved</c> (trial 35 H1). It reopened the incident (【再発】, paged again) or opened one, and no
/// resolve would ever close it. Such a firing is a late delivery however late it comes: a timeline row at most, never a page. The
/// rule's next instance is another alert of the same group (the rule on its target): that one reopens within the reopen window.
/// </summary>
public sealed class AlertIntakeAzureLateFiringTests
{
    private const string AlertId = "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.AlertsManagement/alerts/bbbb1b1b-0000-0000-0000-000000000001";

    private static readonly DateTimeOffset FiredAt = T0.AddMinutes(-5);

    private static AlertNotification Azure(string condition, string alertId = AlertId, DateTimeOffset? resolvedAt = null) =>
        AlertSamples.ParseOk(AlertSources.AzureMonitor, AlertSamples.Mutate("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!.AsObject();
            essentials["alertId"] = alertId;
            essentials["alertRule"] = "search-latency";
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = FiredAt.ToString("O");
            essentials["resolvedDateTime"] = condition == "Resolved" ? (resolvedAt ?? T0).ToString("O") : null;
        }));

    [Fact]
    public void AMetricAlertInstance_FiresOnce_AServiceHealthIssueDoesNot()
    {
        Assert.True(Assert.Single(Azure("Fired").Alerts).FiresOnce);
        Assert.False(Assert.Single(AlertSamples.ParseSample("azure-monitor-service-health-active.json").Alerts).FiresOnce);
    }

    /// <summary>Run 3 of the trial: fire, resolve, and the same Fired again ten minutes later (past the HA stale window, inside the reopen window).</summary>
    [Fact]
    public async Task FiredAfterItsOwnResolve_MinutesLater_IsStale_NoReopenNoPage_ANewInstanceReopens()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Azure("Fired"), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Azure("Resolved", resolvedAt: h.Time.GetUtcNow()), default)).Outcome);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;
        var outbox = h.Outbox.All.Count;
        h.Time.Advance(TimeSpan.FromMinutes(10));

        var late = await h.Intake.IntakeAsync(Azure("Fired"), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Stale, id), (late.Outcome, late.IncidentId));
        var incident = await h.IncidentAsync(id);
        Assert.False(incident.IsOpen);
        Assert.Equal(0, incident.ReopenCount);
        Assert.Empty(await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(sent, h.Email.Sent.Count);
        Assert.Equal(outbox, h.Outbox.All.Count);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated && t.Message == TimelineTexts.LateFiringOfResolved);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);

        // The rule firing again is a new instance with its own alertId, of the same group (the rule on its target): within the
        // reopen window it reopens the incident and pages.
        var next = await h.Intake.IntakeAsync(Azure("Fired", AlertId + "-2"), default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (next.Outcome, next.IncidentId));
        Assert.Equal(1, (await h.IncidentAsync(id)).ReopenCount);
        Assert.True(h.Email.Sent.Count > sent, "the new instance pages");
    }

    /// <summary>Later than the reopen window too: the group's last incident is still the one its resolve closed.</summary>
    [Fact]
    public async Task FiredAfterItsOwnResolve_PastTheReopenWindow_OpensNothing()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Azure("Fired"), default)).IncidentId!;
        await h.Intake.IntakeAsync(Azure("Resolved"), default);
        h.Time.Advance(new IncidentOptions().ReopenWindow + TimeSpan.FromMinutes(5));

        var late = await h.Intake.IntakeAsync(Azure("Fired"), default);

        Assert.Equal((AlertIntakeOutcome.Stale, id), (late.Outcome, late.IncidentId));
        Assert.Equal(1, h.Incidents.Count);
        Assert.Empty(await h.Incidents.ListOpenIdsAsync(default));
    }

    /// <summary>Run 1 of the trial: the Resolved came first (ignored, no incident), then its Fired — an incident nobody could close, paging.</summary>
    [Fact]
    public async Task ResolvedBeforeItsFired_TheFiredMinutesLater_OpensNothing_AnotherInstanceOpens()
    {
        var h = await CreateAsync();

        var resolve = await h.Intake.IntakeAsync(Azure("Resolved"), default);
        h.Time.Advance(TimeSpan.FromMinutes(3));
        var fired = await h.Intake.IntakeAsync(Azure("Fired"), default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Ignored, resolve.Outcome);
        Assert.Equal(1, h.Incidents.RememberedResolves);
        Assert.Equal((AlertIntakeOutcome.Stale, null), (fired.Outcome, fired.IncidentId));
        Assert.Equal(0, h.Incidents.Count);
        Assert.Empty(h.Email.Sent);

        Assert.Equal(AlertIntakeOutcome.Opened, (await h.Intake.IntakeAsync(Azure("Fired", AlertId + "-2"), default)).Outcome);
    }

    /// <summary>A Service Health issue is followed by its tracking id, which Azure may report active again: that still reopens and pages.</summary>
    [Fact]
    public async Task ServiceHealthActiveAgainAfterResolved_StillReopens()
    {
        var h = await CreateAsync();
        var active = AlertSamples.ParseSample("azure-monitor-service-health-active.json");
        var id = (await h.Intake.IntakeAsync(active, default)).IncidentId!;
        var resolved = active with { Status = AlertStatus.Resolved, Alerts = [.. active.Alerts.Select(a => a with { Status = AlertStatus.Resolved, EndsAt = T0 })] };
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(resolved, default)).Outcome);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var again = await h.Intake.IntakeAsync(active, default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (again.Outcome, again.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }
}
