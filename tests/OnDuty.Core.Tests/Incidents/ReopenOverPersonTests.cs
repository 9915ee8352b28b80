using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial day 29, M1 and M2: monitoring reopening what a person resolved (the person said fixed, the alert still fires) is not
/// silent, and does not put back a severity the person set; a reopen of what only a tool acknowledged pages like an unacknowledged one.
/// </summary>
public sealed class ReopenOverPersonTests
{
    /// <summary>
    /// 山田 acknowledges and resolves while the alert still fires; the same firing alert comes again within the reopen window.
    /// The acknowledgement no longer covers it: the pair is paged again from step 0 (round 1), and the timeline says why.
    /// </summary>
    [Fact]
    public async Task Repeat_APersonResolvedWhileItStillFired_ReopensAndPagesThePairAgain()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "yamada", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(2));

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (again.Outcome, again.IncidentId));
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.True(incident.ReopenedOverPerson);
        Assert.Null(incident.AcknowledgedBy);
        Assert.Null(incident.AcknowledgedAt);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var timeline = await h.TimelineAsync(id);
        var reopened = Assert.Single(timeline, t => t.Kind == TimelineKind.Reopened);
        Assert.Equal((TimelineTexts.ReopenedOverPersonResolve, "alert:alertmanager"), (reopened.Message, reopened.By));
        Assert.Contains(timeline, t => t is { Kind: TimelineKind.Notified, Round: 1 });
    }

    /// <summary>Monitoring resolved it (flapping): the acknowledgement stands and nobody is paged, as before.</summary>
    [Fact]
    public async Task Refire_MonitoringResolvedAPersonsAcknowledged_AcknowledgementStandsNoPage()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        var sent = h.Outbox.All.Count;
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Reopened, refired.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.False(incident.ReopenedOverPerson);
        Assert.Equal("yamada", incident.AcknowledgedBy);
        Assert.Equal(sent, h.Outbox.All.Count);
        Assert.Equal(TimelineTexts.FiredWithinReopenWindow, Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Reopened).Message);
    }

    /// <summary>
    /// M2: only the sending tool acknowledged it (a PagerDuty-style acknowledge); monitoring resolved it and it fired again.
    /// Nobody in OnDuty ever took it: the pair is paged as for an unacknowledged incident.
    /// </summary>
    [Fact]
    public async Task Refire_OnlyAToolAcknowledged_PagesThePairAgain()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")) with { Alerts = [], Acknowledges = true }, default);
        Assert.Equal("alert:alertmanager", (await h.IncidentAsync(id)).AcknowledgedBy);
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Reopened, refired.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.Null(incident.AcknowledgedBy);
        Assert.False(incident.ReopenedOverPerson);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
    }

    /// <summary>A tool's acknowledge that named itself (Events v2 <c>client</c>) keeps that name for the 対応開始 mail.</summary>
    [Fact]
    public async Task ToolAcknowledge_WithClient_KeepsTheToolsName()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;

        var ack = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")) with { Alerts = [], Acknowledges = true, Client = "Datadog" }, default);

        Assert.Equal(AlertIntakeOutcome.Acknowledged, ack.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(("alert:alertmanager", "Datadog"), (incident.AcknowledgedBy, incident.AcknowledgedVia));
    }

    /// <summary>
    /// Emma lowers the SEV1 to SEV2, 山田 resolves, the SEV1 alert repeats: it reopens at SEV2 (no raise), with a row that says the
    /// alert's severity and that the person's was kept.
    /// </summary>
    [Fact]
    public async Task Reopen_SeverityAPersonLowered_KeptAndSaid()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(id, "emma", null, default);
        await h.Service.PostUpdateAsync(id, null, "not that bad", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "emma", null, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "yamada", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertIntakeOutcome.Reopened, again.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.Equal("emma", incident.SeverityBy);
        var timeline = await h.TimelineAsync(id);
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.SeverityRaised);
        // Its own kind: monitoring's word, not a status update (an update row is what counts and notices read as one).
        var kept = Assert.Single(timeline, t => t.Kind == TimelineKind.SeverityKept);
        Assert.Equal("alert:alertmanager", kept.By);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityKept, 1, 2), kept.Message);
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.Update && t.By == "alert:alertmanager");
    }

    /// <summary>
    /// Trial 39 H1: 田中 declares a SEV2; the alert of the same outage opens a SEV1, lowered to SEV2 and merged into hers (the
    /// severity unchanged by the merge, so no person "set" it since it opened); the alert resolves, then fires again. The
    /// severity a person declared is a person's as much as one set later: the alert firing again keeps SEV2 and says so. Since
    /// trial 39 M4 the resolve leaves her incident open (a person runs it), so the firing again is its own alert back in the open
    /// incident, as a reopen was: no raise, no page.
    /// </summary>
    [Fact]
    public async Task Refire_SeverityAPersonDeclared_AlertMergedIn_KeptAndSaid()
    {
        var h = await CreateAsync();
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "商品検索が遅い", Severity = AlertSeverity.Sev2 }, "tanaka", null, default);
        var id = declared.Value.Id;
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("search", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        await h.Service.PostUpdateAsync(duplicate, null, "同じ障害", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "tanaka", null, null, default);
        await h.Merger.MergeAsync(duplicate, id, "tanaka", default);
        Assert.Null((await h.IncidentAsync(id)).SeverityBy);
        Assert.Equal(AlertIntakeOutcome.AlertsResolved,
            (await h.Intake.IntakeAsync(Notification("g1", Alert("search", AlertStatus.Resolved, severity: AlertSeverity.Sev1)), default)).Outcome);
        await h.Intake.DrainAsync(default);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        await h.DrainQueueAsync();
        var sent = h.Outbox.All.Count(m => m.Id.Contains(":page:", StringComparison.Ordinal) || m.Id.Contains(":escalation:", StringComparison.Ordinal));
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("search", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Folded, id, 1), (again.Outcome, again.IncidentId, again.Fired));
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(0, incident.ReopenCount);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        var timeline = await h.TimelineAsync(id);
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.SeverityRaised);
        var kept = Assert.Single(timeline, t => t.Kind == TimelineKind.SeverityKept);
        Assert.Equal(string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.SeverityKept, 1, 2), kept.Message);
        Assert.Equal(sent, h.Outbox.All.Count(m => m.Id.Contains(":page:", StringComparison.Ordinal) || m.Id.Contains(":escalation:", StringComparison.Ordinal)));
    }

    /// <summary>An alert new to the person's incident left open with its alerts resolved still raises it (it fires anew).</summary>
    [Fact]
    public async Task NewAlert_InAPersonsIncidentLeftOpen_RaisesTheSeverity()
    {
        var h = await CreateAsync();
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "商品検索が遅い", Severity = AlertSeverity.Sev2 }, "tanaka", null, default);
        var id = declared.Value.Id;
        var duplicate = (await h.Intake.IntakeAsync(Notification("g1", Alert("search", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, id, "tanaka", default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("search", AlertStatus.Resolved, severity: AlertSeverity.Sev2)), default);

        await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(id)).Severity);
    }

    /// <summary>Repeats of the alert a person lowered the incident below do not put the severity back (a minute later it was SEV1 again).</summary>
    [Fact]
    public async Task Repeat_SeverityAPersonLowered_NotRaised()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        await h.Service.PostUpdateAsync(id, null, "not that bad", new IncidentEdit { Severity = AlertSeverity.Sev2 }, "emma", null, null, default);

        await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.SeverityRaised);
    }

    /// <summary>A new, more urgent alert still raises a severity a person set (it is news the person did not weigh).</summary>
    [Fact]
    public async Task NewAlert_SeverityAPersonLowered_StillRaises()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.Service.PostUpdateAsync(id, null, "minor", new IncidentEdit { Severity = AlertSeverity.Sev3 }, "emma", null, null, default);

        await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev2), Alert("checkout", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(AlertSeverity.Sev1, incident.Severity);
        Assert.Equal("alert:alertmanager", incident.SeverityBy);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.SeverityRaised);
    }

    /// <summary>Nobody set the severity: a reopen raises it to the alert's, as before.</summary>
    [Fact]
    public async Task Reopen_SeverityNobodySet_RaisedAsBefore()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("login", AlertStatus.Resolved, AlertSeverity.Sev3)), default);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await h.Intake.IntakeAsync(Notification("g1", Alert("login", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(id)).Severity);
    }
}
