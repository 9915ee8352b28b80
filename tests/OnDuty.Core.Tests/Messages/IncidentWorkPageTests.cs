using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The duty pair's incident page as rendered: who its rows name.</summary>
public sealed class IncidentWorkPageTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 4, 30, 0, TimeSpan.Zero); // 13:30 JST

    private static string Render(Language language, Incident incident, IReadOnlyList<TimelineEntry> timeline, IReadOnlyDictionary<string, string> names) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], timeline), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Names = names,
        });

    /// <summary>
    /// Every time the page shows says its zone (review: the English reader saw bare times): each fact with a time carries it, as the
    /// mails do; the timeline's rows, a column of times, say it once in the heading — never both, never neither.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "<dt>Started</dt><dd>1 Dec 2026 13:25 (JST)</dd>", "<dt>Detected</dt><dd>1 Dec 2026 13:30 (JST)</dd>",
        "<dt>Acknowledged</dt><dd>伊藤 さくら — 1 Dec 2026 13:33 (JST)</dd>", "<dt>Resolved</dt><dd>1 Dec 2026 13:50 (JST)</dd>",
        "<h2 id=\"h-timeline\">Timeline (JST)</h2>", "<time datetime=\"2026-12-01T04:30:00&#x2B;00:00\">1 Dec 2026 13:30</time>")]
    [InlineData(Language.Ja, "<dt>発生日時</dt><dd>2026/12/01 13:25（JST）</dd>", "<dt>検知</dt><dd>2026/12/01 13:30（JST）</dd>",
        "<dt>対応者</dt><dd>伊藤 さくら — 2026/12/01 13:33（JST）</dd>", "<dt>復旧日時</dt><dd>2026/12/01 13:50（JST）</dd>",
        "<h2 id=\"h-timeline\">タイムライン（JST）</h2>", "<time datetime=\"2026-12-01T04:30:00&#x2B;00:00\">2026/12/01 13:30</time>")]
    public void Times_FactsSayTheirZone_TheTimelineSaysItOnceInItsHeading(
        Language language, string started, string detected, string acknowledged, string resolved, string heading, string firstRow)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2, StartedAt = T0.AddMinutes(-5) }, [], "ito", T0);
        Assert.True(incident.Acknowledge("ito", T0.AddMinutes(3)));
        incident.PostUpdate(IncidentStatus.Resolved, "復旧しました", "ito", T0.AddMinutes(20));

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string> { ["ito"] = "伊藤 さくら" });

        foreach (var fact in new[] { started, detected, acknowledged, resolved })
        {
            Assert.Contains(fact, html, StringComparison.Ordinal);
        }

        Assert.Contains(heading, html, StringComparison.Ordinal);
        var timeline = html[html.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..];
        Assert.Contains(firstRow, timeline, StringComparison.Ordinal);
        Assert.DoesNotContain("JST", timeline, StringComparison.Ordinal);
    }

    /// <summary>
    /// Someone who posted an update and acknowledged, taken off the roster since: the page names them by the name they had, marked
    /// as no longer on the roster — the 対応者 fact and the timeline rows — never by the bare id.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<dt>対応者</dt><dd>小林 次郎（退任） — ", "小林 次郎（退任）")]
    [InlineData(Language.En, "<dt>Acknowledged</dt><dd>小林 次郎 (no longer on the roster) — ", "小林 次郎 (no longer on the roster)")]
    public void People_TakenOffTheRoster_NamedAsTheyWere(Language language, string acknowledged, string named)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "alert:grafana", T0);
        Assert.True(incident.Acknowledge("kobayashi", T0.AddMinutes(3)));
        incident.PostUpdate(IncidentStatus.Identified, "原因を特定", "kobayashi", T0.AddMinutes(10));
        var former = new FormerMember("kobayashi", "小林 次郎", Language.Ja, T0.AddDays(1));

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら" },
            Former = [former],
        });

        Assert.Contains(acknowledged, html, StringComparison.Ordinal);
        var timeline = html[html.IndexOf("<ol id=\"timeline\">", StringComparison.Ordinal)..];
        Assert.True(timeline.Split(named).Length >= 3, timeline); // the acknowledgement's row and the update's
        Assert.DoesNotContain("kobayashi", html.Replace("value=\"kobayashi\"", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49: one of the incident's duty pair acknowledged and was taken off the roster since: the 担当 fact and the 対応者 fact
    /// named them by the incident's copy of their name, unmarked; now marked as the page marks anyone who left, their partner as is.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<dt>担当</dt><dd>小林 次郎（退任）、佐藤 花子</dd>", "<dt>対応者</dt><dd>小林 次郎（退任） — ")]
    [InlineData(Language.En, "小林 次郎 (no longer on the roster), 佐藤 花子</dd>", "<dt>Acknowledged</dt><dd>小林 次郎 (no longer on the roster) — ")]
    public void DutyPair_OneTakenOffTheRosterSince_NamedAsTheyWere(Language language, string onDuty, string acknowledged)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 },
            [new AssignedMember("kobayashi", "小林 次郎", "kobayashi@example.com", Language.Ja), new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja)], "alert:grafana", T0);
        Assert.True(incident.Acknowledge("kobayashi", T0.AddMinutes(3)));

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
            Former = [new FormerMember("kobayashi", "小林 次郎", Language.Ja, T0.AddDays(1))],
        });

        Assert.Contains(onDuty, html, StringComparison.Ordinal);
        Assert.Contains(acknowledged, html, StringComparison.Ordinal);
    }

    /// <summary>Pages held by a maintenance window: until when, with its zone, then the window — no second pair of brackets after the zone.</summary>
    [Theory]
    [InlineData(Language.En, ">until 1 Dec 2026 14:30 (JST), for maintenance MW-00000001: DB</a></dd>")]
    [InlineData(Language.Ja, ">2026/12/01 14:30（JST）まで保留中（メンテナンス MW-00000001：DB）</a></dd>")]
    public void Facts_PagesHeld_UntilSaysItsZone(Language language, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev3 }, [], "alert:grafana", T0);
        var window = new OnDuty.Core.Maintenance.MaintenanceWindow { Id = "MW-00000001", Title = "DB", From = T0.AddMinutes(-5), To = T0.AddHours(1), CreatedBy = "ito", CreatedAt = T0.AddMinutes(-5) };
        Assert.True(incident.HoldPages(window, T0));

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        Assert.Contains(said, html, StringComparison.Ordinal);
    }

    /// <summary>A team in another zone: each time says the zone it is written in — London's clock, London's zone; none says JST.</summary>
    [Theory]
    [InlineData(Language.En, "<dt>Detected</dt><dd>1 Dec 2026 04:30 (GMT)</dd>", "<h2 id=\"h-timeline\">Timeline (GMT)</h2>")]
    [InlineData(Language.Ja, "<dt>検知</dt><dd>2026/12/01 04:30（GMT）</dd>", "<h2 id=\"h-timeline\">タイムライン（GMT）</h2>")]
    public void Times_TeamInAnotherZone_TheZoneShownIsTheZoneOfTheTimeShown(Language language, string detected, string heading)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "ito", T0);

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Europe/London", T0.AddMinutes(30))
        {
            RequestId = "req-1",
        });

        Assert.Contains(detected, html, StringComparison.Ordinal);
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.DoesNotContain("JST", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Acknowledged row names the tool that acknowledged as it named itself (the Events v2 <c>client</c> kept on the record),
    /// else 「送信元の監視ツール」 — never 「PagerDuty 連携」, which is only the route the acknowledge came by.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "Datadog", "Datadog")]
    [InlineData(Language.Ja, null, "送信元の監視ツール")]
    [InlineData(Language.En, null, "the sending monitoring tool")]
    public void AcknowledgedRow_ByATool_NamesTheToolAsItNamedItself_NotTheRoute(Language language, string? via, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", T0);
        Assert.True(incident.Acknowledge("alert:pagerduty", T0.AddMinutes(3), via: via));

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        var timeline = html[html.IndexOf("<ol id=\"timeline\"", StringComparison.Ordinal)..];
        var start = timeline.IndexOf(language == Language.Ja ? "対応開始" : "Acknowledged", StringComparison.Ordinal);
        var row = timeline[start..timeline.IndexOf("</li>", start, StringComparison.Ordinal)];
        Assert.Contains(said, row, StringComparison.Ordinal);
        Assert.DoesNotContain("PagerDuty", row, StringComparison.Ordinal);
    }

    /// <summary>
    /// A tool's acknowledgement a person took over: its row names the tool by the name kept on the row (<see cref="TimelineEntry.Via"/>);
    /// a row written before the name was kept (none on it) reads as before — 「送信元の監視ツール」, the record no longer naming it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "Datadog", "<b>対応開始</b> <span class=\"meta\">— Datadog</span>")]
    [InlineData(Language.Ja, null, "<b>対応開始</b> <span class=\"meta\">— 送信元の監視ツール</span>")]
    [InlineData(Language.En, "Datadog", "<b>Acknowledged</b> <span class=\"meta\">— Datadog</span>")]
    [InlineData(Language.En, null, "<b>Acknowledged</b> <span class=\"meta\">— the sending monitoring tool</span>")]
    public void AcknowledgedRow_ByATool_TakenOverByAPerson_NamesTheToolKeptOnTheRow(Language language, string? kept, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", T0);
        Assert.True(incident.Acknowledge("alert:pagerduty", T0.AddMinutes(3), via: "Datadog"));
        Assert.True(incident.Acknowledge("member-1", T0.AddMinutes(5)));
        var rows = incident.PendingTimeline.Select(t => t.By == "alert:pagerduty" && t.Kind == TimelineKind.Acknowledged ? t with { Via = kept } : t).ToList();

        var html = Render(language, incident, rows, new Dictionary<string, string> { ["member-1"] = "伊藤 さくら" });

        var timeline = html[html.IndexOf("<ol id=\"timeline\"", StringComparison.Ordinal)..];
        var label = language == Language.Ja ? "<b>対応開始</b>" : "<b>Acknowledged</b>";
        var acknowledged = timeline.Split("<li>").Where(r => r.Contains(label, StringComparison.Ordinal))
            .Select(r => r[r.IndexOf(label, StringComparison.Ordinal)..r.IndexOf("</li>", StringComparison.Ordinal)]).ToList();
        Assert.Equal([$"{label} <span class=\"meta\">— 伊藤 さくら</span>", said], acknowledged);
    }

    /// <summary>
    /// A merged duplicate's status says how the incident it went on under stands now: 「統合済み（… で対応中）」 while that one is
    /// open, 「… に統合（復旧済み）」 once it recovered — not the first for ever.
    /// </summary>
    [Theory]
    [InlineData(true, "統合済み（INC-2026-0002 で対応中）")]
    [InlineData(false, "INC-2026-0002 に統合（復旧済み）")]
    public void MergedDuplicate_StatusSaysTheTargetsCurrentState(bool targetOpen, string said)
    {
        var incident = Incident.Restore(new IncidentSnapshot
        {
            Id = "INC-2026-0001", Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, Status = IncidentStatus.Resolved, Source = "alert:grafana",
            DetectedAt = T0, StartedAt = T0, ResolvedAt = T0.AddMinutes(10), MergedInto = "INC-2026-0002",
        });

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            Language.Ja, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], []), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            MergedIntoOpen = targetOpen,
        });

        Assert.Contains(said, html, StringComparison.Ordinal);
        Assert.DoesNotContain(targetOpen ? "に統合（復旧済み）" : "で対応中）", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 31b M5: the page lists each alert's links as the first page mail does (runbook first, each named by its kind in the
    /// reader's language, the source's own text beside it), http(s) only and encoded; before, the page had no external link at all.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "手順書（Runbook）", "発生元のページ", "Azure ポータルのアラート", "画像（CPU &lt;graph&gt;）")]
    [InlineData(Language.En, "Runbook", "Source page", "Alert in the Azure portal", "Image (CPU &lt;graph&gt;)")]
    public void Alerts_LinksAsTheFirstPageMailHasThem_HttpOnly_Encoded(Language language, string runbook, string generator, string portal, string image)
    {
        var incident = Incident.Open("INC-2026-0013", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "alert:alertmanager", T0);
        var fired = new AlertInstance
        {
            DedupKey = "a1",
            Status = AlertStatus.Firing,
            Severity = AlertSeverity.Sev2,
            Summary = "HighErrorRate",
            StartsAt = T0,
            Links =
            [
                new(AlertLinkKinds.Runbook, new Uri("https://runbooks.example.org/payments?x=1&y=2")),
                new(AlertLinkKinds.Generator, new Uri("http://prometheus.example.org/graph?g0.expr=rate")),
                new(AlertLinkKinds.Portal, new Uri("https://portal.azure.com/#blade/alert")),
                new(AlertLinkKinds.Image, new Uri("https://app.datadoghq.com/snapshot.png"), "CPU <graph>"),
                new(AlertLinkKinds.Link, new Uri("javascript:alert(1)"), "evil"),
            ],
        };
        var details = new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [TrackedAlert.Firing(fired, T0, "alertmanager", "g")], incident.PendingTimeline);

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(language, details, "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
        });

        var alerts = html[html.IndexOf("<ol id=\"alerts\">", StringComparison.Ordinal)..];
        alerts = alerts[..alerts.IndexOf("</ol>", StringComparison.Ordinal)];
        Assert.Contains($"<a href=\"https://runbooks.example.org/payments?x=1&amp;y=2\" rel=\"noopener noreferrer\">{runbook}</a>", alerts, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"http://prometheus.example.org/graph?g0.expr=rate\" rel=\"noopener noreferrer\">{generator}</a>", alerts, StringComparison.Ordinal);
        Assert.Contains($">{portal}</a>", alerts, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"https://app.datadoghq.com/snapshot.png\" rel=\"noopener noreferrer\">{image}</a>", alerts, StringComparison.Ordinal);
        Assert.DoesNotContain("javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.True(alerts.IndexOf(runbook, StringComparison.Ordinal) < alerts.IndexOf(generator, StringComparison.Ordinal), "the runbook first");
    }

    /// <summary>
    /// A lead configured as <c>Yamada@…</c> (the address their page was delivered to) is the roster's <c>yamada@…</c>: the delivery
    /// row names them, matched as <see cref="Team.Member.IsMailedAt"/> matches (trimmed, any case), not by the exact address.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "メールで山田さんに届きました")]
    [InlineData(Language.En, "Email reached 山田 太郎")]
    public void DeliveryRow_ToAnAddressWrittenInAnotherCase_NamesTheMember(Language language, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "alert:grafana", T0);
        var timeline = new List<TimelineEntry>(incident.PendingTimeline) { Incident.DeliveryEntry(2, "email", "Yamada@OnDuty.example", null, T0.AddMinutes(20)) };
        var names = new Dictionary<string, string> { ["yamada"] = "山田 太郎", ["yamada@onduty.example"] = "山田 太郎" };

        var html = Render(language, incident, timeline, names);

        Assert.Contains(said, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Yamada@OnDuty.example", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Review day 28, L2: a quiet correction's row says what it replaced, old → new (nobody was told, so the page is where it shows):
    /// the start time to the minute in the team's zone, an impact there was none of said so.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "発生日時を 13:30 → 13:25 に訂正", "影響を（なし）→「iOS の全ユーザー」に訂正")]
    [InlineData(Language.En, "Start time corrected: 13:30 → 13:25", "Impact corrected: none → “iOS の全ユーザー”")]
    public void CorrectedRow_SaysEachValueItReplaced(Language language, string started, string impact)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, StartedAt = T0 }, [], "sato", T0);
        Assert.True(incident.Correct(new IncidentEdit { StartedAt = T0.AddMinutes(-5), UserImpact = "iOS の全ユーザー" }, "sato", T0.AddMinutes(20)));

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        Assert.Contains(started, html, StringComparison.Ordinal);
        Assert.Contains(impact, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A correction that lowers the severity says it once: on its own row, old → new, with what else it corrected — not again on
    /// a 「重大度引き下げ」 row beside it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "重大度を SEV2 → SEV3 に訂正", "重大度を SEV2 から SEV3 に引き下げました")]
    [InlineData(Language.En, "Severity corrected: SEV2 → SEV3", "severity lowered from SEV2 to SEV3")]
    public void CorrectedRow_LoweringTheSeverity_SaysItOnce(Language language, string corrected, string lowered)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, StartedAt = T0 }, [], "sato", T0);
        Assert.True(incident.Correct(new IncidentEdit { Severity = AlertSeverity.Sev3, Title = "決済APIの遅延" }, "sato", T0.AddMinutes(20)));

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, System.Text.RegularExpressions.Regex.Escape(corrected)));
        Assert.DoesNotContain(lowered, html, StringComparison.Ordinal);
    }

    /// <summary>A correction of the areas and platforms says what they were and became, as it does for the other values.</summary>
    [Theory]
    [InlineData(Language.Ja, "影響範囲（機能）を ログイン、決済 → 決済 に訂正", "プラットフォームを iOS → iOS、Android に訂正")]
    [InlineData(Language.En, "Affected areas corrected: ログイン, 決済 → 決済", "Platforms corrected: iOS → iOS, Android")]
    public void CorrectedRow_AreasAndPlatforms_OldToNew(Language language, string areas, string platforms)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2, AffectedAreas = ["ログイン", "決済"], Platforms = ["iOS"] }, [], "sato", T0);
        Assert.True(incident.Correct(new IncidentEdit { AffectedAreas = ["決済"], Platforms = ["iOS", "Android"] }, "sato", T0.AddMinutes(20)));
        var row = incident.PendingTimeline.Single(t => t.Kind == TimelineKind.Corrected);
        Assert.Equal(["ログイン", "決済"], row.Corrected!.AffectedAreas!.From);
        Assert.Equal(["決済"], row.Corrected.AffectedAreas.To);
        Assert.Equal(["iOS"], row.Corrected.Platforms!.From);
        Assert.Equal(["iOS", "Android"], row.Corrected.Platforms.To);

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        Assert.Contains(areas, html, StringComparison.Ordinal);
        Assert.Contains(platforms, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// A tool's acknowledgement in the 対応者 fact: the tool as it named itself (the Events v2 client), else 「送信元の監視ツール」 —
    /// never 「PagerDuty 連携」, the route it came by (as the one-click page says it).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "Datadog", "<dd>Datadog — 2026/12/01 13:33（JST）</dd>")]
    [InlineData(Language.Ja, null, "<dd>送信元の監視ツール — 2026/12/01 13:33（JST）</dd>")]
    [InlineData(Language.En, "Datadog", "<dd>Datadog — 1 Dec 2026 13:33 (JST)</dd>")]
    public void AcknowledgedFact_ByATool_NamesTheToolNotTheRoute(Language language, string? via, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", T0);
        Assert.True(incident.Acknowledge("alert:pagerduty", T0.AddMinutes(3), via: via));

        var html = Render(language, incident, [], new Dictionary<string, string>());

        Assert.Contains(said, html, StringComparison.Ordinal);
        Assert.DoesNotContain("PagerDuty", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 31a, M5: 第2報 promised 21:50; the page at 21:45 says so with the time left and offers 21:50 as the next update; at
    /// 21:55 it says 期限超過 and the form offers a new time, saying the promise passed.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 45, "関係者への次回の更新予定", "2026/12/03 21:50（JST、あと5分）", "2026-12-03T21:50", "関係者には 2026/12/03 21:50（JST）までに次の報告をするとお伝えしています")]
    [InlineData(Language.Ja, 55, "関係者への次回の更新予定", "2026/12/03 21:50（JST、期限超過）", "2026-12-03T22:25", "関係者にお伝えした 2026/12/03 21:50（JST）を過ぎています。")]
    [InlineData(Language.En, 45, "Next update promised to stakeholders", "3 Dec 2026 21:50 (JST, in 5 min)", "2026-12-03T21:50", "Stakeholders were told to expect the next update by 3 Dec 2026 21:50 (JST)")]
    [InlineData(Language.En, 55, "Next update promised to stakeholders", "3 Dec 2026 21:50 (JST, overdue)", "2026-12-03T22:25", "The 3 Dec 2026 21:50 (JST) promised to stakeholders has passed;")]
    public void Facts_OpenPromiseToStakeholders_ShownWithTimeLeft_AndTheFormOffersItWhileAhead(Language language, int minute, string label, string said, string offered, string hint)
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var declared = new DateTimeOffset(2026, 12, 3, 21, 44, 0, TimeSpan.FromHours(9));
        var now = declared.AddMinutes(minute - 44);
        var promised = declared.AddMinutes(6);
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1 }, [], "sato", declared);

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", now)
        {
            RequestId = "req-1",
            StakeholderPromise = promised,
            NextUpdateDefault = OnDuty.Core.Comms.NextUpdatePromise.FormDefault(promised, now, TimeSpan.FromMinutes(30), tokyo),
        });

        Assert.Matches($"<dt>{System.Text.RegularExpressions.Regex.Escape(label)}</dt>\\s*<dd>{System.Text.RegularExpressions.Regex.Escape(said)}</dd>", html);
        Assert.Contains($"value=\"{offered}\"", html, StringComparison.Ordinal);
        Assert.Contains(hint, html, StringComparison.Ordinal);
    }

    [Fact]
    public void Facts_NoPromiseHeld_NoLine()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1 }, [], "sato", T0);

        var html = Render(Language.Ja, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        Assert.DoesNotContain("関係者への次回の更新予定", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 31a, L5: the page's top links to its parts, each to an id the page has. Session 45: the ack button comes before the
    /// facts, on a phone's first screen, so there is no 「対応します」 link beside it that would only scroll to it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<nav id=\"jump\"><a href=\"#h-update\">更新</a> · <a href=\"#h-details\">詳細</a> · <a href=\"#h-timeline\">タイムライン</a></nav>")]
    [InlineData(Language.En, "<nav id=\"jump\"><a href=\"#h-update\">Update</a> · ")]
    public void Top_JumpLinks_ToTheUpdateDetailsAndTimeline_TheAckButtonBeforeTheFacts(Language language, string nav)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev1 }, [], "sato", T0);

        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());

        Assert.Contains(nav, html, StringComparison.Ordinal);
        Assert.DoesNotContain("href=\"#form-ack\"", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("id=\"jump\"", StringComparison.Ordinal) < html.IndexOf("id=\"form-ack\"", StringComparison.Ordinal));
        Assert.True(html.IndexOf("id=\"form-ack\"", StringComparison.Ordinal) < html.IndexOf("id=\"facts\"", StringComparison.Ordinal));
        foreach (var target in new[] { "h-update", "h-details", "h-timeline" })
        {
            Assert.Contains($"id=\"{target}\"", html, StringComparison.Ordinal);
        }
    }

    /// <summary>An incident Azure planned maintenance opened says it pages nobody, and why, next to its facts and on its timeline.</summary>
    [Theory]
    [InlineData(Language.Ja, "なし（Azure Service Health の計画メンテナンスのお知らせ）", "当番は呼び出しません")]
    [InlineData(Language.En, "none (a planned maintenance notice from Azure Service Health)", "nobody is paged")]
    public void Page_AnnouncementPagingNobody_SaysSoInItsFactsAndTimeline(Language language, string fact, string row)
    {
        var incident = Incident.Open("INC-2026-0042", new NewIncident { Title = "Planned maintenance: SQL Database", Severity = AlertSeverity.Sev4, Source = "azure-monitor" }, [], "alert:azure-monitor", T0);
        incident.PageNobody("Maintenance", "alert:azure-monitor", T0);

        var html = Render(language, incident, incident.PendingTimeline, new Dictionary<string, string>());

        Assert.Contains(fact, html, StringComparison.Ordinal);
        Assert.Contains(row, html, StringComparison.Ordinal);
    }

    /// <summary>The executives (two addresses) and support (its leads' list and <paramref name="supportMembers"/>) in the languages given.</summary>
    private static CommsOptions Audiences(string execs, string support, params string[] supportMembers)
    {
        var comms = new CommsOptions();
        comms.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = execs, DisplayName = "経営層", DisplayNameEn = "Executives" };
        comms.Audiences["support"] = new AudienceOptions { Members = ["support-leads@example.com", .. supportMembers], Language = support, DisplayName = "サポート", DisplayNameEn = "Support" };
        return comms;
    }

    private static string RenderForAudiences(
        Language language, AlertSeverity severity, IReadOnlyList<string> audiences, IReadOnlyDictionary<AlertSeverity, IReadOnlyList<string>> raises, CommsOptions? comms = null)
    {
        comms ??= Audiences("en", "ja");
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が完了しない", Severity = severity }, [], "sato", T0);
        return TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            AudienceNames = comms.AudienceNames(language),
            Readers = new AudienceRoster(TeamData.Members(), comms, Language.Ja).All(),
            NoticeAudiences = audiences,
            RaiseAudiences = raises,
        });
    }

    /// <summary>
    /// M2 (trial 33): the executives (<c>Language: en</c>) received what 山田 typed in Japanese inside an English frame, and nothing on
    /// the form had said so. The update and details forms now say it above their buttons, in the page's words.
    /// </summary>
    [Fact]
    public void UpdateForm_NoticeGoesToAnEnglishAudience_SaysItArrivesAsTyped()
    {
        var html = RenderForAudiences(Language.Ja, AlertSeverity.Sev1, ["execs", "support"], new Dictionary<AlertSeverity, IReadOnlyList<string>>());

        const string said = "この報告は英語の読者（経営層：ceo@example.com・cto@example.com）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。";
        // The update form says whom posting tells first (session 45), then the readers of the other language.
        Assert.Contains($"<p class=\"readers\" id=\"update-readers\">投稿すると経営層（第1報）・サポート（第1報）に送られます。{said}</p>", html, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"readers\" id=\"details-readers\">{said}</p>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("サポート：", html, StringComparison.Ordinal); // they read Japanese
    }

    /// <summary>Only a raise would tell the executives: the form says which severity would, and nothing while everyone reads the page's language.</summary>
    [Fact]
    public void UpdateForm_OnlyARaiseReachesTheEnglishAudience_SaysWhichSeverity_NothingWhenAllReadThePagesLanguage()
    {
        var raise = RenderForAudiences(Language.Ja, AlertSeverity.Sev2, ["support"], new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev1] = ["execs"] });
        // Said once (a reader tripped on 「重大度を SEV1 に上げると」 twice): whom the raise adds, and which of them read English.
        Assert.Contains("<p class=\"readers\" id=\"update-readers\">投稿するとサポート（第1報）に送られます。重大度を SEV1 に上げると、経営層（第1報）にも送られ、英語の読者（経営層：ceo@example.com・cto@example.com）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>", raise, StringComparison.Ordinal);
        var english = RenderForAudiences(Language.En, AlertSeverity.Sev2, ["support"], new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev1] = ["execs"] }, Audiences("ja", "en"));
        Assert.Contains("<p class=\"readers\" id=\"update-readers\">Posting sends it to Support (their notice 1). Raised to SEV1, it also goes to Executives (their notice 1) and reaches Japanese readers (Executives: ceo@example.com &amp; cto@example.com). The title and what you write reach them as typed (nothing is translated).</p>", english, StringComparison.Ordinal);
        // The details form says it once too: its 「知らせる」 option whom the raise adds and which of them read English, its
        // readers line only that the words go as typed (it said 「重大度を SEV1 に上げると」 in both).
        Assert.Contains("<span>知らせる：保存するとサポート（第1報）に送られます。重大度を SEV1 に上げると、経営層（第1報）にも送られ、英語の読者（経営層：ceo@example.com・cto@example.com）にも届きます。</span>", raise, StringComparison.Ordinal);
        Assert.Contains("<p class=\"readers\" id=\"details-readers\">件名・内容は入力したまま届きます（翻訳はされません）。</p>", raise, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(raise, "重大度を SEV1 に上げると")); // once a form
        Assert.Contains("<span>Tell them: saving sends it to Support (their notice 1). Raised to SEV1, it also goes to Executives (their notice 1) and reaches Japanese readers (Executives: ceo@example.com &amp; cto@example.com).</span>", english, StringComparison.Ordinal);
        Assert.Contains("<p class=\"readers\" id=\"details-readers\">The title and what you write reach them as typed (nothing is translated).</p>", english, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(english, "Raised to SEV1"));

        // Nobody told at this severity: the details form's note says the raise once, with its English readers.
        var first = RenderForAudiences(Language.Ja, AlertSeverity.Sev3, [], new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev1] = ["execs"] });
        Assert.Contains("いまの重大度には報告先が設定されていないため、保存しても関係者への報告は送られません。重大度を SEV1 に上げると、経営層（第1報）に送られ、英語の読者（経営層：ceo@example.com・cto@example.com）にも届きます。", first, StringComparison.Ordinal);
        Assert.Contains("<p class=\"readers\" id=\"details-readers\">件名・内容は入力したまま届きます（翻訳はされません）。</p>", first, StringComparison.Ordinal);
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(first, "重大度を SEV1 に上げると"));

        // Everyone reads Japanese: the update form says only whom posting tells; the details form nothing about readers.
        var japanese = RenderForAudiences(Language.Ja, AlertSeverity.Sev2, ["support"], new Dictionary<AlertSeverity, IReadOnlyList<string>>());
        Assert.Contains("<p class=\"readers\" id=\"update-readers\">投稿するとサポート（第1報）に送られます。</p>", japanese, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"details-readers\"", japanese, StringComparison.Ordinal);

        // An English page: the Japanese readers are the other language.
        english = RenderForAudiences(Language.En, AlertSeverity.Sev2, ["support"], new Dictionary<AlertSeverity, IReadOnlyList<string>>());
        Assert.Contains("This notice also reaches Japanese readers (Support: support-leads@example.com). The title and what you write reach them as typed (nothing is translated).", english, StringComparison.Ordinal);
    }

    /// <summary>
    /// M5 (trial 39): execs and support both read Japanese, but support has a roster member reading English (emma), who got the SEV2
    /// notice in an English frame. The Japanese page names her; the English page names the Japanese readers only, not "Support" as a
    /// whole; with emma out of support, nobody reads English and the Japanese page says nothing.
    /// </summary>
    [Fact]
    public void UpdateForm_AnEnglishRosterMemberInAJapaneseAudience_IsNamed_TheOthersCountedInTheirLanguage()
    {
        var emma = Audiences("ja", "ja", "emma");
        var ja = RenderForAudiences(Language.Ja, AlertSeverity.Sev2, ["execs", "support"], new Dictionary<AlertSeverity, IReadOnlyList<string>>(), emma);
        const string said = "この報告は英語の読者（サポート：Emma Wilson）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。";
        Assert.Contains($"<p class=\"readers\" id=\"update-readers\">投稿すると経営層（第1報）・サポート（第1報）に送られます。{said}</p>", ja, StringComparison.Ordinal);
        Assert.Contains($"<p class=\"readers\" id=\"details-readers\">{said}</p>", ja, StringComparison.Ordinal);

        var en = RenderForAudiences(Language.En, AlertSeverity.Sev2, ["execs", "support"], new Dictionary<AlertSeverity, IReadOnlyList<string>>(), emma);
        Assert.Contains(
            "<p class=\"readers\" id=\"update-readers\">Posting sends it to Executives (their notice 1) &amp; Support (their notice 1). This notice also reaches Japanese readers (Executives: ceo@example.com &amp; cto@example.com; Support: support-leads@example.com). The title and what you write reach them as typed (nothing is translated).</p>",
            en, StringComparison.Ordinal);

        var nobody = RenderForAudiences(Language.Ja, AlertSeverity.Sev2, ["execs", "support"], new Dictionary<AlertSeverity, IReadOnlyList<string>>(), Audiences("ja", "ja", "sato"));
        Assert.Contains("<p class=\"readers\" id=\"update-readers\">投稿すると経営層（第1報）・サポート（第1報）に送られます。</p>", nobody, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"details-readers\"", nobody, StringComparison.Ordinal);
    }

    /// <summary>A raise that adds support tells emma, who reads English, and only her; a raise adding only readers already told says nothing.</summary>
    [Fact]
    public void UpdateForm_ARaiseAddsAnAudienceWithAnEnglishReader_NamesOnlyThem()
    {
        var emma = Audiences("ja", "ja", "emma");
        var raise = RenderForAudiences(Language.Ja, AlertSeverity.Sev3, ["execs"], new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev2] = ["support"] }, emma);
        Assert.Contains("<p class=\"readers\" id=\"update-readers\">投稿すると経営層（第1報）に送られます。重大度を SEV2 に上げると、サポート（第1報）にも送られ、英語の読者（サポート：Emma Wilson）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>", raise, StringComparison.Ordinal);

        // emma is an executive too: she is told already, so the raise reaches nobody new who reads English.
        var told = Audiences("ja", "ja", "emma");
        told.Audiences["execs"].Members.Add("emma");
        var already = RenderForAudiences(Language.Ja, AlertSeverity.Sev3, ["execs"], new Dictionary<AlertSeverity, IReadOnlyList<string>> { [AlertSeverity.Sev2] = ["support"] }, told);
        Assert.Contains("<p class=\"readers\" id=\"update-readers\">投稿すると経営層（第1報）に送られます。この報告は英語の読者（経営層：Emma Wilson）にも届きます。重大度を SEV2 に上げると、サポート（第1報）にも送られます。件名・内容は入力したまま届きます（翻訳はされません）。</p>", already, StringComparison.Ordinal);
        Assert.DoesNotContain("重大度を SEV2 に上げると、英語の読者", already, StringComparison.Ordinal);
    }

    /// <summary>L3 (trial 33): the call for help asks what help is needed, with an example, and can still be sent empty.</summary>
    [Fact]
    public void HelpForm_AsksWhatHelpIsNeeded_WithAnExample_Optional()
    {
        var html = RenderForAudiences(Language.Ja, AlertSeverity.Sev2, [], new Dictionary<AlertSeverity, IReadOnlyList<string>>());

        var form = html[html.IndexOf("<form method=\"post\" action=\"/api/incidents/INC-2026-0001/page/help", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        Assert.Contains("placeholder=\"例：決済のエラーの影響範囲を一緒に調べてほしい（空欄でも送れます）\"", form, StringComparison.Ordinal);
        Assert.Contains("必要な応援", form, StringComparison.Ordinal);
        Assert.DoesNotContain(" required", form[form.IndexOf("<textarea", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 62 (the E2E host keeps outsiders from the merge form with Pages__RequireRosterMember): a signed-in outsider offered the
    /// merge form reads a confidential incident among its choices as 「非公開の障害 INC-…（SEV2）」, never its title; a reader its title.
    /// </summary>
    [Fact]
    public void MergeChoices_ConfidentialIncident_ByItsIdForAnOutsider_TitleForAReader()
    {
        var secret = Incident.Open("INC-2026-0042", new NewIncident { Title = "顧客リストの流出の疑い", Severity = AlertSeverity.Sev2, Confidential = true }, [], "ito", T0);
        var outsider = new PageVisitor("Partner Person", "partner@agency.example");
        IncidentWorkPageNotice Notice(bool reads) => new(
            Language.Ja, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(Declared(), "W/\"1\""), [], []), "W/\"etag\"", new FormToken("t", "v"), outsider, "Asia/Tokyo", T0.AddMinutes(1))
        {
            RequestId = "req-1",
            MergeTargets = [secret],
            ReadsConfidential = reads,
        };

        var html = System.Net.WebUtility.HtmlDecode(TestRenderer.Instance.Page(Notice(reads: false)));
        Assert.Contains("name=\"into\"", html, StringComparison.Ordinal);
        Assert.Contains("非公開の障害 INC-2026-0042（SEV2）", html, StringComparison.Ordinal);
        Assert.DoesNotContain("顧客リストの流出の疑い", html, StringComparison.Ordinal);

        Assert.Contains("顧客リストの流出の疑い", System.Net.WebUtility.HtmlDecode(TestRenderer.Instance.Page(Notice(reads: true))), StringComparison.Ordinal);

        // Added on that incident (the index by address): its title; added on another one only: still by its id.
        var addedOn = System.Net.WebUtility.HtmlDecode(TestRenderer.Instance.Page(Notice(reads: false) with { AddedOn = new HashSet<string> { "INC-2026-0042" } }));
        Assert.Contains("顧客リストの流出の疑い", addedOn, StringComparison.Ordinal);
        Assert.DoesNotContain("非公開の障害 INC-2026-0042（SEV2）", addedOn, StringComparison.Ordinal);
        var addedOnAnother = System.Net.WebUtility.HtmlDecode(TestRenderer.Instance.Page(Notice(reads: false) with { AddedOn = new HashSet<string> { "INC-2026-0041" } }));
        Assert.DoesNotContain("顧客リストの流出の疑い", addedOnAnother, StringComparison.Ordinal);
    }

    /// <summary>The page of a new incident opened by Alertmanager a minute after 伊藤 declared and took the outage (trial 39 M1).</summary>
    private static string RenderWithOthers(Language language, Incident incident, IReadOnlyList<Incident> open, PageVisitor? visitor = null) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], []), "W/\"etag\"", new FormToken("t", "v"), visitor ?? PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(1))
        {
            RequestId = "req-1",
            Names = new Dictionary<string, string> { ["ito"] = "伊藤 さくら" },
            MergeTargets = open,
        });

    private static Incident Declared()
    {
        var declared = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面でエラーが表示される", Severity = AlertSeverity.Sev2 }, [], "ito", T0);
        Assert.True(declared.Acknowledge("ito", T0));
        return declared;
    }

    private static Incident Alerted() =>
        Incident.Open("INC-2026-0002", new NewIncident { Title = "Checkout error rate above 5% (PSP-B timeouts)", Severity = AlertSeverity.Sev1, Source = "alertmanager" }, [], "alert:alertmanager", T0.AddMinutes(1));

    /// <summary>
    /// Opened from the Teams card at night (「障害ページを開いて「対応します」を押してください」): the button comes before the facts, in
    /// the first screen of a phone — it sat under a dozen stacked facts, about 1,100 px down at 390 px wide. Said once.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja)]
    [InlineData(Language.En)]
    public void NotAcknowledged_TheAcknowledgeButtonComesBeforeTheFacts(Language language)
    {
        var html = RenderWithOthers(language, Alerted(), []);

        var ack = html.IndexOf("<button type=\"submit\" class=\"ack\" id=\"ack\">", StringComparison.Ordinal);
        Assert.True(ack > html.IndexOf("<h1", StringComparison.Ordinal), html);
        Assert.True(ack < html.IndexOf("<dl id=\"facts\">", StringComparison.Ordinal), html);
        Assert.Equal(ack, html.LastIndexOf("<button type=\"submit\" class=\"ack\" id=\"ack\">", StringComparison.Ordinal));
    }

    /// <summary>
    /// Trial 39 M1: the other open incident was named only in the merge form's help at the bottom. Now at the top, above the facts,
    /// with who is on it and its age, and a link down to the merge form.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応中の障害がほかにあります：INC-2026-0001 決済画面でエラーが表示される（SEV2・伊藤さんが対応中・1分前に起票）。同じ障害なら、このページの統合フォームから統合できます。 <a href=\"#h-merge\" id=\"other-open-link\">統合フォームへ</a></p>")]
    [InlineData(Language.En, "Other open incidents: INC-2026-0001 決済画面でエラーが表示される (SEV2, 伊藤 さくら is on it, declared 1 min ago). If it is the same outage, merge it with the form on this page. <a href=\"#h-merge\" id=\"other-open-link\">Go to the merge form</a></p>")]
    public void OtherOpen_NamedAtTheTop_WithALinkToTheMergeForm(Language language, string said)
    {
        var html = RenderWithOthers(language, Alerted(), [Declared()]);

        var notice = html.IndexOf("<p role=\"status\" id=\"other-open\"", StringComparison.Ordinal);
        Assert.True(notice > 0);
        Assert.Equal(notice, html.LastIndexOf("<p role=\"status\" id=\"other-open\"", StringComparison.Ordinal)); // once
        Assert.Equal(html.IndexOf('>', notice) + 1, html.IndexOf(said, StringComparison.Ordinal));
        Assert.True(notice < html.IndexOf("<dl id=\"facts\">", StringComparison.Ordinal));
        Assert.Contains("<h2 id=\"h-merge\">", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// An older incident's page does not offer merging it into a newer one (the duplicate goes into the older); a resolved page names
    /// none; a visitor without the forms gets the list without the link.
    /// </summary>
    [Fact]
    public void OtherOpen_NotOnTheOlderOnesPage_NorOnceResolved_NoLinkWithoutTheForms()
    {
        Assert.DoesNotContain("id=\"other-open\"", RenderWithOthers(Language.Ja, Declared(), [Alerted()]), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"other-open\"", RenderWithOthers(Language.Ja, Alerted(), []), StringComparison.Ordinal);
        var resolved = Alerted();
        resolved.Resolve("ito", T0.AddMinutes(1));
        Assert.DoesNotContain("id=\"other-open\"", RenderWithOthers(Language.Ja, resolved, [Declared()]), StringComparison.Ordinal);

        var readOnly = RenderWithOthers(Language.Ja, Alerted(), [Declared()], PageVisitor.Anonymous.NotOnRoster([]));
        Assert.Contains("（SEV2・伊藤さんが対応中・1分前に起票）。</p>", readOnly, StringComparison.Ordinal);
        Assert.DoesNotContain("other-open-link", readOnly, StringComparison.Ordinal);
    }

    private static string Hint(string html, string id)
    {
        var start = html.IndexOf($"<small id=\"{id}-hint\">", StringComparison.Ordinal);
        Assert.True(start > 0, $"{id} has a hint");
        start = html.IndexOf('>', start) + 1;
        return System.Net.WebUtility.HtmlDecode(html[start..html.IndexOf("</small>", start, StringComparison.Ordinal)]);
    }

    private static string RenderWithDraft(Language language, Incident incident, IncidentDraft? draft, PageVisitor? visitor = null, bool regenerated = false) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), visitor ?? PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Draft = draft,
            DraftETag = "W/\"d\"",
            DraftRegenerated = regenerated,
        });

    /// <summary>
    /// Session 53, a support lead not on the roster opens 「広報・サポート向けの文案を確認する」 from her notice during a SEV2: the page
    /// had no <c>#h-drafts</c> for her (the drafts were only a form, and forms are the roster's), so the link led nowhere. She reads
    /// them now: where they stand (generated, markers to rewrite), each text in a read-only box to select and copy, no save button.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<a href=\"#h-drafts\">文案</a>", "<h2 id=\"h-drafts\">広報・サポート向けの文案</h2>",
        "<p id=\"drafts-status\">障害の内容から自動で作成した文案です（未レビュー）。OnDuty が公開・送信することはありません。【要修正：…】の箇所は印の指示に従ってお客様向けに書き直し、（…をご記入ください）の箇所を埋めてください。【任意】の質問は不要なら削除してください。</p>",
        "<label for=\"drafts-customerNotice\">お客様向けのお知らせ</label>\n<textarea id=\"drafts-customerNotice\" rows=\"26\" readonly>【障害】決済画面が開けない事象について&#xA;■回避策&#xA;【要修正：社内向けの記載】コンビニ払い</textarea>",
        "<label for=\"drafts-faq\">想定問答</label>\n<textarea id=\"drafts-faq\" rows=\"20\" readonly>Q：いつから？&#xA;A：12:00 頃からです。</textarea>")]
    [InlineData(Language.En, "<a href=\"#h-drafts\">Drafts</a>", "<h2 id=\"h-drafts\">Drafts for PR and support</h2>",
        "<p id=\"drafts-status\">Generated from the incident; not yet reviewed. OnDuty never publishes or sends these. Rewrite every part marked [EDIT: …] for customers as the mark says and fill in the parts in brackets; delete the questions marked [OPTIONAL] that you do not need.</p>",
        "<label for=\"drafts-customerNotice\">Customer notice</label>\n<textarea id=\"drafts-customerNotice\" rows=\"26\" readonly>【障害】決済画面が開けない事象について&#xA;■回避策&#xA;【要修正：社内向けの記載】コンビニ払い</textarea>",
        "<label for=\"drafts-faq\">Expected questions</label>\n<textarea id=\"drafts-faq\" rows=\"20\" readonly>Q: いつから？&#xA;A: 12:00 頃からです。</textarea>")]
    public void Drafts_ReaderNotOnTheRoster_ReadsThemToCopy_WithoutTheForm(Language language, string jump, string heading, string status, string notice, string faq)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開けない", Severity = AlertSeverity.Sev2, Workaround = "コンビニ払い" }, [], "ito", T0);
        var generated = new IncidentDraft
        {
            Language = language, CustomerNotice = "【障害】決済画面が開けない事象について\n■回避策\n【要修正：社内向けの記載】コンビニ払い", Workaround = "", Faq = [new DraftQuestion("いつから？", "12:00 頃からです。")],
        };
        var yamamoto = new PageVisitor("山本 恵", "yamamoto@support.example").NotOnRoster(["lead@onduty.example"]);

        var html = RenderWithDraft(language, incident, generated, yamamoto);

        Assert.Contains(jump, html, StringComparison.Ordinal);
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Contains(status, html, StringComparison.Ordinal);
        Assert.Contains(notice, html, StringComparison.Ordinal);
        Assert.Contains("<textarea id=\"drafts-draftWorkaround\" rows=\"8\" readonly></textarea>", html, StringComparison.Ordinal);
        Assert.Contains(faq, html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-drafts\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"submit-drafts\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("drafts-warning", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf(heading, StringComparison.Ordinal) < html.IndexOf("id=\"h-timeline\"", StringComparison.Ordinal));
        // A roster member has the form, as before, and no second copy.
        var member = RenderWithDraft(language, incident, generated);
        Assert.Contains("id=\"form-drafts\"", member, StringComparison.Ordinal);
        Assert.DoesNotContain("readonly>", member, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"drafts-status\"", member, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: support and PR paste the drafts into their own tools, and select-all in a box is fiddly on a phone. Each box, the
    /// reader's and the form's, has a 「コピー」 button named for it, hidden until the page's one script shows it, with a polite status
    /// beside it; the script on the page is <see cref="CopyScript.Text"/> exactly, and <see cref="CopyScript.CspSource"/> — what
    /// the pages' Content-Security-Policy allows — is the SHA-256 of what the page carries. A page without drafts has no script.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "お客様向けの回避策をコピー", "コピー", "コピーしました", "コピーできませんでした。枠内の文を選択してコピーしてください。")]
    [InlineData(Language.En, "Copy Workaround for customers", "Copy", "Copied", "Could not copy. Select the text in the box and copy it.")]
    public void Drafts_EachBoxHasACopyButton_AndThePageCarriesTheScriptItsPolicyAllows(Language language, string name, string button, string done, string failed)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開けない", Severity = AlertSeverity.Sev2, Workaround = "コンビニ払い" }, [], "ito", T0);
        var generated = new IncidentDraft { Language = language, CustomerNotice = "【障害】\n■回避策", Workaround = "コンビニ払い\n<b>&", Faq = [] };
        var yamamoto = new PageVisitor("山本 恵", "yamamoto@support.example").NotOnRoster(["lead@onduty.example"]);

        foreach (var html in new[] { RenderWithDraft(language, incident, generated, yamamoto), RenderWithDraft(language, incident, generated) })
        {
            foreach (var box in new[] { "drafts-customerNotice", "drafts-draftWorkaround", "drafts-faq" })
            {
                var after = html[html.IndexOf($"<textarea id=\"{box}\"", StringComparison.Ordinal)..];
                Assert.StartsWith("<div class=\"copy\"><button type=\"button\" id=\"" + box + "-copy\" data-copy=\"" + box + "\"", after[(after.IndexOf("</textarea>\n", StringComparison.Ordinal) + 12)..], StringComparison.Ordinal);
                Assert.Contains($"<span id=\"{box}-copied\" role=\"status\" aria-live=\"polite\"></span></div>", after, StringComparison.Ordinal);
            }

            Assert.Contains(
                $"<button type=\"button\" id=\"drafts-draftWorkaround-copy\" data-copy=\"drafts-draftWorkaround\" data-done=\"{done}\" data-failed=\"{failed}\" aria-label=\"{name}\" hidden>{button}</button>",
                html, StringComparison.Ordinal);
            // The box shows the text as written (encoded in the page, decoded by the browser): the script copies the box's value.
            Assert.Contains("コンビニ払い&#xA;&lt;b&gt;&amp;</textarea>", html, StringComparison.Ordinal);
            var start = html.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
            var script = html[start..html.IndexOf("</script>", start, StringComparison.Ordinal)];
            Assert.Equal(CopyScript.Text, script);
            Assert.Equal($"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(script)))}'", CopyScript.CspSource);
            // Beside it only the forms' 「送信中…」 (SendingScript), in a script element of its own.
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(html, "<script"));
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, $"<script data-sending=\"[^\"]+\">{System.Text.RegularExpressions.Regex.Escape(SendingScript.Text)}</script>"));
            // Text only: the script writes the status as text, never as HTML, and runs no code from a string.
            Assert.DoesNotContain("innerHTML", script, StringComparison.Ordinal);
            Assert.DoesNotContain("eval", script, StringComparison.Ordinal);
        }

        var noDrafts = RenderWithDraft(language, incident, null, yamamoto);
        Assert.DoesNotContain(CopyScript.Text, noDrafts, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(noDrafts, "<script"));
        Assert.DoesNotContain("data-copy", noDrafts, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: a reader not on the roster who opens 「最新の状態から文案を作り直す」's address reads drafts made afresh that are
    /// only shown — she cannot save them, so she is not told what saving would do; a member is, as before.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<p id=\"drafts-status\">障害の最新の状態から作り直した文案です（未レビュー）。表示しているだけで、保存はされません。OnDuty が公開・送信することはありません。",
        "障害の最新の状態から作り直した文案です（未レビュー）。保存するまで、保存済みの文案は変わりません。")]
    [InlineData(Language.En, "<p id=\"drafts-status\">Made afresh from the incident&#x27;s latest state; not yet reviewed. Only shown here: nothing is saved. OnDuty never publishes or sends these.",
        "Made afresh from the incident's latest state; not yet reviewed. The saved drafts stay as they are until you save these.")]
    public void Drafts_Regenerated_ReaderNotOnTheRoster_IsToldNothingIsSaved(Language language, string reader, string member)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開けない", Severity = AlertSeverity.Sev2 }, [], "ito", T0);
        var generated = new IncidentDraft { Language = language, CustomerNotice = "【障害】", Workaround = "", Faq = [] };
        var yamamoto = new PageVisitor("山本 恵", "yamamoto@support.example").NotOnRoster(["lead@onduty.example"]);

        var read = RenderWithDraft(language, incident, generated, yamamoto, regenerated: true);

        Assert.Contains(reader, read, StringComparison.Ordinal);
        Assert.DoesNotContain(member, System.Net.WebUtility.HtmlDecode(read), StringComparison.Ordinal);
        Assert.StartsWith(member, Hint(RenderWithDraft(language, incident, generated, regenerated: true), "drafts-customerNotice"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: approved drafts the support lead reads say who approved them, and once the workaround changed after the approval,
    /// the warning the form has — she must not paste the approved text as it stands.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<p id=\"drafts-status\">広報 佐々木さんが12月1日(火) 13:40（JST）に承認しました。OnDuty が公開・送信することはありません。</p>",
        "<p class=\"problem\" role=\"status\" id=\"drafts-warning\">承認後に回避策が変わりました。文案を見直してください。</p>")]
    [InlineData(Language.En, "<p id=\"drafts-status\">Approved by 広報 佐々木 on Tue 1 Dec 2026 13:40 (JST). OnDuty never publishes or sends these.</p>",
        "<p class=\"problem\" role=\"status\" id=\"drafts-warning\">The workaround changed after these drafts were approved. Review them.</p>")]
    public void Drafts_ReaderNotOnTheRoster_ApprovedThenChanged_IsWarned(Language language, string approved, string warning)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開けない", Severity = AlertSeverity.Sev2, Workaround = "コンビニ払い" }, [], "ito", T0);
        var draft = new IncidentDraft
        {
            Language = language, CustomerNotice = "【障害】決済画面が開けない事象について", Workaround = "コンビニ払いをご利用ください。", Status = DraftStatus.Approved,
            ApprovedBy = "広報 佐々木", ApprovedAt = T0.AddMinutes(10), SavedBy = "sasaki", SavedAt = T0.AddMinutes(10), SavedInStatus = incident.Status, Inputs = DraftInputs.Of(incident),
        };
        var yamamoto = new PageVisitor("山本 恵", "yamamoto@support.example").NotOnRoster([]);

        var html = RenderWithDraft(language, incident, draft, yamamoto);
        Assert.Contains(approved, html, StringComparison.Ordinal);
        Assert.DoesNotContain("drafts-warning", html, StringComparison.Ordinal);

        incident.PostUpdate(null, "回避策を変更", "ito", T0.AddMinutes(20), new IncidentEdit { Workaround = "Web 版から決済" });
        html = RenderWithDraft(language, incident, draft, yamamoto);
        Assert.Contains(approved + "\n", html, StringComparison.Ordinal);
        Assert.Contains(warning, html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 53: a duplicate merged into another is resolved by the merge, so its drafts read 【復旧】…現在は復旧しております while
    /// the outage goes on under the other incident. Its drafts section points at the other incident's drafts instead, for the roster
    /// and for a reader not on it; nothing of its own drafts is shown.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<p role=\"status\" id=\"drafts-merged\">この障害は INC-2026-0009 に統合されました。お客様へのご案内には INC-2026-0009 の文案を使ってください。 <a href=\"/api/incidents/INC-2026-0009/page?lang=ja#h-drafts\" id=\"drafts-merged-link\">INC-2026-0009 の文案を開く</a></p>")]
    [InlineData(Language.En, "<p role=\"status\" id=\"drafts-merged\">This incident was merged into INC-2026-0009. Use the drafts of INC-2026-0009 for customers. <a href=\"/api/incidents/INC-2026-0009/page?lang=en#h-drafts\" id=\"drafts-merged-link\">Open the drafts of INC-2026-0009</a></p>")]
    public void Drafts_MergedDuplicate_PointAtTheIncidentItGoesOnUnder(Language language, string pointer)
    {
        var duplicate = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済画面が開けない", Severity = AlertSeverity.Sev2 }, [], "ito", T0);
        Assert.True(duplicate.MarkMergedInto("INC-2026-0009", "ito", T0.AddMinutes(5)));
        var recovered = new IncidentDraft { Language = language, CustomerNotice = "【復旧】決済画面が開けない事象について", Workaround = "" };

        foreach (var visitor in new[] { PageVisitor.Anonymous, new PageVisitor("山本 恵", "yamamoto@support.example").NotOnRoster([]) })
        {
            var html = RenderWithDraft(language, duplicate, recovered, visitor);
            Assert.Contains(pointer, html, StringComparison.Ordinal);
            Assert.Contains("<a href=\"#h-drafts\">", html, StringComparison.Ordinal);
            Assert.Equal(1, Count(html, "id=\"h-drafts\""));
            Assert.DoesNotContain("【復旧】", html, StringComparison.Ordinal);
            Assert.DoesNotContain("form-drafts", html, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// Approved while the workaround was in it, then the PMs withdraw it while the incident goes on: the warning says it was
    /// withdrawn and what to delete, since the published text may still offer it; a workaround only reworded is not said withdrawn.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "承認後に回避策が変わりました。文案を見直してください。回避策は取り下げられています。お知らせと回避策の文案から削除してください。", "承認後に回避策が変わりました。文案を見直してください。")]
    [InlineData(Language.En, "The workaround changed after these drafts were approved. Review them. The workaround has been withdrawn: remove it from the notice and the workaround text.", "The workaround changed after these drafts were approved. Review them.")]
    public void DraftsWarning_WorkaroundWithdrawnAfterApproval_SaysToDeleteIt(Language language, string withdrawn, string reworded)
    {
        Incident Approved(out IncidentDraft draft)
        {
            var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2, Workaround = "コンビニ払いを選ぶと決済できます。" }, [], "ito", T0);
            draft = new IncidentDraft
            {
                Language = language, CustomerNotice = "【障害】決済が一部失敗する事象について\n■回避策\nコンビニ払いをご利用ください。", Workaround = "コンビニ払いをご利用ください。", Status = DraftStatus.Approved,
                ApprovedBy = "広報 佐々木", ApprovedAt = T0.AddMinutes(10), SavedBy = "sasaki", SavedAt = T0.AddMinutes(10), SavedInStatus = incident.Status, Inputs = DraftInputs.Of(incident),
            };
            return incident;
        }

        static string Warning(string html) =>
            System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(html, "<p class=\"problem\" role=\"status\" id=\"drafts-warning\">(.*?)</p>").Groups[1].Value);

        var cleared = Approved(out var draft);
        cleared.PostUpdate(null, "回避策は使えなくなりました", "ito", T0.AddMinutes(20), new IncidentEdit { Workaround = "" });
        Assert.Null(cleared.Workaround);
        Assert.Equal(withdrawn, Warning(RenderWithDraft(language, cleared, draft)));

        var changed = Approved(out draft);
        changed.PostUpdate(null, "回避策を更新", "ito", T0.AddMinutes(20), new IncidentEdit { Workaround = "Web 版から決済できます。" });
        Assert.Equal(reworded, Warning(RenderWithDraft(language, changed, draft)));
    }

    /// <summary>
    /// Trial 39 L4: an approved draft has no marker left (approval is refused while one is), so its hint says who approved it and
    /// when — not 「【要修正：社内向けの記載】の箇所はお客様向けに書き直し…」; a saved draft not yet approved keeps the instructions.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "広報 佐々木さんが12月1日(火) 13:40（JST）に承認しました。OnDuty が公開・送信することはありません。")]
    [InlineData(Language.En, "Approved by 広報 佐々木 on Tue 1 Dec 2026 13:40 (JST). OnDuty never publishes or sends these.")]
    public void DraftsHint_ApprovedWithoutMarkers_SaysWhoApprovedAndWhen_NotTheMarkers(Language language, string approved)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2, UserImpact = "カード決済の約15%が失敗" }, [], "ito", T0);
        var draft = new IncidentDraft
        {
            Language = language, CustomerNotice = "【障害】決済が一部失敗する事象について", Workaround = "", Status = DraftStatus.Approved, ApprovedBy = "広報 佐々木",
            ApprovedAt = T0.AddMinutes(10), SavedBy = "sasaki", SavedAt = T0.AddMinutes(10), SavedInStatus = incident.Status, Inputs = DraftInputs.Of(incident),
        };

        Assert.Equal(approved, Hint(RenderWithDraft(language, incident, draft), "drafts-customerNotice"));

        var saved = Hint(RenderWithDraft(language, incident, draft with { Status = DraftStatus.Draft, ApprovedBy = null, ApprovedAt = null }), "drafts-customerNotice");
        Assert.EndsWith(language == Language.Ja
            ? "【要修正：…】の箇所は印の指示に従ってお客様向けに書き直し、（…をご記入ください）の箇所を埋めてください。【任意】の質問は不要なら削除してください。"
            : "Rewrite every part marked [EDIT: …] for customers as the mark says and fill in the parts in brackets; delete the questions marked [OPTIONAL] that you do not need.", saved, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 43 read-through: the FAQ box holds 「Q：…」 / 「A：…」 in Japanese (the colon of the drafts' language), so its hint names
    /// that colon; it said 「Q: …」 with the half-width one beside a text that has none.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "「Q：…」「A：…」の組を空行で区切ってください。", "Q：")]
    [InlineData(Language.En, "Blocks of \"Q: …\" and \"A: …\", separated by an empty line.", "Q: ")]
    public void DraftsFaqHint_NamesTheColonTheFaqTextUses(Language language, string hint, string question)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "ito", T0);
        var draft = new IncidentDraft
        {
            Language = language, CustomerNotice = "n", Workaround = "", Faq = [new DraftQuestion("いつから？", "12:00 から")], Status = DraftStatus.Draft,
            SavedBy = "ito", SavedAt = T0.AddMinutes(10), SavedInStatus = incident.Status, Inputs = DraftInputs.Of(incident),
        };

        var html = RenderWithDraft(language, incident, draft);

        Assert.Equal(hint, Hint(html, "drafts-faq"));
        Assert.Contains(question + "いつから？", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 39 L9: the impact written while it was open goes into the recovery notice as it stands (「…問い合わせが来ている状況です」):
    /// while it is open, the update form's hint beside ユーザー影響 says to put it in the past if needed. Once a person resolved it
    /// (their resolve told the stakeholders), or with no impact written, the hint is as before. The text itself is never rewritten.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "誰が、何をできないか。この報告の■影響範囲に載ります。重大度を変えるときは、ここも今の影響に書き直してください。",
        "復旧の報告では影響範囲は過去のことになります。必要なら「…できませんでした」のように書き直してください。")]
    [InlineData(Language.En, "Who cannot do what; the notice's Impact section says it. When you change the severity, rewrite this to match.",
        " In the recovery notice the impact is in the past: rewrite it if needed (“…could not …”).")]
    public void UpdateImpactHint_WhileOpen_SaysTheRecoveryNoticePutsItInThePast(Language language, string hint, string recovery)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2, UserImpact = "お客様から問い合わせが来ている状況です" }, [], "ito", T0);
        var html = Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>());
        Assert.Equal(hint + recovery, Hint(html, "update-userImpact"));
        Assert.Contains(">お客様から問い合わせが来ている状況です</textarea>", html, StringComparison.Ordinal);

        var empty = Incident.Open("INC-2026-0002", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "ito", T0);
        Assert.Equal(hint, Hint(Render(language, empty, [.. empty.PendingTimeline], new Dictionary<string, string>()), "update-userImpact"));

        Assert.True(incident.Resolve("ito", T0.AddMinutes(20)));
        Assert.Equal(hint, Hint(Render(language, incident, [.. incident.PendingTimeline], new Dictionary<string, string>()), "update-userImpact"));
    }

    private const string AlertsResolvedJa = "監視のアラートはすべて解消しています。復旧していれば「復旧済み」を記録してください。";
    private const string AlertsResolvedEn = "Every monitoring alert has resolved. If the incident is over, record it as resolved.";

    /// <summary>The page of <paramref name="id"/> as <see cref="IncidentService.GetAsync"/> reads it (the banner's rule runs there).</summary>
    private static async Task<string> PageOfAsync(Incidents.IncidentHarness h, string id, Language language) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(language, await h.Service.GetAsync(id, default), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", h.Time.GetUtcNow())
        {
            RequestId = "req-1",
        });

    /// <summary>佐藤 declared it, the alert's incident was merged in, the alert resolved: monitoring left it open for 佐藤, and the page says so.</summary>
    private static async Task<string> DeclaredWithResolvedAlertAsync(Incidents.IncidentHarness h)
    {
        var (declared, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済画面が開かない", Severity = AlertSeverity.Sev2 }, "sato", null, default);
        var duplicate = (await h.Intake.IntakeAsync(Incidents.IncidentHarness.Notification("g1", Incidents.IncidentHarness.Alert("checkout", severity: AlertSeverity.Sev2)), default)).IncidentId!;
        await h.Merger.MergeAsync(duplicate, declared.Value.Id, "sato", default);
        h.MoveTo(Incidents.IncidentHarness.T0.AddMinutes(10));
        await h.Intake.IntakeAsync(Incidents.IncidentHarness.Notification("g1", Incidents.IncidentHarness.Alert("checkout", AlertStatus.Resolved, AlertSeverity.Sev2)), default);
        await h.DrainQueueAsync();
        return declared.Value.Id;
    }

    [Theory]
    [InlineData(Language.Ja, AlertsResolvedJa)]
    [InlineData(Language.En, AlertsResolvedEn)]
    public async Task AlertsResolvedBanner_APersonsIncidentMonitoringLeftOpen_Shown(Language language, string banner)
    {
        var h = await Incidents.IncidentHarness.CreateAsync();
        var id = await DeclaredWithResolvedAlertAsync(h);

        Assert.True((await h.IncidentAsync(id)).IsOpen);
        Assert.Contains(banner, await PageOfAsync(h, id, language), StringComparison.Ordinal);
    }

    /// <summary>
    /// A source set not to resolve on its alerts (<c>Incidents__Sources__alertmanager__ResolveWhenAllAlertsResolved=false</c>): monitoring
    /// would not have resolved it had nobody run it either, so the page does not say it left it to the person. Before, any open incident
    /// with every alert resolved showed the banner.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, AlertsResolvedJa)]
    [InlineData(Language.En, AlertsResolvedEn)]
    public async Task AlertsResolvedBanner_SourceDoesNotResolveOnItsAlerts_NotShown(Language language, string banner)
    {
        var h = await Incidents.IncidentHarness.CreateAsync(o => o.Sources["alertmanager"] = new AlertSourceOptions { ResolveWhenAllAlertsResolved = false });
        var id = await DeclaredWithResolvedAlertAsync(h);

        var details = await h.Service.GetAsync(id, default);
        Assert.Equal(AlertStatus.Resolved, Assert.Single(details.Alerts).Status);
        Assert.True(details.Incident.Value is { IsOpen: true, RunByPerson: true });
        Assert.DoesNotContain(banner, await PageOfAsync(h, id, language), StringComparison.Ordinal);
    }

    /// <summary>
    /// Opened by an alert, resolved by monitoring, and reopened by a person (調査中) with its alert still resolved: nobody runs it in
    /// monitoring's sense and it is open for another reason than its alerts — no banner telling them monitoring left it to them.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, AlertsResolvedJa)]
    [InlineData(Language.En, AlertsResolvedEn)]
    public async Task AlertsResolvedBanner_AlertOpenedReopenedByAPerson_NotShown(Language language, string banner)
    {
        var h = await Incidents.IncidentHarness.CreateAsync();
        var id = (await h.Intake.IntakeAsync(Incidents.IncidentHarness.Notification("g1", Incidents.IncidentHarness.Alert("checkout")), default)).IncidentId!;
        h.MoveTo(Incidents.IncidentHarness.T0.AddMinutes(10));
        Assert.Equal(AlertIntakeOutcome.Resolved, (await h.Intake.IntakeAsync(Incidents.IncidentHarness.Notification("g1", Incidents.IncidentHarness.Alert("checkout", AlertStatus.Resolved)), default)).Outcome);
        h.MoveTo(Incidents.IncidentHarness.T0.AddMinutes(12));
        await h.Service.PostUpdateAsync(id, IncidentStatus.Investigating, "まだエラーが出ています。", null, "sato", null, null, default);

        var details = await h.Service.GetAsync(id, default);
        Assert.True(details.Incident.Value is { IsOpen: true, RunByPerson: false });
        Assert.Equal(AlertStatus.Resolved, Assert.Single(details.Alerts).Status);
        Assert.DoesNotContain(banner, await PageOfAsync(h, id, language), StringComparison.Ordinal);
    }

    /// <summary>
    /// The similar past incidents say when each happened as a lessons search hit does (session 40 L3): 「発生 10:56・検知 11:00（JST）」
    /// when it started before it was detected, the detection alone when both are the same minute.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<span class=\"meta\">発生 2026/11/20 10:56・検知 11:00（JST）</span>", "<span class=\"meta\">2026/11/21 09:00（JST）</span>")]
    [InlineData(Language.En, "<span class=\"meta\">Started 20 Nov 2026 10:56 · detected 11:00 (JST)</span>", "<span class=\"meta\">21 Nov 2026 09:00 (JST)</span>")]
    public void Similar_StartedBeforeDetected_SaysBoth(Language language, string startedEarlier, string sameMinute)
    {
        var incident = Incident.Open("INC-2026-0009", new NewIncident { Title = "決済APIのエラー", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        var detected = new DateTimeOffset(2026, 11, 20, 2, 0, 0, TimeSpan.Zero); // 11:00 JST
        var next = new DateTimeOffset(2026, 11, 21, 0, 0, 0, TimeSpan.Zero); // 09:00 JST

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Similar =
            [
                new OnDuty.Core.Retros.LessonHit("INC-2026-0003", "決済APIのエラー", AlertSeverity.Sev2, [], detected, null, 1, 1.0, null) { StartedAt = detected.AddMinutes(-4) },
                new OnDuty.Core.Retros.LessonHit("INC-2026-0004", "決済APIの遅延", AlertSeverity.Sev3, [], next, null, 1, 0.5, null) { StartedAt = next.AddSeconds(20) },
            ],
        });

        var similar = html[html.IndexOf("<section class=\"similar\"", StringComparison.Ordinal)..];
        similar = similar[..similar.IndexOf("</section>", StringComparison.Ordinal)];
        Assert.Contains(startedEarlier, similar, StringComparison.Ordinal);
        Assert.Contains(sameMinute, similar, StringComparison.Ordinal);
    }

    private static Member Declarer(string? phone = null) =>
        TeamData.Member("ito", "伊藤 <b>さくら</b>", email: "ito+pm@onduty.example") with { Phone = phone };

    private static string RenderDeclared(Language language, PageVisitor visitor, Member? declarer, string openedBy = "ito") =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev3 }, [], openedBy, T0), "W/\"1\""), [], []),
            "W/\"etag\"", new FormToken("t", "v"), visitor, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Declarer = declarer,
        });

    /// <summary>The declarer on the roster: named with their mail and phone for the pair to reach them, every part encoded.</summary>
    [Fact]
    public void DeclaredBy_RosterMemberWithPhone_LinksMailAndPhone_Encoded()
    {
        var html = RenderDeclared(Language.Ja, PageVisitor.Anonymous, Declarer("+819012345678"));

        Assert.Contains("<dt>起票者</dt><dd><a href=\"mailto:ito%2Bpm@onduty.example\">伊藤 &lt;b&gt;さくら&lt;/b&gt;</a>、<a href=\"tel:&#x2B;819012345678\">&#x2B;81 90-1234-5678</a></dd>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void DeclaredBy_RosterMemberWithoutPhone_MailOnly_AndPlainForAVisitorWhoMayNotAct()
    {
        var html = RenderDeclared(Language.En, PageVisitor.Anonymous, Declarer());
        var notOnRoster = RenderDeclared(Language.En, new PageVisitor("Partner", "partner@vendor.example").NotOnRoster(["lead@onduty.example"]), Declarer());

        Assert.Contains("<dt>Declared by</dt><dd><a href=\"mailto:ito%2Bpm@onduty.example\">伊藤 &lt;b&gt;さくら&lt;/b&gt;</a></dd>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("tel:", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Declared by</dt><dd>伊藤 &lt;b&gt;さくら&lt;/b&gt;</dd>", notOnRoster, StringComparison.Ordinal);
        Assert.DoesNotContain("mailto:", notOnRoster, StringComparison.Ordinal);
    }

    /// <summary>A name typed without sign-in: named as typed, no contact; an incident monitoring opened names no declarer.</summary>
    [Fact]
    public void DeclaredBy_NameWithoutRosterEntryOrMonitoring_NoContact()
    {
        var typed = RenderDeclared(Language.Ja, PageVisitor.Anonymous, null, "山田（ゲスト）");
        var monitoring = RenderDeclared(Language.Ja, PageVisitor.Anonymous, null, "alert:grafana");

        Assert.Contains("<dt>起票者</dt><dd>山田（ゲスト）</dd>", typed, StringComparison.Ordinal);
        Assert.DoesNotContain("mailto:", typed, StringComparison.Ordinal);
        Assert.DoesNotContain("起票者", monitoring, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 49, a new PM's first night: an incident a script declared through the API without a name read 「起票者 api」 on the
    /// page while its timeline said 「API（名前の指定なし）」 — both say it in words now.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<dt>起票者</dt><dd>API（名前の指定なし）</dd>")]
    [InlineData(Language.En, "<dt>Declared by</dt><dd>API (no name given)</dd>")]
    public void DeclaredBy_TheApiWithoutAName_SaidInWords_NotItsId(Language language, string declaredBy)
    {
        var html = RenderDeclared(language, PageVisitor.Anonymous, null, "api");

        Assert.Contains(declaredBy, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<dd>api</dd>", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 52, the handoff: an open incident 田中 holds offers 「対応を引き継ぐ」 to another signed-in member (伊藤, on duty now) and
    /// not to 田中 himself, nor once it is resolved, nor to a visitor not on the roster; the confirmation after it says what changed.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<button type=\"submit\" id=\"takeover\">対応を引き継ぐ</button>", "<p class=\"done\" role=\"status\">対応を引き継ぎました。以後の更新のお願いはあなたに届きます。</p>")]
    [InlineData(Language.En, "<button type=\"submit\" id=\"takeover\">Take over</button>", "<p class=\"done\" role=\"status\">You took it over. Update reminders come to you from now on.</p>")]
    public void TakeOver_OfferedToAnotherMember_NotToTheHolder_NorWhenResolved(Language language, string button, string done)
    {
        var tanaka = TeamData.Member("tanaka", "田中 健");
        var ito = TeamData.Member("ito", "伊藤 さくら");
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [AssignedMember.From(tanaka)], "tanaka", T0);
        Assert.True(incident.Acknowledge("tanaka", T0.AddMinutes(3)));
        string Page(PageVisitor visitor, string? doneKey = null) => TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), visitor, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Done = doneKey,
        });

        var asIto = Page(new PageVisitor("伊藤 さくら", "ito@example.com") { Member = ito });
        Assert.Contains(button, asIto, StringComparison.Ordinal);
        Assert.Contains($"action=\"/api/incidents/INC-2026-0001/page/takeover?lang={(language == Language.Ja ? "ja" : "en")}\"", asIto, StringComparison.Ordinal);
        var form = asIto[asIto.IndexOf("id=\"form-takeover\"", StringComparison.Ordinal)..];
        Assert.Contains("<input type=\"hidden\" name=\"t\" value=\"v\">", form[..form.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-ack\"", asIto, StringComparison.Ordinal);
        Assert.Contains(done, Page(new PageVisitor("伊藤 さくら", "ito@example.com") { Member = ito }, "tookOver"), StringComparison.Ordinal);

        Assert.DoesNotContain("id=\"form-takeover\"", Page(new PageVisitor("田中 健", "tanaka@example.com") { Member = tanaka }), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-takeover\"", Page(new PageVisitor("Guest", "guest@example.com") { Member = ito }.NotOnRoster([])), StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"form-takeover\"", Page(PageVisitor.Anonymous), StringComparison.Ordinal);
        incident.PostUpdate(IncidentStatus.Resolved, "復旧しました", "tanaka", T0.AddMinutes(20));
        Assert.DoesNotContain("id=\"form-takeover\"", Page(new PageVisitor("伊藤 さくら", "ito@example.com") { Member = ito }), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 56: 鈴木 held a SEV3 through two weeks' leave; the page said 「対応者：鈴木 一郎」 and nothing suggested taking it over. Its
    /// holder on leave: the 対応者 fact says until when, and 「対応を引き継ぐ」 says to take it over.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<dt>対応者</dt><dd>田中 健（2026年12月18日(金)まで休暇中） — ", "<p id=\"holder-away\">対応者は2026年12月18日(金)まで休暇中です。引き継いでください。</p>\n<button type=\"submit\" id=\"takeover\">")]
    [InlineData(Language.En, "<dt>Acknowledged</dt><dd>田中 健 (on leave until Fri 18 Dec 2026) — ", "<p id=\"holder-away\">The person holding it is on leave until Fri 18 Dec 2026. Take it over.</p>\n<button type=\"submit\" id=\"takeover\">")]
    public void TakeOver_HolderOnLeave_FactSaysUntilWhen_AndTheButtonAsksToTakeItOver(Language language, string fact, string takeOver)
    {
        var tanaka = TeamData.Member("tanaka", "田中 健");
        var ito = TeamData.Member("ito", "伊藤 さくら");
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev3 }, [AssignedMember.From(tanaka)], "tanaka", T0);
        Assert.True(incident.Acknowledge("tanaka", T0.AddMinutes(3)));
        string Page(LeaveAbsence? away) => TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"),
            new PageVisitor("伊藤 さくら", "ito@example.com") { Member = ito }, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            HolderAwayUntil = away,
        }).ReplaceLineEndings("\n");

        var html = Page(new LeaveAbsence(new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 18)));
        Assert.Contains(fact, html, StringComparison.Ordinal);
        Assert.Contains(takeOver, html, StringComparison.Ordinal);
        // The weekend after: the day she is back, not 「18日(金)まで休暇中」 on a Saturday.
        var weekend = Page(new LeaveAbsence(new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 19)));
        Assert.Contains(language == Language.Ja ? "田中 健（休暇中。休暇明けは2026年12月21日(月)）" : "田中 健 (on leave, back on Mon 21 Dec 2026)", weekend, StringComparison.Ordinal);
        Assert.Contains(language == Language.Ja ? "対応者は休暇中です（休暇明けは2026年12月21日(月)）。引き継いでください。" : "The person holding it is on leave and back on Mon 21 Dec 2026. Take it over.", weekend, StringComparison.Ordinal);
        Assert.DoesNotContain("18", weekend.Split("holder-away")[1].Split("</p>")[0], StringComparison.Ordinal);
        Assert.DoesNotContain("holder-away", Page(null), StringComparison.Ordinal);

        // Trial 61: a holder in San Francisco on leave to her 25 Dec is away until 26 Dec 00:00 PST, 17:00 JST: the time in Tokyo's terms.
        var la = OnDuty.Core.Common.TimeZones.Find("America/Los_Angeles");
        var tokyo = OnDuty.Core.Common.TimeZones.Find("Asia/Tokyo");
        var abroad = Page(new LeaveAbsence(new DateOnly(2026, 12, 25), new DateOnly(2026, 12, 26), new DateOnly(2026, 12, 25))
        {
            Abroad = (OnDuty.Core.Common.TimeZones.StartOfDay(new DateOnly(2026, 12, 26), la), OnDuty.Core.Common.TimeZones.StartOfDay(new DateOnly(2026, 12, 26), la), tokyo),
        });
        Assert.Contains(language == Language.Ja ? "田中 健（2026年12月26日(土) 17:00（JST）まで休暇中）" : "田中 健 (on leave until Sat 26 Dec 2026 17:00 (JST))", abroad, StringComparison.Ordinal);
        Assert.Contains(language == Language.Ja ? "対応者は2026年12月26日(土) 17:00（JST）まで休暇中です。引き継いでください。" : "The person holding it is on leave until Sat 26 Dec 2026 17:00 (JST). Take it over.", abroad, StringComparison.Ordinal);
    }

    /// <summary>
    /// An update to a severity with no audience, on an incident someone follows: the confirmation says it went to the followers only,
    /// and the form says so before; with an audience, the followers are named beside it.
    /// </summary>
    [Fact]
    public void Followers_NoAudience_UpdateSaidToGoToThemOnly_WithAnAudienceToThemToo()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev3 }, [], "ito", T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因が判明", "ito", T0.AddMinutes(5));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), [], AlertSeverity.Sev3, T0.AddMinutes(5), followers: 2);
        var visitor = new PageVisitor("田中 健", "tanaka@example.com") { Member = TeamData.Member("tanaka", "田中 健") };
        IncidentWorkPageNotice Notice(IReadOnlyList<string> audiences) => new(
            Language.Ja, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), visitor, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Followers = [TeamData.Member("ito", "伊藤 さくら"), visitor.Member!],
            Done = "updated",
            DoneNotice = incident.Comms.Issued,
            NoticeAudiences = audiences,
        };

        var alone = TestRenderer.Instance.Page(Notice([]));
        var too = TestRenderer.Instance.Page(Notice(["execs"]));

        Assert.Contains("<p class=\"done\" role=\"status\">更新を投稿しました。この重大度には関係者の宛先が設定されていないため、この障害をフォローしている人にだけ送ります。</p>", alone, StringComparison.Ordinal);
        Assert.Contains("投稿するとこの障害をフォローしている人（伊藤 さくら、田中 健）にだけ送られます。", alone, StringComparison.Ordinal);
        Assert.Contains("<p id=\"followers\">フォローしている人：伊藤 さくら、田中 健</p>", alone, StringComparison.Ordinal);
        Assert.Contains("action=\"/api/incidents/INC-2026-0001/page/follow?lang=ja\"", alone, StringComparison.Ordinal);
        Assert.Contains("この障害をフォローしている人（伊藤 さくら、田中 健）にも届きます。", too, StringComparison.Ordinal);
        // The notice's row says whom it reached, as its row counted them — not 「誰にも送っていません」.
        Assert.Contains("この重大度には関係者の宛先が設定されていないため、この障害をフォローしている2人にだけ送りました。", alone, StringComparison.Ordinal);
        Assert.DoesNotContain("誰にも送っていません", alone, StringComparison.Ordinal);
    }

    /// <summary>
    /// A follower who is one of the incident's duty members gets no follower copy: the page still lists them among its followers, but
    /// the forms name only those a notice reaches — or say it reaches nobody when every follower is on it.
    /// </summary>
    [Fact]
    public void Followers_ADutyMember_ListedButNotNamedAsTold()
    {
        var ito = TeamData.Member("ito", "伊藤 さくら");
        var tanaka = TeamData.Member("tanaka", "田中 健");
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev3 }, [AssignedMember.From(ito)], "ito", T0);
        var visitor = new PageVisitor("田中 健", "tanaka@example.com") { Member = tanaka };
        string Page(IReadOnlyList<Member> followers, IReadOnlyList<string> audiences) => TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            Language.Ja, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), visitor, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            Followers = followers,
            NoticeAudiences = audiences,
        });

        var both = Page([ito, tanaka], []);
        Assert.Contains("<p id=\"followers\">フォローしている人：伊藤 さくら、田中 健</p>", both, StringComparison.Ordinal);
        Assert.Contains("投稿するとこの障害をフォローしている人（田中 健）にだけ送られます。", both, StringComparison.Ordinal);
        Assert.Contains("保存するとこの障害をフォローしている人（田中 健）にだけ報告が送られます。", both, StringComparison.Ordinal);
        Assert.Contains("この障害をフォローしている人（田中 健）にも届きます。", Page([ito, tanaka], ["execs"]), StringComparison.Ordinal);

        var onlyDuty = Page([ito], []);
        Assert.Contains("<p id=\"followers\">フォローしている人：伊藤 さくら</p>", onlyDuty, StringComparison.Ordinal);
        Assert.Contains("この重大度には関係者の宛先が設定されていないため、投稿しても誰にも送られません。", onlyDuty, StringComparison.Ordinal);
        Assert.DoesNotContain("フォローしている人（", onlyDuty, StringComparison.Ordinal);
    }

    /// <summary>
    /// The stakeholder notice's timeline row says how many followers it reached, as its row counted them when it was queued: only them
    /// when no audience was told, them too beside the audiences; a row that counted none (or was written before followers were
    /// counted) reads as before. The confirmation follows the row, not who follows the incident now.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, 2, false, "この重大度には関係者の宛先が設定されていないため、この障害をフォローしている2人にだけ送りました。")]
    [InlineData(Language.En, 2, false, "No stakeholder audience is set for this severity: sent only to the 2 people following this incident.")]
    [InlineData(Language.En, 1, false, "No stakeholder audience is set for this severity: sent only to the one person following this incident.")]
    [InlineData(Language.Ja, 0, false, "この重大度には関係者の宛先が設定されていないため、誰にも送っていません。")]
    [InlineData(Language.En, 0, false, "No stakeholder audience is set for this severity, so no notice went out.")]
    [InlineData(Language.Ja, 3, true, "この障害をフォローしている3人にも送りました。")]
    [InlineData(Language.En, 1, true, "Also sent to the one person following this incident.")]
    [InlineData(Language.En, 3, true, "Also sent to the 3 people following this incident.")]
    public void Timeline_NoticeRow_SaysTheFollowersItReached(Language language, int followers, bool audience, string said)
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev3 }, [], "ito", T0);
        incident.PostUpdate(IncidentStatus.Identified, "原因が判明", "ito", T0.AddMinutes(5));
        incident.MarkStakeholderNoticeQueued(incident.IssueStakeholderNotice(T0.AddMinutes(5)), audience ? ["execs"] : [], AlertSeverity.Sev3, T0.AddMinutes(5), followers: followers);
        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new OnDuty.Core.Common.Versioned<Incident>(incident, "W/\"1\""), [], [.. incident.PendingTimeline]), "W/\"etag\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", T0.AddMinutes(30))
        {
            RequestId = "req-1",
            // Someone follows it now, who did not then: the confirmation goes by the row.
            Followers = followers == 0 ? [TeamData.Member("sato", "佐藤 太郎")] : [],
            Done = "updated",
            DoneNotice = incident.Comms.Issued,
        });

        Assert.Contains(said, html, StringComparison.Ordinal);
        Assert.Equal(followers == 0 || audience ? 0 : 1, Count(html, language == Language.Ja ? "フォローしている人にだけ送ります。" : "goes only to those following this incident."));
    }

    private static int Count(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;
}
