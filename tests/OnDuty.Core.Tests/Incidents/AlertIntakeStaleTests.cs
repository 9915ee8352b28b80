using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Stale firings (trial 31b M2): an Alertmanager HA peer delivers a group's firing after the other peer's resolve. The firing's
/// <c>startsAt</c> is not after the <c>endsAt</c> recorded for the alert, so it is a late delivery: a timeline row at most,
/// never a reopen, a new incident or a page. A real new firing has a new <c>startsAt</c> and still reopens and pages.
/// </summary>
public sealed class AlertIntakeStaleTests
{
    private static readonly DateTimeOffset Started = T0.AddMinutes(-10);

    /// <summary>
    /// t7_stale.py: open, resolve (endsAt now), then the same alert firing with the same startsAt from the lagging HA peer. It
    /// answered Reopened and paged the pair again (【再発】).
    /// </summary>
    [Fact]
    public async Task FiringWithTheSameStartsAtAfterItsResolve_IsStale_NoReopenNoPage_ANewStartsAtReopens()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", Started, null)), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "resolved", Started, T0.AddMinutes(1))), default)).Outcome);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var stale = await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", Started, null)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Stale, id), (stale.Outcome, stale.IncidentId));
        var incident = await h.IncidentAsync(id);
        Assert.False(incident.IsOpen);
        Assert.Equal(0, incident.ReopenCount);
        Assert.Empty(await h.Incidents.ListOpenIdsAsync(default));
        Assert.Equal(sent, h.Email.Sent.Count);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated && t.AlertKey == "s-1" && t.Message == TimelineTexts.StaleFiring);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);

        // A real new firing starts after the resolve: it reopens and pages as before.
        var refired = await h.Intake.IntakeAsync(Alertmanager("g-ha", ("s-1", "firing", T0.AddMinutes(1).AddSeconds(30), null)), default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (refired.Outcome, refired.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.True(h.Email.Sent.Count > sent);
    }

    /// <summary>
    /// t3_parallel.py "rbf": the resolve arrives first (no incident: ignored), then the stale firing. It opened an incident no
    /// resolve would ever close, and paged. The resolve is remembered a while, so the firing behind it opens nothing.
    /// </summary>
    [Fact]
    public async Task ResolveWithNoIncident_ThenItsStaleFiring_OpensNothing_ARealFiringOpens()
    {
        var h = await CreateAsync();

        var resolve = await h.Intake.IntakeAsync(Alertmanager("g-rbf", ("r-1", "resolved", Started, T0)), default);
        var stale = await h.Intake.IntakeAsync(Alertmanager("g-rbf", ("r-1", "firing", Started, null)), default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Ignored, resolve.Outcome);
        Assert.Equal(1, h.Incidents.RememberedResolves);
        Assert.Equal((AlertIntakeOutcome.Stale, null), (stale.Outcome, stale.IncidentId));
        Assert.Equal(0, h.Incidents.Count);
        Assert.Empty(h.Email.Sent);

        var real = await h.Intake.IntakeAsync(Alertmanager("g-rbf", ("r-1", "firing", T0.AddSeconds(30), null)), default);

        Assert.Equal(AlertIntakeOutcome.Opened, real.Outcome);
    }

    /// <summary>Counted only a while: a firing with the old startsAt later than the stale window after the resolve opens (when in doubt, page).</summary>
    [Fact]
    public async Task ResolveWithNoIncident_CountsForTheStaleWindowOnly()
    {
        var h = await CreateAsync();
        await h.Intake.IntakeAsync(Alertmanager("g-old", ("o-1", "resolved", Started, T0)), default);
        h.Time.Advance(AlertIntake.StaleFiringWindow + TimeSpan.FromSeconds(1));

        var firing = await h.Intake.IntakeAsync(Alertmanager("g-old", ("o-1", "firing", Started, null)), default);

        Assert.Equal(AlertIntakeOutcome.Opened, firing.Outcome);
    }

    /// <summary>
    /// Stale only just after the resolve (<see cref="AlertIntake.StaleFiringWindow"/>): the same alert firing again with its old
    /// start minutes later — Prometheus back after a gap longer than Alertmanager's resolve_timeout — reopens and pages, as a
    /// firing after a resolve remembered with no incident opens one. When in doubt, page.
    /// </summary>
    [Fact]
    public async Task SameStartsAtLaterThanTheWindowAfterTheResolve_ReopensAndPages()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-gap", ("p-1", "firing", Started, null)), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Intake.IntakeAsync(Alertmanager("g-gap", ("p-1", "resolved", Started, T0.AddMinutes(1))), default);
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;
        h.Time.Advance(AlertIntake.StaleFiringWindow + TimeSpan.FromSeconds(1));

        var again = await h.Intake.IntakeAsync(Alertmanager("g-gap", ("p-1", "firing", Started, null)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (again.Outcome, again.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.True(h.Email.Sent.Count > sent, "the reopen pages");

        await h.Intake.IntakeAsync(Alertmanager("g-gone", ("q-1", "resolved", Started, T0)), default);
        h.Time.Advance(AlertIntake.StaleFiringWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(AlertIntakeOutcome.Opened, (await h.Intake.IntakeAsync(Alertmanager("g-gone", ("q-1", "firing", Started, null)), default)).Outcome);
    }

    /// <summary>
    /// Trial 39 L10: the resolve's <c>endsAt</c> was later than the next firing's <c>startsAt</c>, and that firing came past the minute.
    /// The delivery reopened the incident (not stale: past the minute) and then recorded the same firing as stale ("not reopened"),
    /// leaving the alert resolved under the 【再発】 page, which listed it as 「…（復旧済み）」. One story now: reopened, the alert fired again.
    /// </summary>
    [Fact]
    public async Task ResolveEndingAfterTheNextStart_FiringPastTheMinute_ReopensAndTheAlertFiresAgain_NoStaleRow()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-l10", ("l-1", "firing", Started, null)), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Intake.IntakeAsync(Alertmanager("g-l10", ("l-1", "resolved", Started, T0.AddMinutes(5))), default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var again = await h.Intake.IntakeAsync(Alertmanager("g-l10", ("l-1", "firing", T0.AddMinutes(3), null)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Reopened, id, 1), (again.Outcome, again.IncidentId, again.Fired));
        var timeline = await h.TimelineAsync(id);
        Assert.Single(timeline, t => t.Kind == TimelineKind.Reopened);
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.AlertRepeated);
        Assert.StartsWith(TimelineTexts.FiredAgainPrefix, timeline.Last(t => t.Kind == TimelineKind.AlertFired).Message, StringComparison.Ordinal);
        Assert.Equal(AlertStatus.Firing, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);
        var pages = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages, s => Assert.DoesNotContain("（復旧済み）", s.Message.TextBody, StringComparison.Ordinal));
    }

    /// <summary>In an open incident, a stale firing of an alert that resolved stays resolved, and the incident resolves with the rest.</summary>
    [Fact]
    public async Task StaleFiringInAnOpenIncident_AlertStaysResolved()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-open", ("a", "firing", Started, null), ("b", "firing", Started, null)), default)).IncidentId!;
        await h.Intake.IntakeAsync(Alertmanager("g-open", ("a", "resolved", Started, T0)), default);

        var stale = await h.Intake.IntakeAsync(Alertmanager("g-open", ("a", "firing", Started, null)), default);

        Assert.Equal(AlertIntakeOutcome.Stale, stale.Outcome);
        var alerts = (await h.Incidents.GetAlertsAsync(id, default)).ToDictionary(a => a.Value.DedupKey, a => a.Value.Status);
        Assert.Equal(AlertStatus.Resolved, alerts["a"]);
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Alertmanager("g-open", ("b", "resolved", Started, T0)), default)).Outcome);
    }

    /// <summary>
    /// Race0: the delivery that reopened the incident (the group's claim still named it, the incident had resolved) was answered
    /// Folded. It is answered Reopened.
    /// </summary>
    [Fact]
    public async Task FiringIntoAnIncidentResolvedUnderTheClaim_AnsweredReopened()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        // Resolved between this delivery reading the group's claim and folding: the claim still names it.
        await h.Incidents.MutateAsync(id, i => i.Resolve("alert:alertmanager", h.Time.GetUtcNow()), default);

        var result = await h.Intake.IntakeAsync(Notification("g1", Alert("disk")), default);

        Assert.Equal((AlertIntakeOutcome.Reopened, id), (result.Outcome, result.IncidentId));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>"resolved again ×9" counted 4 firing repeats too (INC-0029): resolves and firings are counted apart.</summary>
    [Fact]
    public void TimelinePage_ResolvedAgainCountsOnlyResolves()
    {
        TimelineEntry Row(int minute, string message) => new()
        {
            At = T0.AddMinutes(minute), Kind = TimelineKind.AlertRepeated, By = "alert:alertmanager", AlertKey = "cpu", Message = message,
        };
        var rows = new[]
        {
            Row(1, "cpu is firing"), Row(2, TimelineTexts.ResolvedAgain), Row(3, "cpu is firing"), Row(4, TimelineTexts.ResolvedAgain),
            Row(5, TimelineTexts.ResolvedAgain), Row(6, "cpu is firing"), Row(7, "cpu is firing"), Row(8, TimelineTexts.ResolvedAgain), Row(9, TimelineTexts.ResolvedAgain),
        };

        var page = TimelinePage.From(rows.Reverse(), null);

        Assert.Equal(2, page.Repeats.Count);
        Assert.All(page.Repeats, r => Assert.Equal("cpu", r.AlertKey));
        Assert.Equal(5, Assert.Single(page.Repeats, r => r.LastMessage == TimelineTexts.ResolvedAgain).Count);
        Assert.Equal(4, Assert.Single(page.Repeats, r => r.LastMessage == "cpu is firing").Count);
    }
}
