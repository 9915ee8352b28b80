using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Tests.Alerts;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Session 63: two organisations of one Grafana posting to one URL, with the same contact point and group labels, shared one incident
/// (Grafana's <c>groupKey</c> does not name the organisation) — the second organisation's alert was folded into the first's and paged
/// nobody. Each organisation's group is its own now (<c>org:{id}|…</c>); an incident opened
/// under the key of before keeps its deliveries while it is open, and resolves by them.
/// </summary>
public sealed class AlertIntakeGrafanaOrgTests
{
    /// <summary>The documented firing sample (or its alerts resolved) as organisation <paramref name="org"/> sends it (null: no <c>orgId</c>, Grafana 8's form).</summary>
    private static AlertNotification Grafana(long? org, bool resolved = false) =>
        AlertSamples.ParseOk(AlertSources.Grafana, AlertSamples.Mutate("grafana-firing.json", root =>
        {
            if (resolved)
            {
                root["status"] = "resolved";
                foreach (var alert in root["alerts"]!.AsArray())
                {
                    alert!["status"] = "resolved";
                    alert["endsAt"] = "2021-10-12T10:30:00+02:00";
                }
            }

            if (org is { } id)
            {
                root["orgId"] = id;
            }
            else
            {
                root.Remove("orgId");
            }
        }));

    [Fact]
    public async Task TwoOrganisations_SameGroup_TwoIncidents_EachPaged()
    {
        var h = await CreateAsync();

        var first = await h.Intake.IntakeAsync(Grafana(1), default);
        var second = await h.Intake.IntakeAsync(Grafana(2), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Opened, AlertIntakeOutcome.Opened), (first.Outcome, second.Outcome));
        Assert.NotEqual(first.IncidentId, second.IncidentId);
        Assert.Equal(2, h.Incidents.Count);
        foreach (var id in new[] { first.IncidentId!, second.IncidentId! })
        {
            Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        }

        // Each organisation's resolve resolves its own.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((AlertIntakeOutcome.Resolved, second.IncidentId), Outcome(await h.Intake.IntakeAsync(Grafana(2, resolved: true), default)));
        Assert.True((await h.IncidentAsync(first.IncidentId!)).IsOpen);
        Assert.Equal((AlertIntakeOutcome.Resolved, first.IncidentId), Outcome(await h.Intake.IntakeAsync(Grafana(1, resolved: true), default)));
    }

    [Fact]
    public async Task IncidentOpenedUnderTheKeyOfBefore_StillOpen_KeepsFoldingItsRepeats_AndResolves()
    {
        var h = await CreateAsync();
        var fired = Grafana(2);
        Assert.Equal("org:2|{}:{}", fired.GroupKey);
        Assert.Equal("{}:{}", fired.PreviousGroupKey);
        var old = (await h.Intake.IntakeAsync(fired with { GroupKey = fired.PreviousGroupKey!, PreviousGroupKey = null }, default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal((AlertIntakeOutcome.Folded, old), Outcome(await h.Intake.IntakeAsync(Grafana(2), default)));
        await h.Intake.DrainAsync(default);
        Assert.Equal(1, h.Incidents.Count);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal((AlertIntakeOutcome.Resolved, old), Outcome(await h.Intake.IntakeAsync(Grafana(2, resolved: true), default)));
        Assert.False((await h.IncidentAsync(old)).IsOpen);
        Assert.Empty(await h.Incidents.ListOpenIdsAsync(default));
    }

    private static (AlertIntakeOutcome, string?) Outcome(AlertIntakeResult result) => (result.Outcome, result.IncidentId);

    [Fact]
    public async Task EveryOrganisationKeyed_Grafana8WithoutOrgId_KeepsItsKey()
    {
        Assert.Equal(("org:1|{}:{}", "{}:{}"), (Grafana(1).GroupKey, Grafana(1).PreviousGroupKey));
        Assert.Equal(("{}:{}", null), (Grafana(null).GroupKey, Grafana(null).PreviousGroupKey));
        Assert.Equal(Grafana(2).GroupKey, Grafana(2, resolved: true).GroupKey);
        Assert.NotEqual(Grafana(2).GroupKey, Grafana(3).GroupKey);
        await Task.CompletedTask;
    }
}
