using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Alerts;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Azure Monitor gives each firing of a rule a new <c>essentials.alertId</c>. Grouped by alertId, a flapping metric opened an incident
/// and paged at every re-fire, and <c>Incidents:ReopenWindow</c> never applied (session 56's five-day walk, F1). The group is the rule
/// on its target now: a re-fire within the window reopens the incident and pages once, as Alertmanager's does; the alertId stays
/// the instance (its fired and resolved land on it). Incidents opened under the alertId before still resolve by it.
/// </summary>
public sealed class AlertIntakeAzureSeriesTests
{
    private const string Instance = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/providers/Microsoft.AlertsManagement/alerts/11111111-0000-0000-0000-00000000000";

    private const string OtherTarget = "/subscriptions/aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e/resourcegroups/test-RG/providers/microsoft.storage/storageaccounts/other-storageAccount";

    /// <summary>Instance <paramref name="n"/> of the documented metric rule, Fired or Resolved now.</summary>
    private static AlertNotification Azure(IncidentHarness h, int n, string condition, string? target = null) =>
        AlertSamples.ParseOk(AlertSources.AzureMonitor, AlertSamples.Mutate("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!.AsObject();
            essentials["alertId"] = Instance + n;
            essentials["monitorCondition"] = condition;
            essentials["firedDateTime"] = h.Time.GetUtcNow().AddMinutes(-1).ToString("O");
            essentials["resolvedDateTime"] = condition == "Resolved" ? h.Time.GetUtcNow().ToString("O") : null;
            if (target is not null)
            {
                essentials["alertTargetIDs"] = AlertSamples.Array(target);
            }
        }));

    [Fact]
    public async Task RefireWithANewAlertId_WithinTheReopenWindow_ReopensTheIncident_PagesOnce()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal((AlertIntakeOutcome.Resolved, id), Outcome(await h.Intake.IntakeAsync(Azure(h, 1, "Resolved"), default)));
        h.Time.Advance(TimeSpan.FromMinutes(20));

        var again = await h.Intake.IntakeAsync(Azure(h, 2, "Fired"), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), Outcome(again));
        Assert.Equal(1, h.Incidents.Count);
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var tracked = (await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value).ToDictionary(a => a.DedupKey);
        Assert.Equal(AlertStatus.Resolved, tracked[Instance + 1].Status);
        Assert.Equal(AlertStatus.Firing, tracked[Instance + 2].Status);

        // The second instance resolving resolves it again: every instance of the group has resolved.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((AlertIntakeOutcome.Resolved, id), Outcome(await h.Intake.IntakeAsync(Azure(h, 2, "Resolved"), default)));
    }

    [Fact]
    public async Task RefireAfterTheReopenWindow_OpensANewIncident()
    {
        var h = await CreateAsync();
        var first = (await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default)).IncidentId!;
        await h.Intake.IntakeAsync(Azure(h, 1, "Resolved"), default);
        h.Time.Advance(new IncidentOptions().ReopenWindow + TimeSpan.FromMinutes(1));

        var later = await h.Intake.IntakeAsync(Azure(h, 2, "Fired"), default);

        Assert.Equal(AlertIntakeOutcome.Opened, later.Outcome);
        Assert.NotEqual(first, later.IncidentId);
        Assert.Equal(0, (await h.IncidentAsync(first)).ReopenCount);
        Assert.Equal([later.IncidentId!], await h.Incidents.ListOpenIdsAsync(default));
    }

    [Fact]
    public async Task OneRuleOnTwoTargets_IsTwoIncidents()
    {
        var h = await CreateAsync();

        var one = await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default);
        var other = await h.Intake.IntakeAsync(Azure(h, 2, "Fired", OtherTarget), default);

        Assert.Equal((AlertIntakeOutcome.Opened, AlertIntakeOutcome.Opened), (one.Outcome, other.Outcome));
        Assert.NotEqual(one.IncidentId, other.IncidentId);
        Assert.Equal(2, h.Incidents.Count);
    }

    /// <summary>Two instances of one group firing at once (a resolve overtaken by the next firing): open until both resolved.</summary>
    [Fact]
    public async Task TwoInstancesOpenAtOnce_TheGroupResolvesWhenBothResolved()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default)).IncidentId!;
        var second = await h.Intake.IntakeAsync(Azure(h, 2, "Fired"), default);
        await h.Intake.DrainAsync(default);
        Assert.Equal((AlertIntakeOutcome.Folded, id), Outcome(second));

        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(Azure(h, 1, "Resolved"), default)).Outcome);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Azure(h, 2, "Resolved"), default)).Outcome);
        Assert.Equal(1, h.Incidents.Count);
    }

    /// <summary>
    /// An incident opened before the upgrade is stored under the instance's alertId: its resolve, grouped by the rule now, still
    /// resolves it — also when the rule fired again meanwhile and opened an incident under the new key.
    /// </summary>
    [Fact]
    public async Task IncidentOpenedUnderTheAlertId_BeforeTheUpgrade_ItsResolveStillResolvesIt()
    {
        var h = await CreateAsync();
        var fired = Azure(h, 1, "Fired");
        Assert.NotEqual(fired.PreviousGroupKey, fired.GroupKey);
        var old = (await h.Intake.IntakeAsync(fired with { GroupKey = fired.PreviousGroupKey!, PreviousGroupKey = null }, default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(5));

        // A late copy of its Fired still folds into it; a new instance of the rule opens under the new key.
        Assert.Equal((AlertIntakeOutcome.Folded, old), Outcome(await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default)));
        await h.Intake.DrainAsync(default);
        var next = await h.Intake.IntakeAsync(Azure(h, 2, "Fired"), default);
        Assert.Equal(AlertIntakeOutcome.Opened, next.Outcome);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var resolve = await h.Intake.IntakeAsync(Azure(h, 1, "Resolved"), default);

        Assert.Equal((AlertIntakeOutcome.Resolved, old), Outcome(resolve));
        Assert.False((await h.IncidentAsync(old)).IsOpen);
        Assert.Equal([next.IncidentId!], await h.Incidents.ListOpenIdsAsync(default));

        // A late Fired of the old instance after its resolve is stale in the incident it belonged to: nothing reopens.
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal((AlertIntakeOutcome.Stale, old), Outcome(await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default)));
        Assert.Equal(0, (await h.IncidentAsync(old)).ReopenCount);
    }

    [Fact]
    public async Task Trial_OfARefire_SaysReopened()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Azure(h, 1, "Fired"), default)).IncidentId!;
        await h.Intake.IntakeAsync(Azure(h, 1, "Resolved"), default);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var trial = await Trial(h).TryAsync(Azure(h, 2, "Fired"), default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (trial.Outcome, trial.IncidentId));
    }

    /// <summary>The trial of an old instance's resolve finds its incident under the alertId, as the delivery will.</summary>
    [Fact]
    public async Task Trial_OfAResolveOfAnIncidentOpenedBeforeTheUpgrade_SaysResolved()
    {
        var h = await CreateAsync();
        var fired = Azure(h, 1, "Fired");
        var old = (await h.Intake.IntakeAsync(fired with { GroupKey = fired.PreviousGroupKey!, PreviousGroupKey = null }, default)).IncidentId!;

        var trial = await Trial(h).TryAsync(Azure(h, 1, "Resolved"), default);

        Assert.Equal((AlertIntakeOutcome.Resolved, old), (trial.Outcome, trial.IncidentId));
    }

    private static AlertTrial Trial(IncidentHarness h) =>
        new(h.Incidents, h.Pager, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), h.Calendar);

    private static (AlertIntakeOutcome, string?) Outcome(AlertIntakeResult result) => (result.Outcome, result.IncidentId);
}
