using OnDuty.Testing;
using System.Net;
using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The 障害報告書's 発生概要: the severities an incident held, and 影響時間 as the recovery notice and 障害の状況 give it.</summary>
public sealed class RetroReportFactsTests
{
    // 02:50 on Thu 3 Dec in Tokyo.
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 17, 50, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
    private static readonly Member Yamada = new() { Id = "yamada", DisplayName = "山田 太郎", Email = "yamada@onduty.example", TimeZone = TestZones.Tokyo };

    private static StoredRetro Retro(Incident incident) =>
        new(incident.Id, new RetroContent { Summary = "s" }, new RetroVersion(1, "suzuki", T0.AddHours(10)), LessonDocument.For(incident, new RetroContent { Summary = "s" }));

    private static string Report(Language language, Incident incident, IReadOnlyList<SeverityStep> severities) =>
        WebUtility.HtmlDecode(TestRenderer.Instance.Page(new RetroReportNotice(language, incident, Retro(incident), [Yamada], [], "Asia/Tokyo") { SeverityHistory = severities }));

    [Theory]
    [InlineData(Language.Ja, "<tr><th scope=\"row\">重大度</th><td>SEV1（02:50〜03:25）→ SEV2 — ")]
    [InlineData(Language.En, "<tr><th scope=\"row\">Severity</th><td>SEV1 (02:50–03:25) → SEV2 — ")]
    public void Severity_LoweredOnTheWay_GivesEachSeverityWithItsTimesThenTheFinalOne(Language language, string expected)
    {
        // Trial 29 (L5): SEV1 for most of its life, lowered to SEV2 before it recovered.
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "決済APIの5xx", Severity = AlertSeverity.Sev1, Source = "grafana" }, [], "alert:grafana", T0);
        incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev2 }, "yamada", T0.AddMinutes(35));
        incident.Resolve("yamada", T0.AddMinutes(45));

        var history = SeverityStep.History(incident, [.. incident.PendingTimeline]);
        var html = Report(language, incident, history);

        Assert.Equal([new SeverityStep(AlertSeverity.Sev1, T0, T0.AddMinutes(35)), new SeverityStep(AlertSeverity.Sev2, T0.AddMinutes(35), null)], history);
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "<tr><th scope=\"row\">重大度</th><td>SEV1（12月2日(水) 21:40〜12月3日(木) 21:50）→ SEV2 — ")]
    [InlineData(Language.En, "<tr><th scope=\"row\">Severity</th><td>SEV1 (")]
    public void Severity_LateDeclaredTwoDayIncident_FirstHeldFromTheStart_WithDates(Language language, string expected)
    {
        // Trial 31a (L2): impact from Wed 2 Dec 21:40, declared SEV1 Thu 3 Dec 21:44, lowered to SEV2 at 21:50.
        var declared = new DateTimeOffset(2026, 12, 3, 21, 44, 0, TimeSpan.FromHours(9));
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1, StartedAt = declared.AddDays(-1).AddMinutes(-4) }, [], "sato", declared);
        incident.PostUpdate(IncidentStatus.Monitoring, "SEV2 に引き下げ", "ito", declared.AddMinutes(6), new IncidentEdit { Severity = AlertSeverity.Sev2 });
        incident.Resolve("ito", declared.AddMinutes(7));

        var history = SeverityStep.History(incident, [.. incident.PendingTimeline]);
        var html = Report(language, incident, history);

        Assert.Equal(declared.AddDays(-1).AddMinutes(-4), history[0].From);
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Severity_NeverChanged_GivesTheSeverityAlone()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "決済APIの5xx", Severity = AlertSeverity.Sev2, Source = "grafana" }, [], "alert:grafana", T0);
        incident.Resolve("yamada", T0.AddMinutes(45));

        var history = SeverityStep.History(incident, [.. incident.PendingTimeline]);

        Assert.Empty(history);
        Assert.Contains("<tr><th scope=\"row\">重大度</th><td>SEV2 — ", Report(Language.Ja, incident, history), StringComparison.Ordinal);
    }

    [Fact]
    public void ImpactTime_OfAReopenedIncident_IsTheSameInTheReportAndTheOverview()
    {
        // Detected 02:50; a person says users were hit from 02:55; recovered 03:15, reopened 03:20, recovered again 03:50:
        // 影響時間 runs from the detection (earlier than the start given) to the last recovery, an hour, everywhere.
        var incident = Incident.Open("INC-2026-0004", new NewIncident { Title = "検索が遅い", Severity = AlertSeverity.Sev2, Source = "grafana" }, [], "alert:grafana", T0);
        incident.Correct(new IncidentEdit { StartedAt = T0.AddMinutes(5) }, "yamada", T0.AddMinutes(10));
        incident.Resolve("yamada", T0.AddMinutes(25));
        incident.Reopen("alert:grafana", T0.AddMinutes(30), "fired again");
        incident.Resolve("yamada", T0.AddMinutes(60));
        Assert.Equal(T0.AddMinutes(5), incident.StartedAt);

        var report = Report(Language.Ja, incident, []);
        var overview = WebUtility.HtmlDecode(TestRenderer.Instance.Page(new IncidentOverviewNotice(
            Language.Ja, IncidentOverview.From(incident, [.. incident.PendingTimeline], TimeSpan.FromHours(1), Tokyo), "Asia/Tokyo", T0.AddMinutes(70))));

        Assert.Equal(TimeSpan.FromHours(1), ImpactSpan.Of(incident)!.Length);
        Assert.Contains("<tr><th scope=\"row\">影響時間</th><td>約1時間</td></tr>", report, StringComparison.Ordinal);
        Assert.Contains("02:50〜03:50（JST）、約1時間", overview, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "期限切れ")]
    [InlineData(Language.En, "Overdue")]
    public void RetroPage_OpenItemPastItsDate_MarkedOverdueBesideTheDate_DoneAndFutureItemsNot(Language language, string overdue)
    {
        var incident = Incident.Open("INC-2026-0005", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "yamada", T0);
        var content = new RetroContent
        {
            Summary = "s",
            ActionItems =
            [
                new ActionItem { Title = "late", Owner = "yamada", Due = new DateOnly(2026, 12, 1) },
                new ActionItem { Title = "done", Owner = "yamada", Due = new DateOnly(2026, 11, 30), Status = ActionItemStatus.Done },
                new ActionItem { Title = "later", Owner = "yamada", Due = new DateOnly(2026, 12, 10) },
            ],
        };
        var notice = new RetroPageNotice(language, new RetroState(incident, null, []), [Yamada], [], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(content, null, Tokyo),
            Today = new DateOnly(2026, 12, 3),
        };

        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));
        string Row(int k) => html[html.IndexOf($"id=\"a{k}-due\"", StringComparison.Ordinal)..html.IndexOf($"id=\"a{k}-status\"", StringComparison.Ordinal)];

        Assert.Contains(overdue, Row(0), StringComparison.Ordinal);
        Assert.DoesNotContain(overdue, Row(1), StringComparison.Ordinal);
        Assert.DoesNotContain(overdue, Row(2), StringComparison.Ordinal);
    }

    /// <summary>The retro form's facts say their times' zone, as the incident page's do (the timeline hint below says it for the rows).</summary>
    [Theory]
    [InlineData(Language.En, "<dt>Started</dt><dd>3 Dec 2026 02:50 (JST)</dd>", "<dt>Resolved</dt><dd>3 Dec 2026 03:30 (JST)</dd>")]
    [InlineData(Language.Ja, "<dt>発生日時</dt><dd>2026/12/03 02:50（JST）</dd>", "<dt>復旧日時</dt><dd>2026/12/03 03:30（JST）</dd>")]
    public void RetroPage_Facts_SayTheirZone(Language language, string started, string resolved)
    {
        var incident = Incident.Open("INC-2026-0005", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "yamada", T0);
        incident.PostUpdate(IncidentStatus.Resolved, "復旧", "yamada", T0.AddMinutes(40));
        var notice = new RetroPageNotice(language, new RetroState(incident, null, []), [Yamada], [], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(new RetroContent { Summary = "s" }, null, Tokyo),
        };

        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

        Assert.Contains(started, html, StringComparison.Ordinal);
        Assert.Contains(resolved, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 43 read-through: the saved version and the link to the report are set apart by 「 · 」 with a space on each side
    /// (the template's tag trimming ate the first: "on 3 Dec 2026 12:50.· Show as…").
    /// </summary>
    [Theory]
    [InlineData(Language.En, "Version 1, saved by 山田 太郎 on 3 Dec 2026 12:50 (JST). · <a href=\"/api/incidents/INC-2026-0005/retro/report?lang=en\" id=\"report-link\">")]
    [InlineData(Language.Ja, "第1版：2026/12/03 12:50（JST、山田さんが保存） · <a href=\"/api/incidents/INC-2026-0005/retro/report?lang=ja\" id=\"report-link\">")]
    public void RetroPage_Saved_VersionThenTheReportLinkSetApart(Language language, string expected)
    {
        var incident = Incident.Open("INC-2026-0005", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "yamada", T0);
        var content = new RetroContent { Summary = "s" };
        var saved = new OnDuty.Core.Common.Versioned<StoredRetro>(new(incident.Id, content, new RetroVersion(1, "yamada", T0.AddHours(10)), LessonDocument.For(incident, content)), "W/\"1\"");
        var notice = new RetroPageNotice(language, new RetroState(incident, saved, []), [Yamada with { Language = Language.Ja }], [], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(content, null, Tokyo),
        };

        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

        var version = html[html.IndexOf("<p class=\"meta\" id=\"version\">", StringComparison.Ordinal)..];
        Assert.StartsWith("<p class=\"meta\" id=\"version\">" + expected, version, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 39, M8 and L2: the retro page's rows from a duplicate merged into the incident keep its id as data (a hidden
    /// <c>t{n}.incident</c>), so a version saved from a Japanese page is still that duplicate's OnDuty line an English report says
    /// in English; the duplicate's merge row is labelled as the merge (統合 / Merged), not as a recovery (復旧 / Resolved).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "統合 — 佐藤 花子")]
    [InlineData(Language.En, "Merged — 佐藤 花子")]
    public void RetroPage_ADuplicatesRows_KeepItsIdAsData_AndItsMergeRowReadsMerged(Language language, string legend)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "yamada", T0);
        var content = new RetroContent
        {
            Summary = "",
            Timeline =
            [
                new RetroTimelineEntry { At = T0, Kind = "notified", By = "system", Text = TimelineTexts.PagedDutyMembers, Incident = "INC-2026-0002" },
                new RetroTimelineEntry { At = T0.AddMinutes(5), Kind = "resolved", By = "佐藤 花子", Text = "merged into INC-2026-0001", Incident = "INC-2026-0002" },
                new RetroTimelineEntry { At = T0.AddMinutes(9), Kind = "resolved", By = "佐藤 花子", Text = null },
            ],
        };
        var values = RetroFormFields.From(content, null, Tokyo);
        var notice = new RetroPageNotice(language, new RetroState(incident, null, []), [Yamada], [], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = values,
        };

        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

        Assert.Equal("INC-2026-0002", values["t0.incident"]);
        Assert.Equal("INC-2026-0002", values["t1.incident"]);
        Assert.False(values.ContainsKey("t2.incident"));
        Assert.Contains("<input type=\"hidden\" name=\"t0.incident\" value=\"INC-2026-0002\">", html, StringComparison.Ordinal);
        Assert.Contains("<input type=\"hidden\" name=\"t1.incident\" value=\"INC-2026-0002\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"t2.incident\"", html, StringComparison.Ordinal);
        Assert.Contains($"<fieldset id=\"t1\"><legend>{legend}</legend>", html, StringComparison.Ordinal);
        Assert.Contains($"<fieldset id=\"t2\"><legend>{(language == Language.Ja ? "復旧" : "Resolved")} — 佐藤 花子</legend>", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Brief toolack (session 42), 1: the retro's pre-fill of a tool's acknowledgement a person took over names the tool as it named
    /// itself (the row's <c>via</c>, kept as a hidden <c>t{n}.via</c> through a save), not the route's 「PagerDuty 連携」; a line saved
    /// before (no <c>via</c>) reads as before.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応開始 — Datadog", "対応開始 — PagerDuty 連携")]
    [InlineData(Language.En, "Acknowledged — Datadog", "Acknowledged — PagerDuty integration")]
    public void RetroPage_AToolsAcknowledgementTakenOver_PrefilledNamingTheTool_AnOldLineAsBefore(Language language, string prefilled, string old)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2, Source = "pagerduty" }, [], "alert:pagerduty", T0);
        Assert.True(incident.Acknowledge("alert:pagerduty", T0.AddMinutes(1), via: "Datadog"));
        Assert.True(incident.Acknowledge("yamada", T0.AddMinutes(4)));
        var lines = RetroService.Prefill([.. incident.PendingTimeline]).Where(l => l.Kind == "acknowledged").ToList();
        var content = new RetroContent { Summary = "", Timeline = [.. lines, lines[0] with { At = T0.AddMinutes(2), Via = null }] };
        var values = RetroFormFields.From(content, null, Tokyo);
        var notice = new RetroPageNotice(language, new RetroState(incident, null, []), [Yamada], [], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = values,
        };

        var html = WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

        Assert.Equal([("alert:pagerduty", "Datadog"), ("yamada", (string?)null)], lines.Select(l => (l.By!, l.Via)));
        Assert.Contains("<input type=\"hidden\" name=\"t0.via\" value=\"Datadog\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"t1.via\"", html, StringComparison.Ordinal);
        Assert.Contains($"<fieldset id=\"t0\"><legend>{prefilled}</legend>", html, StringComparison.Ordinal);
        Assert.Contains($"<fieldset id=\"t1\"><legend>{(language == Language.Ja ? "対応開始" : "Acknowledged")} — 山田 太郎</legend>", html, StringComparison.Ordinal);
        Assert.Contains($"<fieldset id=\"t2\"><legend>{old}</legend>", html, StringComparison.Ordinal);

        // The 障害報告書's 実施者 column says it the same way.
        var stored = new StoredRetro(incident.Id, content, new RetroVersion(1, "yamada", T0.AddHours(1)), LessonDocument.For(incident, content));
        var report = WebUtility.HtmlDecode(TestRenderer.Instance.Page(new RetroReportNotice(language, incident, stored, [Yamada], [], "Asia/Tokyo")));
        var label = language == Language.Ja ? "対応開始" : "Acknowledged";
        Assert.Contains($"<td>Datadog</td><td>{label}</td>", report, StringComparison.Ordinal);
        Assert.Contains($"<td>{old[(label.Length + 3)..]}</td><td>{label}</td>", report, StringComparison.Ordinal);
    }

    /// <summary>
    /// Brief toolname (session 43): an incident an Events v2 tool opened pre-fills its 起票 line with the name the tool gave
    /// (<c>via</c>), which the retro form and the 障害報告書 say beside the route: 「PagerDuty 連携（Datadog）」 — the name encoded.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "Datadog", "起票 — PagerDuty 連携（Datadog）", "<td>PagerDuty 連携（Datadog）</td><td>起票 t</td>")]
    [InlineData(Language.En, "Datadog", "Opened — PagerDuty integration (Datadog)", "<td>PagerDuty integration (Datadog)</td><td>Opened t</td>")]
    [InlineData(Language.Ja, null, "起票 — PagerDuty 連携", "<td>PagerDuty 連携</td><td>起票 t</td>")]
    [InlineData(Language.Ja, "<b>DD</b>", "起票 — PagerDuty 連携（&lt;b&gt;DD&lt;/b&gt;）", "<td>PagerDuty 連携（&lt;b&gt;DD&lt;/b&gt;）</td><td>起票 t</td>")]
    public void RetroPage_OpenedByANamedTool_ThePrefilled起票LineAndTheReportNameIt(Language language, string? via, string legend, string reportRow)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2, Source = "pagerduty" }, [], "alert:pagerduty", T0, via);
        var lines = RetroService.Prefill([.. incident.PendingTimeline]).Where(l => l.Kind == "opened").ToList();
        var content = new RetroContent { Summary = "", Timeline = lines };
        var notice = new RetroPageNotice(language, new RetroState(incident, null, []), [Yamada], [], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            Values = RetroFormFields.From(content, null, Tokyo),
        };

        var html = TestRenderer.Instance.Page(notice);

        Assert.Equal([("alert:pagerduty", via)], lines.Select(l => (l.By!, l.Via)));
        Assert.Contains($"<fieldset id=\"t0\"><legend>{legend}</legend>", html, StringComparison.Ordinal);
        var stored = new StoredRetro(incident.Id, content, new RetroVersion(1, "yamada", T0.AddHours(1)), LessonDocument.For(incident, content));
        var report = TestRenderer.Instance.Page(new RetroReportNotice(language, incident, stored, [Yamada], [], "Asia/Tokyo"));
        Assert.Contains(reportRow, report, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>DD", report, StringComparison.Ordinal);
    }

    /// <summary>
    /// Brief trialstake (session 46): the 障害報告書 names the features and platforms as the stakeholder notices and the customer drafts
    /// do (「対象機能：請求書」「対象環境：iOS」); it said 「影響範囲」 for the features — what the notices call who is affected — and
    /// 「対象プラットフォーム」.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<tr><th scope=\"row\">対象機能</th><td>請求書</td></tr>", "<tr><th scope=\"row\">対象環境</th><td>iOS、Android</td></tr>")]
    [InlineData(Language.En, "<tr><th scope=\"row\">Affected areas</th><td>請求書</td></tr>", "<tr><th scope=\"row\">Platforms</th><td>iOS, Android</td></tr>")]
    public void Report_AreasAndPlatforms_NamedAsTheNoticesNameThem(Language language, string areas, string platforms)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "請求書 PDF がダウンロードできない", Severity = AlertSeverity.Sev2, AffectedAreas = ["請求書"], Platforms = ["iOS", "Android"] }, [], "sato", T0);
        incident.Resolve("sato", T0.AddMinutes(13));

        var html = Report(language, incident, []);

        Assert.Contains(areas, html, StringComparison.Ordinal);
        Assert.Contains(platforms, html, StringComparison.Ordinal);
        Assert.DoesNotContain("影響範囲", html, StringComparison.Ordinal);
        Assert.DoesNotContain("対象プラットフォーム", html, StringComparison.Ordinal);
    }
}
