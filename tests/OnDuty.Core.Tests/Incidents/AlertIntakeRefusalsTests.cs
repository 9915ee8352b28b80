using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A delivery refused as too large (413) was lost without a trace: no log line, health healthy, nobody paged (trial 31b H2).
/// It now opens one incident per source that pages, and health is degraded for an hour. A delivery refused as unreadable (400)
/// or not authenticated (401) was lost the same way, listed only under notes.deliveries (trial 35 M1): each now opens one
/// incident per source and cause that pages, stored in the team's language (trial 35 M2), and the next accepted delivery of
/// that source resolves it.
/// </summary>
public sealed class AlertIntakeRefusalsTests
{
    private const int Limit = 8 * 1024 * 1024;

    [Fact]
    public async Task RefusedTooLarge_OpensOneIncidentPerSourceThatPages_InTheTeamsLanguage_LaterRefusalsFold()
    {
        var h = await CreateAsync();
        var refused = Refused(h);

        var first = await refused.RefusedAsync(TooLarge(h, AlertSource.Alertmanager, 9_437_184 + 1024), default);
        var second = await refused.RefusedAsync(TooLarge(h, AlertSource.Alertmanager, 9_500_000), default);
        var grafana = await refused.RefusedAsync(TooLarge(h, AlertSource.Grafana, null), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Opened, first.Outcome);
        Assert.Equal((AlertIntakeOutcome.Folded, first.IncidentId), (second.Outcome, second.IncidentId));
        Assert.Equal(AlertIntakeOutcome.Opened, grafana.Outcome);
        Assert.NotEqual(first.IncidentId, grafana.IncidentId);
        var incident = await h.IncidentAsync(first.IncidentId!);
        Assert.Equal("Alertmanager からの通知が大きすぎて読めませんでした（9.4 MB）", incident.Title);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        Assert.Equal("Grafana からの通知が大きすぎて読めませんでした（8 MiB 超）", (await h.IncidentAsync(grafana.IncidentId!)).Title);
        var alert = Assert.Single(await h.Incidents.GetAlertsAsync(first.IncidentId!, default)).Value;
        Assert.Contains("設定 Alerts__MaxBodyBytes（いまは8,388,608バイト）を上げてください。", alert.Description, StringComparison.Ordinal);
        Assert.Contains("確認が済んだら、この障害を復旧にしてください（自動では復旧しません）。", alert.Description, StringComparison.Ordinal);
        var duty = await h.DutyEmailsAsync();
        Assert.All(duty, e => Assert.Contains($"incident:{first.IncidentId}:page:email:{e}", h.OutboxIds(first.IncidentId!)));

        // A 413 incident is closed by a person: an accepted delivery says nothing of the large group.
        await refused.AcceptedAsync(AlertSource.Alertmanager, default);
        Assert.True((await h.IncidentAsync(first.IncidentId!)).IsOpen);
    }

    [Fact]
    public async Task RefusedTooLarge_English_TitleAsBefore()
    {
        var h = await CreateAsync();
        var refused = Refused(h, "en");

        var first = await refused.RefusedAsync(TooLarge(h, AlertSource.Alertmanager, 9_437_184 + 1024), default);

        Assert.Equal("Alertmanager sent a notification too large to read (9.4 MB)", (await h.IncidentAsync(first.IncidentId!)).Title);
    }

    [Fact]
    public async Task Unreadable_OpensOneIncidentPerSourceAndCauseThatPages_SaysWhatWhenWhyAndWhatToDo_FloodFoldsIntoIt()
    {
        var h = await CreateAsync();
        var refused = Refused(h);
        var duty = await h.DutyEmailsAsync();

        var first = await refused.RefusedAsync(Unreadable(h, AlertSource.Alertmanager, "$.alerts[0].labels: expected an object <b>"), default);
        var flood = new List<AlertIntakeResult>();
        for (var i = 0; i < 20; i++)
        {
            h.Time.Advance(TimeSpan.FromSeconds(3));
            flood.Add(await refused.RefusedAsync(Unreadable(h, AlertSource.Alertmanager, "$: malformed JSON"), default));
        }

        var secret = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Alertmanager), default);
        var grafana = await refused.RefusedAsync(Unreadable(h, AlertSource.Grafana, "$.state: required"), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();

        Assert.Equal(AlertIntakeOutcome.Opened, first.Outcome);
        Assert.All(flood, r => Assert.Equal((AlertIntakeOutcome.Folded, first.IncidentId), (r.Outcome, r.IncidentId)));
        Assert.Equal(AlertIntakeOutcome.Opened, secret.Outcome);
        Assert.Equal(AlertIntakeOutcome.Opened, grafana.Outcome);
        Assert.Equal(3, new[] { first.IncidentId, secret.IncidentId, grafana.IncidentId }.Distinct().Count());
        Assert.Equal(3, (await h.Incidents.ListOpenIdsAsync(default)).Count);

        var incident = await h.IncidentAsync(first.IncidentId!);
        Assert.Equal("Alertmanager からの通知を読めませんでした（形式の誤り）", incident.Title);
        Assert.Equal(AlertSeverity.Sev2, incident.Severity);
        var alert = Assert.Single(await h.Incidents.GetAlertsAsync(first.IncidentId!, default)).Value;
        Assert.Equal(
            "2026年12月1日(火) 10:00（JST）に Alertmanager から届いた通知（/api/alerts/alertmanager）を、OnDuty は 400 で受け付けませんでした。送信元は再送しないため、この通知のアラートは OnDuty に届いていません。\n"
            + "理由：$.alerts[0].labels: expected an object <b>\n"
            + "送信元（Alertmanager）の画面で、いま発生中のアラートを確認してください。\n"
            + "送信元の通知の形式（Webhook の種類やテンプレート）を直してください。最初に問題のあった箇所：$.alerts[0].labels\n"
            + "この送信元からの通知を次に受け付けると、この障害は自動で復旧済みになります。",
            alert.Description);

        // One page per duty member for the flood, in Japanese; every later refusal is a repeat row (count and last time).
        var pages = h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{first.IncidentId}:page:email:", StringComparison.Ordinal)).ToList();
        Assert.Equal(duty, pages.Select(p => p.Message.To).Order(StringComparer.Ordinal));
        Assert.All(pages, p => Assert.Contains("Alertmanager からの通知を読めませんでした（形式の誤り）", p.Message.Subject, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("最初に問題のあった箇所：$.alerts[0].labels", p.Message.TextBody, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.Contains("expected an object &lt;b&gt;", p.Message.HtmlBody, StringComparison.Ordinal));
        Assert.All(pages, p => Assert.DoesNotContain("expected an object <b>", p.Message.HtmlBody, StringComparison.Ordinal));
        var page = TimelinePage.From((await h.TimelineAsync(first.IncidentId!)).Reverse(), null);
        var repeats = Assert.Single(page.Repeats);
        Assert.Equal((20, T0.AddSeconds(60)), (repeats.Count, repeats.Last));
        Assert.Equal("400 で受け付けませんでした：$: malformed JSON", repeats.LastMessage);

        var secretAlert = Assert.Single(await h.Incidents.GetAlertsAsync(secret.IncidentId!, default)).Value;
        Assert.Equal("Alertmanager からの通知を受け付けませんでした（共有シークレットの誤り）", (await h.IncidentAsync(secret.IncidentId!)).Title);
        Assert.Contains("OnDuty の設定 Incidents__Sources__alertmanager__SharedSecret と合わせてください。", secretAlert.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// A Japanese team's incident about refused deliveries read by an English and a Japanese member: the title, the alert's text and
    /// the timeline rows (the refusal, a second one folded in, the accepted delivery that resolves it) are each worded from the
    /// refusal kept as data, in the reader's language; the stored texts stay the team's.
    /// </summary>
    [Fact]
    public async Task RefusalIncident_OfAJapaneseTeam_ReadInEnglishAndInJapanese_FromTheRefusalKeptAsData()
    {
        var h = await CreateAsync();
        var refused = Refused(h);
        var first = await refused.RefusedAsync(Unreadable(h, AlertSource.Alertmanager, "$.alerts[0].labels: expected an object"), default);
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var second = await refused.RefusedAsync(Unreadable(h, AlertSource.Alertmanager, "$: malformed JSON"), default);
        await h.Intake.DrainAsync(default);
        await h.DrainQueueAsync();
        var id = first.IncidentId!;
        Assert.Equal((AlertIntakeOutcome.Folded, id), (second.Outcome, second.IncidentId));

        // Stored: the team's words, and the refusal beside them.
        var incident = await h.IncidentAsync(id);
        Assert.Equal("Alertmanager からの通知を読めませんでした（形式の誤り）", incident.Title);
        Assert.Equal((AlertSource.Alertmanager, RefusalCause.Unreadable, T0, "$.alerts[0].labels"), (incident.Refusal!.Source, incident.Refusal.Cause, incident.Refusal.At, incident.Refusal.Path));
        var alert = Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value;
        Assert.Equal(["$.alerts[0].labels: expected an object"], alert.Refusal!.Problems);
        var timeline = await h.TimelineAsync(id);
        Assert.Equal(RefusalCause.Unreadable, Assert.Single(timeline, t => t.Kind == TimelineKind.Opened).Refusal!.Cause);
        Assert.Equal("400 で受け付けませんでした：$.alerts[0].labels: expected an object", Assert.Single(timeline, t => t.Kind == TimelineKind.AlertFired).Message);
        // The fold: its own row, with its own refusal; the title and text stay the first's.
        var fold = Assert.Single(timeline, t => t.Kind == TimelineKind.AlertRepeated);
        Assert.Equal("400 で受け付けませんでした：$: malformed JSON", fold.Message);
        Assert.Equal(["$: malformed JSON"], fold.Refusal!.Problems);
        Assert.Equal(T0.AddMinutes(2), fold.Refusal.At);

        var fired = new FiredAlert(alert.Summary, alert.Severity, alert.Status) { Description = alert.Description, Refusal = alert.Refusal };
        RenderedEmail Mail(Language language) =>
            TestRenderer.Instance.Email(new IncidentPageNotice(language, incident, IncidentNotice.Page, "Asia/Tokyo", null) { Alerts = [fired] });
        string Page(Language language) => TestRenderer.Instance.Page(new IncidentWorkPageNotice(language, new IncidentDetails(new(incident, "W/\"1\""), [alert], timeline),
            "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow()) { RequestId = "req-1" });

        var en = Mail(Language.En);
        Assert.Equal($"[SEV2 incident] {id}: Alertmanager sent a notification OnDuty cannot read (wrong format)", en.Subject);
        Assert.Contains("OnDuty refused a notification from Alertmanager (/api/alerts/alertmanager) with 400. The sender does not retry it", en.Text, StringComparison.Ordinal);
        Assert.Contains("Reason: $.alerts[0].labels: expected an object", en.Text, StringComparison.Ordinal);
        Assert.Contains("Fix the format the sender posts (webhook type or template); the first problem is at $.alerts[0].labels.", en.Text, StringComparison.Ordinal);
        Assert.Contains("The next notification accepted from this sender resolves this incident.", en.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("受け付け", en.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("読めません", en.Text, StringComparison.Ordinal);
        var ja = Mail(Language.Ja);
        Assert.Contains("Alertmanager からの通知を読めませんでした（形式の誤り）", ja.Subject, StringComparison.Ordinal);
        Assert.Contains(alert.Description!, ja.Text, StringComparison.Ordinal);

        var enPage = Page(Language.En);
        Assert.Contains("Alertmanager sent a notification OnDuty cannot read (wrong format)", enPage, StringComparison.Ordinal);
        Assert.Contains("Refused with 400: $.alerts[0].labels: expected an object", enPage, StringComparison.Ordinal);
        Assert.DoesNotContain("受け付けませんでした", enPage, StringComparison.Ordinal);
        // The stored title only as the value of the title's edit field (it edits what is stored).
        Assert.Equal(1, enPage.Split("読めませんでした").Length - 1);
        Assert.Contains("value=\"Alertmanager からの通知を読めませんでした（形式の誤り）\"", enPage, StringComparison.Ordinal);
        Assert.Contains("400 で受け付けませんでした：$.alerts[0].labels: expected an object", Page(Language.Ja), StringComparison.Ordinal);

        // The accepted delivery that resolves it: its row in each reader's words.
        h.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal([id], await refused.AcceptedAsync(AlertSource.Alertmanager, default));
        timeline = await h.TimelineAsync(id);
        var accepted = Assert.Single(timeline, t => t.Kind == TimelineKind.AlertResolved);
        Assert.StartsWith("2026年12月1日(火) 10:07（JST）に Alertmanager から", accepted.Message, StringComparison.Ordinal);
        incident = await h.IncidentAsync(id);
        enPage = Page(Language.En);
        Assert.Contains("Alertmanager sent a notification OnDuty accepted at", enPage, StringComparison.Ordinal);
        Assert.DoesNotContain(accepted.Message!, enPage, StringComparison.Ordinal);
        Assert.Contains(accepted.Message!, Page(Language.Ja), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial setup (session 44): a Datadog event through the PagerDuty route with a routing key not configured was answered 400
    /// "invalid event", as PagerDuty answers it, but its incident said 「401 で受け付けませんでした」 and asked to fix a shared secret
    /// or signature, which the PagerDuty route had none of.
    /// </summary>
    [Fact]
    public async Task PagerDutyRoutingKey_SaysThe400TheSenderGot_AndNamesTheRoutingKey()
    {
        var h = await CreateAsync();

        var ja = await Refused(h).RefusedAsync(RoutingKey(h), default);
        await h.Intake.DrainAsync(default);

        Assert.Equal(AlertIntakeOutcome.Opened, ja.Outcome);
        Assert.Equal("PagerDuty Events API からの通知を受け付けませんでした（ルーティングキーの誤り）", (await h.IncidentAsync(ja.IncidentId!)).Title);
        var alert = Assert.Single(await h.Incidents.GetAlertsAsync(ja.IncidentId!, default)).Value;
        Assert.Equal(
            "2026年12月1日(火) 10:00（JST）に PagerDuty Events API から届いた通知（/api/alerts/pagerduty）を、OnDuty は 400 で受け付けませんでした。送信元は再送しないため、この通知のアラートは OnDuty に届いていません。\n"
            + "理由：$.routing_key: not an integration key of this service (Incidents__Sources__pagerduty__RoutingKeys)\n"
            + "送信元（PagerDuty Events API）の画面で、いま発生中のアラートを確認してください。\n"
            + "送信元に設定したルーティングキー（Integration Key）を、OnDuty の設定 Incidents__Sources__pagerduty__RoutingKeys に登録したキーと合わせてください。OnDuty は PagerDuty と同じく 400（invalid event）で答えるため、送信元ではキーの誤りではなく形式の誤りとして表示されます。\n"
            + "PagerDuty 形式の通知は複数のツールから届くため、ほかのツールからの通知を受け付けても自動では復旧しません。送信元を直したら、この障害を復旧にしてください。",
            alert.Description);

        var en = await CreateAsync();
        var english = await Refused(en, "en").RefusedAsync(RoutingKey(en), default);
        Assert.Equal("A PagerDuty Events API sender sent a notification OnDuty refused (routing key not configured)", (await en.IncidentAsync(english.IncidentId!)).Title);
        var enAlert = Assert.Single(await en.Incidents.GetAlertsAsync(english.IncidentId!, default)).Value;
        Assert.Contains(
            "Make the routing key (integration key) the sender uses one of those in OnDuty's setting Incidents__Sources__pagerduty__RoutingKeys, or add it there. "
            + "OnDuty answered 400 \"invalid event\", as PagerDuty does, so the sender shows a format error, not a key error.",
            enAlert.Description, StringComparison.Ordinal);
        Assert.EndsWith(
            "Several tools send PagerDuty events to this route, so an event accepted from another tool does not resolve this incident: resolve it once the sender is fixed.",
            enAlert.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 64 (斎藤: a cron job and an InfluxDB check on the PagerDuty route): the cron script still had the old PagerDuty key, and
    /// the next event InfluxDB sent with the right one resolved the refusal's incident — 「監視で自動復旧しました。対応は不要です」 —
    /// while the script's failures went on being refused. Several tools share the route, so one's accepted event says nothing of
    /// another's key or shape: the incidents about PagerDuty refusals stay open for a person; Grafana's still close on acceptance.
    /// </summary>
    [Fact]
    public async Task Accepted_PagerDutyEvent_LeavesThePagerDutyRefusalsOpen_OneToolsEventSaysNothingOfAnothers()
    {
        var h = await CreateAsync();
        var refused = Refused(h);
        var key = await refused.RefusedAsync(RoutingKey(h), default);
        var shape = await refused.RefusedAsync(Unreadable(h, AlertSource.PagerDuty, "$.payload.severity: required field is missing"), default);
        var grafana = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Grafana), default);
        await h.Intake.DrainAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(7));

        Assert.Empty(await refused.AcceptedAsync(AlertSource.PagerDuty, default));
        Assert.Equal([grafana.IncidentId!], await refused.AcceptedAsync(AlertSource.Grafana, default));

        Assert.True((await h.IncidentAsync(key.IncidentId!)).IsOpen);
        Assert.True((await h.IncidentAsync(shape.IncidentId!)).IsOpen);
        Assert.DoesNotContain(await h.TimelineAsync(key.IncidentId!), t => t.Kind == TimelineKind.AlertResolved);
    }

    /// <summary>
    /// What to fix after a 401 is said as the sender's tool allows: the title names the check that failed (the shared secret);
    /// Datadog puts a secret only in its webhook's custom headers and cannot sign, so its text names the header (or both say a
    /// signing secret is set, to remove); another tool keeps the secret-or-key text.
    /// </summary>
    [Fact]
    public async Task Unauthenticated_SaysWhatToFixAsTheSendersToolAllows()
    {
        var h = await CreateAsync();
        var refused = Refused(h);

        var datadog = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Datadog), default);
        var alertmanager = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Alertmanager), default);
        var en = await CreateAsync();
        var english = await Refused(en, "en").RefusedAsync(Unauthenticated(en, AlertSource.Datadog), default);
        var signed = await CreateAsync();
        var hmac = await Refused(signed, "en").RefusedAsync(
            Unauthenticated(signed, AlertSource.Datadog) with { Problems = [WebhookAuthentication.DatadogCannotSign], Setting = "Incidents__Sources__datadog__HmacSecret" }, default);

        Assert.Equal("Datadog からの通知を受け付けませんでした（共有シークレットの誤り）", (await h.IncidentAsync(datadog.IncidentId!)).Title);
        Assert.Equal("Alertmanager からの通知を受け付けませんでした（共有シークレットの誤り）", (await h.IncidentAsync(alertmanager.IncidentId!)).Title);
        Assert.Equal("Datadog sent a notification OnDuty refused (wrong shared secret)", (await en.IncidentAsync(english.IncidentId!)).Title);
        Assert.Equal("Datadog sent a notification OnDuty refused (set to require a signature it cannot send)", (await signed.IncidentAsync(hmac.IncidentId!)).Title);
        var signedJa = await CreateAsync();
        var hmacJa = await Refused(signedJa).RefusedAsync(
            Unauthenticated(signedJa, AlertSource.Datadog) with { Problems = [WebhookAuthentication.DatadogCannotSign], Setting = "Incidents__Sources__datadog__HmacSecret" }, default);
        Assert.Equal("Datadog からの通知を受け付けませんでした（署名を求める設定の誤り）", (await signedJa.IncidentAsync(hmacJa.IncidentId!)).Title);
        Assert.Equal(
            "2026年12月1日(火) 10:00（JST）に Datadog から届いた通知（/api/alerts/datadog）を、OnDuty は 401 で受け付けませんでした。送信元は再送しないため、この通知のアラートは OnDuty に届いていません。\n"
            + "理由：The shared secret is missing or wrong: Datadog sends it in the webhook's Custom Headers as {\"X-OnDuty-Secret\": \"<secret>\"} (Integrations → Webhooks).\n"
            + "送信元（Datadog）の画面で、いま発生中のアラートを確認してください。\n"
            + "Datadog の Webhook 設定（Integrations → Webhooks）の Custom Headers にある X-OnDuty-Secret の値を、OnDuty の設定 Incidents__Sources__datadog__SharedSecret と合わせてください。切り替えの途中なら、Datadog 側の設定を新しい値にし終えてください。\n"
            + "この送信元からの通知を次に受け付けると、この障害は自動で復旧済みになります。",
            Assert.Single(await h.Incidents.GetAlertsAsync(datadog.IncidentId!, default)).Value.Description);
        Assert.Contains(
            "\n送信元に設定した共有シークレット・署名の鍵を、OnDuty の設定 Incidents__Sources__alertmanager__SharedSecret と合わせてください。切り替えの途中なら、送信元の設定を新しい値にし終えてください。\n",
            Assert.Single(await h.Incidents.GetAlertsAsync(alertmanager.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
        Assert.Contains(
            "\nIn Datadog (Integrations → Webhooks, this webhook's Custom Headers), make the value of X-OnDuty-Secret match OnDuty's setting Incidents__Sources__datadog__SharedSecret; during a rotation, finish setting the new value in Datadog.\n",
            Assert.Single(await en.Incidents.GetAlertsAsync(english.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
        var signedText = Assert.Single(await signed.Incidents.GetAlertsAsync(hmac.IncidentId!, default)).Value.Description;
        Assert.Contains(
            "\nDatadog does not sign its webhooks, so none passes OnDuty's setting Incidents__Sources__datadog__HmacSecret: remove it, and set Incidents__Sources__datadog__SharedSecret with the same value in X-OnDuty-Secret of the webhook's Custom Headers in Datadog.\n",
            signedText, StringComparison.Ordinal);
        Assert.DoesNotContain("signing key", signedText, StringComparison.Ordinal);
    }

    /// <summary>
    /// An Azure Monitor action group cannot sign nor set a header: its only credential is <c>&amp;secret=</c> in the webhook URI. A
    /// wrong one is titled a wrong shared secret and the text says where the action group puts it; a signing secret set for it is
    /// titled as one it cannot meet, to remove. Both name the setting as an app setting can (<c>azure_monitor</c>).
    /// </summary>
    [Fact]
    public async Task Unauthenticated_AzureMonitor_SaysTheWebhookUrisSecret_OrToRemoveTheSigningSetting()
    {
        var h = await CreateAsync();
        var secret = await Refused(h).RefusedAsync(Unauthenticated(h, AlertSource.AzureMonitor), default);
        var en = await CreateAsync();
        var english = await Refused(en, "en").RefusedAsync(Unauthenticated(en, AlertSource.AzureMonitor), default);
        var signed = await CreateAsync();
        var hmac = await Refused(signed).RefusedAsync(
            Unauthenticated(signed, AlertSource.AzureMonitor) with { Problems = [WebhookAuthentication.AzureMonitorCannotSign], Setting = "Incidents__Sources__azure_monitor__HmacSecret" }, default);
        var signedEn = await CreateAsync();
        var hmacEn = await Refused(signedEn, "en").RefusedAsync(
            Unauthenticated(signedEn, AlertSource.AzureMonitor) with { Problems = [WebhookAuthentication.AzureMonitorCannotSign], Setting = "Incidents__Sources__azure_monitor__HmacSecret" }, default);

        Assert.Equal("Azure Monitor からの通知を受け付けませんでした（共有シークレットの誤り）", (await h.IncidentAsync(secret.IncidentId!)).Title);
        Assert.Equal("Azure Monitor sent a notification OnDuty refused (wrong shared secret)", (await en.IncidentAsync(english.IncidentId!)).Title);
        Assert.Equal("Azure Monitor からの通知を受け付けませんでした（署名を求める設定の誤り）", (await signed.IncidentAsync(hmac.IncidentId!)).Title);
        Assert.Equal("Azure Monitor sent a notification OnDuty refused (set to require a signature it cannot send)", (await signedEn.IncidentAsync(hmacEn.IncidentId!)).Title);
        Assert.Contains(
            "\nAzure Monitor のアクション グループは Webhook にヘッダーを付けられないため、共有シークレットは Webhook の URI の末尾に &secret=<シークレット> として付けます。"
            + "ここへ送るアクション グループ（モニター → アラート → アクション グループの Webhook アクション）で、この値を OnDuty の設定 Incidents__Sources__azure_monitor__SharedSecret と合わせてください。"
            + "切り替えの途中なら、すべてのアクション グループを新しい値にし終えてください。\n",
            Assert.Single(await h.Incidents.GetAlertsAsync(secret.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
        Assert.Contains(
            "\nAn Azure Monitor action group cannot send a header, so the shared secret goes at the end of its webhook URI as &secret=<secret>: in each action group posting here "
            + "(Monitor → Alerts → Action groups, its webhook action), make that value match OnDuty's setting Incidents__Sources__azure_monitor__SharedSecret; "
            + "during a rotation, finish setting the new value in every one of them.\n",
            Assert.Single(await en.Incidents.GetAlertsAsync(english.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
        Assert.Contains(
            "\nAzure Monitor のアクション グループは Webhook に署名しないため、OnDuty の設定 Incidents__Sources__azure_monitor__HmacSecret があると通知を受け付けられません。"
            + "この設定を削除し、Incidents__Sources__azure_monitor__SharedSecret を設定して、同じ値をアクション グループの Webhook の URI の末尾に &secret=<シークレット> として付けてください。\n",
            Assert.Single(await signed.Incidents.GetAlertsAsync(hmac.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
        Assert.Contains(
            "\nAzure Monitor action groups do not sign their webhooks, so none passes OnDuty's setting Incidents__Sources__azure_monitor__HmacSecret: remove it, "
            + "and set Incidents__Sources__azure_monitor__SharedSecret with the same value at the end of the action group's webhook URI as &secret=<secret>.\n",
            Assert.Single(await signedEn.Incidents.GetAlertsAsync(hmacEn.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
    }

    /// <summary>
    /// A tool that can sign (Grafana, a generic sender) refused for its signature is titled a wrong signature, not a wrong shared
    /// secret; an Alertmanager behind a signing proxy too (Alertmanager does not sign, but OnDuty offers the set-up).
    /// </summary>
    [Theory]
    [InlineData(AlertSource.Grafana, "Grafana からの通知を受け付けませんでした（署名の誤り）")]
    [InlineData(AlertSource.Alertmanager, "Alertmanager からの通知を受け付けませんでした（署名の誤り）")]
    public async Task Unauthenticated_SignatureRefused_TitledAWrongSignature(AlertSource source, string title)
    {
        var h = await CreateAsync();

        var refused = await Refused(h).RefusedAsync(
            Unauthenticated(h, source) with { Problems = ["The HMAC-SHA256 signature of the body is missing or wrong."], Setting = $"Incidents__Sources__{source.ToSettingName()}__HmacSecret" }, default);

        Assert.Equal(title, (await h.IncidentAsync(refused.IncidentId!)).Title);
        Assert.Contains(
            $"OnDuty の設定 Incidents__Sources__{source.ToSettingName()}__HmacSecret と合わせてください。",
            Assert.Single(await h.Incidents.GetAlertsAsync(refused.IncidentId!, default)).Value.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accepted_ResolvesTheSourcesUnreadableAndUnauthenticatedIncidents_WithARow_OthersStayOpen()
    {
        var h = await CreateAsync();
        var refused = Refused(h);
        var unreadable = await refused.RefusedAsync(Unreadable(h, AlertSource.Grafana, "$.state: required"), default);
        var secret = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Grafana), default);
        var other = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Alertmanager), default);
        await h.Intake.DrainAsync(default);
        h.Time.Advance(TimeSpan.FromMinutes(7));

        var resolved = await refused.AcceptedAsync(AlertSource.Grafana, default);

        Assert.Equal(new[] { unreadable.IncidentId, secret.IncidentId }.Order(), resolved.Order());
        Assert.False((await h.IncidentAsync(unreadable.IncidentId!)).IsOpen);
        Assert.False((await h.IncidentAsync(secret.IncidentId!)).IsOpen);
        Assert.True((await h.IncidentAsync(other.IncidentId!)).IsOpen);
        var row = Assert.Single(await h.TimelineAsync(secret.IncidentId!), t => t.Kind == TimelineKind.AlertResolved);
        Assert.Equal(("alert:grafana", "2026年12月1日(火) 10:07（JST）に Grafana からの通知を受け付けました（送信元の設定が直りました）。"), (row.By, row.Message));

        // A refusal after that is a new page: the secret is wrong again.
        h.Time.Advance(TimeSpan.FromHours(2));
        var again = await refused.RefusedAsync(Unauthenticated(h, AlertSource.Grafana), default);
        Assert.Equal(AlertIntakeOutcome.Opened, again.Outcome);
    }

    [Fact]
    public async Task Accepted_ReadsStorageOnceAMinute_AndStillResolvesWhatAnotherInstanceRefused()
    {
        var h = await CreateAsync();
        var here = Refused(h);
        var there = Refused(h, intake: h.SecondInstance());
        await here.AcceptedAsync(AlertSource.Grafana, default);

        var refusedThere = await there.RefusedAsync(Unauthenticated(h, AlertSource.Grafana), default);
        var reads = h.Incidents.GroupAndAlertReads;
        for (var i = 0; i < 50; i++)
        {
            await here.AcceptedAsync(AlertSource.Grafana, default);
        }

        Assert.Equal(reads, h.Incidents.GroupAndAlertReads); // none for 50 accepted deliveries
        Assert.True((await h.IncidentAsync(refusedThere.IncidentId!)).IsOpen);

        h.Time.Advance(RefusedDeliveries.ReadEvery);
        Assert.Equal([refusedThere.IncidentId!], await here.AcceptedAsync(AlertSource.Grafana, default));
    }

    /// <summary>
    /// Trial 50: an Azure Monitor action group pointed at the Alertmanager URL paged the pair with three missing fields in English and
    /// 「送信元の通知の形式（Webhook の種類やテンプレート）を直してください」: the fix is the URL, which the text now names, in each language.
    /// </summary>
    [Theory]
    [InlineData("ja", "届いた通知は Azure Monitor の形式でした。送信元に設定した URL を /api/alerts/azure-monitor に直してください。")]
    [InlineData("en", "The notification was in Azure Monitor's format: change the URL set in the sender to end in /api/alerts/azure-monitor.")]
    public async Task Refused_BodyOfAnotherTool_TheTextSaysWhichUrlItGoesTo(string language, string fix)
    {
        var h = await CreateAsync();
        var body = OnDuty.Core.Tests.Alerts.AlertSamples.Read("azure-monitor-metric-fired.json");
        var parsed = AlertParser.Parse(AlertSource.Alertmanager, System.Text.Encoding.UTF8.GetBytes(body));
        Assert.Equal(AlertSource.AzureMonitor, parsed.LooksLike);

        var opened = await Refused(h, language).RefusedAsync(new RefusedDelivery(AlertSource.Alertmanager, RefusalCause.Unreadable, h.Time.GetUtcNow(),
            [.. parsed.Errors.Select(e => e.ToString())], Path: parsed.Errors[0].Path, PostTo: parsed.LooksLike), default);

        var alert = Assert.Single(await h.Incidents.GetAlertsAsync(opened.IncidentId!, default)).Value;
        var lines = alert.Description!.Split('\n');
        Assert.Equal(fix, lines[^2]);
        Assert.DoesNotContain(lines, l => l.Contains("$.version", StringComparison.Ordinal) && !l.Contains("post it to /api/alerts/azure-monitor", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Health_AlertIntakeDegradedWhileARefusalIncidentIsOpen()
    {
        var h = await CreateAsync();
        var refused = Refused(h);
        Assert.Equal("alert-intake", refused.Name);
        Assert.Null(await refused.CheckAsync(default));

        var opened = await refused.RefusedAsync(Unreadable(h, AlertSource.Generic, "$.dedup_key: required"), default);
        var reads = h.Incidents.GroupAndAlertReads;
        var degraded = await refused.CheckAsync(default);
        h.Time.Advance(TimeSpan.FromHours(3));
        var later = await refused.CheckAsync(default);
        var healthReads = h.Incidents.GroupAndAlertReads - reads;
        await refused.AcceptedAsync(AlertSource.Generic, default);

        // Read from the open index (one query), not a group row per source and cause (15 a minute per instance).
        Assert.Equal(0, healthReads);
        Assert.Equal($"open incidents about refused alert deliveries: {opened.IncidentId} (generic, 400 unreadable); the senders do not retry a 4xx, so those alerts are not in OnDuty", degraded);
        Assert.Equal(degraded, later);
        Assert.Null(await refused.CheckAsync(default));
    }

    /// <summary>A resolve sent again answers "ignored" with the incident it belonged to (trial 35 L3), as every source does.</summary>
    [Fact]
    public async Task ResolveSentAgain_IgnoredWithTheIncidentItBelongedTo()
    {
        var h = await CreateAsync();
        var opened = await h.Intake.IntakeAsync(Notification("g-again", Alert("a1")), default);
        var resolved = await h.Intake.IntakeAsync(Notification("g-again", Alert("a1", AlertStatus.Resolved)), default);

        var again = await h.Intake.IntakeAsync(Notification("g-again", Alert("a1", AlertStatus.Resolved)), default);
        var never = await h.Intake.IntakeAsync(Notification("g-never", Alert("b1", AlertStatus.Resolved)), default);

        Assert.Equal(AlertIntakeOutcome.Resolved, resolved.Outcome);
        Assert.Equal((AlertIntakeOutcome.Ignored, opened.IncidentId, IgnoredReasons.AlreadyResolved), (again.Outcome, again.IncidentId, again.IgnoredReason));
        // The answer names the incident whose timeline says it (trial 36 L2): the row is there, and only there.
        Assert.Single(await h.Incidents.GetTimelineAsync(opened.IncidentId!, default), t => t.Message == TimelineTexts.ResolvedAgain);
        Assert.Equal((AlertIntakeOutcome.Ignored, (string?)null, IgnoredReasons.ResolveWithoutIncident), (never.Outcome, never.IncidentId, never.IgnoredReason));
    }

    [Fact]
    public async Task Health_DegradedForAnHourAfterARefusal()
    {
        var time = new FakeTimeProvider(T0);
        var refusals = new AlertIntakeRefusals(time);
        Assert.Equal("alert-intake", refusals.Name);
        Assert.Null(await refusals.CheckAsync(default));

        refusals.TooLarge(AlertSource.Alertmanager, 9_437_184, 8_388_608);
        time.Advance(TimeSpan.FromMinutes(1));
        refusals.TooLarge(AlertSource.Alertmanager, 9_500_000, 8_388_608);
        var degraded = await refusals.CheckAsync(default);

        Assert.StartsWith("refused a delivery of 9500000 bytes from alertmanager at 2026-12-01 01:01:00Z (2 refused in the last hour)", degraded, StringComparison.Ordinal);
        time.Advance(AlertIntakeRefusals.Window + TimeSpan.FromSeconds(1));
        Assert.Null(await refusals.CheckAsync(default));
    }

    private static RefusedDeliveries Refused(IncidentHarness h, string language = "ja", AlertIntake? intake = null) =>
        new(intake ?? h.Intake, h.Incidents, TestRenderer.Instance, Microsoft.Extensions.Options.Options.Create(new TeamOptions { Language = language }),
            Microsoft.Extensions.Options.Options.Create(h.Options), h.Time, NullLogger<RefusedDeliveries>.Instance);

    private static RefusedDelivery TooLarge(IncidentHarness h, AlertSource source, long? bytes) =>
        new(source, RefusalCause.TooLarge, h.Time.GetUtcNow(), ["The body is larger than 8388608 bytes."], Bytes: bytes, Limit: Limit);

    private static RefusedDelivery Unreadable(IncidentHarness h, AlertSource source, string problem) =>
        new(source, RefusalCause.Unreadable, h.Time.GetUtcNow(), [problem], Path: problem.Split(':')[0]);

    private static RefusedDelivery Unauthenticated(IncidentHarness h, AlertSource source) =>
        new(source, RefusalCause.Unauthenticated, h.Time.GetUtcNow(), [WebhookAuthentication.SharedSecretRefusal(source)],
            Setting: $"Incidents__Sources__{source.ToSettingName()}__SharedSecret");

    private static RefusedDelivery RoutingKey(IncidentHarness h) =>
        new(AlertSource.PagerDuty, RefusalCause.Unauthenticated, h.Time.GetUtcNow(),
            ["$.routing_key: not an integration key of this service (Incidents__Sources__pagerduty__RoutingKeys)"],
            Setting: "Incidents__Sources__pagerduty__RoutingKeys", RoutingKey: true);
}
