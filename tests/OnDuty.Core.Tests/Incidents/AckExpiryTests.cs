using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Acknowledgement expiry and snooze: a SEV2 acknowledged by a person and left quiet for <c>Incidents__AckExpiry__Sev2</c> (or to the
/// end of a snooze) asks its holder 「まだ対応中ですか？」 once; unanswered for the ack timeout (15 min) the acknowledgement lapses and
/// the pair is paged in a round of its own. Off by default; a tool's acknowledgement is not affected.
/// </summary>
public sealed class AckExpiryTests
{
    private static readonly Dictionary<string, string> Names = TeamData.Members().ToDictionary(m => m.Id, m => m.DisplayName);

    /// <summary>A SEV2 opened at T0 and paged; acknowledged 5 minutes later by <paramref name="holder"/> (a tool's <c>alert:…</c> too).</summary>
    private static async Task<(IncidentHarness H, string Id)> OpenAsync(string holder = "sato", string? expiry = "01:00:00")
    {
        var h = await CreateAsync(o =>
        {
            if (expiry is not null)
            {
                o.AckExpiry.Sev2 = expiry;
            }
        });
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));
        if (holder.StartsWith("alert:", StringComparison.Ordinal))
        {
            await h.Service.AcknowledgeAsToolAsync(id, holder, "Datadog", default);
        }
        else
        {
            await h.Service.AcknowledgeAsync(id, holder, null, default);
        }

        await h.DrainQueueAsync();
        return (h, id);
    }

    private static List<OutboxMessage> StillYours(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:stillYours:", StringComparison.Ordinal))];

    private static async Task RunTimerAsync(IncidentHarness h, Pager? pager = null)
    {
        await (pager ?? h.Pager).ExpireAcknowledgementsAsync(default);
        await (pager ?? h.Pager).EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
    }

    [Fact]
    public async Task Expiry_OffByDefault_NothingHappensHoursLater()
    {
        var (h, id) = await OpenAsync(expiry: null);
        var before = h.Outbox.All.Count;

        h.Time.Advance(TimeSpan.FromHours(10));
        await RunTimerAsync(h);

        Assert.Empty(StillYours(h, id));
        var incident = await h.IncidentAsync(id);
        Assert.Equal(("sato", 0, 0), (incident.AcknowledgedBy, incident.AckExpiries, incident.PageRound));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.AckExpired);
        Assert.DoesNotContain(h.Outbox.All.Skip(before), m => m.Id.Contains(":page:", StringComparison.Ordinal) || m.Id.Contains(":escalation:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_NotDueBeforeItsTime_DueAtIt_AsksTheHolderOnce()
    {
        var (h, id) = await OpenAsync();

        h.Time.Advance(TimeSpan.FromMinutes(59));
        await RunTimerAsync(h);
        Assert.Empty(StillYours(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await RunTimerAsync(h);
        await RunTimerAsync(h);

        var mail = Assert.Single(StillYours(h, id));
        Assert.Equal(("sato@example.com", OutboxStatus.Sent, OutboxPriority.Page), (mail.Recipient, mail.Status, mail.Priority));
        Assert.Equal($"incident:{id}:stillYours:1:email:sato@example.com", mail.Id);
        Assert.StartsWith($"【SEV2 再通知】{id} ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("1時間以上、更新がありません", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("/api/ack/", mail.TextBody, StringComparison.Ordinal);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(("sato", 1, true, 0), (incident.AcknowledgedBy, incident.AckExpiries, incident.StillYoursPending, incident.PageRound));
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.AckExpired);
        Assert.Equal("佐藤 花子さんの対応中に1時間更新がないため、佐藤 花子さんに再通知しました", TimelineText.For(row.Kind, row.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
        // Nobody else is paged by the first phase.
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.Contains(":page:r1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Expiry_AnUpdateByAPerson_RestartsTheQuietTime()
    {
        var (h, id) = await OpenAsync();
        h.Time.Advance(TimeSpan.FromMinutes(50));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "原因を特定しました。", null, "sato", null, null, default);

        h.Time.Advance(TimeSpan.FromMinutes(59));
        await RunTimerAsync(h);
        Assert.Empty(StillYours(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await RunTimerAsync(h);
        Assert.Single(StillYours(h, id));
    }

    [Fact]
    public async Task Expiry_TheHolderAnswers_NoLapse_AndTheNextExpiryCountsFromTheAnswer()
    {
        var (h, id) = await OpenAsync();
        h.Time.Advance(TimeSpan.FromMinutes(60));
        await RunTimerAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var answered = await h.Service.AcknowledgeAsync(id, "sato", null, default);
        await h.DrainQueueAsync();

        Assert.Equal((false, "sato"), (answered.Value.StillYoursPending, answered.Value.AcknowledgedBy));
        Assert.Contains(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Acknowledged && e.Message == TimelineTexts.AckRenewed);
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await RunTimerAsync(h);
        var incident = await h.IncidentAsync(id);
        Assert.Equal(("sato", 0), (incident.AcknowledgedBy, incident.PageRound));
        Assert.Single(StillYours(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(30)); // an hour after the answer
        await RunTimerAsync(h);
        Assert.Equal(2, StillYours(h, id).Count);
    }

    [Fact]
    public async Task Expiry_Unanswered_Lapses_AndThePairIsPagedInARoundOfItsOwn()
    {
        var (h, id) = await OpenAsync();
        var pair = await h.DutyEmailsAsync();
        h.Time.Advance(TimeSpan.FromMinutes(60));
        await RunTimerAsync(h);

        h.Time.Advance(TimeSpan.FromMinutes(14));
        await RunTimerAsync(h);
        Assert.True((await h.IncidentAsync(id)).AcknowledgedByPerson);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await RunTimerAsync(h);
        await RunTimerAsync(h);

        var incident = await h.IncidentAsync(id);
        Assert.Equal((false, 1, 0, true), (incident.IsAcknowledged, incident.PageRound, incident.NotifiedStep, incident.PagedAfterAckLapsed));
        var pages = h.Outbox.All.Where(m => m.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).ToList();
        Assert.Equal(pair.Order(), pages.Select(m => m.Recipient).Order());
        Assert.All(pages, m => Assert.Contains("再通知にも応答がありませんでした", m.TextBody, StringComparison.Ordinal));
        // Named as colleagues say it, not by the member id the acknowledgement keeps (「satoさんが対応中でしたが」 before).
        Assert.All(pages, m => Assert.Contains("佐藤さんが対応中でしたが", m.TextBody, StringComparison.Ordinal));
        var rows = (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.AckExpired).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("佐藤 花子さんが再通知に応答しなかったため、対応中を取り消して当番への呼び出しを再開しました", TimelineText.For(rows[1].Kind, rows[1].Message, Language.Ja, who => Names.GetValueOrDefault(who)));

        // The unsent 「まだ対応中ですか？」 of a lapsed acknowledgement would not be sent now; the pair's acknowledgement ends it.
        await h.Service.AcknowledgeAsync(id, "tanaka", null, default);
        Assert.Equal(("tanaka", false), ((await h.IncidentAsync(id)).AcknowledgedBy, (await h.IncidentAsync(id)).StillYoursPending));
    }

    [Fact]
    public async Task Expiry_ToolAcknowledgement_IsNotAffected()
    {
        var (h, id) = await OpenAsync(holder: "alert:pagerduty");

        h.Time.Advance(TimeSpan.FromHours(5));
        await RunTimerAsync(h);

        Assert.Empty(StillYours(h, id));
        var incident = await h.IncidentAsync(id);
        Assert.Equal(("alert:pagerduty", 0, 0), (incident.AcknowledgedBy, incident.AckExpiries, incident.PageRound));
    }

    [Fact]
    public async Task Expiry_TwoInstancesAtOnce_AskOnce_AndLapseOnce()
    {
        var (h, id) = await OpenAsync();
        var (_, other) = h.OtherInstance();
        h.Time.Advance(TimeSpan.FromMinutes(60));

        await Task.WhenAll(h.Pager.ExpireAcknowledgementsAsync(default), other.ExpireAcknowledgementsAsync(default));
        await h.DrainQueueAsync();
        Assert.Single(StillYours(h, id));
        Assert.Equal(1, (await h.IncidentAsync(id)).AckExpiries);
        Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.AckExpired);

        h.Time.Advance(TimeSpan.FromMinutes(15));
        await Task.WhenAll(h.Pager.ExpireAcknowledgementsAsync(default), other.ExpireAcknowledgementsAsync(default));
        var incident = await h.IncidentAsync(id);
        Assert.Equal((1, false), (incident.PageRound, incident.IsAcknowledged));
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.AckExpired));
    }

    [Fact]
    public async Task Snooze_WorksWithTheSettingOff_PagesTheHolderAtItsEnd_WithARowSayingUntilWhen()
    {
        var (h, id) = await OpenAsync(expiry: null);

        var saved = await h.Service.SnoozeAsync(id, "sato", 60, default);

        Assert.Equal(h.Time.GetUtcNow().AddHours(1), saved.Value.SnoozedUntil);
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Snoozed);
        Assert.Equal("佐藤 花子さんが 1時間スヌーズしました（12月1日(火) 11:05まで）", TimelineText.For(row.Kind, row.Message, Language.Ja, who => Names.GetValueOrDefault(who)));
        // An update meanwhile does not end it (as PagerDuty's snooze): the holder chose the time.
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Service.PostUpdateAsync(id, null, "調査を続けています。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(29));
        await RunTimerAsync(h);
        Assert.Empty(StillYours(h, id));

        h.Time.Advance(TimeSpan.FromMinutes(1));
        await RunTimerAsync(h);

        var mail = Assert.Single(StillYours(h, id));
        Assert.Contains("スヌーズの時間になりました", mail.TextBody, StringComparison.Ordinal);
        var incident = await h.IncidentAsync(id);
        Assert.Equal((null, true), (incident.SnoozedUntil, incident.StillYoursPending));
    }

    [Fact]
    public async Task Snooze_Refused_OutOfRange_NotAcknowledged_Resolved_NotOnTheRoster()
    {
        var (h, id) = await OpenAsync(expiry: null);
        Assert.Equal("minutes", (await Assert.ThrowsAsync<ValidationException>(() => h.Service.SnoozeAsync(id, "sato", 4, default))).Errors.Keys.Single());
        Assert.Equal("minutes", (await Assert.ThrowsAsync<ValidationException>(() => h.Service.SnoozeAsync(id, "sato", 1441, default))).Errors.Keys.Single());
        Assert.Equal("by", (await Assert.ThrowsAsync<ValidationException>(() => h.Service.SnoozeAsync(id, "nobody", 60, default))).Errors.Keys.Single());

        var other = (await h.Intake.IntakeAsync(Notification("g2", Alert("search", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await Assert.ThrowsAsync<ConflictException>(() => h.Service.SnoozeAsync(other, "sato", 60, default));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました。", null, "sato", null, null, default);
        await Assert.ThrowsAsync<ConflictException>(() => h.Service.SnoozeAsync(id, "sato", 60, default));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Snoozed);
        Assert.Null((await h.IncidentAsync(other)).SnoozedUntil);
    }

    [Fact]
    public async Task Snooze_HoldsTheUpdateReminders_NotAStakeholderNotice()
    {
        var (h, id) = await OpenAsync(expiry: null);
        await h.Service.SnoozeAsync(id, "sato", 240, default);

        // SEV2 reminds after an hour without an update by a person: not while snoozed.
        h.Time.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));

        h.Time.Advance(TimeSpan.FromMinutes(151));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
    }

    [Fact]
    public void Snapshot_RoundTripsTheNewFields()
    {
        var at = T0.AddHours(2);
        var restored = Incident.Restore(new IncidentSnapshot
        {
            Id = "INC-2026-0001",
            Title = "t",
            Severity = AlertSeverity.Sev2,
            Status = IncidentStatus.Investigating,
            Source = "manual",
            DetectedAt = T0,
            EscalationClockFrom = T0,
            SnoozedUntil = at,
            SnoozedBy = "sato",
            AckRenewedAt = T0.AddHours(1),
            AckExpiredAt = at,
            AckExpiries = 2,
            AckLapsedRound = 1,
            AckLapsedBy = "sato",
        }).ToSnapshot();

        Assert.Equal((at, "sato", T0.AddHours(1), at, 2, 1, "sato"),
            (restored.SnoozedUntil, restored.SnoozedBy, restored.AckRenewedAt, restored.AckExpiredAt, restored.AckExpiries, restored.AckLapsedRound, restored.AckLapsedBy));
    }
}
