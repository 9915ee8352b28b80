using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;
using static OnDuty.Testing.AlertmanagerBody;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 39 M4: a PM declared INC-0001 from a customer report (SEV2), the Alertmanager incident INC-0002 was merged into it, and the
/// PM set it to 経過観察中 (「念のため1時間経過観察します。」). The alert's resolve then resolved the PM's incident (復旧日時 = the receipt
/// time) and sent 【復旧の報告をお願いします】. The alert was only part of it: monitoring no longer closes an incident a person runs
/// (<see cref="Incident.RunByPerson"/>) — it stays open, the timeline says the alerts resolved, and the person on it is asked once.
/// </summary>
public sealed class AlertsResolvedOnPersonsIncidentTests
{
    private static readonly DateTimeOffset Started = T0.AddMinutes(-10);

    private static AlertNotification Firing(string key = "checkout") => Notification("g1", Alert(key, severity: AlertSeverity.Sev2));

    private static AlertNotification Resolved(string key = "checkout") => Notification("g1", Alert(key, AlertStatus.Resolved, AlertSeverity.Sev2));

    private static List<OutboxMessage> AskMails(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Id.StartsWith($"incident:{id}:alerts-resolved:", StringComparison.Ordinal))];

    private static List<OutboxMessage> AskCards(IncidentHarness h, string id) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Teams && m.Id.StartsWith($"incident:{id}:alerts-resolved:", StringComparison.Ordinal))];

    /// <summary>The trial's sequence: 佐藤 declares 「決済画面が開かない」 SEV2, the alert's incident is merged into it, 佐藤 sets 経過観察中.</summary>
    private static async Task<string> DeclaredWatchedAsync(IncidentHarness h)
    {
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var duplicate = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, declared.Value.Id, "sato", default);
        h.MoveTo(T0.AddMinutes(5));
        await h.Service.PostUpdateAsync(declared.Value.Id, IncidentStatus.Monitoring, "念のため1時間経過観察します。", null, "sato", null, null, default);
        await h.DrainQueueAsync();
        return declared.Value.Id;
    }

    [Fact]
    public async Task DeclaredIncident_ItsMergedAlertResolves_StaysOpen_OneRow_OneMailToThePair_ASecondResolveSendsNothing()
    {
        var h = await CreateAsync();
        var id = await DeclaredWatchedAsync(h);
        h.MoveTo(T0.AddMinutes(12));

        var result = await h.Intake.IntakeAsync(Resolved(), default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.AlertsResolved, id, 1), (result.Outcome, result.IncidentId, result.ResolvedAlerts));
        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal(IncidentStatus.Monitoring, incident.Status);
        Assert.Null(incident.ResolvedAt);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Resolved);

        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertsResolved);
        Assert.Equal(("every monitoring alert has resolved (alertmanager); whether the incident is over is for its owner to decide", "alert:alertmanager", T0.AddMinutes(12)),
            (row.Message, row.By, row.At));
        Assert.Equal("監視のアラートはすべて解消しました（Alertmanager）。障害が復旧したかは担当者が判断してください",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal("Every monitoring alert has resolved (Alertmanager). Whether the incident is over is for its owner to decide",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.En));

        // Nobody acknowledged it: the pair on duty — 佐藤, who declared it, is one of them: one mail each, not two; no 【復旧の報告をお願いします】.
        var asked = AskMails(h, id);
        Assert.Contains("sato@example.com", await h.DutyEmailsAsync());
        Assert.Equal(await h.DutyEmailsAsync(), asked.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(asked, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.Contains(":recovery:", StringComparison.Ordinal));
        var mail = h.Email.Sent.Single(s => s.Id == asked[0].Id).Message;
        Assert.Equal($"【アラート解消・要確認】{id} 決済画面が開かない", mail.Subject);
        Assert.Equal(
            $"""
            {id} 決済画面が開かない
            監視（Alertmanager）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。

            アラート解消日時：2026年12月1日(火) 10:12（JST）
            現在の状態：経過観察中

            担当者が対応中の障害のため、OnDuty は復旧済みにしていません。収まっていれば、障害ページの「状況を更新する」で状態を「復旧済み」にし、原因と今後の対応を書いて送ってください（発生をお知らせした関係者には、復旧のお知らせとして届きます）。まだ様子を見る場合は、このままで構いません。

            障害ページで復旧を記録する：http://127.0.0.1:7071/api/incidents/{id}/page?status=resolved#h-update

            """.ReplaceLineEndings("\n"),
            mail.TextBody.ReplaceLineEndings("\n"));

        // Alertmanager sends the resolve again (a retry, the HA peer): the same answer, nothing new stored or sent.
        var outbox = h.Outbox.All.Count;
        var rows = (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertsResolved);
        h.MoveTo(T0.AddMinutes(13));
        var again = await h.Intake.IntakeAsync(Resolved(), default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.AlertsResolved, id), (again.Outcome, again.IncidentId));
        Assert.Equal(outbox, h.Outbox.All.Count);
        Assert.Equal(rows, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertsResolved));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
    }

    /// <summary>A person acknowledged it: they are asked (in their language), with 佐藤 who declared it — not the pair.</summary>
    [Fact]
    public async Task Acknowledged_TheAcknowledgerAndTheDeclarerAreAsked_NotThePair()
    {
        var h = await CreateAsync();
        var id = await DeclaredWatchedAsync(h);
        var member = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members[0];
        await h.Service.AcknowledgeAsync(id, member.Id, null, default);
        h.MoveTo(T0.AddMinutes(12));

        await h.Intake.IntakeAsync(Resolved(), default);

        Assert.NotEqual("sato@example.com", member.Email);
        Assert.Equal([member.Email, "sato@example.com"], AskMails(h, id).Select(m => m.Recipient).Order(StringComparer.Ordinal).Reverse());
    }

    /// <summary>
    /// Emma (English, not on duty) declared it from a customer's report and the alert's incident was merged in: when the alert
    /// resolves, she is asked with the pair — she reported it and knows whether the customer still sees it — in English.
    /// </summary>
    [Fact]
    public async Task DeclaredByAMemberNotOnDuty_ThePairAndTheDeclarerAreAsked_SheInEnglish()
    {
        var h = await CreateAsync();
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout fails for customers", Severity = AlertSeverity.Sev2 }, "emma", null, default);
        var duplicate = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, declared.Value.Id, "emma", default);
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(12));

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);
        await h.DrainQueueAsync();

        var asked = AskMails(h, declared.Value.Id);
        Assert.DoesNotContain("emma@example.com", await h.DutyEmailsAsync());
        Assert.Equal([.. (await h.DutyEmailsAsync()).Append("emma@example.com").Order(StringComparer.Ordinal)], asked.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var toEmma = h.Email.Sent.Single(s => s.Id == asked.Single(m => m.Recipient == "emma@example.com").Id).Message;
        Assert.Equal($"[Alerts resolved · please check] {declared.Value.Id}: Checkout fails for customers", toEmma.Subject);
    }

    /// <summary>Nobody on duty: the leads, whom its pages reached instead, and 佐藤 who declared it.</summary>
    [Fact]
    public async Task NobodyOnDuty_TheLeadsAndTheDeclarerAreAsked()
    {
        var h = await CreateAsync(o => o.RotationId = "no-such-rotation");
        var id = await DeclaredWatchedAsync(h);
        Assert.Empty((await h.IncidentAsync(id)).Assignees);
        h.MoveTo(T0.AddMinutes(12));

        await h.Intake.IntakeAsync(Resolved(), default);

        Assert.Equal([.. h.Options.Leads, "sato@example.com"], AskMails(h, id).Select(m => m.Recipient));
    }

    /// <summary>
    /// An incident monitoring opened, that a person set to 経過観察中: theirs too. The alert firing again afterwards is a refire of
    /// the open incident (no reopen, no page); resolving again asks again, under the new resolve's id.
    /// </summary>
    [Fact]
    public async Task AlertOpened_APersonSetMonitoring_StaysOpen_ARefireIsARefire_AndAskedAgainAfterTheNextResolve()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Alertmanager("g-w", ("w-1", "firing", Started, null)), default)).IncidentId!;
        await h.DrainQueueAsync();
        var member = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members[0];
        await h.Service.AcknowledgeAsync(id, member.Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Monitoring, "切り戻し後の様子を見ています。", null, member.Id, null, null, default);
        h.MoveTo(T0.AddMinutes(10));

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Alertmanager("g-w", ("w-1", "resolved", Started, T0.AddMinutes(10))), default)).Outcome);
        Assert.Single(AskMails(h, id));
        await h.DrainQueueAsync();
        var sent = h.Email.Sent.Count;

        h.MoveTo(T0.AddMinutes(20));
        var refire = await h.Intake.IntakeAsync(Alertmanager("g-w", ("w-1", "firing", T0.AddMinutes(19), null)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Folded, id, 1), (refire.Outcome, refire.IncidentId, refire.Fired));
        var incident = await h.IncidentAsync(id);
        Assert.Equal((true, 0, member.Id), (incident.IsOpen, incident.ReopenCount, incident.AcknowledgedBy));
        Assert.Equal(sent, h.Email.Sent.Count);
        Assert.Equal(AlertStatus.Firing, Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value.Status);

        h.MoveTo(T0.AddMinutes(25));
        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Alertmanager("g-w", ("w-1", "resolved", T0.AddMinutes(19), T0.AddMinutes(25))), default)).Outcome);
        Assert.Equal(2, AskMails(h, id).Select(m => m.Topic).Distinct().Count());
        Assert.Equal(2, (await h.TimelineAsync(id)).Count(t => t.Kind == TimelineKind.AlertsResolved));
    }

    /// <summary>
    /// An incident monitoring opened, acknowledged by one of the pair; a member not on duty set it to 経過観察中 (she is watching it):
    /// when the alert resolves, Emma is asked with the acknowledger — exactly those two, one mail each, Emma in English.
    /// </summary>
    [Fact]
    public async Task AlertOpened_AMemberNotOnDutySetMonitoring_SheAndTheAcknowledgerAreAsked_ExactlyThose()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var duty = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members;
        var watcher = TeamData.Members().First(m => !duty.Any(d => d.Id == m.Id));
        Assert.Equal(("yamada", "emma"), (duty[0].Id, watcher.Id));
        await h.Service.AcknowledgeAsync(id, duty[0].Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Monitoring, "切り戻し後の様子を見ています。", null, watcher.Id, null, null, default);
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(10));

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);
        await h.DrainQueueAsync();

        var asked = AskMails(h, id);
        Assert.Equal(["emma@example.com", "yamada@example.com"], asked.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(asked, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var title = (await h.IncidentAsync(id)).Title;
        var toEmma = h.Email.Sent.Single(s => s.Id == asked.Single(m => m.Recipient == "emma@example.com").Id).Message;
        Assert.Equal($"[Alerts resolved · please check] {id}: {title}", toEmma.Subject);
        var toYamada = h.Email.Sent.Single(s => s.Id == asked.Single(m => m.Recipient == "yamada@example.com").Id).Message;
        Assert.Equal($"【アラート解消・要確認】{id} {title}", toYamada.Subject);
    }

    /// <summary>The acknowledger set 経過観察中 herself (by her address): she is asked once, not twice.</summary>
    [Fact]
    public async Task AlertOpened_TheAcknowledgerSetMonitoringByHerAddress_OneMail()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var member = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members[0];
        await h.Service.AcknowledgeAsync(id, member.Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Monitoring, "切り戻し後の様子を見ています。", null, member.Email.ToUpperInvariant(), null, null, default);
        h.MoveTo(T0.AddMinutes(10));

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);

        Assert.Equal([member.Email], AskMails(h, id).Select(m => m.Recipient));
    }

    /// <summary>
    /// Opened by an alert and never taken over (acknowledged and updated 調査中, but not 経過観察中): monitoring resolves it as before, and
    /// nobody is asked.
    /// </summary>
    [Fact]
    public async Task AlertOpened_NotTakenOver_MonitoringStillResolvesIt()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var member = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Members[0];
        await h.Service.AcknowledgeAsync(id, member.Id, null, default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "調査中です。", null, member.Id, null, null, default);
        h.MoveTo(T0.AddMinutes(10));

        var result = await h.Intake.IntakeAsync(Resolved(), default);

        Assert.Equal(AlertIntakeOutcome.Resolved, result.Outcome);
        var incident = await h.IncidentAsync(id);
        Assert.Equal((false, T0.AddMinutes(10)), (incident.IsOpen, incident.ResolvedAt));
        Assert.Empty(AskMails(h, id));
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertsResolved);
    }

    /// <summary>The person resolves it before the mail went (a mail outage): the ask is dropped, not sent.</summary>
    [Fact]
    public async Task ResolvedByThePersonBeforeTheMailWent_TheAskIsCancelled()
    {
        var h = await CreateAsync();
        var id = await DeclaredWatchedAsync(h);
        h.Queue.Consumer = null;
        h.MoveTo(T0.AddMinutes(12));
        await h.Intake.IntakeAsync(Resolved(), default);
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "復旧を確認しました。", null, "sato", null, null, default);

        await h.DrainQueueAsync();

        Assert.NotEmpty(AskMails(h, id));
        Assert.All(AskMails(h, id), m => Assert.Equal(OutboxStatus.Cancelled, m.Status));
    }

    /// <summary>
    /// Teams on: the channel gets one card 【アラート解消・要確認】 in the team's language, the mail's content and its resolve link, under
    /// the resolve's id of its own (<c>…:alerts-resolved:{time}:teams</c>); the resolve sent again posts nothing new.
    /// </summary>
    [Fact]
    public async Task TeamsOn_OneCardToTheChannel_TheMailsContentAndResolveLink_ASecondResolvePostsNothing()
    {
        var h = await CreateAsync();
        var id = await DeclaredWatchedAsync(h);
        h.MoveTo(T0.AddMinutes(12));
        var cardsBefore = h.Teams.Cards.Count;

        await h.Intake.IntakeAsync(Resolved(), default);
        await h.DrainQueueAsync();

        var card = Assert.Single(AskCards(h, id));
        Assert.Equal($"incident:{id}:alerts-resolved:20261201T011200000Z:teams", card.Id);
        Assert.Equal(OutboxStatus.Sent, card.Status);
        var mail = AskMails(h, id)[0];
        Assert.Equal(($"【アラート解消・要確認】{id} 決済画面が開かない", mail.TextBody), (card.Subject, card.TextBody));
        // The posted card's texts, its JSON's escapes read back.
        var posted = System.Text.RegularExpressions.Regex.Unescape(h.Teams.Cards.Skip(cardsBefore).Single());
        Assert.Contains("監視（Alertmanager）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。", posted, StringComparison.Ordinal);
        Assert.Contains("障害ページで復旧を記録する", posted, StringComparison.Ordinal);
        Assert.Contains($"http://127.0.0.1:7071/api/incidents/{id}/page?status=resolved#h-update", posted, StringComparison.Ordinal);

        h.MoveTo(T0.AddMinutes(13));
        await h.Intake.IntakeAsync(Resolved(), default);
        await h.DrainQueueAsync();

        Assert.Single(AskCards(h, id));
        Assert.Equal(cardsBefore + 1, h.Teams.Cards.Count);
    }

    /// <summary>
    /// The PM declared INC-A from a customer report; the alert's INC-B was older, so the PM merged A into B. B is now a person's
    /// (<see cref="Incident.DeclaredMergedIn"/>): the alert resolving leaves it open (調査中, nobody set 経過観察中), answers
    /// <c>alertsResolved</c>, writes the row and asks the pair once. Before, the resolve closed B.
    /// </summary>
    [Fact]
    public async Task DeclaredMergedIntoAlertOpened_AlertResolves_StaysOpen_AlertsResolved_OneMailEach()
    {
        var h = await CreateAsync();
        var alertOpened = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        h.MoveTo(T0.AddMinutes(3));
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "お客様から決済できないとの問い合わせ", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        await h.Merger.MergeAsync(declared.Value.Id, alertOpened, "sato", default);
        await h.DrainQueueAsync();
        var merged = await h.IncidentAsync(alertOpened);
        Assert.True(merged is { DeclaredMergedIn: true, RunByPerson: true, Status: IncidentStatus.Investigating });
        Assert.True(Incident.Restore(merged.ToSnapshot()).DeclaredMergedIn);
        h.MoveTo(T0.AddMinutes(12));

        var result = await h.Intake.IntakeAsync(Resolved(), default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.AlertsResolved, alertOpened, 1), (result.Outcome, result.IncidentId, result.ResolvedAlerts));
        var incident = await h.IncidentAsync(alertOpened);
        Assert.True(incident.IsOpen);
        Assert.Null(incident.ResolvedAt);
        Assert.DoesNotContain(await h.TimelineAsync(alertOpened), t => t.Kind == TimelineKind.Resolved);
        Assert.Equal("every monitoring alert has resolved (alertmanager); whether the incident is over is for its owner to decide",
            Assert.Single(await h.TimelineAsync(alertOpened), t => t.Kind == TimelineKind.AlertsResolved).Message);
        var asked = AskMails(h, alertOpened);
        Assert.Equal(await h.DutyEmailsAsync(), asked.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        // The merge took the declared incident's title over the alert group's.
        Assert.All(asked, m => Assert.Equal($"【アラート解消・要確認】{alertOpened} お客様から決済できないとの問い合わせ", m.Subject));
        Assert.Single(AskCards(h, alertOpened));
        Assert.DoesNotContain(h.Outbox.All, m => m.Id.Contains(":recovery:", StringComparison.Ordinal));
    }

    /// <summary>
    /// 佐藤 declared INC-A from a customer report and merged it into the alert's INC-B, which 田中 had acknowledged. Before, only 田中
    /// was asked: 佐藤, who runs B since her merge, heard nothing. Now the alert resolving asks both, one mail each in her own language,
    /// and the resolve sent again sends nothing new.
    /// </summary>
    [Fact]
    public async Task DeclaredMergedIntoAcknowledged_AlertResolves_TheAcknowledgerAndTheDeclarerAreAsked_ExactlyThose()
    {
        var h = await CreateAsync();
        var alertOpened = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        await h.Service.AcknowledgeAsync(alertOpened, "tanaka", null, default);
        h.MoveTo(T0.AddMinutes(3));
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "お客様から決済できないとの問い合わせ", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        await h.Merger.MergeAsync(declared.Value.Id, alertOpened, "sato", default);
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(12));

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);
        await h.DrainQueueAsync();

        var asked = AskMails(h, alertOpened);
        Assert.Equal(["sato@example.com", "tanaka@example.com"], asked.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(asked, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var toSato = h.Email.Sent.Single(s => s.Id == asked.Single(m => m.Recipient == "sato@example.com").Id).Message;
        Assert.Equal($"【アラート解消・要確認】{alertOpened} お客様から決済できないとの問い合わせ", toSato.Subject);
        Assert.StartsWith(
            $"{alertOpened} お客様から決済できないとの問い合わせ\n監視（Alertmanager）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。\n",
            toSato.TextBody.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Single(AskCards(h, alertOpened));

        var outbox = h.Outbox.All.Count;
        var sent = h.Email.Sent.Count;
        h.MoveTo(T0.AddMinutes(13));
        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);
        await h.DrainQueueAsync();
        Assert.Equal((outbox, sent), (h.Outbox.All.Count, h.Email.Sent.Count));
    }

    /// <summary>
    /// Emma (English) declared the incident merged in, one of the pair is on duty and nobody acknowledged: the pair and Emma are
    /// asked, Emma in English; a declarer who is also on duty gets one mail, not two.
    /// </summary>
    [Fact]
    public async Task DeclaredByAnEnglishMemberMergedIn_ThePairAndTheDeclarer_InHerLanguage_OneMailEach()
    {
        var h = await CreateAsync();
        var alertOpened = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "Checkout fails for customers", Severity = AlertSeverity.Sev2 }, "emma", null, default);
        var (other, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済の問い合わせ", Severity = AlertSeverity.Sev2 }, (await h.DutyEmailsAsync())[0], null, default);
        await h.Merger.MergeAsync(declared.Value.Id, alertOpened, "emma", default);
        await h.Merger.MergeAsync(other.Value.Id, alertOpened, "emma", default);
        await h.DrainQueueAsync();
        h.MoveTo(T0.AddMinutes(12));

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);
        await h.DrainQueueAsync();

        var asked = AskMails(h, alertOpened);
        Assert.Equal([.. (await h.DutyEmailsAsync()).Append("emma@example.com").Distinct().Order(StringComparer.Ordinal)], asked.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        var toEmma = h.Email.Sent.Single(s => s.Id == asked.Single(m => m.Recipient == "emma@example.com").Id).Message;
        Assert.Equal($"[Alerts resolved · please check] {alertOpened}: Checkout fails for customers", toEmma.Subject);
    }

    private static AlertNotification Azure(AlertStatus status) =>
        Notification("azure-1", Alert("cpu", status, AlertSeverity.Sev2)) with { Source = AlertSource.AzureMonitor };

    /// <summary>
    /// Alertmanager's incident with an Azure Monitor alert merged in, Azure Monitor set not to resolve on its alerts
    /// (<c>Incidents__Sources__azure_monitor__ResolveWhenAllAlertsResolved=false</c>); <paramref name="runByPerson"/>: 田中 set it to
    /// 経過観察中. Returns its id, both alerts firing.
    /// </summary>
    private static async Task<(IncidentHarness H, string Id)> TwoSourcesAsync(bool runByPerson, bool azureResolves = false)
    {
        var h = await CreateAsync(o => o.Sources["azure-monitor"] = new AlertSourceOptions { ResolveWhenAllAlertsResolved = azureResolves });
        var id = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        var other = (await h.Intake.IntakeAsync(Azure(AlertStatus.Firing), default)).IncidentId!;
        await h.Merger.MergeAsync(other, id, "tanaka", default);
        if (runByPerson)
        {
            await h.Service.PostUpdateAsync(id, IncidentStatus.Monitoring, "切り戻し後の様子を見ています。", null, "tanaka", null, null, default);
        }

        await h.DrainQueueAsync();
        Assert.Equal(runByPerson, (await h.IncidentAsync(id)).RunByPerson);
        Assert.Equal(["alertmanager", "azure-monitor"], (await h.IncidentAsync(id)).HeldGroups.Select(g => g.Source).Distinct().Order(StringComparer.Ordinal));
        return (h, id);
    }

    /// <summary>
    /// Two sources, one set not to resolve on its alerts, in an incident a person runs: whichever resolves last, the incident stays open
    /// without 【アラート解消・要確認】 and the page shows no banner — and the test button predicts the same. Before, the source of the last
    /// resolve decided for the intake (Alertmanager last: asked; Azure Monitor last: not) while the banner showed whenever any source
    /// would have resolved it, so with Azure Monitor last the page said 「監視のアラートはすべて解消しています」 and nobody was asked.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TwoSources_OneSetNotToResolve_WhicheverResolvesLast_NoAsk_NoBanner_TheTrialAgrees(bool azureLast)
    {
        var (h, id) = await TwoSourcesAsync(runByPerson: true);
        h.MoveTo(T0.AddMinutes(10));
        var (first, last) = azureLast ? (Resolved(), Azure(AlertStatus.Resolved)) : (Azure(AlertStatus.Resolved), Resolved());
        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(first, default)).Outcome);
        h.MoveTo(T0.AddMinutes(11));

        var trial = await new AlertTrial(h.Incidents, h.Pager, h.Time, Microsoft.Extensions.Options.Options.Create(h.Options), h.Calendar).TryAsync(last, default);
        var result = await h.Intake.IntakeAsync(last, default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.Folded, AlertIntakeOutcome.Folded, id), (trial.Outcome, result.Outcome, result.IncidentId));
        Assert.All(await h.Incidents.GetAlertsAsync(id, default), a => Assert.Equal(AlertStatus.Resolved, a.Value.Status));
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Empty(AskMails(h, id));
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertsResolved);
        Assert.False((await h.Service.GetAsync(id, default)).AlertsResolvedLeftToPerson);
    }

    /// <summary>
    /// Both sources resolve on their alerts (the default): the last resolve, from either, asks the pair and 田中 (not on duty) who set it
    /// to 経過観察中, and the page shows the banner.
    /// </summary>
    [Fact]
    public async Task TwoSources_BothResolveOnTheirAlerts_TheLastResolveAsks_AndTheBannerShows()
    {
        var (h, id) = await TwoSourcesAsync(runByPerson: true, azureResolves: true);
        h.MoveTo(T0.AddMinutes(10));
        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);

        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Azure(AlertStatus.Resolved), default)).Outcome);
        await h.DrainQueueAsync();

        Assert.DoesNotContain("tanaka@example.com", await h.DutyEmailsAsync());
        Assert.Equal([.. (await h.DutyEmailsAsync()).Append("tanaka@example.com").Order(StringComparer.Ordinal)], AskMails(h, id).Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.True((await h.Service.GetAsync(id, default)).AlertsResolvedLeftToPerson);
    }

    /// <summary>
    /// Nobody runs it: Alertmanager's resolve coming last no longer resolves an incident that holds an Azure Monitor alert set not to
    /// resolve on its alerts — it stays open for a person, as it did when Azure Monitor's came last.
    /// </summary>
    [Fact]
    public async Task TwoSources_OneSetNotToResolve_NobodyRunsIt_AlertmanagerLast_StaysOpenForAPerson()
    {
        var (h, id) = await TwoSourcesAsync(runByPerson: false);
        h.MoveTo(T0.AddMinutes(10));
        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(Azure(AlertStatus.Resolved), default)).Outcome);

        var result = await h.Intake.IntakeAsync(Resolved(), default);

        Assert.Equal(AlertIntakeOutcome.Folded, result.Outcome);
        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Empty(AskMails(h, id));
    }

    /// <summary>An alert-opened incident merged into another alert-opened one: nobody declared anything, so monitoring still resolves it.</summary>
    [Fact]
    public async Task AlertOpenedMergedIntoAlertOpened_AlertsResolve_MonitoringStillResolvesIt()
    {
        var h = await CreateAsync();
        var target = (await h.Intake.IntakeAsync(Firing(), default)).IncidentId!;
        h.MoveTo(T0.AddMinutes(2));
        var other = (await h.Intake.IntakeAsync(Notification("g2", Alert("inventory", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.Merger.MergeAsync(other, target, "sato", default);
        Assert.True(await h.IncidentAsync(target) is { DeclaredMergedIn: false, RunByPerson: false });
        h.MoveTo(T0.AddMinutes(10));

        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(Resolved(), default)).Outcome);
        var result = await h.Intake.IntakeAsync(Notification("g2", Alert("inventory", AlertStatus.Resolved, AlertSeverity.Sev2)), default);

        Assert.Equal((AlertIntakeOutcome.Resolved, target), (result.Outcome, result.IncidentId));
        Assert.Equal((false, T0.AddMinutes(10)), ((await h.IncidentAsync(target)).IsOpen, (await h.IncidentAsync(target)).ResolvedAt));
        Assert.Empty(AskMails(h, target));
        Assert.Empty(AskCards(h, target));
    }

    /// <summary>A record stored before 12-05 has no <c>DeclaredMergedIn</c>: it reads as false (run by a person as before), and false is not stored.</summary>
    [Fact]
    public void Snapshot_WithoutDeclaredMergedIn_ReadsAsBefore()
    {
        var stored = new IncidentSnapshot { Id = "INC-2026-0001", Title = "t", Severity = AlertSeverity.Sev2, Status = IncidentStatus.Investigating, Source = "alertmanager", OpenedBy = "alert:alertmanager" };
        var incident = Incident.Restore(stored);

        Assert.Equal((false, false), (incident.DeclaredMergedIn, incident.RunByPerson));
        Assert.Null(incident.ToSnapshot().DeclaredMergedIn);
    }
}
