using System.Text.Json;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>Repeats accepted through the inbox (group commit) and applied to their incidents after: nothing accepted is lost, order holds.</summary>
public sealed class AlertInboxTests
{
    [Fact]
    public async Task ParallelRepeats_SharedAppends_EveryOneApplied_InboxEmptied()
    {
        var h = await CreateAsync();
        var ids = new List<string>();
        for (var g = 0; g < 5; g++)
        {
            ids.Add((await h.Intake.IntakeAsync(Notification($"g{g}", Alert("cpu")), default)).IncidentId!);
        }

        h.Inbox.AppendLatency = TimeSpan.FromMilliseconds(5); // a round trip: the requests arriving meanwhile share the next

        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(n => Task.Run(() => h.Intake.IntakeAsync(Notification($"g{n % 5}", Alert("cpu")), default))));

        Assert.All(results, r => Assert.Equal(AlertIntakeOutcome.Folded, r.Outcome));
        Assert.True(h.Inbox.Appends < 200, $"{h.Inbox.Appends} appends for 200 repeats: no group commit");
        await h.Intake.DrainAsync(default);
        Assert.Equal(200, await RepeatsAsync(h, ids));
        Assert.Empty(h.Inbox.Stored);
        Assert.Equal(5, h.Incidents.Count);
        Assert.Equal(0, h.Inbox.Finds); // applied from what the instance kept of each: no notification read back
    }

    /// <summary>
    /// What a storm's gathered repeats hold until applied: their repeat (alert keys, timeline texts, severity), not their
    /// notification — that is stored in the inbox row, where the full path reads it back. They were the garbage collector's
    /// second generation growing in a repeat storm (about 3 KB each, 800 of them gathered at 2,000/s).
    /// </summary>
    [Fact]
    public async Task AcceptedRepeat_KeptUntilApplied_WithoutItsNotification_TheRowHasIt()
    {
        var inbox = new Fakes.InMemoryAlertInbox();
        var applied = new List<InboxDelivery>();
        var apply = new TaskCompletionSource();
        var journal = new RepeatJournal(inbox, async (deliveries, _) =>
        {
            await apply.Task; // held until the stored row is looked at
            lock (applied)
            {
                applied.AddRange(deliveries);
            }
        }, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var json = JsonSerializer.Serialize(Notification("g1", Alert("cpu")), AlertIntake.NotificationJson);
        var repeat = new AcceptedRepeat("alertmanager", [new RepeatedAlert("cpu", "CPU high")], AlertSeverity.Sev2);

        await journal.AcceptAsync("alertmanager", "g1", "inc-1", 3, json, repeat, default);
        var stored = Assert.Single(inbox.Stored);
        apply.SetResult();
        await journal.DrainAsync(default).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal((json, null), (stored.Notification, stored.Repeat));
        var kept = Assert.Single(applied);
        Assert.Equal(("", repeat, "inc-1", 3L, stored.Id), (kept.Notification, kept.Repeat, kept.IncidentId, kept.AlertVersion, kept.Id));
        Assert.Empty(inbox.Stored);
        Assert.Null(await inbox.FindAsync(kept, default));
    }

    /// <summary>
    /// A repeat this instance accepted and kept only as a repeat, of an incident another instance resolved just before: the record
    /// no longer bears it out, so it takes the full path with its notification read back from the inbox row, and reopens the
    /// incident as a firing into a resolved incident does.
    /// </summary>
    [Fact]
    public async Task AcceptedRepeat_IncidentResolvedElsewhereFirst_NotificationReadBackFromTheInbox_Reopens()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        await h.SecondInstance().IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        h.Time.Advance(TimeSpan.FromSeconds(1));

        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default); // this instance still knows it firing
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertIntakeOutcome.Folded, repeat.Outcome);
        Assert.Equal(1, h.Inbox.Finds);
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Empty(h.Inbox.Stored);
    }

    /// <summary>
    /// Repeats then one alert's resolve, on one instance (the other alert still fires): the repeats are applied before the
    /// resolve, so a repeat accepted before it never fires the resolved alert again afterwards.
    /// </summary>
    [Fact]
    public async Task RepeatsThenResolve_SameInstance_RepeatsAppliedBeforeTheResolve_AlertStaysResolved()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;
        for (var i = 0; i < 3; i++)
        {
            await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        }

        var resolved = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(new AlertIntakeResult(AlertIntakeOutcome.Folded, id, 0, 0, 1), resolved);
        var alerts = (await h.Incidents.GetAlertsAsync(id, default)).ToDictionary(a => a.Value.DedupKey, a => a.Value.Status);
        Assert.Equal(AlertStatus.Resolved, alerts["cpu"]);
        var timeline = await h.TimelineAsync(id);
        Assert.Equal(3, timeline.Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Single(timeline, t => t.Kind == TimelineKind.AlertFired && t.AlertKey == "cpu");
    }

    /// <summary>Storage refusing the inbox write: the request fails (the sender retries its 5xx), nothing is applied, and the group is not held back.</summary>
    [Fact]
    public async Task AppendRefused_RequestFails_NothingApplied_GroupNotHeldBack()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        h.Inbox.FailAppends = new DependencyUnavailableException("Table Storage", new IOException("down"));

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default));
        h.Inbox.FailAppends = null;
        var resolved = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default).WaitAsync(TimeSpan.FromSeconds(20));
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertIntakeOutcome.Resolved, resolved.Outcome);
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated);
        Assert.Empty(h.Inbox.Stored);
    }

    /// <summary>An instance died with repeats accepted: the sweep applies them (only those older than the orphan age) and removes them.</summary>
    [Fact]
    public async Task Sweep_AppliesWhatADeadInstanceAccepted_LeavesYoungerOnes()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        var version = (await h.IncidentAsync(id)).AlertVersion;
        h.Inbox.Put(Delivery("dead", "1", id, version, h.Time.GetUtcNow(), Notification("g1", Alert("cpu"))));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        h.Inbox.Put(Delivery("dead", "2", id, version, h.Time.GetUtcNow(), Notification("g1", Alert("cpu"))));

        var swept = await h.Intake.SweepInboxAsync(default);

        Assert.Equal(1, swept);
        Assert.Equal("2", Assert.Single(h.Inbox.Stored).Id);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated);
        Assert.Equal(1, h.Incidents.Count);
    }

    /// <summary>
    /// A repeat accepted while the incident was open, applied after another instance resolved it: it repeated an open incident
    /// and is recorded as such; one accepted after the resolve is a firing into a resolved incident, which reopens it.
    /// </summary>
    [Fact]
    public async Task Apply_ResolvedAfterAcceptance_ARepeat_ResolvedBefore_Reopens()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        var version = (await h.IncidentAsync(id)).AlertVersion;
        var before = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.SecondInstance().IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), default);
        h.Inbox.Put(Delivery("dead", "1", id, version, before, Notification("g1", Alert("cpu"))));
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.SweepInboxAsync(default);

        Assert.False((await h.IncidentAsync(id)).IsOpen);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated);

        h.Inbox.Put(Delivery("dead", "2", id, version, h.Time.GetUtcNow() - TimeSpan.FromMinutes(2.5), Notification("g1", Alert("cpu"))));
        await h.Intake.SweepInboxAsync(default);

        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(1, incident.ReopenCount);
        Assert.Empty(h.Inbox.Stored);
    }

    /// <summary>
    /// Accepted repeats that cannot be applied (their incident's record cannot be read): /api/health's check says so once the
    /// oldest waited 30 s, with how many; they stay in the inbox and apply once storage answers, and the check clears.
    /// </summary>
    [Fact]
    public async Task AcceptedRepeatsNotApplied_ReportedLateAfter30s_ClearedOnceApplied()
    {
        var h = await CreateAsync();
        var check = new AlertBacklogCheck(h.Intake, h.Time);
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        var storage = new TaskCompletionSource();
        h.Incidents.HoldRecordReads = storage.Task;

        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default);
        var early = await check.CheckAsync(default);
        h.Time.Advance(AlertBacklogCheck.Late);
        var late = await check.CheckAsync(default);

        Assert.Null(early);
        Assert.Equal((2, AlertBacklogCheck.Late), (h.Intake.Backlog.Count, h.Time.GetUtcNow() - h.Intake.Backlog.Oldest));
        Assert.Equal("2 alert deliveries accepted and not applied to their incidents yet, the oldest 30 s ago", late);
        Assert.Equal(2, h.Inbox.Stored.Count);

        storage.SetResult();
        await h.Intake.DrainAsync(default);

        Assert.Null(await check.CheckAsync(default));
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertRepeated));
        Assert.Empty(h.Inbox.Stored);
    }

    /// <summary>A more urgent alert in an accepted repeat raises the incident's severity when applied.</summary>
    [Fact]
    public async Task AcceptedRepeat_MoreUrgentAlert_RaisesSeverityWhenApplied()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", severity: AlertSeverity.Sev3)), default)).IncidentId!;

        var repeat = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", severity: AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertIntakeOutcome.Folded, repeat.Outcome);
        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(id)).Severity);
    }

    /// <summary>
    /// A stopped instance's delivery this build cannot read (written by another build, or damaged): the sweep applies everything
    /// else — the same incident's readable delivery and another incident's more urgent repeat — and leaves that one in the inbox
    /// for a build that reads it. Before, it threw, and the escalation run it goes first in sent no step at all.
    /// </summary>
    [Fact]
    public async Task Sweep_ADeliveryThisBuildCannotRead_EverythingElseApplied_ItStaysInTheInbox()
    {
        var h = await CreateAsync();
        var a = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        var b = (await h.Intake.IntakeAsync(Notification("g2", Alert("cpu", severity: AlertSeverity.Sev4)), default)).IncidentId!;
        var accepted = h.Time.GetUtcNow();
        h.Inbox.Put(Delivery("dead-a", "1", a, (await h.IncidentAsync(a)).AlertVersion, accepted, Notification("g1", Alert("cpu"))) with { Notification = "{not json" });
        h.Inbox.Put(Delivery("dead-a", "2", a, (await h.IncidentAsync(a)).AlertVersion, accepted, Notification("g1", Alert("cpu"))));
        h.Inbox.Put(Delivery("dead-b", "1", b, (await h.IncidentAsync(b)).AlertVersion, accepted, Notification("g2", Alert("cpu", severity: AlertSeverity.Sev1))));
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var swept = await h.Intake.SweepInboxAsync(default);

        Assert.Equal(2, swept);
        Assert.Single(await h.TimelineAsync(a), t => t.Kind == TimelineKind.AlertRepeated);
        Assert.Equal(AlertSeverity.Sev1, (await h.IncidentAsync(b)).Severity);
        var left = Assert.Single(h.Inbox.Stored);
        Assert.Equal(("dead-a", "1"), (left.Inbox, left.Id));
    }

    /// <summary>
    /// An unreadable delivery is not tried every minute without end: unread an hour after it was accepted, the sweep sets it
    /// aside with why (a thousand such rows would otherwise crowd newer deliveries out of its read), /api/health says so, and a
    /// younger unreadable one stays in the inbox for a build that reads it.
    /// </summary>
    [Fact]
    public async Task Sweep_UnreadableForAnHour_SetAsideWithWhy_HealthDegraded_YoungerOneStays()
    {
        var h = await CreateAsync();
        var a = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default)).IncidentId!;
        var version = (await h.IncidentAsync(a)).AlertVersion;
        var check = new UnreadableDeliveriesCheck(h.Inbox, h.Time);
        Assert.Null(await check.CheckAsync(default));
        h.Inbox.Put(Delivery("dead-a", "1", a, version, h.Time.GetUtcNow(), Notification("g1", Alert("cpu"))) with { Notification = "{not json" });
        h.Time.Advance(TimeSpan.FromMinutes(50));
        h.Inbox.Put(Delivery("dead-a", "2", a, version, h.Time.GetUtcNow(), Notification("g1", Alert("cpu"))) with { Notification = "[]" });
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.SweepInboxAsync(default); // 53 and 3 minutes old: both stay
        Assert.Equal(["1", "2"], h.Inbox.Stored.Select(d => d.Id));
        Assert.Empty(h.Inbox.SetAside);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Intake.SweepInboxAsync(default); // 63 and 13 minutes old

        var setAside = Assert.Single(h.Inbox.SetAside);
        Assert.Equal(("dead-a", "1", "{not json"), (setAside.Delivery.Inbox, setAside.Delivery.Id, setAside.Delivery.Notification));
        Assert.False(string.IsNullOrWhiteSpace(setAside.Error));
        Assert.Equal(["2"], h.Inbox.Stored.Select(d => d.Id));
        var degraded = await check.CheckAsync(default);
        Assert.NotNull(degraded);
        Assert.Contains("1 accepted alert deliveries could not be read", degraded, StringComparison.Ordinal);
        Assert.Contains(a, degraded, StringComparison.Ordinal);

        // A build that reads it arrives (here: the row mended): the sweep an hour later applies it and it leaves the set-aside rows.
        var readable = Delivery("dead-a", "1", a, version, setAside.Delivery.AcceptedAt, Notification("g1", Alert("cpu")));
        await h.Inbox.SetAsideAsync([readable], "mended", default);
        var repeatsBefore = (await h.TimelineAsync(a)).Count(t => t.Kind == TimelineKind.AlertRepeated);
        h.Time.Advance(TimeSpan.FromMinutes(61));
        await h.Intake.SweepInboxAsync(default);
        Assert.Equal(["2"], h.Inbox.SetAside.Select(x => x.Delivery.Id)); // "[]" is still unreadable: set aside now, as it turned an hour old
        Assert.Equal(repeatsBefore + 1, (await h.TimelineAsync(a)).Count(t => t.Kind == TimelineKind.AlertRepeated));
    }

    /// <summary>
    /// A resolve whose sender has gone (its request cancelled) while the group's accepted repeat waits: the repeat is still
    /// applied and removed, and the next resolve of the group resolves the incident at once. Before, the repeat was taken and
    /// dropped, and every later resolve or new alert of the group on that instance waited 30 s and got a 503.
    /// </summary>
    [Fact]
    public async Task ResolveCancelledByItsSender_AcceptedRepeatStillApplied_GroupNotHeldBack()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("cpu"), Alert("disk")), default)).IncidentId!;
        await h.Intake.IntakeAsync(Notification("g1", Alert("cpu")), default); // accepted through the inbox
        using var gone = new CancellationTokenSource();
        await gone.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved)), gone.Token));
        await h.Intake.DrainAsync(default).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(0, h.Intake.Backlog.Count);
        Assert.Empty(h.Inbox.Stored);
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertRepeated);
        var resolved = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", AlertStatus.Resolved), Alert("disk", AlertStatus.Resolved)), default).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(AlertIntakeOutcome.Resolved, resolved.Outcome);
        Assert.False((await h.IncidentAsync(id)).IsOpen);
    }

    private static InboxDelivery Delivery(string inbox, string id, string incidentId, long version, DateTimeOffset at, AlertNotification notification) => new()
    {
        Inbox = inbox,
        Id = id,
        IncidentId = incidentId,
        AlertVersion = version,
        AcceptedAt = at,
        Notification = JsonSerializer.Serialize(notification, AlertIntake.NotificationJson),
    };

    private static async Task<int> RepeatsAsync(IncidentHarness h, IEnumerable<string> ids)
    {
        var count = 0;
        foreach (var id in ids)
        {
            count += (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertRepeated);
        }

        return count;
    }
}
