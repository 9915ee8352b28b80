using Microsoft.Extensions.Logging.Abstractions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Incidents;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Comms;

/// <summary>
/// Monitoring resolves an incident whose stakeholders were told it started: the duty pair is reminded to tell them it is over
/// (once at the resolve, once more after the severity's interval), and nobody else is told anything by OnDuty itself.
/// </summary>
public sealed class RecoveryReminderTests
{
    /// <summary>The execs told of SEV1, reminders every 30 minutes, and the ask at the resolve (no settle): what most tests here read.</summary>
    private static void Execs(CommsOptions c)
    {
        Settled(c);
        c.RecoveryAskSettle = TimeSpan.Zero;
    }

    /// <summary>As <see cref="Execs"/> with the default settle (10 minutes): the ask waits until it stayed resolved that long.</summary>
    private static void Settled(CommsOptions c)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = "ja" };
        c.BySeverity.Sev1 = ["execs"];
        c.UpdateInterval.Sev1 = "00:30:00";
    }

    private static List<OutboxMessage> Asks(IncidentHarness h, string id) => [.. Reminders(h, id).Where(m => m.Channel == Channel.Email)];

    private static AlertNotification Firing(string group) => Notification(group, Alert("err", severity: AlertSeverity.Sev1));

    private static AlertNotification Resolved(string group) => Notification(group, Alert("err", AlertStatus.Resolved, AlertSeverity.Sev1));

    private static List<OutboxMessage> Reminders(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:recovery:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal)];

    /// <summary>An intake that resolves without queuing the reminder: the app stopped between storing the resolve and queuing it.</summary>
    private static AlertIntake IntakeWithoutReminder(IncidentHarness h) =>
        new(h.Incidents, h.Inbox, h.Service, h.Pager, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), NullLogger<AlertIntake>.Instance, new FiringGroupCache(), h.Calendar);

    /// <summary>Opened by monitoring, then a person's update tells the execs (第1報); returns the incident's id.</summary>
    private static async Task<string> OpenAndTellAsync(IncidentHarness h, string group = "g1")
    {
        var opened = await h.Intake.IntakeAsync(Firing(group), default);
        var id = opened.IncidentId!;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, "sato", null, null, default);
        Assert.Equal(["execs"], (await h.IncidentAsync(id)).Comms.ToldAudiences);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        return id;
    }

    /// <summary>
    /// Someone off duty acknowledged it and another member off duty wrote the 第1報: both are reminded with the pair (they may be
    /// the ones to write the recovery notice), each once and in their language; the duty members once each.
    /// </summary>
    [Fact]
    public async Task MonitoringResolve_AcknowledgerAndResponderNotOnDuty_RemindedWithThePair()
    {
        var h = await CreateAsync(comms: Execs);
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        var others = OnDuty.Core.Tests.Fakes.TeamData.Members().Where(m => m.Active && pair.All(a => a.Id != m.Id)).Take(2).ToList();
        Assert.Equal(2, others.Count);
        await h.Service.AcknowledgeAsync(id, others[0].Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, others[1].Id, null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.IntakeAsync(Resolved("g1"), default);

        var emails = Reminders(h, id).Where(m => m.Channel == Channel.Email).ToList();
        Assert.Equal(
            [.. pair.Select(a => a.Email).Concat(others.Select(m => m.Email)).Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal)],
            emails.Select(m => m.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal));
        // The row says whom it asked — the pair and both of them (trial 39 L2: it named nobody, and recorded only the pair).
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.RecoveryReminded);
        Assert.Equal([.. pair.Select(a => a.Id).Concat(others.Select(m => m.Id)).Order(StringComparer.Ordinal)], row.Recipients.Order(StringComparer.Ordinal));
        await h.DrainQueueAsync();
        foreach (var m in others)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:recovery:", StringComparison.Ordinal) && s.Message.To == m.Email).Message;
            Assert.StartsWith(m.Language == OnDuty.Core.Team.Language.Ja ? "【復旧の報告をお願いします】" : "[", mail.Subject, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Trial day 33, M6: a PM off duty declared the outage, and her incident was merged into monitoring's — she worked on it (the
    /// report lists her as 対応者), so monitoring's resolve asks her for the recovery notice with the pair. Since 12-05 such a merge makes
    /// the incident a person's and monitoring leaves it open (AlertsResolvedOnPersonsIncidentTests); a merge stored before still resolves.
    /// </summary>
    [Fact]
    public async Task MonitoringResolve_ThePmWhoDeclaredADuplicateMergedIntoIt_IsRemindedWithThePair()
    {
        var h = await CreateAsync(comms: Execs);
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        var declarer = OnDuty.Core.Tests.Fakes.TeamData.Members().First(m => m.Active && pair.All(a => a.Id != m.Id));
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済できない", Severity = AlertSeverity.Sev1 }, declarer.Id, null, default);
        await h.Merger.MergeAsync(duplicate.Value.Id, id, pair[0].Id, default);
        await h.StoreAsMergedBeforeDeclaredMergedInAsync(id);
        Assert.Contains("execs", (await h.IncidentAsync(id)).Comms.ToldAudiences);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.IntakeAsync(Resolved("g1"), default);

        var emails = Reminders(h, id).Where(m => m.Channel == Channel.Email).ToList();
        Assert.Equal(
            [.. pair.Select(a => a.Email).Append(declarer.Email).Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal)],
            emails.Select(m => m.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// Trial 48: one of the pair acknowledged it and sent the 第1報, and monitoring resolved it. Both are reminded, each told who
    /// took it and who sent the 第1報, and whose the recovery notice is: the one who acknowledged reads it is theirs; the partner,
    /// that it is the other's, and theirs only if the other cannot; the channel, whose it is.
    /// </summary>
    [Fact]
    public async Task MonitoringResolve_OneOfThePairAcknowledged_EachToldWhoseTheNoticeIs()
    {
        var h = await CreateAsync(comms: Execs);
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        var pair = (await h.IncidentAsync(id)).Assignees;
        Assert.Equal(2, pair.Count);
        var (taker, partner) = (pair[0], pair[1]);
        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, taker.Id, null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();

        string Mail(AssignedMember to) =>
            Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:recovery:", StringComparison.Ordinal) && s.Message.To == to.Email).Message.TextBody;
        static bool Ja(AssignedMember m) => m.Language == OnDuty.Core.Team.Language.Ja;
        var takerCalled = Ja(partner) ? (taker.DisplayName.Any(c => c > 0x3000) ? taker.DisplayName.Split(' ')[0] : taker.DisplayName) + "さん" : taker.DisplayName;

        var takers = Mail(taker);
        Assert.Contains(Ja(taker) ? "送るのは、対応を開始したあなたです。" : "You acknowledged it, so it is yours to send.", takers, StringComparison.Ordinal);
        Assert.Contains(Ja(taker) ? $"第1報を送った人：{taker.DisplayName}" : $"First notice sent by: {taker.DisplayName}", takers, StringComparison.Ordinal);
        Assert.Contains(Ja(taker) ? $"対応者：{taker.DisplayName} — " : $"Acknowledged by: {taker.DisplayName} — ", takers, StringComparison.Ordinal);

        var partners = Mail(partner);
        Assert.Contains(
            Ja(partner)
                ? $"送るのは、対応を開始した{takerCalled}です。{takerCalled}が送れないときは、あなたが代わりに送ってください（送る前に、障害ページでまだ送られていないことを確かめてください）。"
                : $"{takerCalled} acknowledged it, so it is theirs to send. If they cannot, send it yourself (first check on the incident page that it has not gone out yet).",
            partners, StringComparison.Ordinal);
        Assert.DoesNotContain(Ja(partner) ? "対応を開始したあなた" : "yours to send", partners, StringComparison.Ordinal);
        Assert.Contains(Ja(partner) ? $"第1報を送った人：{taker.DisplayName}" : $"First notice sent by: {taker.DisplayName}", partners, StringComparison.Ordinal);

        var card = Assert.Single(Reminders(h, id), m => m.Channel == Channel.Teams);
        Assert.Contains("送るのは、対応を開始した", card.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("あなた", card.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Nobody acknowledged it: the reminder names nobody as the one to send it (both are asked, as before).</summary>
    [Fact]
    public async Task MonitoringResolve_NobodyAcknowledged_NamesNoSender()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();

        var mail = h.Email.Sent.First(s => s.Id.StartsWith($"incident:{id}:recovery:", StringComparison.Ordinal) && s.Message.Subject.StartsWith("【", StringComparison.Ordinal)).Message.TextBody;
        Assert.DoesNotContain("送るのは", mail, StringComparison.Ordinal);
        Assert.DoesNotContain("対応者：", mail, StringComparison.Ordinal);
        Assert.Contains("第1報を送った人：佐藤 花子", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitoringResolve_StakeholdersTold_DutyPairRemindedOnceByEmailAndInTheChannel()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        var duty = await h.DutyEmailsAsync();
        await h.DrainQueueAsync();
        var cardsBefore = h.Teams.Cards.Count;
        h.Time.Advance(TimeSpan.FromMinutes(3));

        var resolved = await h.Intake.IntakeAsync(Resolved("g1"), default);
        Assert.Equal(AlertIntakeOutcome.Resolved, resolved.Outcome);

        // Alertmanager redelivers the resolve (a retry after a lost answer): nothing more is queued.
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.SecondInstance().IntakeAsync(Resolved("g1"), default);

        var incident = await h.IncidentAsync(id);
        Assert.True(incident.RecoveryNoticeOwed);
        Assert.Equal(1, incident.Comms.RecoveryReminders);
        Assert.Equal(
            [.. duty.Select(e => $"incident:{id}:recovery:1:1:email:{e}"), $"incident:{id}:recovery:1:1:teams"],
            Reminders(h, id).Select(m => m.Id));
        Assert.Equal(1, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.RecoveryReminded && e.Step == 1));

        await h.DrainQueueAsync();
        var mails = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:recovery:", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty, mails.Select(m => m.Message.To).Order(StringComparer.Ordinal));
        var mail = mails[0].Message;
        Assert.Equal($"【復旧の報告をお願いします】{id} Group g1", mail.Subject);
        Assert.Contains("監視で復旧を検知しました。障害の発生をお知らせした関係者に、復旧のお知らせ（原因・今後の対応）を送ってください。", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("これまでの報告の送付先：execs", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://onduty.example/api/incidents/{id}/page", mail.TextBody, StringComparison.Ordinal);
        var card = Assert.Single(Reminders(h, id), m => m.Channel == Channel.Teams);
        Assert.Equal((OutboxStatus.Sent, $"【復旧の報告をお願いします】{id} Group g1"), (card.Status, card.Subject));
        Assert.Equal(cardsBefore + 1, h.Teams.Cards.Count);

        // OnDuty does not tell the stakeholders itself: no recovery notice went to the execs (a person writes the cause).
        Assert.DoesNotContain(h.Email.Sent, s => s.Message.Subject.StartsWith("【復旧済み】", StringComparison.Ordinal));
        Assert.Equal(1, (await h.IncidentAsync(id)).Comms.Issued);
    }

    /// <summary>
    /// The five-day walk, F2: monitoring resolved it, the alert fired again minutes later (a reopen, which pages), and resolved again.
    /// One ask, for the close that held, after it stayed resolved for the settle — none for the recovery that was none.
    /// </summary>
    [Fact]
    public async Task Flap_ResolvedFiredAgainWithinTheSettleResolved_OneAskAfterTheSecondResolvePlusTheSettle()
    {
        var h = await CreateAsync(comms: Settled);
        Assert.Equal(TimeSpan.FromMinutes(10), h.Comms.RecoveryAskSettle);
        var id = await OpenAndTellAsync(h);
        var duty = await h.DutyEmailsAsync();

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        Assert.Empty(Reminders(h, id));
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing("g1"), default)).Outcome);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        var second = h.Time.GetUtcNow();
        Assert.Empty(Reminders(h, id));

        for (var run = 0; run < 3; run++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(5));
            await h.Nudger.NudgeOpenIncidentsAsync(default);
            Assert.Equal(h.Time.GetUtcNow() < second.AddMinutes(10) ? 0 : duty.Count, Asks(h, id).Count);
        }

        // Numbered for the second close (3: the first close's 1 and 2 never went), once per member, and the row says when it went.
        Assert.Equal(duty.Select(e => $"incident:{id}:recovery:1:3:email:{e}"), Asks(h, id).Select(m => m.Id));
        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.RecoveryReminded);
        Assert.Equal(second.AddMinutes(10), row.At);
        await h.DrainQueueAsync();
        var mail = h.Email.Sent.First(s => s.Id == $"incident:{id}:recovery:1:3:email:{duty[0]}").Message;
        Assert.Contains("復旧を検知：2026年12月1日(火) 10:44（JST）", mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>Resolved and nothing else: no ask at the resolve nor before the settle; one at its end (the timer's run), then the second from the resolve.</summary>
    [Fact]
    public async Task MonitoringResolve_Settle_NoAskBefore_OneAtTheSettle_TheSecondAnIntervalFromTheResolve()
    {
        var h = await CreateAsync(comms: Settled);
        var id = await OpenAndTellAsync(h);
        var duty = await h.DutyEmailsAsync();

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        var resolved = h.Time.GetUtcNow();
        Assert.Empty(Reminders(h, id));
        h.Time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Empty(Reminders(h, id));
        Assert.DoesNotContain(await h.TimelineAsync(id), e => e.Kind == TimelineKind.RecoveryReminded);

        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal([.. duty.Select(e => $"incident:{id}:recovery:1:1:email:{e}"), $"incident:{id}:recovery:1:1:teams"], Reminders(h, id).Select(m => m.Id));

        // The second: 30 minutes after the resolve, not after the first ask.
        h.MoveTo(resolved.AddMinutes(29));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.MoveTo(resolved.AddMinutes(30));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal([resolved.AddMinutes(10), resolved.AddMinutes(30)], (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.RecoveryReminded).Select(e => e.At));
    }

    /// <summary>Settle 0: the ask goes at the resolve, from the intake, as before the setting.</summary>
    [Fact]
    public async Task MonitoringResolve_NoSettle_AskedAtTheResolve()
    {
        var h = await CreateAsync(comms: c => { Settled(c); c.RecoveryAskSettle = TimeSpan.Zero; });
        var id = await OpenAndTellAsync(h);
        var duty = await h.DutyEmailsAsync();

        await h.Intake.IntakeAsync(Resolved("g1"), default);

        Assert.Equal(duty.Select(e => $"incident:{id}:recovery:1:1:email:{e}"), Asks(h, id).Select(m => m.Id));
        Assert.Equal(h.Time.GetUtcNow(), Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.RecoveryReminded).At);
    }

    /// <summary>
    /// The five-day walk, F3: last week's members acknowledged it and sent the 第1報; this week's 佐藤 took it over (「対応を引き継ぐ」).
    /// Monitoring's resolve asks the holder and the pair on duty, not those who handed it over; without a takeover they are asked
    /// (trial 48: any of them may write it). The holder's mail says they took it over, and when; the 第1報's sender is still named.
    /// </summary>
    [Fact]
    public async Task MonitoringResolve_TakenOver_AsksTheHolderAndThePair_NotThoseWhoHandedItOver()
    {
        var h = await CreateAsync(comms: Execs);
        var kept = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        var taken = (await h.Intake.IntakeAsync(Firing("g2"), default)).IncidentId!;
        var pair = (await h.IncidentAsync(taken)).Assignees;
        var others = OnDuty.Core.Tests.Fakes.TeamData.Members().Where(m => m.Active && pair.All(a => a.Id != m.Id)).Take(2).ToList();
        Assert.Equal(2, others.Count);
        var (acker, holder) = (others[0], others[1]);
        var writer = acker;
        foreach (var id in new[] { kept, taken })
        {
            await h.Service.AcknowledgeAsync(id, acker.Id, null, default);
            await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, writer.Id, null, null, default);
        }

        h.Time.Advance(TimeSpan.FromMinutes(30));
        await h.Service.TakeOverAsync(taken, holder.Id, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(30));

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.Intake.IntakeAsync(Resolved("g2"), default);

        static IEnumerable<string> Lower(IEnumerable<string> emails) => emails.Select(e => e.ToLowerInvariant()).Order(StringComparer.Ordinal);
        Assert.Equal(Lower([.. pair.Select(a => a.Email), acker.Email]), Lower(Asks(h, kept).Select(m => m.Recipient)));
        Assert.Equal(Lower([.. pair.Select(a => a.Email), holder.Email]), Lower(Asks(h, taken).Select(m => m.Recipient)));
        var row = Assert.Single(await h.TimelineAsync(taken), e => e.Kind == TimelineKind.RecoveryReminded);
        Assert.Equal([.. pair.Select(a => a.Id).Append(holder.Id).Order(StringComparer.Ordinal)], row.Recipients.Order(StringComparer.Ordinal));

        await h.DrainQueueAsync();
        var holders = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{taken}:recovery:", StringComparison.Ordinal) && s.Message.To == holder.Email).Message.TextBody;
        var ja = holder.Language == OnDuty.Core.Team.Language.Ja;
        Assert.Contains(ja ? "送るのは、対応を引き継いだあなたです。" : "You took it over, so it is yours to send.", holders, StringComparison.Ordinal);
        Assert.Contains(ja ? $"対応者：{holder.DisplayName} — 2026年12月1日(火) 10:30（JST）に引き継ぎ" : $"Acknowledged by: {holder.DisplayName} — took it over on Tue 1 Dec 2026 10:30 (JST)", holders, StringComparison.Ordinal);
        Assert.Contains(ja ? $"第1報を送った人：{writer.DisplayName}" : $"First notice sent by: {writer.DisplayName}", holders, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitoringResolve_NobodyTold_NoReminder()
    {
        // No audience for SEV3: the person's update told nobody. And an incident nobody updated: nobody was told either.
        var h = await CreateAsync(comms: Execs);
        var quiet = (await h.Intake.IntakeAsync(Notification("g3", Alert("slow")), default)).IncidentId!;
        await h.Service.PostUpdateAsync(quiet, IncidentStatus.Investigating, "調査中です。", null, "sato", null, null, default);
        var untold = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;

        await h.Intake.IntakeAsync(Notification("g3", Alert("slow", AlertStatus.Resolved)), default);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        foreach (var id in new[] { quiet, untold })
        {
            var incident = await h.IncidentAsync(id);
            Assert.False(incident.IsOpen);
            Assert.False(incident.RecoveryNoticeOwed);
            Assert.Empty(Reminders(h, id));
        }
    }

    [Fact]
    public async Task PersonResolvesWithTheNotice_NoReminder_EvenWhenTheAlertsResolveAfter()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "切り戻しで復旧しました。", new IncidentEdit { Cause = "設定ミス" }, "sato", null, null, default);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        h.Time.Advance(TimeSpan.FromHours(2));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        Assert.False((await h.IncidentAsync(id)).RecoveryNoticeOwed);
        Assert.Empty(Reminders(h, id));
        Assert.Contains(h.Email.Sent, s => s.Message.Subject == $"【復旧済み】{id} Group g1（第2報）");
    }

    /// <summary>
    /// Trial day 29, M1, as decided again on trial day 33 (H1): a person resolves with the recovery notice (第2報) while the alert fires;
    /// monitoring reopens it (paging the pair as 【再発】) and nobody tells the execs, then monitoring resolves it. Until 12-03 nothing
    /// was owed (they never heard it came back); now the re-occurrence and the new 復旧日時 are owed a recovery notice.
    /// </summary>
    [Fact]
    public async Task PersonResolvedWithTheNotice_ReopenedUntold_MonitoringResolves_NewRecoveryNoticeOwed()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "切り戻しで復旧しました。", new IncidentEdit { Cause = "設定ミス" }, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing("g1"), default)).Outcome);
        h.Time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Resolved("g1"), default)).Outcome);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.False(incident.IsOpen);
        Assert.True(incident.RecoveryNoticeOwed);
        Assert.NotEmpty(Reminders(h, id));
        Assert.Single(h.Email.Sent, s => s.Message.Subject == $"【復旧済み】{id} Group g1（第2報）");
    }

    /// <summary>The same, but a person told the execs it came back (an update with the notice): its close is owed a recovery notice again.</summary>
    [Fact]
    public async Task PersonResolvedWithTheNotice_ReopenTold_MonitoringResolves_Reminded()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "切り戻しで復旧しました。", new IncidentEdit { Cause = "設定ミス" }, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.Intake.IntakeAsync(Firing("g1"), default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "再発しました。調査中です。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));

        await h.Intake.IntakeAsync(Resolved("g1"), default);

        Assert.True((await h.IncidentAsync(id)).RecoveryNoticeOwed);
        Assert.NotEmpty(Reminders(h, id));
    }

    /// <summary>
    /// Trial 51 (the executives' reading): told 「第2報：障害は復旧しました。」, then it came back and the next update went out as
    /// 「第3報：障害の状況を更新しました。」 — nothing said it was the recovery they had been told of that no longer held. The notice after
    /// a reopen says so first, with the recovery time they were told; the one after it does not repeat it.
    /// </summary>
    [Fact]
    public async Task ToldRecovered_Reopened_NextNoticeSaysItCameBack_OnceOnly()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "切り戻しで復旧しました。", new IncidentEdit { Cause = "設定ミス" }, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing("g1"), default)).Outcome);

        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です。", null, "sato", null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Identified, "設定の差分を確認しました。", null, "sato", null, null, default);

        var third = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:notice:3").ToList();
        Assert.Equal(2, third.Count); // the execs' mail and the channel's card
        Assert.All(third, m => Assert.StartsWith(
            "第3報（SEV1・調査中）：2026年12月1日(火) 10:01（JST）に復旧したとお知らせしましたが、障害が再発しました。\n",
            m.TextBody.ReplaceLineEndings("\n"),
            StringComparison.Ordinal));
        Assert.Contains("障害が再発しました。", third.Single(m => m.Channel == Channel.Email).HtmlBody, StringComparison.Ordinal);
        var card = System.Text.Json.Nodes.JsonNode.Parse(third.Single(m => m.Channel == Channel.Teams).CardJson!)!
            .ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains("\"text\":\"第3報（SEV1・調査中）：2026年12月1日(火) 10:01（JST）に復旧したとお知らせしましたが、障害が再発しました。\"", card, StringComparison.Ordinal);
        var fourth = h.Outbox.All.Where(m => m.Topic == $"incident:{id}:notice:4").ToList();
        Assert.Equal(2, fourth.Count);
        Assert.All(fourth, m => Assert.DoesNotContain("再発", m.TextBody, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecoveryNoticePosted_OwedCleared_WaitingReminderCancelled_NoSecondReminder()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        await h.DrainQueueAsync();
        h.Email.Script(new SendResult.Transient("busy"), new SendResult.Transient("busy"));
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();
        Assert.Contains(Reminders(h, id), m => m.Channel == Channel.Email && m.Status == OutboxStatus.Pending);

        // The PM posts the recovery notice on the resolved incident's page (status stays 復旧済み, cause and next steps written).
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "監視で復旧を確認しました。", new IncidentEdit { Cause = "DB のフェイルオーバー", NextSteps = "監視の閾値を見直します" }, "sato", null, null, default);
        var incident = await h.IncidentAsync(id);
        Assert.False(incident.RecoveryNoticeOwed);
        Assert.Equal(0, incident.Comms.RecoveryReminders);

        h.Time.Advance(TimeSpan.FromHours(1));
        await h.DrainQueueAsync();
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        Assert.All(Reminders(h, id).Where(m => m.Channel == Channel.Email), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
        Assert.DoesNotContain(Reminders(h, id), m => m.Topic.EndsWith(":2", StringComparison.Ordinal));
        var told = Assert.Single(h.Email.Sent, s => s.Message.Subject == $"【復旧済み】{id} Group g1（第2報）");
        Assert.Contains("DB のフェイルオーバー", told.Message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nudge_StillOwedAfterTheInterval_RemindedOnceMore_ThenNever()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        var duty = await h.DutyEmailsAsync();
        await h.Intake.IntakeAsync(Resolved("g1"), default);

        h.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));

        Assert.Equal(
            [.. duty.Select(e => $"incident:{id}:recovery:1:2:email:{e}"), $"incident:{id}:recovery:1:2:teams"],
            Reminders(h, id).Where(m => m.Topic.EndsWith(":2", StringComparison.Ordinal)).Select(m => m.Id));
        Assert.Equal(2, (await h.IncidentAsync(id)).Comms.RecoveryReminders);
        Assert.Equal([1, 2], (await h.TimelineAsync(id)).Where(e => e.Kind == TimelineKind.RecoveryReminded).Select(e => e.Step!.Value));

        await h.DrainQueueAsync();
        var again = h.Email.Sent.First(s => s.Id == $"incident:{id}:recovery:1:2:email:{duty[0]}").Message;
        Assert.Contains("監視で復旧を検知してから30分以上経ちましたが、関係者への復旧の報告がまだです。", again.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParallelResolvesOnTwoInstances_OneReminderEach()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        var duty = await h.DutyEmailsAsync();

        await Task.WhenAll(
            Task.Run(() => h.Intake.IntakeAsync(Resolved("g1"), default)),
            Task.Run(() => h.SecondInstance().IntakeAsync(Resolved("g1"), default)),
            Task.Run(() => h.SecondInstance().IntakeAsync(Resolved("g1"), default)));

        Assert.Equal(duty.Count + 1, Reminders(h, id).Count);
        Assert.Equal(1, (await h.TimelineAsync(id)).Count(e => e.Kind == TimelineKind.RecoveryReminded));
        await h.DrainQueueAsync();
        Assert.Equal(duty, h.Email.Sent.Where(s => s.Id.Contains(":recovery:", StringComparison.Ordinal)).Select(s => s.Message.To).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Nudge_ResolveReminderNeverQueued_QueuedByTheNextRun()
    {
        // The app stopped between storing the resolve and queuing the reminder: here, an intake without the reminder.
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        var bare = IntakeWithoutReminder(h);
        await bare.IntakeAsync(Resolved("g1"), default);
        Assert.Empty(Reminders(h, id));

        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));

        Assert.All(Reminders(h, id), m => Assert.StartsWith($"incident:{id}:recovery:1:1:", m.Id, StringComparison.Ordinal));
        Assert.NotEmpty(Reminders(h, id));
    }

    /// <summary>
    /// The reminder at the resolve was missed and the next run catches up two hours later: the one more reminder comes an
    /// interval after that, not on the following run; a close older than a day (the first run after a deploy) is not reminded
    /// at all (review).
    /// </summary>
    [Fact]
    public async Task Nudge_CaughtUpLate_TheOneMoreReminderAnIntervalLater_AndNoneForACloseOlderThanADay()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        var old = await OpenAndTellAsync(h, "g2");
        var bare = IntakeWithoutReminder(h);
        await bare.IntakeAsync(Resolved("g2"), default);
        h.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        await bare.IntakeAsync(Resolved("g1"), default);
        h.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Empty(Reminders(h, old));
        Assert.DoesNotContain(Reminders(h, id), m => m.Id.StartsWith($"incident:{id}:recovery:1:2:", StringComparison.Ordinal));

        h.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        Assert.Contains(Reminders(h, id), m => m.Id.StartsWith($"incident:{id}:recovery:1:2:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StatusBoard_ResolvedByMonitoring_SaysSoUntilAPersonSpeaks()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        h.Time.Advance(TimeSpan.FromMinutes(4));
        var resolvedAt = h.Time.GetUtcNow();
        await h.Intake.IntakeAsync(Resolved("g1"), default);

        var entry = Assert.Single(await h.Service.StatusBoardAsync(default), e => e.Incident.Id == id);
        Assert.Equal(resolvedAt, entry.AutoResolvedAt);
        Assert.True(entry.Incident.RecoveryNoticeOwed);

        h.Time.Advance(TimeSpan.FromMinutes(10));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧しました。", null, "sato", null, null, default);
        entry = Assert.Single(await h.Service.StatusBoardAsync(default), e => e.Incident.Id == id);
        Assert.Null(entry.AutoResolvedAt);
        Assert.False(entry.Incident.RecoveryNoticeOwed);
        Assert.Equal("復旧しました。", entry.LastUpdate);
    }

    [Fact]
    public async Task Reopened_NotOwed_ReminderWaitingCancelled()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        await h.DrainQueueAsync();
        h.Email.Script(new SendResult.Transient("busy"), new SendResult.Transient("busy"));
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();

        await h.Intake.IntakeAsync(Firing("g1"), default);
        Assert.False((await h.IncidentAsync(id)).RecoveryNoticeOwed);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();

        Assert.All(Reminders(h, id).Where(m => m.Channel == Channel.Email), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
    }

    /// <summary>
    /// Reopened while the first reminder's mails waited (cancelled), then resolved by monitoring again: the second close is
    /// reminded at once, under ids of its own (review: the count and the ids of the first close blocked it, and the pair heard
    /// only after the update interval, or never with reminders off).
    /// </summary>
    [Fact]
    public async Task ReopenedThenResolvedAgain_RemindedAtOnceForTheSecondClose()
    {
        var h = await CreateAsync(comms: Execs);
        var id = await OpenAndTellAsync(h);
        await h.DrainQueueAsync();
        h.Email.Script(new SendResult.Transient("busy"), new SendResult.Transient("busy"));
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(Firing("g1"), default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.DrainQueueAsync();
        var first = Reminders(h, id).Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

        await h.Intake.IntakeAsync(Resolved("g1"), default);
        await h.DrainQueueAsync();

        var again = Reminders(h, id).Where(m => !first.Contains(m.Id) && m.Channel == Channel.Email).ToList();
        Assert.Equal(await h.DutyEmailsAsync(), again.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(again, m => Assert.StartsWith($"incident:{id}:recovery:", m.Id, StringComparison.Ordinal));
        Assert.Equal(1, (await h.IncidentAsync(id)).Comms.RecoveryReminders);
    }

    private static List<OutboxMessage> Withdrawals(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Topic.StartsWith($"incident:{id}:refired:", StringComparison.Ordinal)).OrderBy(m => m.Id, StringComparer.Ordinal)];

    private static string Jst(DateTimeOffset at, string format) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Opened by monitoring, taken by one of the pair, who sends the 第1報 (the acknowledgement a flap keeps); returns the id and the taker.</summary>
    private static async Task<(string Id, AssignedMember Taker)> OpenTakeAndTellAsync(IncidentHarness h)
    {
        var id = (await h.Intake.IntakeAsync(Firing("g1"), default)).IncidentId!;
        var taker = (await h.IncidentAsync(id)).Assignees[0];
        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "決済APIでエラー。調査中です。", null, taker.Id, null, null, default);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        return (id, taker);
    }

    /// <summary>
    /// The five-day walk, session 57: monitoring resolved what one of the pair had taken, they were asked to report the recovery, and
    /// the alert fired again — a reopen that keeps the acknowledgement and pages nobody. Those the ask went to, exactly, get one mail
    /// each and the channel one card saying not to send it (【復旧の報告は不要・再発】), none of it a page; a redelivered firing and the
    /// cadence timer add nothing. The reopen's row says the ask was withdrawn, and no recovery notice is owed any more.
    /// </summary>
    [Fact]
    public async Task Refire_AfterTheAskWent_AcknowledgementStood_ThoseAskedToldOnceNotToSendIt()
    {
        var h = await CreateAsync(comms: Settled);
        var (id, taker) = await OpenTakeAndTellAsync(h);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        var resolved = h.Time.GetUtcNow();
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        var asked = Asks(h, id).Select(m => m.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(asked);
        await h.DrainQueueAsync();
        var before = h.Outbox.All.Select(m => m.Id).ToHashSet(StringComparer.Ordinal);

        h.Time.Advance(TimeSpan.FromMinutes(20));
        var refired = h.Time.GetUtcNow();
        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing("g1"), default)).Outcome);
        await h.Intake.IntakeAsync(Firing("g1"), default); // the same firing delivered again
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(taker.Id, incident.AcknowledgedBy);
        Assert.False(incident.RecoveryNoticeOwed);
        Assert.False(incident.OwesRecoveryAskWithdrawal);
        var sent = Withdrawals(h, id);
        Assert.Equal(asked, sent.Where(m => m.Channel == Channel.Email).Select(m => m.Recipient.ToLowerInvariant()).Order(StringComparer.Ordinal));
        Assert.Single(sent, m => m.Channel == Channel.Teams);
        Assert.All(sent, m => Assert.StartsWith($"incident:{id}:refired:1:", m.Id, StringComparison.Ordinal));
        // Not a page: nothing else went for the reopen — no page, no text, no call (the cadence's update reminder aside: it is open, and
        // 30 minutes passed since the 第1報).
        Assert.Equal(sent.Select(m => m.Id).Order(StringComparer.Ordinal),
            h.Outbox.All.Where(m => !before.Contains(m.Id) && !m.Topic.StartsWith($"incident:{id}:nudge:", StringComparison.Ordinal)).Select(m => m.Id).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(h.Outbox.All, m => m.Channel is Channel.Sms or Channel.Voice);

        await h.DrainQueueAsync();
        var ja = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:refired:", StringComparison.Ordinal) && s.Message.To == taker.Email).Message;
        Assert.Equal(OnDuty.Core.Team.Language.Ja, taker.Language);
        Assert.StartsWith($"【復旧の報告は不要・再発】{id} ", ja.Subject, StringComparison.Ordinal);
        Assert.Contains($"{Jst(resolved, "M月d日")}", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"{Jst(resolved, "HH:mm")}（JST）に監視で復旧を検知し、復旧の報告をお願いしましたが、{Jst(refired, "HH:mm")}に再び発生しました（再発1回目）。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains("関係者への復旧の報告は送らないでください。", ja.TextBody, StringComparison.Ordinal);
        Assert.Contains($"対応者：{taker.DisplayName}", ja.TextBody, StringComparison.Ordinal);

        var row = Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Reopened);
        Assert.EndsWith(TimelineTexts.RecoveryAskWithdrawnSuffix, row.Message, StringComparison.Ordinal);
        Assert.Contains(row.Message![..^TimelineTexts.RecoveryAskWithdrawnSuffix.Length], new[] { TimelineTexts.FiredAsItResolved, TimelineTexts.FiredWithinReopenWindow });
    }

    /// <summary>The alert fired again within the settle: no ask went, so nothing is withdrawn — no mail, and the reopen's row says nothing of it.</summary>
    [Fact]
    public async Task Refire_WithinTheSettle_NoAskWent_NothingWithdrawn()
    {
        var h = await CreateAsync(comms: Settled);
        var (id, _) = await OpenTakeAndTellAsync(h);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, await h.Nudger.NudgeOpenIncidentsAsync(default));

        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing("g1"), default)).Outcome);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Nudger.NudgeOpenIncidentsAsync(default);

        Assert.Empty(Reminders(h, id));
        Assert.Empty(Withdrawals(h, id));
        Assert.Null((await h.IncidentAsync(id)).Comms.RecoveryAskWithdrawn);
        Assert.Contains(Assert.Single(await h.TimelineAsync(id), e => e.Kind == TimelineKind.Reopened).Message, new[] { TimelineTexts.FiredAsItResolved, TimelineTexts.FiredWithinReopenWindow });
    }

    /// <summary>Queuing it failed at the reopen (an intake that stopped before): the cadence timer's next run queues it, once.</summary>
    [Fact]
    public async Task Refire_WithdrawalNotQueuedAtTheReopen_QueuedByTheNextCadenceRun()
    {
        var h = await CreateAsync(comms: Settled);
        var (id, _) = await OpenTakeAndTellAsync(h);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(AlertIntakeOutcome.Reopened, (await IntakeWithoutReminder(h).IntakeAsync(Firing("g1"), default)).Outcome);
        Assert.Empty(Withdrawals(h, id));
        Assert.True((await h.IncidentAsync(id)).OwesRecoveryAskWithdrawal);

        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        await h.Nudger.NudgeOpenIncidentsAsync(default);
        Assert.Equal(Asks(h, id).Count, Withdrawals(h, id).Count(m => m.Channel == Channel.Email));
        Assert.False((await h.IncidentAsync(id)).OwesRecoveryAskWithdrawal);
    }

    /// <summary>
    /// Nobody had taken it: the reopen pages the pair (【再発】), and that page says the ask to report the recovery is withdrawn —
    /// no mail of its own besides.
    /// </summary>
    [Fact]
    public async Task Refire_AfterTheAskWent_NobodyHadTakenIt_ThePageSaysTheAskIsWithdrawn()
    {
        var h = await CreateAsync(comms: Settled);
        var id = await OpenAndTellAsync(h);
        Assert.False((await h.IncidentAsync(id)).IsAcknowledged);
        await h.Intake.IntakeAsync(Resolved("g1"), default);
        h.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(1, await h.Nudger.NudgeOpenIncidentsAsync(default));
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(AlertIntakeOutcome.Reopened, (await h.Intake.IntakeAsync(Firing("g1"), default)).Outcome);
        await h.DrainQueueAsync();

        Assert.Empty(Withdrawals(h, id));
        var pages = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:page:r1:email:", StringComparison.Ordinal)).Select(s => s.Message).ToList();
        Assert.NotEmpty(pages);
        Assert.All(pages.Where(m => m.Subject.StartsWith("【", StringComparison.Ordinal)), m => Assert.Contains("の復旧についてお願いした復旧の報告は取り消します。関係者への復旧の報告は送らないでください。", m.TextBody, StringComparison.Ordinal));
        Assert.All(pages.Where(m => m.Subject.StartsWith("[", StringComparison.Ordinal)), m => Assert.Contains("The request to send the recovery notice for the recovery at", m.TextBody, StringComparison.Ordinal));
    }
}
