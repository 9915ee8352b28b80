using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using static OnDuty.Core.Tests.Alerts.AlertSamples;
using static OnDuty.Core.Tests.Incidents.IncidentHarness;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// Brief toolname (session 43): <c>POST /api/alerts/pagerduty</c> is only a format — Datadog, Zabbix, Checkly… send through it and
/// name themselves in the event's <c>client</c>. The incident it opens keeps that name (<see cref="Incident.OpenedVia"/>, and the
/// 起票 row's <see cref="TimelineEntry.Via"/>) and says it beside the route's name: 「PagerDuty 連携（Datadog）」.
/// </summary>
public sealed class ToolOpeningTests
{
    /// <summary>The first page mails of the incident, as (to, text, html).</summary>
    private static List<(string To, string Text, string Html)> PageMails(IncidentHarness h, string id) =>
        [.. h.Email.Sent.Where(s => s.Id.StartsWith($"incident:{id}:page:email:", StringComparison.Ordinal))
            .Select(s => (s.Message.To, s.Message.TextBody.ReplaceLineEndings("\n"), s.Message.HtmlBody ?? ""))];

    private static bool ReadsJapanese(string email) =>
        TeamData.Members().FirstOrDefault(m => m.Email == email)?.Language is not Language.En;

    private static async Task<string> WorkPageAsync(IncidentHarness h, string id, Language language) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, await h.Service.GetAsync(id, default), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            RequestId = "req-1",
        });

    /// <summary>Every string in a card, unescaped (a fact's value is a run after its bold label: " PagerDuty 連携").</summary>
    private static List<string> CardTexts(JsonNode? node) => node switch
    {
        JsonObject o => [.. o.SelectMany(p => CardTexts(p.Value))],
        JsonArray a => [.. a.SelectMany(CardTexts)],
        JsonValue v when v.TryGetValue<string>(out var text) => [text],
        _ => [],
    };

    /// <summary>The incident page's timeline row that starts with <paramref name="label"/>.</summary>
    private static string Row(string page, string label)
    {
        var timeline = page[page.IndexOf("<ol id=\"timeline\"", StringComparison.Ordinal)..];
        var start = timeline.IndexOf($"<b>{label}</b>", StringComparison.Ordinal);
        Assert.True(start >= 0, $"no {label} row");
        return timeline[start..timeline.IndexOf("</li>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Intake_EventsV2TriggerWithClient_KeptOnTheRecordAndThe起票Row()
    {
        var h = await CreateAsync();

        var id = (await h.Intake.IntakeAsync(EventsV2Trigger("  Datadog "), default)).IncidentId!;

        var incident = await h.IncidentAsync(id);
        Assert.Equal(("alert:pagerduty", "Datadog"), (incident.OpenedBy, incident.OpenedVia));
        var opened = Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Opened);
        Assert.Equal(("alert:pagerduty", "Datadog"), (opened.By, opened.Via));
    }

    /// <summary>
    /// Session 43: an acknowledge naming no tool takes the name the trigger gave (kept with the alert); a name sent over two lines
    /// is kept on one there too, as the trigger's own and an acknowledge's are — it reached <see cref="Incident.AcknowledgedVia"/> as sent.
    /// </summary>
    [Fact]
    public async Task Intake_AcknowledgeNamingNoTool_TakesTheTriggersName_OnOneLine()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(EventsV2Trigger("Data\ndog"), default)).IncidentId!;
        Assert.Equal("Data dog", (await h.IncidentAsync(id)).OpenedVia);

        var ack = ParseOk(AlertSources.PagerDuty, """{"routing_key":"samplekeyhere","event_action":"acknowledge","dedup_key":"checkout-5xx"}""");
        Assert.Null(ack.Client);
        await h.Intake.IntakeAsync(ack, default);

        var incident = await h.IncidentAsync(id);
        Assert.Equal(("alert:pagerduty", "Data dog"), (incident.AcknowledgedBy, incident.AcknowledgedVia));
        Assert.Equal("Data dog", Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Acknowledged).Via);
    }

    /// <summary>
    /// The page mail's 発生元 line (an English reader's too: Emma covers one of the pair), the channel card's, and the incident
    /// page's 起票 row name the tool beside the route, in each reader's language.
    /// </summary>
    [Fact]
    public async Task Intake_EventsV2TriggerWithClient_ThePageMailCardAndIncidentPageNameTheTool()
    {
        var h = await CreateAsync();
        var shift = (await h.Rotations.GetOnCallAsync("incident-duty", default)).Current!;
        Assert.DoesNotContain("emma", shift.MemberIds);
        await h.Rotations.AddOverrideAsync("incident-duty", shift.Week, shift.MemberIds[0], "emma", "cover", default);

        var id = (await h.Intake.IntakeAsync(EventsV2Trigger("Datadog"), default)).IncidentId!;
        await h.DrainQueueAsync();

        var mails = PageMails(h, id);
        Assert.Contains(mails, m => ReadsJapanese(m.To));
        Assert.Contains(mails, m => !ReadsJapanese(m.To));
        Assert.All(mails, m => Assert.Contains(ReadsJapanese(m.To) ? "発生元：PagerDuty 連携（Datadog）\n" : "Source: PagerDuty integration (Datadog)\n", m.Text, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains(ReadsJapanese(m.To) ? "<th style=\"text-align:left;padding-right:1em;vertical-align:top;white-space:nowrap\">発生元</th><td>PagerDuty 連携（Datadog）</td>"
            : "<th style=\"text-align:left;padding-right:1em;vertical-align:top;white-space:nowrap\">Source</th><td>PagerDuty integration (Datadog)</td>", m.Html, StringComparison.Ordinal));
        Assert.Equal([" PagerDuty 連携（Datadog）"], CardTexts(JsonNode.Parse(h.Outbox.All.Single(m => m.Id == $"incident:{id}:page:teams").CardJson!)).Where(t => t.Contains("Datadog", StringComparison.Ordinal)));
        Assert.StartsWith("<b>起票</b> · 調査中 <span class=\"meta\">— PagerDuty 連携（Datadog）</span>", Row(await WorkPageAsync(h, id, Language.Ja), "起票"), StringComparison.Ordinal);
        Assert.StartsWith("<b>Opened</b> · Investigating <span class=\"meta\">— PagerDuty integration (Datadog)</span>", Row(await WorkPageAsync(h, id, Language.En), "Opened"), StringComparison.Ordinal);
    }

    /// <summary>A trigger that names no tool reads exactly as before: 「PagerDuty 連携」, nothing stored.</summary>
    [Fact]
    public async Task Intake_EventsV2TriggerWithoutClient_SaysTheRouteAsBefore()
    {
        var h = await CreateAsync();

        var id = (await h.Intake.IntakeAsync(EventsV2Trigger(null), default)).IncidentId!;
        await h.DrainQueueAsync();

        Assert.Null((await h.IncidentAsync(id)).OpenedVia);
        Assert.Null(Assert.Single(await h.TimelineAsync(id), t => t.Kind == TimelineKind.Opened).Via);
        var mails = PageMails(h, id);
        Assert.NotEmpty(mails);
        Assert.All(mails, m => Assert.Contains(ReadsJapanese(m.To) ? "発生元：PagerDuty 連携\n" : "Source: PagerDuty integration\n", m.Text, StringComparison.Ordinal));
        Assert.StartsWith("<b>起票</b> · 調査中 <span class=\"meta\">— PagerDuty 連携</span>", Row(await WorkPageAsync(h, id, Language.Ja), "起票"), StringComparison.Ordinal);
    }

    /// <summary>The name is the sender's: markup in it is shown as text in the HTML mail and on the incident page.</summary>
    [Fact]
    public async Task Intake_ClientWithMarkup_EncodedInTheHtmlMailAndThePage()
    {
        var h = await CreateAsync();

        var id = (await h.Intake.IntakeAsync(EventsV2Trigger("<b>Datadog</b>"), default)).IncidentId!;
        await h.DrainQueueAsync();

        Assert.Equal("<b>Datadog</b>", (await h.IncidentAsync(id)).OpenedVia);
        var ja = PageMails(h, id).First(m => ReadsJapanese(m.To));
        Assert.Contains("発生元：PagerDuty 連携（<b>Datadog</b>）\n", ja.Text, StringComparison.Ordinal);
        Assert.Contains("PagerDuty 連携（&lt;b&gt;Datadog&lt;/b&gt;）", ja.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Datadog", ja.Html, StringComparison.Ordinal);
        var page = await WorkPageAsync(h, id, Language.Ja);
        Assert.StartsWith("<b>起票</b> · 調査中 <span class=\"meta\">— PagerDuty 連携（&lt;b&gt;Datadog&lt;/b&gt;）</span>", Row(page, "起票"), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Datadog", page, StringComparison.Ordinal);
    }

    /// <summary>
    /// The name describes the delivery that opened the incident: a later trigger of the group naming another tool, a resolve and a
    /// reopen leave it as it was.
    /// </summary>
    [Fact]
    public async Task Intake_LaterDeliveriesNameAnotherTool_TheOpeningNameStays()
    {
        var h = await CreateAsync();
        var id = (await h.Intake.IntakeAsync(EventsV2Trigger("Datadog"), default)).IncidentId!;

        await h.Intake.IntakeAsync(EventsV2Trigger("Checkly"), default);
        await h.Intake.IntakeAsync(ParseOk(AlertSources.PagerDuty, """{"routing_key":"samplekeyhere","event_action":"resolve","dedup_key":"checkout-5xx","client":"Checkly"}"""), default);
        Assert.False((await h.IncidentAsync(id)).IsOpen);
        Assert.Equal(id, (await h.Intake.IntakeAsync(EventsV2Trigger("Zabbix"), default)).IncidentId);

        var incident = await h.IncidentAsync(id);
        Assert.True(incident.IsOpen);
        Assert.Equal("Datadog", incident.OpenedVia);
        Assert.Equal(["Datadog"], (await h.TimelineAsync(id)).Where(t => t.Kind == TimelineKind.Opened).Select(t => t.Via));
    }

    /// <summary>
    /// A merge keeps each incident's own opening name: the one merged into says the tool that opened it, even when the duplicate
    /// (another tool's) was detected first and its start moves over.
    /// </summary>
    [Fact]
    public async Task Merge_AnotherToolsEarlierIncidentMergedIn_TheOpeningNameStays()
    {
        var h = await CreateAsync();
        var first = (await h.Intake.IntakeAsync(EventsV2Trigger("Datadog", key: "a"), default)).IncidentId!;
        h.Time.Advance(TimeSpan.FromMinutes(2));
        var second = (await h.Intake.IntakeAsync(EventsV2Trigger("Checkly", key: "b"), default)).IncidentId!;
        Assert.NotEqual(first, second);

        await h.Merger.MergeAsync(first, second, "sato", default);

        Assert.Equal((second, "Datadog"), ((await h.IncidentAsync(first)).MergedInto, (await h.IncidentAsync(first)).OpenedVia));
        Assert.Equal("Checkly", (await h.IncidentAsync(second)).OpenedVia);
    }
}
