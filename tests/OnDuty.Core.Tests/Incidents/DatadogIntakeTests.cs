using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Alerts.AlertSamples;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Datadog's webhook (README's template) through the intake: a monitor's groups are alerts of one incident, a renotification
/// folds, each group's <c>Recovered</c> resolves its alert and the last one the incident.
/// </summary>
public sealed class DatadogIntakeTests
{
    private static AlertNotification Delivery(string sample, string? transition = null, string? group = null) =>
        ParseOk(AlertSources.Datadog, Mutate(sample, r =>
        {
            if (transition is not null)
            {
                r["transition"] = transition;
            }

            if (group is not null)
            {
                r["aggregate"] = $"agg-{group}";
                r["scope"] = $"host:{group}";
                r["hostname"] = group;
                r["title"] = r["title"]!.GetValue<string>().Replace("prod-web-03", group, StringComparison.Ordinal);
            }
        }));

    private static bool ReadsJapanese(string email) =>
        TeamData.Members().FirstOrDefault(m => m.Email == email)?.Language is not Language.En;

    [Fact]
    public async Task Intake_TriggeredRenotifiedRecovered_OneIncidentPagedOnce_ResolvedWhenEveryGroupRecovered()
    {
        var h = await CreateAsync();
        var duty = await h.DutyEmailsAsync();

        var opened = await h.Intake.IntakeAsync(Delivery("datadog-triggered.json"), default);
        var id = opened.IncidentId!;
        Assert.Equal(AlertIntakeOutcome.Opened, opened.Outcome);
        await h.DrainQueueAsync();
        var incident = await h.IncidentAsync(id);
        Assert.Equal(("Checkout API p99 latency above 2s", AlertSeverity.Sev2, "datadog", "alert:datadog"), (incident.Title, incident.Severity, incident.Source, incident.OpenedBy));
        var pages = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty, pages.Select(p => p.Message.To).Order(StringComparer.Ordinal));
        Assert.All(pages, p => Assert.Contains(ReadsJapanese(p.Message.To) ? "発生元：Datadog 連携\n" : "Source: Datadog integration\n", p.Message.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal));

        // Datadog renotifies while the group still alerts, and the monitor's second group triggers: both fold, nobody is paged again.
        var sentBefore = h.Email.Sent.Count;
        Assert.Equal((AlertIntakeOutcome.Folded, id), Result(await h.Intake.IntakeAsync(Delivery("datadog-triggered.json", "Renotify"), default)));
        Assert.Equal((AlertIntakeOutcome.Folded, id), Result(await h.Intake.IntakeAsync(Delivery("datadog-triggered.json", group: "prod-web-04"), default)));
        await h.DrainQueueAsync();
        Assert.DoesNotContain(h.Email.Sent.Skip(sentBefore), s => s.Id.Contains(":page:", StringComparison.Ordinal));
        Assert.Equal(
            ["7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03:Firing", "agg-prod-web-04|host:prod-web-04:Firing"],
            (await h.Incidents.GetAlertsAsync(id, default)).Select(a => $"{a.Value.DedupKey}:{a.Value.Status}").Order(StringComparer.Ordinal));

        // The first group recovers: its alert resolves, the incident stays open for the other.
        Assert.Equal((AlertIntakeOutcome.Folded, id), Result(await h.Intake.IntakeAsync(Delivery("datadog-recovered.json"), default)));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(
            ["7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03:Resolved", "agg-prod-web-04|host:prod-web-04:Firing"],
            (await h.Incidents.GetAlertsAsync(id, default)).Select(a => $"{a.Value.DedupKey}:{a.Value.Status}").Order(StringComparer.Ordinal));

        var last = await h.Intake.IntakeAsync(Delivery("datadog-recovered.json", group: "prod-web-04"), default);

        Assert.Equal((AlertIntakeOutcome.Resolved, id), Result(last));
        Assert.False((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(
            ["7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03:Resolved", "agg-prod-web-04|host:prod-web-04:Resolved"],
            (await h.Incidents.GetAlertsAsync(id, default)).Select(a => $"{a.Value.DedupKey}:{a.Value.Status}").Order(StringComparer.Ordinal));
        var timeline = await h.TimelineAsync(id);
        Assert.Equal(
            [
                (TimelineKind.AlertFired, "[P2] [Triggered on {host:prod-web-03}] Checkout API p99 latency above 2s"),
                (TimelineKind.AlertRepeated, "[P2] [Triggered on {host:prod-web-03}] Checkout API p99 latency above 2s"),
                (TimelineKind.AlertFired, "[P2] [Triggered on {host:prod-web-04}] Checkout API p99 latency above 2s"),
                (TimelineKind.AlertResolved, "[P2] [Recovered on {host:prod-web-03}] Checkout API p99 latency above 2s"),
                (TimelineKind.AlertResolved, "[P2] [Recovered on {host:prod-web-04}] Checkout API p99 latency above 2s"),
            ],
            timeline.Where(t => t.Kind is TimelineKind.AlertFired or TimelineKind.AlertRepeated or TimelineKind.AlertResolved).Select(t => (t.Kind, t.Message)));
        Assert.Contains(timeline, t => t.Kind == TimelineKind.Resolved && t.By == "alert:datadog");

        // Nobody had taken it: those the page reached are told it recovered.
        await h.DrainQueueAsync();
        Assert.Equal(
            [.. duty.Select(e => $"incident:{id}:recovered:email:{e.ToLowerInvariant()}")],
            h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:recovered:", StringComparison.Ordinal)).Select(s => s.Id).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// An admin presses Datadog's "Test Notifications" on a monitor whose incident has just resolved: the test opens its own
    /// incident, titled 「[TEST] …」, and the resolved one stays resolved (no reopen, no "reopened" page about the real monitor).
    /// </summary>
    [Fact]
    public async Task Intake_DatadogTestNotification_AfterTheMonitorRecovered_OpensItsOwnIncident_TheResolvedOneStaysResolved()
    {
        var h = await CreateAsync();
        var real = (await h.Intake.IntakeAsync(Delivery("datadog-triggered.json"), default)).IncidentId!;
        Assert.Equal((AlertIntakeOutcome.Resolved, real), Result(await h.Intake.IntakeAsync(Delivery("datadog-recovered.json"), default)));

        var test = await h.Intake.IntakeAsync(ParseOk(AlertSources.Datadog, Mutate("datadog-triggered.json", r => r["title"] = "[P2] [Triggered] [TEST] Checkout API p99 latency above 2s")), default);

        Assert.Equal(AlertIntakeOutcome.Opened, test.Outcome);
        Assert.NotEqual(real, test.IncidentId);
        Assert.Equal("[TEST] Checkout API p99 latency above 2s", (await h.IncidentAsync(test.IncidentId!)).Title);
        Assert.False((await h.IncidentAsync(real)).IsOpen);
        Assert.DoesNotContain(await h.TimelineAsync(real), t => t.Kind == TimelineKind.Reopened);
    }

    /// <summary>
    /// Datadog's docs say notifications of one monitor and alert type beyond the first two within 20 s go out as one message, but not
    /// what a webhook's variables hold then. A delivery naming no group (<c>$ALERT_SCOPE</c> unsubstituted) is kept as an alert of its
    /// own in the monitor's incident: a named group's recovery resolves only that group's alert, so the incident stays open for a
    /// person to check rather than resolve on a guess about groups the delivery did not name.
    /// </summary>
    [Fact]
    public async Task Intake_ADeliveryNamingNoGroup_ItsOwnAlert_AGroupsRecoveryLeavesTheIncidentOpen()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Delivery("datadog-triggered.json"), default)).IncidentId!;
        var unscoped = ParseOk(AlertSources.Datadog, Mutate("datadog-triggered.json", r =>
        {
            r["scope"] = "$ALERT_SCOPE";
            r["hostname"] = "$HOSTNAME";
            r["title"] = "[P2] [Triggered] Checkout API p99 latency above 2s";
        }));

        Assert.Equal((AlertIntakeOutcome.Folded, id), Result(await h.Intake.IntakeAsync(unscoped, default)));
        Assert.Equal((AlertIntakeOutcome.Folded, id), Result(await h.Intake.IntakeAsync(Delivery("datadog-recovered.json"), default)));

        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(
            ["7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31:Firing", "7f3c2a9d1e8b4c6fa0d5e2b19c4a7d31|host:prod-web-03:Resolved"],
            (await h.Incidents.GetAlertsAsync(id, default)).Select(a => $"{a.Value.DedupKey}:{a.Value.Status}").Order(StringComparer.Ordinal));
    }

    private static (AlertIntakeOutcome, string?) Result(AlertIntakeResult result) => (result.Outcome, result.IncidentId);
}
