using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A delivery refused as too large (413) was lost without a trace: no log line, health healthy, nobody paged (trial 31b H2).
/// It now opens one incident per source that pages, and health is degraded for an hour.
/// </summary>
public sealed class AlertIntakeRefusalsTests
{
    [Fact]
    public async Task RefusedDelivery_OpensOneIncidentPerSourceThatPages_LaterRefusalsFold()
    {
        var h = await CreateAsync();
        const int Limit = 8 * 1024 * 1024;

        var first = await h.Intake.RefusedDeliveryAsync(AlertSource.Alertmanager, 9_437_184 + 1024, Limit, default);
        var second = await h.Intake.RefusedDeliveryAsync(AlertSource.Alertmanager, 9_500_000, Limit, default);
        var grafana = await h.Intake.RefusedDeliveryAsync(AlertSource.Grafana, null, Limit, default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Opened, first.Outcome);
        Assert.Equal((AlertIntakeOutcome.Folded, first.IncidentId), (second.Outcome, second.IncidentId));
        Assert.Equal(AlertIntakeOutcome.Opened, grafana.Outcome);
        Assert.NotEqual(first.IncidentId, grafana.IncidentId);
        var incident = await h.IncidentAsync(first.IncidentId!);
        Assert.Equal("Alertmanager sent a notification too large to read (9.4 MB)", incident.Title);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.Equal("Grafana sent a notification too large to read (over 8.4 MB)", (await h.IncidentAsync(grafana.IncidentId!)).Title);
        var duty = await h.DutyEmailsAsync();
        Assert.All(duty, e => Assert.Contains($"incident:{first.IncidentId}:page:email:{e}", h.OutboxIds(first.IncidentId!)));
    }

    [Fact]
    public async Task Health_DegradedForAnHourAfterARefusal()
    {
        var time = new FakeTimeProvider(T0);
        var refusals = new AlertIntakeRefusals(time);
        Assert.Equal("alert-intake", refusals.Name);
        Assert.Null(await refusals.CheckAsync(default));

        refusals.TooLarge(AlertSource.Alertmanager, 9_437_184, 8_388_608);
        time.Advance(TimeSpan.FromMinutes(1));
        refusals.TooLarge(AlertSource.Alertmanager, 9_500_000, 8_388_608);
        var degraded = await refusals.CheckAsync(default);

        Assert.StartsWith("refused a delivery of 9500000 bytes from alertmanager at 2026-12-01 01:01:00Z (2 refused in the last hour)", degraded, StringComparison.Ordinal);
        time.Advance(AlertIntakeRefusals.Window + TimeSpan.FromSeconds(1));
        Assert.Null(await refusals.CheckAsync(default));
    }
}
