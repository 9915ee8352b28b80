using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// <see cref="IncidentService.CorrectAsync"/>: a duty PM corrects the record (a typo, a time a minute off) without mailing the
/// stakeholders (trial finding M8). What is stored and what is sent, through the real use cases; the told path beside it.
/// </summary>
public sealed class IncidentServiceCorrectTests
{
    private static void Execs(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = "ja" };
        c.Audiences["support"] = new AudienceOptions { Members = ["cs-lead@example.com"], Language = "en" };
        c.BySeverity.Sev1 = ["execs", "support"];
        c.BySeverity.Sev2 = ["execs"];
    }

    private static List<OutboxMessage> Notices(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:notice:", StringComparison.Ordinal))];

    [Fact]
    public async Task CorrectAsync_StakeholdersTold_DetailsSavedWithACorrectedRow_NoNoticeQueuedOrSent_UpdateClockAndRemindersKept()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面がひらかない", Severity = AlertSeverity.Sev2, StartedAt = T0.AddMinutes(-10) }, "sato", null, default);
        var id = created.Value.Id;
        h.Time.Advance(TimeSpan.FromMinutes(70));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default)); // an hour without an update: the pair was reminded
        await h.DrainQueueAsync();
        var before = await h.IncidentAsync(id);
        Assert.Equal((1, 1, 1), (before.Comms.Issued, before.Comms.Queued, before.Comms.Nudges));
        var (rows, sent, cards) = (h.Outbox.All.Count, h.Email.Sent.Count, h.Teams.Cards.Count);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        var saved = await h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済画面が開かない", StartedAt = T0.AddMinutes(-11) }, "ito", null, "form-1", default);
        await h.DrainQueueAsync();

        var after = await h.IncidentAsync(id);
        Assert.Equal(("決済画面が開かない", T0.AddMinutes(-11)), (after.Title, after.StartedAt));
        Assert.Equal(saved.Value.Title, after.Title);
        // Nothing of telling them moved: no notice owed, the clock, its reminders and what the last notice said stay.
        Assert.Equal(
            (before.Comms.Issued, before.Comms.Queued, before.Comms.LastPersonUpdateAt, before.Comms.Nudges, before.Comms.RecoveryReminders, before.Comms.NextUpdateAt),
            (after.Comms.Issued, after.Comms.Queued, after.Comms.LastPersonUpdateAt, after.Comms.Nudges, after.Comms.RecoveryReminders, after.Comms.NextUpdateAt));
        Assert.Equal(before.Comms.LastNoticeSaid, after.Comms.LastNoticeSaid);
        Assert.Equal(before.Comms.Changes, after.Comms.Changes);
        Assert.Equal(before.LastPersonUpdate, after.LastPersonUpdate); // the status board's last word is still the last update
        Assert.Equal((rows, sent, cards), (h.Outbox.All.Count, h.Email.Sent.Count, h.Teams.Cards.Count));
        Assert.DoesNotContain(Notices(h, id), m => m.Topic == $"incident:{id}:notice:2");

        var timeline = await h.TimelineAsync(id);
        var row = timeline[^1];
        Assert.Equal((TimelineKind.Corrected, "ito", T0.AddMinutes(71)), (row.Kind, row.By, row.At));
        Assert.Equal([IncidentChange.Title, IncidentChange.StartedAt], row.Changes);
        Assert.Null(row.Message);
        // Nobody was told, so the row keeps what it replaced (review day 28, L2): old → new, only for what changed.
        Assert.Equal(
            new CorrectedValues { Title = new("決済画面がひらかない", "決済画面が開かない"), StartedAt = new(T0.AddMinutes(-10), T0.AddMinutes(-11)) },
            row.Corrected);

        // The same key again (the form's retry) with a different edit: the key alone makes it the request already applied —
        // nothing changes and nothing more is recorded (an edit that changes nothing would record nothing anyway, so it proves nothing).
        await h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済画面が表示されない", StartedAt = T0.AddMinutes(-30), UserImpact = "全員" }, "ito", null, "form-1", default);
        var replayed = await h.IncidentAsync(id);
        Assert.Equal(("決済画面が開かない", T0.AddMinutes(-11), after.UserImpact), (replayed.Title, replayed.StartedAt, replayed.UserImpact));
        Assert.Equal(timeline.Count, (await h.TimelineAsync(id)).Count);

        // The next update that tells them is notice 2 (the correction took no number) and carries the corrected title.
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因を特定しました", null, "sato", null, null, default);
        var second = Assert.Single(Notices(h, id), m => m.Topic == $"incident:{id}:notice:2" && m.Channel == Channel.Email);
        Assert.Contains("決済画面が開かない", second.Subject, StringComparison.Ordinal);
        Assert.StartsWith("第2報", second.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorrectAsync_ResolvedByMonitoringRecoveryOwed_RecoveryTimeCorrected_StillOwedNothingSent_ToldEditClearsIt()
    {
        var h = await CreateAsync(comms: Execs);
        var opened = await h.Intake.IntakeAsync(Notification("g1", Alert("err", severity: AlertSeverity.Sev1)), default);
        var id = opened.IncidentId!;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(20));
        await h.Intake.IntakeAsync(Notification("g1", Alert("err", AlertStatus.Resolved, AlertSeverity.Sev1)), default);
        await h.DrainQueueAsync();
        var resolved = await h.IncidentAsync(id);
        Assert.True(resolved.RecoveryNoticeOwed);
        var (reminders, rows, sent) = (resolved.Comms.RecoveryReminders, h.Outbox.All.Count, h.Email.Sent.Count);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        await h.Service.CorrectAsync(id, new IncidentEdit { ResolvedAt = resolved.ResolvedAt!.Value.AddMinutes(-3) }, "ito", null, null, default);
        await h.DrainQueueAsync();

        var corrected = await h.IncidentAsync(id);
        Assert.Equal(resolved.ResolvedAt.Value.AddMinutes(-3), corrected.ResolvedAt);
        Assert.True(corrected.RecoveryNoticeOwed); // they were told it started and not yet that it is over
        Assert.Equal((reminders, resolved.Comms.Issued, resolved.Comms.LastPersonUpdateAt), (corrected.Comms.RecoveryReminders, corrected.Comms.Issued, corrected.Comms.LastPersonUpdateAt));
        Assert.Equal((rows, sent), (h.Outbox.All.Count, h.Email.Sent.Count));
        Assert.Equal([IncidentChange.ResolvedAt], (await h.TimelineAsync(id))[^1].Changes);

        // The told path is as before: the same kind of edit sends notice 2 (the recovery notice) and nothing is owed any more.
        await h.Service.PostUpdateAsync(id, null, null, new IncidentEdit { ResolvedAt = resolved.ResolvedAt.Value.AddMinutes(-4) }, "ito", null, null, default);
        Assert.False((await h.IncidentAsync(id)).RecoveryNoticeOwed);
        Assert.Contains(Notices(h, id), m => m.Topic == $"incident:{id}:notice:2");
    }

    [Fact]
    public async Task CorrectAsync_RaiseOrPromise_RefusedNamingTheField_NothingStoredNorSent()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var id = created.Value.Id;
        var (timeline, rows) = ((await h.TimelineAsync(id)).Count, h.Outbox.All.Count);

        var raise = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.CorrectAsync(id, new IncidentEdit { Title = "全ユーザーが決済できない", Severity = AlertSeverity.Sev1 }, "ito", null, null, default));
        var promise = await Assert.ThrowsAsync<ValidationException>(() =>
            h.Service.CorrectAsync(id, new IncidentEdit { NextUpdateAt = T0.AddHours(2) }, "ito", null, null, default));

        Assert.Equal("severity", Assert.Single(raise.Errors).Key);
        Assert.Equal("nextUpdateAt", Assert.Single(promise.Errors).Key);
        var stored = await h.IncidentAsync(id);
        Assert.Equal(("決済画面が開かない", AlertSeverity.Sev2), (stored.Title, stored.Severity));
        Assert.Equal((timeline, rows), ((await h.TimelineAsync(id)).Count, h.Outbox.All.Count));
    }

    [Fact]
    public async Task CorrectAsync_SeverityLoweredOrNothingChanged_LoweredIsOnTheTimelineQuietly_NothingChangedRecordsNothing()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "sato", null, default);
        var id = created.Value.Id;
        var rows = h.Outbox.All.Count;

        await h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済画面が開かない", Severity = AlertSeverity.Sev1 }, "ito", null, null, default);
        var unchanged = (await h.TimelineAsync(id)).Count;
        await h.Service.CorrectAsync(id, new IncidentEdit { Severity = AlertSeverity.Sev2 }, "ito", null, null, default);

        var timeline = await h.TimelineAsync(id);
        Assert.Equal([TimelineKind.SeverityLowered, TimelineKind.Corrected], timeline.Skip(unchanged).Select(e => e.Kind));
        Assert.Empty(timeline[^1].Changes);
        var stored = await h.IncidentAsync(id);
        Assert.Equal((AlertSeverity.Sev2, AlertSeverity.Sev1), (stored.Severity, stored.Comms.ToldSeverity)); // the next notice says it was lowered
        Assert.Equal(rows, h.Outbox.All.Count);
    }

    [Fact]
    public async Task CorrectAsync_WithAStaleETag_RefusedNothingStored()
    {
        var h = await CreateAsync(comms: Execs);
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var id = created.Value.Id;
        var read = await h.Incidents.GetAsync(id, default);
        await h.Service.PostUpdateAsync(id, null, "調査中", null, "sato", null, null, default);

        await Assert.ThrowsAsync<ConcurrencyException>(() => h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済が開かない" }, "ito", read!.ETag, null, default));

        Assert.Equal("決済画面が開かない", (await h.IncidentAsync(id)).Title);
        var current = await h.Incidents.GetAsync(id, default);
        await h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済が開かない" }, "ito", current!.ETag, null, default);
        Assert.Equal("決済が開かない", (await h.IncidentAsync(id)).Title);
    }
}
