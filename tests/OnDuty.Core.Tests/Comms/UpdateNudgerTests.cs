using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Comms;

public sealed class UpdateNudgerTests
{
    private static NewIncident Sev1 => new() { Title = "Checkout down", Severity = AlertSeverity.Sev1 };

    private static List<string> NudgeIds(Tests.Incidents.IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:nudge:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task NudgeOpenIncidents_NothingDue_ReadsNoRecord_OnlyTheDueOneIsRead()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev1 = "00:30:00");
        var due = (await h.Service.CreateAsync(Sev1, "sato", null, default)).Incident.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(20));
        var later = (await h.Service.CreateAsync(Sev1, "sato", null, default)).Incident.Value.Id;
        var quiet = (await h.Service.CreateAsync(new NewIncident { Title = "Slow search", Severity = AlertSeverity.Sev4 }, "sato", null, default)).Incident.Value.Id;

        var reads = h.Incidents.RecordReads;
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(reads, h.Incidents.RecordReads);

        h.Time.Advance(TimeSpan.FromMinutes(10)); // the first one's 30 minutes are up, the second's not
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.NotEmpty(NudgeIds(h, due));
        Assert.Empty(NudgeIds(h, later));
        Assert.Empty(NudgeIds(h, quiet));
    }

    [Fact]
    public async Task Nudge_OncePerMissedInterval_ResetByAnUpdateByAPerson()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev1 = "00:30:00");
        var (created, _) = await h.Service.CreateAsync(Sev1, "sato", null, default);
        var id = created.Value.Id;
        var duty = await h.DutyEmailsAsync();

        h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal([.. duty.Select(e => $"incident:{id}:nudge:1:1:email:{e}")], NudgeIds(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(2 * duty.Count, NudgeIds(h, id).Count);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "found it", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Contains($"incident:{id}:nudge:2:1:email:{duty[0]}", NudgeIds(h, id));

        await h.DrainQueueAsync();
        var nudge = h.Email.Sent.First(s => s.Id == $"incident:{id}:nudge:2:1:email:{duty[0]}");
        Assert.StartsWith($"【更新のお願い】{id}", nudge.Message.Subject, StringComparison.Ordinal);
        var timeline = await h.TimelineAsync(id);
        Assert.Equal([1, 2, 1], timeline.Where(e => e.Kind == TimelineKind.UpdateNudged).Select(e => e.Step!.Value));
    }

    [Fact]
    public async Task Nudge_NextUpdatePromised_RemindsAtThatTimeNotTheInterval_ThenAnIntervalApart()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev1 = "00:30:00");
        var (created, _) = await h.Service.CreateAsync(Sev1, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "次は 1 時間後に", new IncidentEdit { NextUpdateAt = T0.AddHours(1) }, "sato", null, null, default);

        h.Time.Advance(TimeSpan.FromMinutes(59)); // two intervals of 30 minutes have passed: no reminder before the promised time
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Empty(NudgeIds(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.All(NudgeIds(h, id), n => Assert.Contains(":nudge:2:1:", n, StringComparison.Ordinal));

        h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Contains(NudgeIds(h, id), n => n.Contains(":nudge:2:2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nudge_RecordStoredWithoutAPromise_CountsIntervalsAsBefore()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev1 = "00:30:00");
        var (created, _) = await h.Service.CreateAsync(Sev1, "sato", null, default);
        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Identified, "found it", null, "sato", null, null, default);
        Assert.Null((await h.IncidentAsync(created.Value.Id)).Comms.NextUpdateAt);

        h.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
    }

    [Fact]
    public async Task Nudge_SeveralIntervalsMissedAtOnce_OneReminder()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev1 = "00:30:00");
        var (created, _) = await h.Service.CreateAsync(Sev1, "sato", null, default);

        h.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));

        Assert.All(NudgeIds(h, created.Value.Id), n => Assert.Contains(":nudge:1:4:", n, StringComparison.Ordinal));
        Assert.Equal(4, (await h.IncidentAsync(created.Value.Id)).Comms.Nudges);
    }

    [Fact]
    public async Task Nudge_OffForTheSeverityOrResolved_NoReminder()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev3 = "off");
        var (quiet, _) = await h.Service.CreateAsync(new NewIncident { Title = "Slow search", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var (done, _) = await h.Service.CreateAsync(Sev1, "sato", null, default);
        await h.Service.PostUpdateAsync(done.Value.Id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);

        h.Time.Advance(TimeSpan.FromDays(1));

        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Empty(NudgeIds(h, quiet.Value.Id));
        Assert.Empty(NudgeIds(h, done.Value.Id));
    }

    [Fact]
    public async Task Nudge_OpenedByMonitoring_CountsFromDetection()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev2 = "01:00:00");
        var opened = await h.Intake.IntakeAsync(Notification("g1", Alert("cpu", severity: AlertSeverity.Sev2)), default);

        h.Time.Advance(TimeSpan.FromHours(1));

        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.NotEmpty(NudgeIds(h, opened.IncidentId!));
        Assert.All(NudgeIds(h, opened.IncidentId!), n => Assert.Contains(":nudge:0:1:", n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_UpdatePostedWhileReminderWaits_ReminderCancelled()
    {
        var h = await CreateAsync(comms: c => c.UpdateInterval.Sev1 = "00:30:00");
        var (created, _) = await h.Service.CreateAsync(Sev1, "sato", null, default);
        await h.DrainQueueAsync();
        h.Email.Script(new SendResult.Transient("busy"), new SendResult.Transient("busy"));
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        await h.Service.PostUpdateAsync(created.Value.Id, IncidentStatus.Identified, "found it", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();

        var nudges = h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{created.Value.Id}:nudge:", StringComparison.Ordinal)).ToList();
        Assert.All(nudges, m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
    }
}
