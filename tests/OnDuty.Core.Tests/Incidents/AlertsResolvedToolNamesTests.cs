using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;
using static OnDuty.Core.Tests.Alerts.AlertSamples;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Brief resolvedtool (session 44): 【アラート解消・要確認】 and its timeline row said 「監視（PagerDuty）のアラートはすべて解消し…」 for an
/// incident Datadog fed through the Events v2 format — the route's name, never the tool. They now name the tools whose alerts resolved
/// as the incident page names the opener (<see cref="ActorText.SourceName(string, string?, Phrases)"/>): 「PagerDuty 連携（Datadog）」;
/// with no tool naming itself, as before.
/// </summary>
public sealed class AlertsResolvedToolNamesTests
{
    private const string Title = "Checkout fails for customers";

    /// <summary>PagerDuty's documented resolve: no <c>client</c> (the trigger's is what names the tool).</summary>
    private static AlertNotification Resolve(string key = "checkout-5xx") =>
        ParseOk(AlertSources.PagerDuty, $$"""{"routing_key":"samplekeyhere","event_action":"resolve","dedup_key":"{{key}}"}""");

    private static AlertNotification Grafana(AlertStatus status) =>
        Notification("grafana-checkout", Alert("checkout-latency", status, AlertSeverity.Sev2)) with { Source = AlertSource.Grafana };

    /// <summary>Emma (English) declares it from a customer's report; each tool's incident is merged into it, a minute apart.</summary>
    private static async Task<string> DeclaredWithAsync(IncidentHarness h, params AlertNotification[] firings)
    {
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = Title, Severity = AlertSeverity.Sev2 }, "emma", null, default);
        foreach (var firing in firings)
        {
            var duplicate = (await h.Intake.IntakeAsync(firing, default)).IncidentId!;
            Assert.NotEqual(declared.Value.Id, duplicate);
            await h.Merger.MergeAsync(duplicate, declared.Value.Id, "emma", default);
            h.Time.Advance(TimeSpan.FromMinutes(1));
        }

        await h.DrainQueueAsync();
        return declared.Value.Id;
    }

    /// <summary>The 【アラート解消・要確認】 mail to <paramref name="to"/>: subject, the text's first two lines, and the HTML.</summary>
    private static (string Subject, string Head, string Html) Asked(IncidentHarness h, string id, string to)
    {
        var mail = Assert.Single(h.Email.Sent, s => s.Id.StartsWith($"incident:{id}:alerts-resolved:", StringComparison.Ordinal) && s.Message.To == to).Message;
        var text = mail.TextBody.ReplaceLineEndings("\n");
        return (mail.Subject, string.Join("\n", text.Split('\n').Take(2)), mail.HtmlBody ?? "");
    }

    /// <summary>A duty member who reads Japanese (the pair is asked with Emma, who declared it).</summary>
    private static async Task<string> JapaneseReaderAsync(IncidentHarness h) =>
        (await h.DutyEmailsAsync()).First(e => TeamData.Members().Single(m => m.Email == e).Language == Language.Ja);

    private static async Task<TimelineEntry> RowAsync(IncidentHarness h, string id) =>
        Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.AlertsResolved);

    [Fact]
    public async Task Resolve_DatadogViaEventsV2_MailAndRowNameTheTool()
    {
        var h = await CreateAsync();
        var id = await DeclaredWithAsync(h, EventsV2Trigger("Datadog"));

        var result = await h.Intake.IntakeAsync(Resolve(), default);
        await h.DrainQueueAsync();

        Assert.Equal((AlertIntakeOutcome.AlertsResolved, id), (result.Outcome, result.IncidentId));
        var alert = Assert.Single(await h.Incidents.GetAlertsAsync(id, default)).Value;
        Assert.Equal(("pagerduty", "Datadog", AlertStatus.Resolved), (alert.Source, alert.Client, alert.Status));

        var row = await RowAsync(h, id);
        Assert.Equal("every monitoring alert has resolved (pagerduty via \"Datadog\"); whether the incident is over is for its owner to decide", row.Message);
        Assert.Equal("PagerDuty 連携（Datadog）のアラートはすべて解消しました。障害が復旧したかは担当者が判断してください", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal("Every alert from PagerDuty integration (Datadog) has resolved. Whether the incident is over is for its owner to decide", TimelineText.For(row.Kind, row.Message, Language.En));

        var ja = Asked(h, id, await JapaneseReaderAsync(h));
        Assert.Equal(
            ($"【アラート解消・要確認】{id} {Title}",
             $"{id} {Title}\nPagerDuty 連携（Datadog）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。"),
            (ja.Subject, ja.Head));
        Assert.Contains(">PagerDuty 連携（Datadog）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。</p>", ja.Html, StringComparison.Ordinal);

        var en = Asked(h, id, "emma@example.com");
        Assert.Equal(
            ($"[Alerts resolved · please check] {id}: {Title}",
             $"{id} {Title}\nEvery alert from PagerDuty integration (Datadog) has resolved: monitoring sees it recovered. If the incident is over, resolve it."),
            (en.Subject, en.Head));
    }

    /// <summary>Grafana's alert and Datadog's were both merged in: the mail and the row name both, the first fired first.</summary>
    [Fact]
    public async Task Resolve_GrafanaAndDatadog_BothNamedFirstFiredFirst()
    {
        var h = await CreateAsync();
        var id = await DeclaredWithAsync(h, Grafana(AlertStatus.Firing), EventsV2Trigger("Datadog"));

        Assert.Equal(AlertIntakeOutcome.Folded, (await h.Intake.IntakeAsync(Grafana(AlertStatus.Resolved), default)).Outcome);
        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolve(), default)).Outcome);
        await h.DrainQueueAsync();

        var row = await RowAsync(h, id);
        Assert.Equal("every monitoring alert has resolved (grafana, pagerduty via \"Datadog\"); whether the incident is over is for its owner to decide", row.Message);
        Assert.Equal("Grafana 連携、PagerDuty 連携（Datadog）のアラートはすべて解消しました。障害が復旧したかは担当者が判断してください", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal("Every alert from Grafana integration, PagerDuty integration (Datadog) has resolved. Whether the incident is over is for its owner to decide",
            TimelineText.For(row.Kind, row.Message, Language.En));
        Assert.Equal(
            $"{id} {Title}\nGrafana 連携、PagerDuty 連携（Datadog）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。",
            Asked(h, id, await JapaneseReaderAsync(h)).Head);
        Assert.Equal(
            $"{id} {Title}\nEvery alert from Grafana integration, PagerDuty integration (Datadog) has resolved: monitoring sees it recovered. If the incident is over, resolve it.",
            Asked(h, id, "emma@example.com").Head);
    }

    /// <summary>No tool named itself: word for word as before (the route's product in 「監視（…）」).</summary>
    [Fact]
    public async Task Resolve_NoClient_AsBefore()
    {
        var h = await CreateAsync();
        var id = await DeclaredWithAsync(h, EventsV2Trigger(null));

        await h.Intake.IntakeAsync(Resolve(), default);
        await h.DrainQueueAsync();

        var row = await RowAsync(h, id);
        Assert.Equal("every monitoring alert has resolved (pagerduty); whether the incident is over is for its owner to decide", row.Message);
        Assert.Equal("監視のアラートはすべて解消しました（PagerDuty）。障害が復旧したかは担当者が判断してください", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal("Every monitoring alert has resolved (PagerDuty). Whether the incident is over is for its owner to decide", TimelineText.For(row.Kind, row.Message, Language.En));
        Assert.Equal(
            $"{id} {Title}\n監視（PagerDuty）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。",
            Asked(h, id, await JapaneseReaderAsync(h)).Head);
        Assert.Equal(
            $"{id} {Title}\nEvery monitoring alert (PagerDuty) has resolved: monitoring sees it recovered. If the incident is over, resolve it.",
            Asked(h, id, "emma@example.com").Head);
    }

    /// <summary>Two tools and neither named itself: both products in 「監視（…）」 (before, only the route of the last resolve).</summary>
    [Fact]
    public async Task Resolve_GrafanaAndPagerDutyNoClient_BothProductsAsBefore()
    {
        var h = await CreateAsync();
        var id = await DeclaredWithAsync(h, Grafana(AlertStatus.Firing), EventsV2Trigger(null));

        await h.Intake.IntakeAsync(Grafana(AlertStatus.Resolved), default);
        Assert.Equal(AlertIntakeOutcome.AlertsResolved, (await h.Intake.IntakeAsync(Resolve(), default)).Outcome);
        await h.DrainQueueAsync();

        var row = await RowAsync(h, id);
        Assert.Equal("every monitoring alert has resolved (grafana, pagerduty); whether the incident is over is for its owner to decide", row.Message);
        Assert.Equal("監視のアラートはすべて解消しました（Grafana、PagerDuty）。障害が復旧したかは担当者が判断してください", TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal(
            $"{id} {Title}\n監視（Grafana、PagerDuty）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。",
            Asked(h, id, await JapaneseReaderAsync(h)).Head);
        Assert.Equal(
            $"{id} {Title}\nEvery monitoring alert (Grafana, PagerDuty) has resolved: monitoring sees it recovered. If the incident is over, resolve it.",
            Asked(h, id, "emma@example.com").Head);
    }

    /// <summary>A client is what the sender typed: in the mail's HTML and on the incident page it is text, not markup.</summary>
    [Fact]
    public async Task Resolve_ClientWithMarkup_EncodedInTheMailAndOnThePage()
    {
        var h = await CreateAsync();
        var id = await DeclaredWithAsync(h, EventsV2Trigger("<b>Datadog</b>"));

        await h.Intake.IntakeAsync(Resolve(), default);
        await h.DrainQueueAsync();

        var row = await RowAsync(h, id);
        Assert.Equal("PagerDuty 連携（<b>Datadog</b>）のアラートはすべて解消しました。障害が復旧したかは担当者が判断してください", TimelineText.For(row.Kind, row.Message, Language.Ja));
        var (_, head, html) = Asked(h, id, await JapaneseReaderAsync(h));
        Assert.EndsWith("\nPagerDuty 連携（<b>Datadog</b>）のアラートはすべて解消し、監視では復旧したように見えます。障害が収まっていれば、復旧を記録してください。", head, StringComparison.Ordinal);
        Assert.Contains(">PagerDuty 連携（&lt;b&gt;Datadog&lt;/b&gt;）のアラートはすべて解消し、", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Datadog", html, StringComparison.Ordinal);

        var page = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            Language.Ja, await h.Service.GetAsync(id, default), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            RequestId = "req-1",
        });
        Assert.Contains("PagerDuty 連携（&lt;b&gt;Datadog&lt;/b&gt;）のアラートはすべて解消しました。", page, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Datadog", page, StringComparison.Ordinal);
    }
}
