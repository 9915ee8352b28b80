using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Trial 35 H3, M3, M4: a monitoring tool's acknowledgement (a PagerDuty-style <c>acknowledge</c>, <c>alert:{source}</c>) says only
/// that someone may be on it in the tool. A raise to SEV1 pages the pair afresh, a resolve tells those paged it ended, and the
/// tool is named as its trigger named itself.
/// </summary>
public sealed class ToolAcknowledgementTests
{
    private static AlertInstance Err(AlertSeverity severity, AlertStatus status = AlertStatus.Firing) =>
        Alert("err", status, severity) with { Labels = new Dictionary<string, string> { ["client"] = "Datadog" } };

    private static AlertNotification ToolAck(string? client = "Datadog") =>
        Notification("g1", Alert("err")) with { Alerts = [], Acknowledges = true, Client = client };

    private static List<OutboxMessage> Mails(IncidentHarness h, string id, string part) =>
        [.. h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Topic == $"incident:{id}:{part}").OrderBy(m => m.Recipient, StringComparer.Ordinal)];

    /// <summary>
    /// H3 as the trial ran it: SEV2 trigger, the tool's acknowledge a second later (the first page dropped unsent), then a
    /// re-trigger at SEV1. The pair is paged from step 0 under ids of a round of its own (<c>page:r1</c>: the dropped page holds
    /// <c>page</c>), the mail says why, the timeline says so, and escalation goes on at SEV1's pace. Not counted as a reopen.
    /// </summary>
    [Fact]
    public async Task RaisedToSev1_OnlyAToolAcknowledged_PagesThePairAfresh()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        Assert.Equal(AlertIntakeOutcome.Acknowledged, (await h.Intake.IntakeAsync(ToolAck(), default)).Outcome);
        await h.DrainQueueAsync();
        var duty = await h.DutyEmailsAsync();
        Assert.Equal(duty, Mails(h, id, "page").Select(m => m.Recipient).Order(StringComparer.Ordinal)); // the first page's ids are taken
        h.Time.Advance(TimeSpan.FromMinutes(3));

        await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal((AlertSeverity.Sev1, null, null, 0, 0, 1), (incident.Severity, incident.AcknowledgedBy, incident.AcknowledgedVia, incident.NotifiedStep, incident.ReopenCount, incident.PageRound));
        var pages = Mails(h, id, "page:r1");
        Assert.Equal(duty, pages.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(pages, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        var ja = incident.Assignees.First(a => a.Language == Language.Ja);
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:page:r1:email:{ja.Email.ToLowerInvariant()}").Message;
        Assert.StartsWith($"【SEV1 障害】{id} ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("SEV1 に引き上げられました。Datadog で対応中（Acknowledge）になっていましたが、OnDuty では誰も対応していないため、当番に連絡します。", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("再発", mail.Subject + mail.TextBody, StringComparison.Ordinal);

        var timeline = await h.TimelineAsync(id);
        var why = Assert.Single(timeline, t => t.Kind == TimelineKind.PagesReleased);
        Assert.Equal((string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.PagesAfterToolAckRaised, "Datadog"), "alert:alertmanager"), (why.Message, why.By));
        Assert.Equal(
            "SEV1 に引き上げられました。Datadog の対応開始（Acknowledge）だけでは OnDuty で誰も対応していないため、当番を呼び出します",
            OnDuty.Messages.TimelineText.For(why.Kind, why.Message, Language.Ja));
        Assert.Equal(
            "Raised to SEV1: only the sending monitoring tool had acknowledged it and nobody took it in OnDuty, so the duty members are paged now",
            OnDuty.Messages.TimelineText.For(why.Kind, TimelineTexts.PagesAfterUnnamedToolAckRaised, Language.En));
        Assert.Contains(timeline, t => t is { Kind: TimelineKind.Notified, Step: 0, Round: 1 });
        Assert.DoesNotContain(timeline, t => t.Kind == TimelineKind.Reopened);

        // SEV1's ack timeout later, escalation 1 of the same round.
        h.Time.Advance(h.Options.AckTimeouts.Sev1);
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(duty, Mails(h, id, "escalation:1:r1").Where(m => m.Status == OutboxStatus.Sent).Select(m => m.Recipient).Order(StringComparer.Ordinal));

        // A person takes it now: the partner hears who did, though the tool's 対応開始 notice went to them before (ids of the round).
        var taker = incident.Assignees[0];
        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);
        await h.DrainQueueAsync();
        var partner = incident.Assignees[1];
        var told = Assert.Single(Mails(h, id, "ack:r1"));
        Assert.Equal((partner.Email, OutboxStatus.Sent), (told.Recipient, told.Status));
        Assert.Single(Mails(h, id, "ack"), m => Member.SameAddress(m.Recipient, partner.Email));
    }

    /// <summary>
    /// Review of 12-04, problem 2: after a raise to SEV1 over the tool's acknowledgement, the tool acknowledges again. It is on the
    /// timeline, worded so, and counts for nothing: nobody is told it was taken, escalation 1 of the round still goes at SEV1's pace,
    /// and only a person's acknowledgement stops the pages.
    /// </summary>
    [Fact]
    public async Task RaisedToSev1_TheToolAcknowledgesAgain_RecordedAndThePagesGoOnUntilAPersonTakesIt()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.Intake.IntakeAsync(ToolAck(), default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(3));
        await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(ToolAck(), default)).Outcome);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal((false, null, null, 1), (incident.IsAcknowledged, incident.AcknowledgedBy, incident.AcknowledgedVia, incident.PageRound));
        Assert.Empty(Mails(h, id, "ack:r1"));
        var row = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.ToolAckNotCounted);
        Assert.Equal((string.Format(System.Globalization.CultureInfo.InvariantCulture, TimelineTexts.ToolAckNotCounted, "Datadog"), "alert:alertmanager"), (row.Message, row.By));
        Assert.Equal(
            "Datadog で再び対応中（Acknowledge）になりましたが、SEV1 のため、OnDuty で誰かが「対応します」を押すまで当番の呼び出しを続けます",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal(
            "Datadog acknowledged it again, but it is a SEV1: the duty members are still paged until someone acknowledges it in OnDuty",
            OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.En));
        Assert.Equal(
            "送信元の監視ツールで再び対応中（Acknowledge）になりましたが、SEV1 のため、OnDuty で誰かが「対応します」を押すまで当番の呼び出しを続けます",
            OnDuty.Messages.TimelineText.For(row.Kind, TimelineTexts.UnnamedToolAckNotCounted, Language.Ja));
        Assert.Equal(
            "The sending monitoring tool acknowledged it again, but it is a SEV1: the duty members are still paged until someone acknowledges it in OnDuty",
            OnDuty.Messages.TimelineText.For(row.Kind, TimelineTexts.UnnamedToolAckNotCounted, Language.En));

        h.Time.Advance(h.Options.AckTimeouts.Sev1);
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        var duty = await h.DutyEmailsAsync();
        Assert.Equal(duty, Mails(h, id, "escalation:1:r1").Where(m => m.Status == OutboxStatus.Sent).Select(m => m.Recipient).Order(StringComparer.Ordinal));

        // A person takes it: the pages stop.
        var taker = incident.Assignees[0];
        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);
        h.Time.Advance(h.Options.AckTimeouts.Sev1 * 3);
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        Assert.Equal(taker.Id, (await h.IncidentAsync(id)).AcknowledgedBy);
        Assert.DoesNotContain(h.Outbox.All, m => m.Topic.StartsWith($"incident:{id}:escalation:2", StringComparison.Ordinal));
    }

    /// <summary>
    /// Review of 12-04, problem 1: a tool that acknowledges within seconds of its trigger (Datadog and PagerDuty-style integrations do)
    /// drops the page still in the outbox — acknowledged stops the pages, as in PagerDuty — so the pair hears of it from the tool's
    /// 対応開始 notice. When the tool then resolves it, they are told it ended too, though no page reached them (it used to tell nobody).
    /// </summary>
    [Fact]
    public async Task ToolAcknowledgesBeforeThePageWent_ThePairHearsOfItAndThatItEnded()
    {
        var h = await CreateAsync();
        h.Queue.Consumer = null; // the send queue has not run yet when the tool acknowledges
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        Assert.Equal(AlertIntakeOutcome.Acknowledged, (await h.Intake.IntakeAsync(ToolAck(), default)).Outcome);
        await h.DrainQueueAsync();

        var duty = await h.DutyEmailsAsync();
        var incident = await h.IncidentAsync(id);
        Assert.All(Mails(h, id, "page"), m => Assert.Equal((OutboxStatus.Cancelled, $"incident {id} was acknowledged"), (m.Status, m.LastError)));
        var told = Mails(h, id, "ack");
        Assert.Equal(duty, told.Select(m => m.Recipient));
        Assert.All(told, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        foreach (var a in incident.Assignees)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:ack:email:{a.Email.ToLowerInvariant()}").Message;
            Assert.Contains(
                a.Language == Language.Ja
                    ? "送信元の Datadog で対応中（Acknowledge）になりました（OnDuty で「対応します」を押した人はいません）。誰が対応しているかは Datadog で確認してください。"
                    : "The sending tool, Datadog, marked it acknowledged (nobody pressed Acknowledge in OnDuty). Check Datadog for who is on it.",
                mail.TextBody, StringComparison.Ordinal);
        }

        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2, AlertStatus.Resolved)), default)).Outcome);
        await h.DrainQueueAsync();

        var recovered = Mails(h, id, "recovered");
        Assert.Equal(duty, recovered.Select(m => m.Recipient));
        Assert.All(recovered, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        foreach (var a in incident.Assignees)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:recovered:email:{a.Email.ToLowerInvariant()}").Message;
            Assert.Contains(
                a.Language == Language.Ja
                    ? $"{id} は監視で復旧しました。Datadog で対応中（Acknowledge）になっていたもので、OnDuty での対応は不要です（経緯は Datadog で確認してください）。"
                    : $"{id} recovered: monitoring resolved it. Datadog had it acknowledged; nothing needs doing in OnDuty (check Datadog for what was done).",
                mail.TextBody, StringComparison.Ordinal);
        }

        Assert.Single(h.Outbox.All, m => m is { Channel: Channel.Teams, Status: OutboxStatus.Sent } && m.Topic == $"incident:{id}:recovered");
        Assert.True((await h.IncidentAsync(id)).RecoveredTold);
    }

    /// <summary>
    /// Brief toolack2, 1: only a tool acknowledged it, then a person on duty presses 対応します. It is theirs now — who took it, when, no
    /// tool named — with the tool's row kept on the timeline; the partner gets the person's 対応開始 mail under ids of its own
    /// (<c>ack:person</c>: the tool's notice holds <c>ack</c>), the taker none. A second person is told it is already taken.
    /// </summary>
    [Fact]
    public async Task ToolAcknowledged_APersonTakesIt_RecordedAsTheirsAndThePartnerTold()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck(), default);
        await h.DrainQueueAsync();
        var toolNotices = Mails(h, id, "ack").Count;
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var incident = await h.IncidentAsync(id);
        var taker = incident.Assignees[0];
        var partner = incident.Assignees[1];

        var taken = (await h.Service.AcknowledgeAsync(id, taker.Id, null, default)).Value;
        await h.DrainQueueAsync();

        Assert.Equal((taker.Id, (string?)null, (DateTimeOffset?)h.Time.GetUtcNow(), true), (taken.AcknowledgedBy, taken.AcknowledgedVia, taken.AcknowledgedAt, taken.AcknowledgedByPerson));
        var stored = await h.IncidentAsync(id);
        Assert.Equal((taker.Id, (string?)null, true), (stored.AcknowledgedBy, stored.AcknowledgedVia, stored.IsOpen));
        Assert.Equal(
            ["alert:alertmanager", taker.Id],
            (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.Acknowledged).Select(t => t.By!));
        var told = Assert.Single(Mails(h, id, "ack:person"));
        Assert.Equal((partner.Email, OutboxStatus.Sent), (told.Recipient, told.Status));
        Assert.Equal(toolNotices, Mails(h, id, "ack").Count);
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:ack:person:email:{partner.Email.ToLowerInvariant()}").Message;
        Assert.StartsWith(partner.Language == Language.Ja ? $"【SEV2 対応開始】{id} " : $"[SEV2 acknowledged] {id}: ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(TookOverText(taker, partner, "Datadog"), mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain(partner.Language == Language.Ja ? "送信元の Datadog で対応中" : "The sending tool, Datadog", mail.TextBody, StringComparison.Ordinal);

        // The partner presses too: already taken, by the taker; nothing more is sent.
        var sent = h.Outbox.All.Count;
        var second = (await h.Service.AcknowledgeAsync(id, partner.Id, null, default)).Value;
        await h.DrainQueueAsync();
        Assert.Equal(taker.Id, second.AcknowledgedBy);
        Assert.False(IncidentService.RefusedAsResolved(second, partner.Id));
        Assert.Equal(sent, h.Outbox.All.Count);

        // The tool's word does not take it back.
        await h.Intake.IntakeAsync(ToolAck(), default);
        Assert.Equal(taker.Id, (await h.IncidentAsync(id)).AcknowledgedBy);
    }

    /// <summary>
    /// Brief toolack (session 42), 1: Datadog acknowledged, then a person took it over. The record forgets the tool's name (the
    /// acknowledgement is the person's), but the tool's own timeline row keeps it, so the incident page still names Datadog on that
    /// row — not 「送信元の監視ツール」, and never the route's 「PagerDuty 連携」 — and the person on theirs.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<b>対応開始</b> <span class=\"meta\">— Datadog</span>")]
    [InlineData(Language.En, "<b>Acknowledged</b> <span class=\"meta\">— Datadog</span>")]
    public async Task ToolAcknowledged_APersonTakesIt_TheToolsRowStillNamesTheTool(Language language, string toolRow)
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("err", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck(), default);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var taker = (await h.IncidentAsync(id)).Assignees[0];

        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);

        Assert.Null((await h.IncidentAsync(id)).AcknowledgedVia);
        Assert.Equal(
            [("alert:alertmanager", "Datadog"), (taker.Id, null)],
            (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.Acknowledged).Select(t => (t.By!, t.Via)));
        var details = await h.Service.GetAsync(id, default);
        var page = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, details, "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            RequestId = "req-1",
        });
        var timeline = page[page.IndexOf("<ol id=\"timeline\"", StringComparison.Ordinal)..page.IndexOf("</ol>", page.IndexOf("<ol id=\"timeline\"", StringComparison.Ordinal), StringComparison.Ordinal)];
        var label = language == Language.Ja ? "<b>対応開始</b>" : "<b>Acknowledged</b>";
        Assert.Equal(
            [$"{label} <span class=\"meta\">— {taker.DisplayName}</span>", toolRow],
            timeline.Split("<li>").Where(r => r.Contains(label, StringComparison.Ordinal))
                .Select(r => r[r.IndexOf(label, StringComparison.Ordinal)..r.IndexOf("</li>", StringComparison.Ordinal)]));
    }

    /// <summary>Several acknowledged together by a person, one of which only a tool had: it is taken too, not skipped as acknowledged.</summary>
    [Fact]
    public async Task AcknowledgeMany_OneOnlyAToolAcknowledged_TakenToo()
    {
        var h = await CreateAsync();
        var first = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        var second = (await h.Intake.IntakeAsync(Notification("g2", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck() with { GroupKey = "g1" }, default);
        await h.DrainQueueAsync();

        var done = await h.Service.AcknowledgeManyAsync([first, second], "yamada", default);

        Assert.Equal([first, second], done.Acknowledged);
        Assert.Empty(done.Skipped);
        Assert.Equal(("yamada", "yamada"), ((await h.IncidentAsync(first)).AcknowledgedBy, (await h.IncidentAsync(second)).AcknowledgedBy));
    }

    /// <summary>
    /// Several acknowledged together, one only a tool had: the combined mail marks that one in its list, as the single mail says
    /// it took it over (「…（監視ツール Datadog で受付済みだったもの）」); a tool that gave no name is 「監視ツール」.
    /// </summary>
    [Theory]
    [InlineData("Datadog", "監視ツール Datadog で受付済みだったもの", "a monitoring tool, Datadog, had acknowledged it")]
    [InlineData(null, "監視ツールで受付済みだったもの", "a monitoring tool had acknowledged it")]
    public async Task AcknowledgeMany_OneOnlyAToolAcknowledged_TheCombinedMailMarksItInTheList(string? client, string ja, string en)
    {
        var h = await CreateAsync();
        // No client anywhere (neither the acknowledge nor the alert's labels): the tool gave no name.
        var alert = client is null ? Alert("err", severity: AlertSeverity.Sev2) : Err(AlertSeverity.Sev2);
        var first = (await h.Intake.IntakeAsync(Notification("g1", alert), default)).IncidentId!;
        var second = (await h.Intake.IntakeAsync(Notification("g2", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck(client) with { GroupKey = "g1" }, default);
        await h.DrainQueueAsync();
        Assert.Equal(client, (await h.IncidentAsync(first)).AcknowledgedVia);

        await h.Service.AcknowledgeManyAsync([first, second], "yamada", default);
        await h.DrainQueueAsync();

        var topic = OutboxIds.AcknowledgementsTopic("yamada", [first, second]);
        var told = h.Outbox.All.Where(m => m.Channel == Channel.Email && m.Topic == topic).ToList();
        Assert.NotEmpty(told);
        foreach (var message in told)
        {
            var reader = (await h.IncidentAsync(first)).Assignees.FirstOrDefault(a => string.Equals(a.Email, message.Recipient, StringComparison.OrdinalIgnoreCase));
            var body = Assert.Single(h.Email.Sent, s => s.Id == message.Id).Message.TextBody;
            var lines = body.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
            var title = (await h.IncidentAsync(first)).Title;
            var marked = reader?.Language == Language.En ? $"{first} SEV2 {title} ({en})" : $"{first} SEV2 {title}（{ja}）";
            Assert.Contains(marked, lines);
            Assert.Contains($"{second} SEV2 {(await h.IncidentAsync(second)).Title}", lines);
        }
    }

    /// <summary>
    /// Brief toolack3, 1: 「まとめて対応する」 and acknowledge-many without ids offer what only a tool acknowledged (no person took it),
    /// and take it over exactly as one at a time: the person's, the partner told under <c>ack:person</c> that it is the one Datadog had.
    /// </summary>
    [Fact]
    public async Task AcknowledgeMany_WithoutIds_OnlyAToolAcknowledged_TakenOverAsOneAtATime()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck(), default);
        await h.DrainQueueAsync();
        var toolNotices = Mails(h, id, "ack").Count;
        Assert.Equal([id], (await h.Service.ListUnacknowledgedAsync(default)).Select(i => i.Id));
        var incident = await h.IncidentAsync(id);
        var taker = incident.Assignees[0];
        var partner = incident.Assignees[1];
        h.Time.Advance(TimeSpan.FromMinutes(2));

        var done = await h.Service.AcknowledgeManyAsync(null, taker.Id, default);
        await h.DrainQueueAsync();

        Assert.Equal([id], done.Acknowledged);
        Assert.Empty(done.Skipped);
        var stored = await h.IncidentAsync(id);
        Assert.Equal((taker.Id, (string?)null, (DateTimeOffset?)h.Time.GetUtcNow()), (stored.AcknowledgedBy, stored.AcknowledgedVia, stored.AcknowledgedAt));
        Assert.Equal(["alert:alertmanager", taker.Id], (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.Acknowledged).Select(t => t.By!));
        var told = Assert.Single(Mails(h, id, "ack:person"));
        Assert.Equal((partner.Email, OutboxStatus.Sent), (told.Recipient, told.Status));
        Assert.Equal(toolNotices, Mails(h, id, "ack").Count);
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:ack:person:email:{partner.Email.ToLowerInvariant()}").Message;
        Assert.Contains(TookOverText(taker, partner, "Datadog"), mail.TextBody, StringComparison.Ordinal);
        Assert.Empty(await h.Service.ListUnacknowledgedAsync(default));

        // Asked again: nothing is left to take, nothing more is sent.
        var sent = h.Outbox.All.Count;
        Assert.Empty((await h.Service.AcknowledgeManyAsync(null, partner.Id, default)).Acknowledged);
        Assert.Equal(sent, h.Outbox.All.Count);
    }

    /// <summary>Brief toolack3, 2: a tool that gave no name — the take-over's 対応開始 says 「監視ツールで受付済みだった」.</summary>
    [Fact]
    public async Task ToolAcknowledged_NoClientAnywhere_APersonTakesIt_ThePartnerToldItWasTheTools()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("err", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck(client: null), default);
        await h.DrainQueueAsync();
        var incident = await h.IncidentAsync(id);
        var taker = incident.Assignees[1];
        var partner = incident.Assignees[0];

        await h.Service.AcknowledgeAsync(id, taker.Id, null, default);
        await h.DrainQueueAsync();

        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:ack:person:email:{partner.Email.ToLowerInvariant()}").Message;
        Assert.Contains(TookOverText(taker, partner, null), mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>The take-over's lead, as <paramref name="reader"/> reads it: 「山田さん」 to a Japanese reader, the name as written otherwise.</summary>
    private static string TookOverText(AssignedMember taker, AssignedMember reader, string? tool)
    {
        if (reader.Language == Language.Ja)
        {
            var name = (taker.Language == Language.Ja ? taker.DisplayName.Split(' ')[0] : taker.DisplayName) + "さん";
            return tool is null ? $"監視ツールで受付済みだった障害を、{name}が OnDuty で引き受けました。" : $"監視ツール（{tool}）で受付済みだった障害を、{name}が OnDuty で引き受けました。";
        }

        return tool is null
            ? $"{taker.DisplayName} took over this incident, which the sending monitoring tool had acknowledged."
            : $"{taker.DisplayName} took over this incident, which {tool} had acknowledged.";
    }

    /// <summary>A person's acknowledgement stands at a raise to SEV1: nobody is paged again, and nothing else is sent.</summary>
    [Fact]
    public async Task RaisedToSev1_APersonAcknowledged_AcknowledgementStandsNoPage()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);
        await h.DrainQueueAsync();
        var sent = h.Outbox.All.Count;

        await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal((AlertSeverity.Sev1, "yamada", 0), (incident.Severity, incident.AcknowledgedBy, incident.PageRound));
        Assert.Equal(sent, h.Outbox.All.Count);
        Assert.DoesNotContain(await h.TimelineAsync(id), t => t.Kind == TimelineKind.PagesReleased);
    }

    /// <summary>A tool's acknowledgement and a raise short of SEV1 (SEV3 → SEV2): the tool keeps it, as before.</summary>
    [Fact]
    public async Task RaisedToSev2_OnlyAToolAcknowledged_NoPage()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev3)), default)).IncidentId!;
        await h.Intake.IntakeAsync(ToolAck(), default);
        await h.DrainQueueAsync();

        await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal((AlertSeverity.Sev2, "alert:alertmanager", 0), (incident.Severity, incident.AcknowledgedBy, incident.PageRound));
        Assert.DoesNotContain(h.Outbox.All, m => m.Topic.Contains(":page:r", StringComparison.Ordinal));
    }

    /// <summary>
    /// M4: a SEV1 paged, acknowledged by the tool, resolved by it. Those paged are told it ended — that the tool had it, nothing is
    /// needed in OnDuty, and that a SEV1 still owes its retro — by mail in their language.
    /// </summary>
    [Fact]
    public async Task ResolvedByMonitoring_OnlyAToolAcknowledged_ThoseReachedToldItEnded()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck(), default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(4));

        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1, AlertStatus.Resolved)), default)).Outcome);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        var recovered = Mails(h, id, "recovered");
        Assert.Equal(await h.DutyEmailsAsync(), recovered.Select(m => m.Recipient).Order(StringComparer.Ordinal));
        Assert.All(recovered, m => Assert.Equal(OutboxStatus.Sent, m.Status));
        foreach (var a in incident.Assignees)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:recovered:email:{a.Email.ToLowerInvariant()}").Message;
            Assert.Contains(
                a.Language == Language.Ja
                    ? $"{id} は監視で復旧しました。Datadog で対応中（Acknowledge）になっていたもので、OnDuty での対応は不要です（経緯は Datadog で確認してください）。SEV1 のため、振り返りは必要です。"
                    : $"{id} recovered: monitoring resolved it. Datadog had it acknowledged; nothing needs doing in OnDuty (check Datadog for what was done). It was a SEV1, so it still owes a retro.",
                mail.TextBody, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// A storm's recoveries told together (<c>Incidents__StormPages</c>) where a tool had acknowledged one: the list no longer says
    /// they recovered 「誰も対応する前に」 — it says how many a tool had, and that nobody in OnDuty took them.
    /// </summary>
    [Fact]
    public async Task RecoveriesToldTogether_OneToolAcknowledged_TheListSaysSoNotBeforeAnyone()
    {
        var h = await CreateAsync(o => o.StormPages = 1);
        var ids = new List<string>();
        foreach (var g in new[] { "g0", "g1", "g2" })
        {
            ids.Add((await h.Intake.IntakeAsync(Notification(g, Err(AlertSeverity.Sev2)), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();
        await h.Intake.IntakeAsync(ToolAck() with { GroupKey = "g1" }, default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromMinutes(1));
        foreach (var g in new[] { "g0", "g1", "g2" })
        {
            Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Notification(g, Err(AlertSeverity.Sev2, AlertStatus.Resolved)), default)).Outcome);
        }

        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        var pair = (await h.IncidentAsync(ids[0])).Assignees;
        foreach (var a in pair)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith("recoveries:", StringComparison.Ordinal) && string.Equals(s.Message.To, a.Email, StringComparison.OrdinalIgnoreCase)).Message;
            Assert.Contains(ids[1], mail.TextBody, StringComparison.Ordinal);
            Assert.Contains(
                a.Language == Language.Ja
                    ? "次の障害2件は監視で自動復旧しました（うち1件は監視ツールで対応中（Acknowledge）になっていたもので、OnDuty では誰も対応していません）。"
                    : "These 2 incidents recovered on their own: monitoring resolved them (1 of them had been acknowledged in the monitoring tool, nobody in OnDuty took them).",
                mail.TextBody, StringComparison.Ordinal);
            Assert.DoesNotContain("誰も対応する前に", mail.TextBody, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Brief toolack2, 2: a storm's first pages held (<c>Incidents__StormPages</c>), and the tool acknowledges one of them before the
    /// run tells them together. It is still listed — the reader should know it is there and in the tool's hands — but as the status
    /// page says it, 「監視ツール（Datadog）が受付済み・当番は未確認」, without the one-click 対応します link (its page can take it).
    /// The one still waiting keeps its link.
    /// </summary>
    [Fact]
    public async Task StormFirstPagesHeld_OneToolAcknowledgedMeanwhile_ListedAsTheToolsWithoutAnAckLink()
    {
        var h = await CreateAsync(o => o.StormPages = 1);
        var ids = new List<string>();
        foreach (var g in new[] { "g0", "g1", "g2" })
        {
            ids.Add((await h.Intake.IntakeAsync(Notification(g, Err(AlertSeverity.Sev2)), default)).IncidentId!);
            h.Time.Advance(TimeSpan.FromSeconds(5));
        }

        await h.DrainQueueAsync();
        Assert.False((await h.IncidentAsync(ids[1])).StepQueued); // held
        await h.Intake.IntakeAsync(ToolAck() with { GroupKey = "g1" }, default);
        await h.DrainQueueAsync();
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.Pager.EscalateOpenIncidentsAsync(default);
        await h.DrainQueueAsync();

        static string Block(string body, string id) =>
            body.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n").Single(b => b.Contains($" {id} ", StringComparison.Ordinal));
        foreach (var a in (await h.IncidentAsync(ids[1])).Assignees)
        {
            var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith("escalations:0:", StringComparison.Ordinal) && string.Equals(s.Message.To, a.Email, StringComparison.OrdinalIgnoreCase)).Message;
            var ja = a.Language == Language.Ja;
            var taken = Block(mail.TextBody, ids[1]);
            Assert.Contains(ja ? "\n監視ツール（Datadog）が受付済み・当番は未確認\n" : "\nAcknowledged only in the monitoring tool (Datadog), not by the duty members\n", taken, StringComparison.Ordinal);
            Assert.DoesNotContain(ja ? "対応します：" : "Acknowledge: ", taken, StringComparison.Ordinal);
            Assert.Contains(ja ? "障害ページを開く" : "Open the incident page", taken, StringComparison.Ordinal);
            var waiting = Block(mail.TextBody, ids[2]);
            Assert.Contains(ja ? "対応します：" : "Acknowledge: ", waiting, StringComparison.Ordinal);
            Assert.DoesNotContain(ja ? "受付済み" : "monitoring tool", waiting, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Brief toolack2, 3: nobody on duty, so the first page goes straight to the leads — and the tool acknowledges before it went (it is
    /// dropped unsent). The leads get the tool's 対応開始 mail the pair would have got, and its 復旧 when the tool resolves it; it used to
    /// tell nobody.
    /// </summary>
    [Fact]
    public async Task NobodyOnDuty_ToolAcknowledgesBeforeTheLeadsPageWent_TheLeadsHearOfIt()
    {
        var h = await CreateAsync(o => o.RotationId = "no-such-rotation");
        h.Queue.Consumer = null; // the send queue has not run yet when the tool acknowledges
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        Assert.Equal(AlertIntakeOutcome.Acknowledged, (await h.Intake.IntakeAsync(ToolAck(), default)).Outcome);
        await h.DrainQueueAsync();

        Assert.Empty((await h.IncidentAsync(id)).Assignees);
        var dropped = Assert.Single(Mails(h, id, "escalation:2"));
        Assert.Equal(("lead@example.com", OutboxStatus.Cancelled), (dropped.Recipient, dropped.Status));
        var told = Assert.Single(Mails(h, id, "ack"));
        Assert.Equal(("lead@example.com", OutboxStatus.Sent), (told.Recipient, told.Status));
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:ack:email:lead@example.com").Message;
        Assert.StartsWith($"【SEV2 対応開始】{id} ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains(
            "送信元の Datadog で対応中（Acknowledge）になりました（OnDuty で「対応します」を押した人はいません）。誰が対応しているかは Datadog で確認してください。",
            mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(["lead@example.com"], h.Email.Sent.Select(s => s.Message.To));

        // The tool resolves it: the leads it told hear that it ended too.
        h.Time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2, AlertStatus.Resolved)), default)).Outcome);
        await h.DrainQueueAsync();
        var recovered = Assert.Single(Mails(h, id, "recovered"));
        Assert.Equal(("lead@example.com", OutboxStatus.Sent), (recovered.Recipient, recovered.Status));
        var ended = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:recovered:email:lead@example.com").Message;
        Assert.Contains(
            $"{id} は監視で復旧しました。Datadog で対応中（Acknowledge）になっていたもので、OnDuty での対応は不要です（経緯は Datadog で確認してください）。",
            ended.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A person's acknowledgement still keeps the "recovered" notice back: they own it.</summary>
    [Fact]
    public async Task ResolvedByMonitoring_APersonAcknowledged_NoRecoveredNotice()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1)), default)).IncidentId!;
        await h.DrainQueueAsync();
        await h.Service.AcknowledgeAsync(id, "yamada", null, default);

        await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev1, AlertStatus.Resolved)), default);
        await h.DrainQueueAsync();

        Assert.DoesNotContain(h.Outbox.All, m => m.Topic.StartsWith($"incident:{id}:recovered", StringComparison.Ordinal));
    }

    /// <summary>
    /// M3: PagerDuty's documented acknowledge carries no <c>client</c>; the trigger's (kept as its alert's <c>client</c> label) names
    /// the tool: the record, and the 対応開始 mail 「送信元の Datadog で対応中」.
    /// </summary>
    [Fact]
    public async Task ToolAcknowledge_WithoutClient_NamedAsItsTriggerNamedItself()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Err(AlertSeverity.Sev2)), default)).IncidentId!;
        await h.DrainQueueAsync();

        await h.Intake.IntakeAsync(ToolAck(client: null), default);
        await h.DrainQueueAsync();

        var incident = await h.IncidentAsync(id);
        Assert.Equal(("alert:alertmanager", "Datadog"), (incident.AcknowledgedBy, incident.AcknowledgedVia));
        var ja = incident.Assignees.First(a => a.Language == Language.Ja);
        var mail = Assert.Single(h.Email.Sent, s => s.Id == $"incident:{id}:ack:email:{ja.Email.ToLowerInvariant()}").Message;
        Assert.Contains("送信元の Datadog で対応中（Acknowledge）になりました", mail.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A trigger that named no client: the acknowledgement names none either (「送信元の監視ツール」), as before.</summary>
    [Fact]
    public async Task ToolAcknowledge_NoClientAnywhere_Unnamed()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(Notification("g1", Alert("err", severity: AlertSeverity.Sev2)), default)).IncidentId!;

        await h.Intake.IntakeAsync(ToolAck(client: null), default);

        Assert.Null((await h.IncidentAsync(id)).AcknowledgedVia);
    }

    /// <summary>A record stored before 12-04 (no <c>RaisedRounds</c>) pages in its reopen's round, as it did.</summary>
    [Fact]
    public void Restore_RecordWithoutRaisedRounds_RoundIsTheReopenCount()
    {
        var restored = Incident.Restore(new IncidentSnapshot
        {
            Id = "INC-2026-0001",
            Title = "t",
            Severity = AlertSeverity.Sev2,
            Status = IncidentStatus.Investigating,
            DetectedAt = T0,
            StartedAt = T0,
            ReopenCount = 2,
        });

        Assert.Equal((2, 0, 2), (restored.ReopenCount, restored.RaisedRounds, restored.PageRound));
        Assert.Null(restored.ToSnapshot().RaisedRounds);
    }
}
