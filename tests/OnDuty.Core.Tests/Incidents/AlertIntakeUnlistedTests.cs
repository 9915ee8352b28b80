using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Testing;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Alertmanager groups OnDuty cannot fully see (trial 31b H1, H2): <c>truncatedAlerts</c> (<c>webhook_configs.max_alerts</c>),
/// a group over the limit per notification, or a group whose status is firing while every alert it lists resolved. The
/// incident must not resolve on what is listed; it resolves when the group is resolved with every alert listed.
/// </summary>
public sealed class AlertIntakeUnlistedTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    /// <summary>An Alertmanager v4 body as Alertmanager sends it: each alert (fingerprint, status) of group <paramref name="group"/>.</summary>
    internal static string Body(string group, string status, int? truncated, params (string Fingerprint, string Status)[] alerts) =>
        new AlertmanagerBody(group, [.. alerts.Select(a => (a.Fingerprint, a.Status, Started, a.Status == "resolved" ? Started.AddMinutes(30) : (DateTimeOffset?)null))])
        {
            AlertName = "DiskFull",
            Status = status,
            TruncatedAlerts = truncated,
        }.ToJson();

    /// <summary>
    /// t9_trunc.py: firing with 2 listed and 5 truncated, then the 2 listed resolve while the group is still firing with 5
    /// truncated. It answered Resolved, closed the incident and told those paged it recovered; the 5 firing alerts were tracked nowhere.
    /// </summary>
    [Fact]
    public async Task Truncated_ListedAlertsResolve_StaysOpenWithATimelineRow_ResolvesWhenTheGroupIsResolvedWithEveryAlertListed()
    {
        var h = await CreateAsync();
        var opened = await h.Intake.IntakeAsync(Parse(Body("g-trunc", "firing", 5, ("db-0", "firing"), ("db-1", "firing"))), default);
        var id = opened.IncidentId!;
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;

        var listedResolved = Parse(Body("g-trunc", "firing", 5, ("db-0", "resolved"), ("db-1", "resolved")));
        var result = await h.Intake.IntakeAsync(listedResolved, default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Opened, 2), (opened.Outcome, opened.Fired));
        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 0, 0, 2), result);
        Assert.StartsWith("$.truncatedAlerts: 5 alerts not listed", listedResolved.Notes[0], StringComparison.Ordinal);
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal([id], await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(sent, h.Email.Sent.Count); // no recovered notice
        var alerts = (await h.Incidents.GetAlertsAsync(id, default)).Select(a => a.Value).ToList();
        Assert.Equal(AlertStatus.Firing, Assert.Single(alerts, a => a.DedupKey == AlertIntake.UnlistedAlertsKey).Status);
        Assert.All(alerts.Where(a => a.DedupKey != AlertIntake.UnlistedAlertsKey), a => Assert.Equal(AlertStatus.Resolved, a.Status));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.AlertKey == AlertIntake.UnlistedAlertsKey);
        Assert.Equal((TimelineKind.AlertFired, "5 alerts not listed (max_alerts): the incident stays open until the group's status is resolved"), (row.Kind, row.Message));

        // Still truncated: the resolved notification with 5 left out does not show them resolved either.
        var stillTruncated = await h.Intake.IntakeAsync(Parse(Body("g-trunc", "resolved", 5, ("db-0", "resolved"), ("db-1", "resolved"))), default);
        Assert.Equal(AlertIntakeOutcome.Folded, stillTruncated.Outcome);
        Assert.True((await h.IncidentAsync(id)).IsOpen);

        var all = await h.Intake.IntakeAsync(Parse(Body("g-trunc", "resolved", 0, ("db-0", "resolved"), ("db-1", "resolved"), ("db-2", "resolved"))), default);

        Assert.Equal(AlertIntakeOutcome.Resolved, all.Outcome);
        Assert.False((await h.IncidentAsync(id)).IsOpen);
        Assert.Contains(await h.TimelineAsync(id), t => t.AlertKey == AlertIntake.UnlistedAlertsKey && t.Kind == TimelineKind.AlertResolved && t.Message == TimelineTexts.EveryAlertListed);
    }

    /// <summary>The unlisted alerts are said in each reader's language: on the timeline and in the page's list of alerts.</summary>
    [Fact]
    public async Task Truncated_PageAndTimelineSayTheUnlistedAlertsInTheReadersLanguage()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Parse(Body("g-lang", "firing", 5, ("db-0", "firing"))), default)).IncidentId!;

        var row = Assert.Single(await h.TimelineAsync(id), t => t.AlertKey == AlertIntake.UnlistedAlertsKey);
        Assert.Equal("通知に載っていないアラートが5件あります（max_alerts）。グループが解消になるまで復旧済みにしません",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, OnDuty.Core.Team.Language.Ja));
        Assert.Equal(row.Message, OnDuty.Messages.TimelineText.For(row.Kind, row.Message, OnDuty.Core.Team.Language.En));
        var pages = h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var ja = page.Subject!.StartsWith("【", StringComparison.Ordinal);
            Assert.Contains(ja ? "通知に載っていないアラートが5件あります" : "5 alerts not listed (max_alerts)", page.TextBody, StringComparison.Ordinal);
        }
    }

    /// <summary>A resolve with every alert listed and no truncatedAlerts at all (older Alertmanager) also frees what was unlisted.</summary>
    [Fact]
    public async Task Truncated_ThenResolvedWithoutTruncatedAlertsField_Resolves()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Parse(Body("g-t2", "firing", 3, ("a", "firing"))), default)).IncidentId!;

        var all = await h.Intake.IntakeAsync(Parse(Body("g-t2", "resolved", null, ("a", "resolved"))), default);

        Assert.Equal((AlertIntakeOutcome.Resolved, id), (all.Outcome, all.IncidentId));
    }

    /// <summary>The group's own status says firing while every listed alert resolved (no truncation): it stays open.</summary>
    [Fact]
    public async Task GroupStatusFiring_EveryListedAlertResolved_StaysOpen()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Parse(Body("g-f", "firing", null, ("a", "firing"), ("b", "firing"))), default)).IncidentId!;

        var result = await h.Intake.IntakeAsync(Parse(Body("g-f", "firing", null, ("a", "resolved"), ("b", "resolved"))), default);

        Assert.Equal(AlertIntakeOutcome.Folded, result.Outcome);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        var row = Assert.Single(await h.TimelineAsync(id), t => t.AlertKey == AlertIntake.UnlistedAlertsKey);
        Assert.Equal(TimelineTexts.GroupStillFiring, row.Message);
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Parse(Body("g-f", "resolved", null, ("a", "resolved"), ("b", "resolved"))), default)).Outcome);
    }

    /// <summary>
    /// t5_more.py: a group of more alerts than the limit was refused with a 400 and lost whole. Now it opens from the first alerts
    /// up to the limit, counts the rest as not listed, and does not resolve when the listed ones do.
    /// </summary>
    [Fact]
    public async Task OverTheAlertLimit_OpensFromTheFirstAlerts_AndStaysOpenWhenTheyResolve()
    {
        var h = await CreateAsync();
        var limit = new AlertParserOptions { MaxAlertsPerNotification = 3 };
        var five = Enumerable.Range(0, 5).Select(i => ($"n{i}", "firing")).ToArray();

        var parsed = Parse(Body("g-big", "firing", null, five), limit);
        var opened = await h.Intake.IntakeAsync(parsed, default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Opened, 3), (opened.Outcome, opened.Fired));
        Assert.Contains(parsed.Notes, n => n.StartsWith("$.alerts: 5 alerts exceed the limit of 3 per notification", StringComparison.Ordinal));
        Assert.NotEmpty(h.Email.Sent); // the duty pair was paged
        var alerts = (await h.Incidents.GetAlertsAsync(opened.IncidentId!, default)).Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal);
        Assert.Equal(["n0", "n1", "n2", AlertIntake.UnlistedAlertsKey], alerts);
        Assert.Contains(await h.TimelineAsync(opened.IncidentId!), t => t.Message == "2 alerts not listed (max_alerts): the incident stays open until the group's status is resolved");

        var listedResolved = await h.Intake.IntakeAsync(Parse(Body("g-big", "resolved", null, [.. five.Select(a => (a.Item1, "resolved"))]), limit), default);

        Assert.Equal(AlertIntakeOutcome.Folded, listedResolved.Outcome);
        Assert.True((await h.IncidentAsync(opened.IncidentId!)).IsOpen);
    }

    /// <summary>A repeat of a truncated group that this instance knows firing stays a repeat: nothing more is read or written for it.</summary>
    [Fact]
    public async Task Truncated_Repeat_ReadsNothingMore()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Parse(Body("g-r", "firing", 5, ("a", "firing"))), default)).IncidentId!;
        var reads = h.Incidents.GroupAndAlertReads;

        var repeat = await h.Intake.IntakeAsync(Parse(Body("g-r", "firing", 5, ("a", "firing"))), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 0, 1, 0), repeat);
        Assert.Equal(reads, h.Incidents.GroupAndAlertReads);
        Assert.Single(await h.TimelineAsync(id), t => t.AlertKey == AlertIntake.UnlistedAlertsKey);
    }
}
