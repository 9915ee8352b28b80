using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Deliveries an instance takes while busy (more than <see cref="IncidentOptions.InlineIntakeLimit"/> applying at once):
/// stored in its inbox, answered Accepted, applied just after in the order accepted, by the instance, its orderly stop, or
/// another instance's sweep when it died. Each opens, pages and resolves as if applied on its request.
/// </summary>
public sealed class AlertIntakeBusyTests
{
    [Fact]
    public async Task FirstFiring_WhileBusy_AcceptedThenOpenedAndPaged()
    {
        var h = await CreateAsync(o => o.InlineIntakeLimit = 0);

        var result = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Accepted, null, 0, 0, 0), result);
        var claim = await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default);
        var incident = await h.IncidentAsync(claim!.IncidentId!);
        Assert.True(incident.IsOpen);
        Assert.Equal(2, (await h.Incidents.GetAlertsAsync(incident.Id, default)).Count);
        Assert.Equal(await h.DutyEmailsAsync(), h.Email.Sent.Select(s => s.Message.To).Order(StringComparer.Ordinal).ToList());
        Assert.Empty(h.Inbox.Stored);
        Assert.Equal((0, null), h.Intake.Backlog);
    }

    /// <summary>Fire then resolve, both while busy: applied in that order, so the incident opens and then resolves (never a resolve of nothing, then an incident left open).</summary>
    [Fact]
    public async Task FireThenResolve_BothWhileBusy_AppliedInOrder_IncidentResolved()
    {
        var h = await CreateAsync(o => o.InlineIntakeLimit = 0);

        var fired = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        var resolved = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Accepted, AlertIntakeOutcome.Accepted), (fired.Outcome, resolved.Outcome));
        Assert.Null(await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default));
        var last = (await h.Incidents.GetGroupAsync("alertmanager", "g1", default)).Last!;
        var incident = await h.IncidentAsync(last.IncidentId);
        Assert.False(incident.IsOpen);
        var kinds = (await h.TimelineAsync(incident.Id)).Select(t => t.Kind).ToList();
        Assert.True(kinds.IndexOf(TimelineKind.AlertFired) < kinds.IndexOf(TimelineKind.AlertResolved), string.Join(", ", kinds));
    }

    /// <summary>A firing accepted while busy, then its resolve when the instance is no longer busy: the resolve applies the firing first and resolves the incident it opened.</summary>
    [Fact]
    public async Task FiringAcceptedWhileBusy_ResolveInline_AppliesTheFiringFirst()
    {
        var h = await CreateAsync(o => o.InlineIntakeLimit = 0);
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        h.Options.InlineIntakeLimit = 2;

        var resolved = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);

        Assert.Equal(AlertIntakeOutcome.Resolved, resolved.Outcome);
        Assert.False((await h.IncidentAsync(resolved.IncidentId!)).IsOpen);
        Assert.Equal(1, h.Incidents.Count);
    }

    /// <summary>
    /// A resolve accepted while busy, then the same alert firing again: until the resolve is applied the instance's memory of the
    /// group's firing alerts is out of date, so the firing is not taken as a repeat of them (which, applied after the resolve,
    /// would count as a repeat of the incident before it resolved and page nobody). It reopens the incident.
    /// </summary>
    [Fact]
    public async Task ResolveAcceptedWhileBusy_ThenFiringAgain_NotARepeat_Reopens()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        h.Options.InlineIntakeLimit = 0;

        var resolve = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        var again = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal((AlertIntakeOutcome.Accepted, AlertIntakeOutcome.Accepted), (resolve.Outcome, again.Outcome));
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Equal(AlertStatus.Firing, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);
        Assert.Equal(id, (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))!.IncidentId);
    }

    /// <summary>
    /// Parallel first firings of one group, some applied on their requests and the rest accepted while busy: one incident, one
    /// page, every other delivery a repeat in its timeline (the same invariant as applied all on their requests).
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(1000)]
    public async Task ParallelFirstFirings_AnyLimit_OneIncidentOnePageEveryRepeatRecorded(int limit)
    {
        var h = await CreateAsync(o => o.InlineIntakeLimit = limit);

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => h.Intake.IntakeAsync(Notification("storm", Alert("cpu")), default))));
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(1, h.Incidents.Count);
        var id = (await h.Incidents.GetOpenGroupAsync("alertmanager", "storm", default))!.IncidentId!;
        Assert.All(results, r => Assert.True(r.Outcome == AlertIntakeOutcome.Accepted || r.IncidentId == id, $"{r}"));
        Assert.True(results.Count(r => r.Outcome == AlertIntakeOutcome.Opened) <= 1);
        if (limit == 0)
        {
            Assert.All(results, r => Assert.Equal(AlertIntakeOutcome.Accepted, r.Outcome));
        }

        var timeline = await h.TimelineAsync(id);
        Assert.Single(timeline, t => t.Kind == TimelineKind.AlertFired);
        Assert.Equal(19, timeline.Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Equal((await h.DutyEmailsAsync()).Count, h.Email.Sent.Count);
        Assert.Empty(h.Inbox.Stored);
    }

    /// <summary>An instance died holding deliveries it accepted while busy (a new group, and another group's fire and resolve): the sweep opens, pages and resolves them in the order accepted.</summary>
    [Fact]
    public async Task Sweep_AppliesWhatADeadInstanceAcceptedWhileBusy_InOrder()
    {
        var h = await CreateAsync();
        var at = h.Time.GetUtcNow();
        h.Inbox.Put(Delivery("dead", "1", at, Notification("g1", Alert("cpu"))));
        h.Inbox.Put(Delivery("dead", "2", at, Notification("g2", Alert("disk"))));
        h.Inbox.Put(Delivery("dead", "3", at, Notification("g2", Alert("disk", AlertStatus.Resolved))));
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var swept = await h.Intake.SweepInboxAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(3, swept);
        Assert.Empty(h.Inbox.Stored);
        var g1 = (await h.Incidents.GetOpenGroupAsync("alertmanager", "g1", default))!.IncidentId!;
        Assert.True((await h.IncidentAsync(g1)).IsOpen);
        var g2 = (await h.Incidents.GetGroupAsync("alertmanager", "g2", default)).Last!.IncidentId;
        Assert.False((await h.IncidentAsync(g2)).IsOpen);
        Assert.Contains(h.Email.Sent, s => s.Message.Subject.Contains(g1, StringComparison.Ordinal));
    }

    /// <summary>Storage refusing while deliveries accepted while busy wait: they are kept and tried again, the health check says they are late, and they apply once storage answers.</summary>
    [Fact]
    public async Task ApplyFailing_DeliveriesKept_ReportedLate_AppliedOnceStorageAnswers()
    {
        var h = await CreateAsync(o => o.InlineIntakeLimit = 0);
        var check = new AlertBacklogCheck(h.Intake, h.Time);
        h.Incidents.FailGroupReads = new DependencyUnavailableException("Table Storage", new IOException("down"));

        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        Assert.Null(await check.CheckAsync(default));
        h.Time.Advance(AlertBacklogCheck.Late);

        var reason = await check.CheckAsync(default);
        Assert.Equal(1, h.Intake.Backlog.Count);
        Assert.Single(h.Inbox.Stored);
        Assert.Contains("1 alert deliveries accepted and not applied yet", reason, StringComparison.Ordinal);

        h.Incidents.FailGroupReads = null;
        await h.Intake.DrainAsync(default).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(1, h.Incidents.Count);
        Assert.Null(await check.CheckAsync(default));
        Assert.Empty(h.Inbox.Stored);
    }

    [Fact]
    public void Options_InlineIntakeLimitOutOfRange_Refused()
    {
        var options = new IncidentOptions { InlineIntakeLimit = -1 };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(e => e.ErrorMessage).ToList();

        Assert.Contains("Incidents__InlineIntakeLimit must be between 0 and 1000.", errors);
    }

    private static InboxDelivery Delivery(string inbox, string id, DateTimeOffset at, AlertNotification notification) => new()
    {
        Inbox = inbox,
        Id = id,
        IncidentId = InboxDelivery.AnyIncident,
        AlertVersion = 0,
        AcceptedAt = at,
        Notification = JsonSerializer.Serialize(notification, AlertIntake.NotificationJson),
    };
}
