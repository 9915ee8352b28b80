using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

public sealed class AlertIntakeTests
{
    [Fact]
    public async Task FirstFiring_OpensOneIncidentForTheDutyPairAndPagesThemOnce()
    {
        var h = await CreateAsync();
        var duty = await h.DutyEmailsAsync();
        Assert.Equal(2, duty.Count);

        var result = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        var parallel = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)));

        Assert.Equal(AlertIntakeOutcome.Opened, result.Outcome);
        Assert.Equal("INC-2026-0001", result.IncidentId);
        Assert.All(parallel.Append(again), r => Assert.Equal(("INC-2026-0001", AlertIntakeOutcome.Folded), (r.IncidentId, r.Outcome)));
        Assert.Equal(1, h.Incidents.Count);
        var incident = await h.IncidentAsync(result.IncidentId!);
        Assert.Equal(duty, incident.Assignees.Select(a => a.Email).Order(StringComparer.Ordinal));
        Assert.Equal(IncidentStatus.Investigating, incident.Status);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(
            [.. duty.Select(e => $"incident:INC-2026-0001:page:email:{e}"), "incident:INC-2026-0001:page:teams"],
            h.OutboxIds("INC-2026-0001").Order(StringComparer.Ordinal));
        Assert.Equal(duty, h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
        Assert.Single(h.Teams.Cards);
        Assert.Equal([.. await h.Incidents.ListOpenIdsAsync(default)], ["INC-2026-0001"]);
        await h.Intake.DrainAsync(default);
        var timeline = await h.TimelineAsync("INC-2026-0001");
        Assert.Equal([TimelineKind.Opened, TimelineKind.AlertFired, TimelineKind.Notified], timeline.Where(t => t.Kind is not (TimelineKind.AlertRepeated or TimelineKind.Delivered)).Select(t => t.Kind));
        Assert.Equal(5, timeline.Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Equal(duty.Append("teams").Order(StringComparer.Ordinal), timeline.Where(t => t.Kind == TimelineKind.Delivered).SelectMany(t => t.Recipients).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// PagerDuty's acknowledge racing a resolve: the incident resolved after the group's claim was read. Nothing is
    /// acknowledged and nobody told, so the answer must not say it was (it said Acknowledged).
    /// </summary>
    [Fact]
    public async Task Acknowledge_AfterTheIncidentResolved_IgnoredNotAcknowledged_AndNobodyTold()
    {
        var h = await CreateAsync();
        var opened = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.DrainQueueAsync();
        // Resolved between the acknowledge reading the group's claim and acting on the incident: the claim still names it.
        await h.Incidents.MutateAsync(opened.IncidentId!, i => i.Resolve("alert:alertmanager", h.Time.GetUtcNow()), default);
        var sentBefore = h.Email.Sent.Count;

        var ack = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")) with { Alerts = [], Acknowledges = true }, default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Ignored, IgnoredReasons.AcknowledgeAfterResolve), (ack.Outcome, ack.IgnoredReason));
        var incident = await h.IncidentAsync(opened.IncidentId!);
        Assert.Null(incident.AcknowledgedBy);
        Assert.DoesNotContain(h.OutboxIds(opened.IncidentId!), id => id.Contains(":ack", StringComparison.Ordinal));
        Assert.Equal(sentBefore, h.Email.Sent.Count);
    }

    /// <summary>
    /// A new incident's request waits for no provider: its pages are recorded in the outbox and signalled to the send queue,
    /// nothing is sent on the request's path (here no queue consumer runs, so whatever went out would be the intake's doing).
    /// </summary>
    [Fact]
    public async Task FirstFiring_PagesQueuedNotSent_TheRequestWaitsForNoProvider()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null;

        var result = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);

        Assert.Equal(AlertIntakeOutcome.Opened, result.Outcome);
        Assert.Empty(h.Email.Sent);
        Assert.Empty(h.Teams.Cards);
        var pages = h.OutboxIds(result.IncidentId!).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(pages);
        Assert.Equal(pages, h.Queue.Signals.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(h.Queue.Signals, s => Assert.Equal(OnDuty.Core.Notifications.OutboxPriority.Page, s.Priority));
    }

    [Fact]
    public async Task Repeat_FoldsIntoTheIncident_TimelineRowAndNoNewPage()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        var pagesBefore = h.Email.Sent.Count;

        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 0, 1, 0), repeat);
        await h.Intake.DrainAsync(default);
        Assert.Equal(1, h.Incidents.Count);
        Assert.Equal(pagesBefore, h.Email.Sent.Count);
        Assert.Single(h.Teams.Cards);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated && t.AlertKey == "cpu");
    }

    [Fact]
    public async Task Repeat_AlertKnownFiring_ReadsNeitherTheGroupNorTheAlerts()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;
        var reads = h.Incidents.GroupAndAlertReads;

        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("disk"), Alert("cpu")), default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 0, 2, 0), repeat);
        await h.Intake.DrainAsync(default);
        Assert.Equal(reads, h.Incidents.GroupAndAlertReads);
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertRepeated));
    }

    /// <summary>
    /// Another instance fired a new alert in the incident (or a group joined it by alert grouping): the alerts this instance
    /// saw firing still fire, so their repeats stay repeats — one point read and one append, no group or alert reads.
    /// </summary>
    [Fact]
    public async Task Repeat_AfterAnotherInstanceFiredANewAlertOfTheIncident_StaysARepeat()
    {
        var h = await CreateAsync();
        var other = h.SecondInstance();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        Assert.Equal(1, (await other.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).Fired);
        var reads = h.Incidents.GroupAndAlertReads;

        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 0, 1, 0), repeat);
        Assert.Equal(reads, h.Incidents.GroupAndAlertReads);
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertRepeated && t.AlertKey == "cpu"));
        Assert.All(await h.Incidents.GetAlertsAsync(id, default), a => Assert.Equal(AlertStatus.Firing, a.Value.Status));
    }

    /// <summary>Another instance resolved an alert of the incident: what this instance remembers may be stale, so its next repeat takes the full path (and still folds).</summary>
    [Fact]
    public async Task Repeat_AfterAnotherInstanceResolvedAnAlertOfTheIncident_TakesTheFullPath()
    {
        var h = await CreateAsync();
        var other = h.SecondInstance();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;
        Assert.Equal(1, (await other.IntakeAsync(Notification("g1", Alert("disk", AlertStatus.Resolved)), default)).ResolvedAlerts);
        var reads = h.Incidents.GroupAndAlertReads;

        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Folded, id), (repeat.Outcome, repeat.IncidentId));
        Assert.True(h.Incidents.GroupAndAlertReads > reads);
        Assert.Equal(AlertStatus.Firing, (await h.Incidents.GetAlertsAsync(id, default)).Single(a => a.Value.DedupKey == "cpu").Value.Status);
        Assert.Equal(AlertStatus.Resolved, (await h.Incidents.GetAlertsAsync(id, default)).Single(a => a.Value.DedupKey == "disk").Value.Status);
    }

    /// <summary>
    /// Two instances: the one that saw the alert firing remembers it, the other resolves it (and with it the incident). The
    /// alert firing again at the first instance is a state change, not a repeat: accepted on that instance's stale memory, it
    /// is applied in full just after (the record no longer bears the memory out): the incident reopens and tracks it firing.
    /// </summary>
    [Fact]
    public async Task Refire_AnotherInstanceResolvedTheAlertMeanwhile_ReopensNotARepeat()
    {
        var h = await CreateAsync();
        var other = h.SecondInstance();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);
        Assert.Equal(AlertIntakeOutcome.Resolved, (await other.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default)).Outcome);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Folded, id), (refired.Outcome, refired.IncidentId));
        Assert.Equal(1, (await h.IncidentAsync(id)).ReopenCount);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal([id], await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(AlertStatus.Firing, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);
    }

    /// <summary>The same with the incident staying open (another alert still fires): the alert fires again, tracked as firing.</summary>
    [Fact]
    public async Task Refire_AnotherInstanceResolvedOneAlertMeanwhile_FiresAgainNotARepeat()
    {
        var h = await CreateAsync();
        var other = h.SecondInstance();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;
        await other.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);

        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertIntakeOutcome.Folded, refired.Outcome);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertFired && t.AlertKey == "cpu" && t.Message!.StartsWith("fired again", StringComparison.Ordinal));
        var alerts = (await h.Incidents.GetAlertsAsync(id, default)).ToDictionary(a => a.Value.DedupKey, a => a.Value.Status);
        Assert.Equal(AlertStatus.Firing, alerts["cpu"]);
    }

    /// <summary>A person resolving the incident (alerts still firing) makes the next delivery of the same alerts reopen it.</summary>
    [Fact]
    public async Task Repeat_APersonResolvedTheIncidentMeanwhile_Reopens()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "yamada", null, null, default);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);

        // The resolve went through this instance, so its memory of the group went with it: answered as what it did.
        Assert.Equal((AlertIntakeOutcome.Reopened, id), (again.Outcome, again.IncidentId));
        Assert.Equal(1, (await h.IncidentAsync(id)).ReopenCount);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal([id], await h.Incidents.ListOpenIdsAsync(default));
    }

    [Fact]
    public async Task PartialResolve_KeepsItOpen_AllResolved_ResolvesAndFreesTheGroup()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;

        var partial = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved), Alert("disk")), default);
        Assert.Equal(AlertIntakeOutcome.Folded, partial.Outcome);
        Assert.Equal(1, partial.ResolvedAlerts);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(1, h.Incidents.OpenGroups);

        h.Time.Advance(TimeSpan.FromMinutes(3));
        var all = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved), Alert("disk", AlertStatus.Resolved)), default);

        Assert.Equal(AlertIntakeOutcome.Resolved, all.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(IncidentStatus.Resolved, incident.Status);
        Assert.Equal(T0.AddMinutes(3), incident.ResolvedAt);
        Assert.Empty(await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(0, h.Incidents.OpenGroups);
        Assert.Equal(new LastAlertGroupIncident(id, T0.AddMinutes(3)), await h.Incidents.GetLastGroupAsync("alertmanager", "g1", default));
    }

    [Fact]
    public async Task AllResolved_SourceConfiguredNotToResolve_StaysOpen()
    {
        var h = await CreateAsync(o => o.Sources["alertmanager"] = new AlertSourceOptions { ResolveWhenAllAlertsResolved = false });
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;

        var result = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);

        Assert.Equal(AlertIntakeOutcome.Folded, result.Outcome);
        Assert.Equal(1, result.ResolvedAlerts);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal([id], await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(1, h.Incidents.OpenGroups);
    }

    [Theory]
    [InlineData(false)] // fired again after the group was freed: reopened through the group's last incident
    [InlineData(true)] // fired again as the incident resolved: reopened by the fold itself
    public async Task RefireWithinTheReopenWindow_Unacknowledged_ReopensAndPagesTheDutyPairAtOnce(bool asItResolved)
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        if (asItResolved)
        {
            await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        }
        else
        {
            await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        }

        h.Time.Advance(TimeSpan.FromMinutes(10));
        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default);
        await h.DrainQueueAsync();

        Assert.Equal(id, refired.IncidentId);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(0, (await h.IncidentAsync(id)).NotifiedStep);
        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// A person resolves with the recovery time 25 minutes back (復旧日時); the alert fires again 10 minutes later. The reopen
    /// window (30 minutes) counts from when the incident was closed, not from the recovery time a person gave: the same incident
    /// reopens (review: a new incident, a new number and a new 第1報 otherwise).
    /// </summary>
    [Fact]
    public async Task RefireWithinTheReopenWindowOfTheClose_ResolvedWithAnEarlierRecoveryTime_ReopensTheSameIncident()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(40));
        var recovered = h.Time.GetUtcNow().AddMinutes(-25);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", new IncidentEdit { ResolvedAt = recovered }, "sato", null, null, default);
        var closed = await h.IncidentAsync(id);
        Assert.Equal((recovered, h.Time.GetUtcNow()), (closed.ResolvedAt!.Value, closed.ClosedAt!.Value));

        h.Time.Advance(TimeSpan.FromMinutes(10));
        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);

        Assert.Equal(id, refired.IncidentId);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Null((await h.IncidentAsync(id)).ClosedAt);
    }

    /// <summary>
    /// A delivery of more alerts than one transaction holds fires into the incident a person just resolved: its first chunk
    /// reopens it, its second meets another writer. The attempt after reads the incident open, yet the reopen was this
    /// delivery's: the group is claimed, it is listed open and the duty pair is paged at once, not a minute later by the timer.
    /// </summary>
    [Fact]
    public async Task LargeDeliveryReopens_ALaterChunkConflicts_StillClaimsListsAndPagesAtOnce()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(10));

        // Resolved on the record, the group not freed yet (the moment between a resolve's save and its index sync).
        await h.Incidents.MutateAsync(id, i => i.Resolve("sato", h.Time.GetUtcNow(), "fixed"), default);
        var signalled = h.Queue.History.Count;
        var saves = 0;
        h.Incidents.RefuseAlertSave = n => n > 0 && ++saves == 2; // the delivery's second chunk, once

        var refired = await h.Intake.IntakeAsync(Notification("g1", [.. Enumerable.Range(0, 60).Select(n => Alert($"pod-{n}"))]), default);

        // Signalled by the intake itself: without it the page waited for the escalation run, up to a minute.
        Assert.Contains(h.Queue.History.Skip(signalled), q => q.Id.StartsWith($"incident:{id}:page:r1:", StringComparison.Ordinal));
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal(id, refired.IncidentId);
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Equal(61, (await h.Incidents.GetAlertsAsync(id, default)).Count);
        Assert.Equal([id], await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))?.IncidentId);
        Assert.Equal(0, incident.NotifiedStep);
        Assert.Equal(await h.DutyEmailsAsync(), h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).Select(m => m.Recipient).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefireWithinTheReopenWindow_AcknowledgedBefore_ReopensWithoutANewPage()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        var sent = h.Outbox.All.Count;

        h.Time.Advance(TimeSpan.FromMinutes(29));
        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);

        Assert.Equal(AlertIntakeOutcome.Reopened, refired.Outcome);
        Assert.Equal(id, refired.IncidentId);
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Equal("yamada", incident.AcknowledgedBy);
        Assert.Equal(sent, h.Outbox.All.Count);
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));
        Assert.Equal([id], await h.Incidents.ListOpenIdsAsync(default));
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Reopened);
        Assert.Equal(1, h.Incidents.Count);
    }

    [Fact]
    public async Task RefireAfterTheReopenWindow_OpensANewIncidentAndPages()
    {
        var h = await CreateAsync();
        var first = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);

        h.Time.Advance(TimeSpan.FromMinutes(31));
        var refired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);

        Assert.Equal(AlertIntakeOutcome.Opened, refired.Outcome);
        Assert.NotEqual(first, refired.IncidentId);
        Assert.False((await h.IncidentAsync(first)).IsOpen);
        Assert.Equal(0, (await h.IncidentAsync(first)).ReopenCount);
        Assert.NotEmpty(h.OutboxIds(refired.IncidentId!));
        Assert.Equal([refired.IncidentId!], await h.Incidents.ListOpenIdsAsync(default));
    }

    [Fact]
    public async Task GroupWithSeveralAlerts_TrackedInsideOneIncident()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;
        var later = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk"), Alert("memory")), default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 1, 2, 0), later);
        Assert.Equal(1, h.Incidents.Count);
        var alerts = await h.Incidents.GetAlertsAsync(id, default);
        Assert.Equal(["cpu", "disk", "memory"], alerts.Select(a => a.Value.DedupKey).Order(StringComparer.Ordinal));
        Assert.All(alerts, a => Assert.Equal(AlertStatus.Firing, a.Value.Status));
        Assert.Equal(3, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertFired));
    }

    /// <summary>An acknowledge for a group with no open incident changes nothing, and says so (<see cref="IgnoredReasons"/>).</summary>
    [Fact]
    public async Task AcknowledgeForAGroupWithNoOpenIncident_IgnoredSayingThereWasNothingToAcknowledge()
    {
        var h = await CreateAsync();

        var ack = await h.Intake.IntakeAsync(Notification("never-fired", Alert("cpu")) with { Alerts = [], Acknowledges = true }, default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Ignored, null, 0, 0, 0, IgnoredReasons.AcknowledgeWithoutIncident), ack);
        Assert.Equal(0, h.Incidents.Count);
        Assert.Equal("An acknowledge for an alert group with no open incident: there was nothing to acknowledge.", IgnoredReasons.Detail(ack.IgnoredReason!));
    }

    [Fact]
    public async Task ResolveForAnUnknownGroup_IgnoredAndNothingStored()
    {
        var h = await CreateAsync();

        var result = await h.Intake.IntakeAsync(Notification("never-fired", Alert("cpu", AlertStatus.Resolved)), default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Ignored, null, 0, 0, 0, IgnoredReasons.ResolveWithoutIncident), result);
        Assert.Equal(0, h.Incidents.Count);
        Assert.Equal(0, h.Incidents.OpenGroups);
        Assert.Equal(0, h.Incidents.LastGroups);
        Assert.Empty(h.Outbox.All);
    }

    /// <summary>
    /// A claim naming no incident (written by an older version, which bound the id in a second write, by a request that died in
    /// between) is taken over once stale: the next firing opens the incident under it and pages, instead of waiting for ever.
    /// </summary>
    [Fact]
    public async Task StaleClaimNamingNoIncident_NextFiringTakesItOverOpensAndPages()
    {
        var h = await CreateAsync();
        var notification = Notification("g1", Alert("cpu"));
        await h.Incidents.TryClaimGroupAsync(notification.Source.ToRouteName(), "g1", new AlertGroupClaim(null, h.Time.GetUtcNow(), "died"), default);
        h.Time.Advance(AlertIntake.StaleClaim + TimeSpan.FromSeconds(1));

        var result = await h.Intake.IntakeAsync(notification, default);

        var claim = await h.Incidents.GetOpenGroupAsync(notification.Source.ToRouteName(), "g1", default);
        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Opened, claim?.IncidentId, 1, 0, 0), result);
        Assert.NotEqual("died", claim?.ClaimId);
        Assert.Equal(1, h.Incidents.Count);
        // Opened from the delivery once, not folded into again after: one row for the alert.
        Assert.Equal([TimelineKind.AlertFired], (await h.TimelineAsync(result.IncidentId!)).Where(t => t.Kind is TimelineKind.AlertFired or TimelineKind.AlertRepeated).Select(t => t.Kind));
        Assert.Equal((await h.DutyEmailsAsync()).Count, h.Email.Sent.Count);
    }

    /// <summary>
    /// The group's claim names an incident never written (its creator stopped between claiming the group and creating it): the
    /// deliveries of the group wait a few seconds, then one opens it from its own alerts as the creator would have and pages the pair
    /// at once, answered opened; the others fold into it. Before, the one that created it answered folded and the page waited for
    /// the next escalation run.
    /// </summary>
    [Fact]
    public async Task ClaimNamingAnIncidentNeverWritten_OneWaitingDeliveryOpensItAndPagesNow_TheOthersFold()
    {
        var h = await CreateAsync();
        var lost = await h.Incidents.AllocateIdAsync(2026, default);
        var notification = Notification("g1", Alert("cpu"));
        Assert.NotNull(await h.Incidents.TryClaimGroupAsync(notification.Source.ToRouteName(), "g1", new AlertGroupClaim(lost, h.Time.GetUtcNow(), "stopped"), default));

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => h.Intake.IntakeAsync(notification, default))));
        await h.Intake.DrainAsync(default);

        Assert.All(results, r => Assert.Equal(lost, r.IncidentId));
        Assert.Equal([AlertIntakeOutcome.Opened, AlertIntakeOutcome.Folded, AlertIntakeOutcome.Folded, AlertIntakeOutcome.Folded], results.Select(r => r.Outcome).Order());
        Assert.Equal(1, h.Incidents.Count);
        var timeline = await h.TimelineAsync(lost);
        Assert.Single(timeline, t => t.Kind == TimelineKind.AlertFired);
        Assert.Equal(3, timeline.Count(t => t.Kind == TimelineKind.AlertRepeated));
        var duty = await h.DutyEmailsAsync();
        Assert.Equal(duty, h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ParallelFirstFirings_OneIncidentOnePageEveryRepeatRecorded()
    {
        var h = await CreateAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.Intake.IntakeAsync(Notification("storm", Alert("cpu")), default))));
        await h.Intake.DrainAsync(default);

        Assert.Single(results.Select(r => r.IncidentId).Distinct());
        Assert.Single(results, r => r.Outcome == AlertIntakeOutcome.Opened);
        Assert.Equal(19, results.Count(r => r.Outcome == AlertIntakeOutcome.Folded));
        Assert.Equal(1, h.Incidents.Count);
        var id = results[0].IncidentId!;
        var timeline = await h.TimelineAsync(id);
        Assert.Single(timeline, t => t.Kind == TimelineKind.AlertFired);
        Assert.Equal(19, timeline.Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Equal((await h.DutyEmailsAsync()).Count, h.Email.Sent.Count);
    }

    /// <summary>
    /// Per group, one sender ends with its alert firing while another's resolve races it: a resolve decided on a view
    /// without that firing would resolve the incident (and free the group) under a firing alert. The fake yields at every
    /// call, so the interleavings vary widely; the same invariants run against Azurite in the end-to-end suite.
    /// </summary>
    [Fact]
    public async Task ParallelFireResolveFire_FiringAlertsStayInOpenListedIncidentsHoldingTheirGroup()
    {
        var h = await CreateAsync();
        var groups = Enumerable.Range(0, 100).Select(g => $"race-{g}").ToList();

        await Task.WhenAll(groups.SelectMany(g => new[]
        {
            Task.Run(async () =>
            {
                for (var round = 0; round < 3; round++)
                {
                    await h.Intake.IntakeAsync(Notification(g, Alert("a")), default);
                    await h.Intake.IntakeAsync(Notification(g, Alert("a", AlertStatus.Resolved)), default);
                }

                await h.Intake.IntakeAsync(Notification(g, Alert("a")), default);
            }),
            Task.Run(async () =>
            {
                for (var round = 0; round < 4; round++)
                {
                    await h.Intake.IntakeAsync(Notification(g, Alert("b")), default);
                    await h.Intake.IntakeAsync(Notification(g, Alert("b", AlertStatus.Resolved)), default);
                }
            }),
        }));

        await h.Intake.DrainAsync(default);
        var open = await h.Incidents.ListOpenIdsAsync(default);
        foreach (var g in groups)
        {
            var claim = await h.Incidents.GetOpenGroupAsync("alertmanager", g, default);
            Assert.NotNull(claim?.IncidentId);
            var id = claim.IncidentId;
            Assert.True((await h.IncidentAsync(id)).IsOpen, $"{g}: {id} resolved under a firing alert");
            Assert.Contains(id, open);
            var alerts = (await h.Incidents.GetAlertsAsync(id, default)).ToDictionary(a => a.Value.DedupKey, a => a.Value.Status);
            Assert.Equal(AlertStatus.Firing, alerts["a"]);
            Assert.Equal(AlertStatus.Resolved, alerts["b"]);
        }

        // Every open incident is listed, every listed one open.
        foreach (var id in open)
        {
            Assert.True((await h.IncidentAsync(id)).IsOpen);
        }
    }

    [Fact]
    public async Task MoreUrgentAlertJoins_RaisesSeverityAndEscalatesAtTheNewPace()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("latency", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        Assert.Equal(AlertSeverity.Sev3, (await h.IncidentAsync(id)).Severity);

        h.Time.Advance(TimeSpan.FromMinutes(2));
        var joined = await h.Intake.IntakeAsync(Notification("g1", Alert("latency", severity: AlertSeverity.Sev3), Alert("errors", severity: AlertSeverity.Sev1)), default);

        Assert.Equal(AlertIntakeOutcome.Folded, joined.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(AlertSeverity.Sev1, incident.Severity);
        var raised = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.SeverityRaised);
        Assert.Equal("severity raised from SEV3 to SEV1", raised.Message);
        Assert.Equal(T0.AddMinutes(2), raised.At);

        // SEV3 would wait 60 minutes for step 1; SEV1 waits 5 from the raise.
        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal([1], await h.Pager.NotifyDueAsync(id, default));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([2], await h.Pager.NotifyDueAsync(id, default));
        Assert.Contains("incident:" + id + ":escalation:2:email:lead@example.com", h.OutboxIds(id));
    }

    [Fact]
    public async Task LessUrgentAlertJoins_SeverityNeverLoweredAndRaisedOnce()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("latency", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("errors", severity: AlertSeverity.Sev2)), default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("errors", severity: AlertSeverity.Sev2)), default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("info", severity: AlertSeverity.Sev4)), default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("errors", AlertStatus.Resolved, AlertSeverity.Sev2)), default);

        Assert.Equal(AlertSeverity.Sev2, (await h.IncidentAsync(id)).Severity);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.SeverityRaised);
    }

    [Fact]
    public async Task MoreUrgentResolve_DoesNotRaise()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("latency", severity: AlertSeverity.Sev3), Alert("errors", severity: AlertSeverity.Sev3)), default)).IncidentId!;

        await h.Intake.IntakeAsync(Notification("g1", Alert("errors", AlertStatus.Resolved, AlertSeverity.Sev1)), default);

        Assert.Equal(AlertSeverity.Sev3, (await h.IncidentAsync(id)).Severity);
    }

    [Fact]
    public async Task MoreUrgentAlertJoins_Acknowledged_RaisedButNoEscalation()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("latency", severity: AlertSeverity.Sev3)), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);
        var messages = h.Outbox.All.Count;

        await h.Intake.IntakeAsync(Notification("g1", Alert("errors", severity: AlertSeverity.Sev1)), default);
        h.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(id)).Severity);
        Assert.Empty(await h.Pager.NotifyDueAsync(id, default));
        Assert.Equal(messages, h.Outbox.All.Count);
    }

    /// <summary>Issue 7: a page says what fired — description, labels that matter, link to the source and the runbook.</summary>
    [Fact]
    public async Task FirstFiring_PageAndCardSayWhatFiredWithSourceAndRunbookLinks()
    {
        var h = await CreateAsync();
        var alert = Alert("disk") with
        {
            Summary = "Disk almost full on db-01",
            Description = "Only 2% free on /var/lib/postgresql <b>now</b>",
            Labels = new Dictionary<string, string> { ["instance"] = "db-01:9100", ["severity"] = "critical", ["team"] = "storage" },
            Links =
            [
                new AlertLink(AlertLinkKinds.Generator, new Uri("https://prometheus.example.com/graph?g0.expr=disk&g0.tab=1")),
                new AlertLink(AlertLinkKinds.Runbook, new Uri("https://wiki.example.com/runbooks/disk")),
            ],
        };
        var others = Enumerable.Range(0, 6).Select(i => Alert($"other-{i}"));

        var result = await h.Intake.IntakeAsync(Notification("g-what", [alert, .. others]), default);

        var tracked = (await h.Incidents.GetAlertsAsync(result.IncidentId!, default)).Single(a => a.Value.DedupKey == "disk").Value;
        Assert.Equal("Only 2% free on /var/lib/postgresql <b>now</b>", tracked.Description);
        Assert.Equal([new("severity", "critical"), new KeyValuePair<string, string>("instance", "db-01:9100")], tracked.Labels);
        Assert.Equal(new Uri("https://wiki.example.com/runbooks/disk"), tracked.Runbook);
        Assert.Equal([AlertLinkKinds.Generator], tracked.Links.Select(l => l.Kind));

        var page = h.Outbox.All.First(m => m.Id.StartsWith($"incident:{result.IncidentId}:page:email:", StringComparison.Ordinal));
        Assert.Contains("Only 2% free on /var/lib/postgresql &lt;b&gt;now&lt;/b&gt;", page.HtmlBody);
        Assert.Contains("instance=db-01:9100", page.HtmlBody);
        Assert.Contains("href=\"https://prometheus.example.com/graph?g0.expr=disk&amp;g0.tab=1\"", page.HtmlBody);
        Assert.Contains("href=\"https://wiki.example.com/runbooks/disk\"", page.HtmlBody);
        Assert.DoesNotContain("team=storage", page.HtmlBody);
        Assert.Contains("https://wiki.example.com/runbooks/disk", page.TextBody);
        Assert.Contains("Only 2% free", page.TextBody);
        Assert.Contains("\n  severity=critical · instance=db-01:9100\n", page.TextBody);
        Assert.DoesNotContain("team=storage", page.TextBody);
        var card = h.Outbox.All.Single(m => m.Id == $"incident:{result.IncidentId}:page:teams");
        Assert.Contains("https://wiki.example.com/runbooks/disk", card.CardJson);
        Assert.Contains("Only 2% free", card.CardJson);
    }

    /// <summary>
    /// An Azure Monitor Sev1 rule opens a SEV2 incident (its scale starts at Sev0): the page says 「Azure Monitor の重大度 Sev1 →
    /// SEV2」 with the alert instead of a bare 「severity: Sev1」 beside 【SEV2 障害】, and the rule's Japanese description comes
    /// right under the title (the rule's name). Trial L2.
    /// </summary>
    [Fact]
    public async Task FirstFiring_AzureMonitorSev1_PageSaysItIsSev2HereAndTheDescriptionUnderTheTitle()
    {
        var h = await CreateAsync();
        var notification = OnDuty.Core.Tests.Alerts.AlertSamples.ParseOk(AlertSources.AzureMonitor, OnDuty.Core.Tests.Alerts.AlertSamples.Mutate("azure-monitor-metric-fired.json", root =>
        {
            var essentials = root["data"]!["essentials"]!;
            essentials["severity"] = "Sev1";
            essentials["alertRule"] = "login-api-response-time-p95";
            essentials["configurationItems"] = new System.Text.Json.Nodes.JsonArray("app-login-prod");
            essentials["description"] = "ログインAPIの応答時間(p95)が3秒を超えています";
        }));

        var result = await h.Intake.IntakeAsync(notification, default);

        Assert.Equal(AlertSeverity.Sev2, (await h.IncidentAsync(result.IncidentId!)).Severity);
        var pages = h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{result.IncidentId}:page:email:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var ja = page.Subject!.StartsWith("【", StringComparison.Ordinal);
            Assert.StartsWith(ja ? "【SEV2 障害】" : "[SEV2 incident]", page.Subject, StringComparison.Ordinal);
            var lines = page.TextBody!.Split('\n');
            Assert.Equal($"{result.IncidentId} login-api-response-time-p95 (app-login-prod, ApiName=GetBlob)", lines[0]);
            Assert.Equal("ログインAPIの応答時間(p95)が3秒を超えています", lines[1]);
            Assert.Contains(ja ? "  Azure Monitor の重大度 Sev1 → SEV2" : "  Azure Monitor severity Sev1 → SEV2", lines);
            Assert.DoesNotContain("severity=Sev1", page.TextBody, StringComparison.Ordinal);
            Assert.Contains(ja ? "<p style=\"margin:4px 0\">Azure Monitor の重大度 Sev1 → SEV2</p>" : "<p style=\"margin:4px 0\">Azure Monitor severity Sev1 → SEV2</p>", page.HtmlBody);
            Assert.DoesNotContain("severity=Sev1", page.HtmlBody, StringComparison.Ordinal);
            // Said once, under the title, not again in the alert's block.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(page.HtmlBody!, "ログインAPIの応答時間"));
        }

        var card = System.Text.Json.Nodes.JsonNode.Parse(h.Outbox.All.Single(m => m.Id == $"incident:{result.IncidentId}:page:teams").CardJson!)!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("Sev1 → SEV2", card);
        Assert.Contains("ログインAPIの応答時間(p95)が3秒を超えています", card);
    }

    /// <summary>
    /// Trial 31b M1: an Azure activity-log alert never resolves, so its page mail and card say a person has to close the incident
    /// (「この種類のアラートは復旧を通知しません。確認後に手動で解決してください」); a metric alert's, which Azure resolves, does not.
    /// </summary>
    [Fact]
    public async Task FirstFiring_AzureActivityLog_PageAndCardSayAPersonResolvesIt_AMetricAlertsDoNot()
    {
        var h = await CreateAsync();
        var activity = OnDuty.Core.Tests.Alerts.AlertSamples.ParseSample("azure-monitor-activity-log-fired.json");
        var metric = OnDuty.Core.Tests.Alerts.AlertSamples.ParseSample("azure-monitor-metric-fired.json");

        var byHand = (await h.Intake.IntakeAsync(activity, default)).IncidentId!;
        var byAzure = (await h.Intake.IntakeAsync(metric, default)).IncidentId!;

        Assert.True(Assert.Single(await h.Incidents.GetAlertsAsync(byHand, default)).Value.ResolvesOnlyByHand);
        var pages = h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{byHand}:page:email:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        foreach (var page in pages)
        {
            var note = page.Subject!.StartsWith("【", StringComparison.Ordinal)
                ? "この種類のアラートは復旧を通知しません。確認後に手動で解決してください。"
                : "Alerts of this kind never report a recovery. Resolve the incident yourself once you have checked.";
            Assert.Contains("  " + note, page.TextBody!.Split('\n'));
            Assert.Contains($"<p style=\"margin:4px 0\">{note}</p>", page.HtmlBody, StringComparison.Ordinal);
        }

        var card = System.Text.Json.Nodes.JsonNode.Parse(h.Outbox.All.Single(m => m.Id == $"incident:{byHand}:page:teams").CardJson!)!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("確認後に手動で解決してください", card, StringComparison.Ordinal);
        Assert.All(h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{byAzure}:", StringComparison.Ordinal) && m.TextBody is not null),
            m => Assert.DoesNotContain("復旧を通知しません", m.TextBody + m.HtmlBody, StringComparison.Ordinal));
    }

    /// <summary>A source's word that is no numbered severity (Alertmanager's <c>critical</c>) stays the label it is.</summary>
    [Fact]
    public async Task FirstFiring_LabelCritical_NoSeverityNoteTheLabelAsItIs()
    {
        var h = await CreateAsync();
        var alert = Alert("disk", severity: AlertSeverity.Sev1) with { Labels = new Dictionary<string, string> { ["severity"] = "critical" } };

        var result = await h.Intake.IntakeAsync(Notification("g-critical", alert), default);

        var page = h.Outbox.All.First(m => m.Id.StartsWith($"incident:{result.IncidentId}:page:email:", StringComparison.Ordinal));
        Assert.Contains("  severity=critical\n", page.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("→ SEV", page.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Firing_LinksNotHttpAndOversizedDetails_LeftOutOrCut()
    {
        var h = await CreateAsync();
        var alert = Alert("odd") with
        {
            Description = new string('障', 5000),
            Labels = new Dictionary<string, string> { ["instance"] = new string('x', 5000) },
            Links =
            [
                new AlertLink(AlertLinkKinds.Generator, new Uri("file:///etc/passwd")),
                new AlertLink(AlertLinkKinds.Panel, new Uri("https://grafana.example.com/d/" + new string('p', 2000))),
                new AlertLink(AlertLinkKinds.Silence, new Uri("https://grafana.example.com/silence")),
            ],
        };

        var result = await h.Intake.IntakeAsync(Notification("g-odd", alert), default);

        var tracked = (await h.Incidents.GetAlertsAsync(result.IncidentId!, default)).Single().Value;
        Assert.Equal(TrackedAlert.MaxDescriptionLength, tracked.Description!.Length);
        Assert.Equal(TrackedAlert.MaxLabelValueLength, tracked.Labels.Single().Value.Length);
        Assert.Equal(["https://grafana.example.com/silence"], tracked.Links.Select(l => l.Href.AbsoluteUri));
    }

    /// <summary>
    /// An Events v2 or generic resolve names no summary: its timeline row (and so the incident report's 対応経緯) said
    /// 「アラート解消 Resolved: db-replica-lag-prod」, the dedup key, where every other source's resolve repeats the alert's
    /// summary (trial day 35, L4). It says the summary the alert fired with.
    /// </summary>
    [Theory]
    [InlineData("generic-trigger.json", "generic-resolve.json")]
    [InlineData("pagerduty-trigger.json", "pagerduty-resolve.json")]
    public async Task Resolve_WithoutSummary_TimelineSaysTheSummaryTheAlertFiredWith(string trigger, string resolve)
    {
        var h = await CreateAsync();
        var fired = Alerts.AlertSamples.ParseSample(trigger);
        var id = (await h.Intake.IntakeAsync(fired, default)).IncidentId!;

        var result = await h.Intake.IntakeAsync(Alerts.AlertSamples.ParseSample(resolve), default);

        Assert.Equal(AlertIntakeOutcome.Resolved, result.Outcome);
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertResolved);
        Assert.Equal(Assert.Single(fired.Alerts).Summary, row.Message);
    }

    /// <summary>A resolve that says its summary keeps it (an Alertmanager resolve's annotation may say more than the firing did).</summary>
    [Fact]
    public async Task Resolve_WithASummary_TimelineSaysIt()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alerts.AlertSamples.ParseSample("generic-trigger.json"), default)).IncidentId!;
        var resolve = Alerts.AlertSamples.Mutate("generic-resolve.json", root => root["summary"] = "Checkout latency back under 2s");

        await h.Intake.IntakeAsync(Alerts.AlertSamples.ParseOk(AlertSources.Generic, resolve), default);

        Assert.Equal("Checkout latency back under 2s", Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertResolved).Message);
    }
}
