using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// The test button's dry run (<see cref="AlertTrial"/>) answers what the real delivery then does: each test asks the trial, checks it
/// wrote nothing, then sends the same delivery for real against the same fakes. Before, the trial kept its own resolve check (every
/// firing alert named in the delivery) and disagreed with the intake on the alerts a sender leaves out.
/// </summary>
public sealed class AlertTrialTests
{
    private static AlertTrial CreateSut(IncidentHarness h) =>
        new(h.Incidents, h.Pager, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), h.Calendar);

    private static AlertNotification Delivery(AlertStatus status, int truncated, params AlertInstance[] alerts) =>
        Notification("g1", alerts) with { Status = status, TruncatedAlerts = truncated };

    /// <summary>What a trial must leave as it found: the incident's record and alerts, its timeline and the outbox.</summary>
    private static async Task<(string Record, string Alerts, int Timeline, int Outbox)> StoredAsync(IncidentHarness h, string id) =>
        (System.Text.Json.JsonSerializer.Serialize((await h.IncidentAsync(id)).ToSnapshot()),
         string.Join("|", (await h.Incidents.GetAlertsAsync(id, default)).Select(a => $"{a.Value.DedupKey}:{a.Value.Status}").Order(StringComparer.Ordinal)),
         (await h.TimelineAsync(id)).Count, h.Outbox.All.Count);

    /// <summary>
    /// Alertmanager left alerts out (<c>truncatedAlerts</c> 3): the incident tracks them as one alert, firing. The group then arrives
    /// resolved with every alert listed: the delivery resolves the incident. Before, the trial said "folded" (the unlisted alerts' entry
    /// was not in the delivery).
    /// </summary>
    [Fact]
    public async Task TryAsync_GroupResolvedWithEveryAlertListed_AfterAlertsLeftOut_PredictsResolved_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 3, Alert("checkout")), default)).IncidentId!;
        Assert.Contains((await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value), a => a is { DedupKey: AlertIntake.UnlistedAlertsKey, Status: AlertStatus.Firing });
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        var resolved = Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved));
        var before = await StoredAsync(h, id);

        var trial = await CreateSut(h).TryAsync(resolved, default);

        Assert.Equal(before, await StoredAsync(h, id));
        var real = await h.Intake.IntakeAsync(resolved, default);
        Assert.Equal((AlertIntakeOutcome.Resolved, id), (trial.Outcome, trial.IncidentId));
        Assert.Equal((trial.Outcome, trial.IncidentId), (real.Outcome, real.IncidentId));
        Assert.False((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>
    /// Every alert listed resolves, but the sender now leaves 2 out (<c>truncatedAlerts</c> 2): the delivery tracks those as firing and
    /// the incident stays open. Before, the trial said "resolved".
    /// </summary>
    [Fact]
    public async Task TryAsync_ListedAlertsResolve_SomeLeftOut_PredictsFolded_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout")), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        var partly = Delivery(AlertStatus.Resolved, 2, Alert("checkout", AlertStatus.Resolved));
        var before = await StoredAsync(h, id);

        var trial = await CreateSut(h).TryAsync(partly, default);

        Assert.Equal(before, await StoredAsync(h, id));
        var real = await h.Intake.IntakeAsync(partly, default);
        Assert.Equal((AlertIntakeOutcome.Folded, id), (trial.Outcome, trial.IncidentId));
        Assert.Equal((trial.Outcome, trial.IncidentId), (real.Outcome, real.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>
    /// 佐藤's declared incident merged into the alert's: the resolve predicts <c>alertsResolved</c>, and the delivery then answers
    /// the same and leaves it open.
    /// </summary>
    [Fact]
    public async Task TryAsync_DeclaredMergedIn_AlertResolves_PredictsAlertsResolved_AsTheDeliveryDoes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery(AlertStatus.Firing, 0, Alert("checkout")), default)).IncidentId!;
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できないとの問い合わせ", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        await h.Merger.MergeAsync(declared.Value.Id, id, "sato", default);
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));
        var resolved = Delivery(AlertStatus.Resolved, 0, Alert("checkout", AlertStatus.Resolved));
        var before = await StoredAsync(h, id);

        var trial = await CreateSut(h).TryAsync(resolved, default);

        Assert.Equal(before, await StoredAsync(h, id));
        var real = await h.Intake.IntakeAsync(resolved, default);
        Assert.Equal((AlertIntakeOutcome.AlertsResolved, id), (trial.Outcome, trial.IncidentId));
        Assert.Equal((trial.Outcome, trial.IncidentId), (real.Outcome, real.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }
}
