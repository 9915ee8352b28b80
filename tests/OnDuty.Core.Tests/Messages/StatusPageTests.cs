using System.Text.RegularExpressions;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

public sealed class StatusPageTests
{
    private static readonly DateTimeOffset Now = NoticeSamples.Now;

    /// <summary>
    /// Each row's time says its zone in the brackets it already had (no second pair): the last update, a detection nobody spoke
    /// after, monitoring's recovery — as the incident page's facts do.
    /// </summary>
    [Theory]
    [InlineData(Language.En, "Last update 12 Jan 2027 10:58 (JST, 2 min ago): 決済代行のタイムアウト", "Detected 12 Jan 2027 10:50 (JST, 10 min ago, no update yet)",
        "Resolved by monitoring at 12 Jan 2027 10:55 (JST)")]
    [InlineData(Language.Ja, "最終更新 2027/01/12 10:58（JST、2分前）：決済代行のタイムアウト", "検知 2027/01/12 10:50（JST、10分前、更新なし）",
        "2027/01/12 10:55（JST）に監視により自動復旧")]
    public void StatusPage_RowTimes_SayTheirZone(Language language, string updated, string detected, string autoResolved)
    {
        var spoken = Incident.Open("INC-2027-0001", new NewIncident { Title = "決済が一部失敗", Severity = AlertSeverity.Sev2 }, [], "sato", Now.AddMinutes(-30));
        var silent = Incident.Open("INC-2027-0002", new NewIncident { Title = "ログイン遅延", Severity = AlertSeverity.Sev3 }, [], "alert:grafana", Now.AddMinutes(-10));
        var recovered = Incident.Open("INC-2027-0003", new NewIncident { Title = "通知遅延", Severity = AlertSeverity.Sev3 }, [], "alert:grafana", Now.AddMinutes(-9));
        recovered.PostUpdate(IncidentStatus.Resolved, null, "alert:grafana", Now.AddMinutes(-5));
        var entries = new[]
        {
            new StatusBoardEntry(spoken, Now.AddMinutes(-2), "決済代行のタイムアウト"),
            new StatusBoardEntry(silent, Now.AddMinutes(-10), null) { NobodyUpdated = true },
            new StatusBoardEntry(recovered, Now.AddMinutes(-5), null) { AutoResolvedAt = Now.AddMinutes(-5) },
        };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, entries, "Asia/Tokyo", Now));

        Assert.Contains($"<span class=\"meta\">{updated}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"meta\">{detected}</span>", html, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"meta\">{autoResolved}</span>", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Brief boardstorm, 1: one monitoring resolved that fired again shows its detection and 「更新なし」 as before, and beside its
    /// status that it came back, at the last reopen's time in the page's zone; one that never reopened, and a resolved one, say nothing of it.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "再発 10:58")]
    [InlineData(Language.En, "Refired 10:58")]
    public void StatusPage_OpenAgainAfterMonitoringResolvedIt_TheRowSaysItRefiredAndWhen(Language language, string refired)
    {
        Incident Open(string id) => Incident.Open(id, new NewIncident { Title = id, Severity = AlertSeverity.Sev2 }, [], "alert:grafana", Now.AddMinutes(-40));
        var cameBack = Open("INC-2027-0001");
        cameBack.PostUpdate(IncidentStatus.Resolved, null, "alert:grafana", Now.AddMinutes(-30));
        cameBack.Reopen("alert:grafana", Now.AddMinutes(-20), TimelineTexts.FiredWithinReopenWindow);
        cameBack.PostUpdate(IncidentStatus.Resolved, null, "alert:grafana", Now.AddMinutes(-10));
        cameBack.Reopen("alert:grafana", Now.AddMinutes(-2), TimelineTexts.FiredWithinReopenWindow);
        var never = Open("INC-2027-0002");
        var resolvedAgain = Open("INC-2027-0003");
        resolvedAgain.PostUpdate(IncidentStatus.Resolved, null, "alert:grafana", Now.AddMinutes(-30));
        resolvedAgain.Reopen("alert:grafana", Now.AddMinutes(-20), TimelineTexts.FiredWithinReopenWindow);
        resolvedAgain.PostUpdate(IncidentStatus.Resolved, null, "alert:grafana", Now.AddMinutes(-10));

        var html = TestRenderer.Instance.Page(new StatusPageNotice(
            language, [.. new[] { cameBack, never, resolvedAgain }.Select(i => new StatusBoardEntry(i, i.DetectedAt, null) { NobodyUpdated = true })], "Asia/Tokyo", Now));

        string Row(string id) => html.Split("<li>").Single(row => row.Contains($">{id}</a>", StringComparison.Ordinal));
        Assert.Contains($"<span class=\"waiting refired\">{refired}</span>", Row("INC-2027-0001"), StringComparison.Ordinal);
        Assert.Contains(language == Language.Ja ? "更新なし" : "no update yet", Row("INC-2027-0001"), StringComparison.Ordinal);
        Assert.DoesNotContain("refired", Row("INC-2027-0002"), StringComparison.Ordinal);
        Assert.DoesNotContain("refired", Row("INC-2027-0003"), StringComparison.Ordinal);
    }

    [Fact]
    public void StatusPage_AStormWeek_EveryOpenOneShownMarkedWhenNobodyTookItAndTheNewestResolvedWithTheRestCounted()
    {
        var entries = new List<StatusBoardEntry>();
        for (var n = 0; n < StatusPageNotice.MaxResolvedShown + 3; n++)
        {
            var resolved = Incident.Open($"INC-2027-{n + 1:D4}", new NewIncident { Title = $"Resolved {n}", Severity = AlertSeverity.Sev3 }, [], "alert:grafana", Now.AddMinutes(-n));
            resolved.PostUpdate(IncidentStatus.Resolved, "fixed", "alert:grafana", Now.AddMinutes(-n));
            entries.Add(new StatusBoardEntry(resolved, Now.AddMinutes(-n), "fixed"));
        }

        var open = Enumerable.Range(0, 60).Select(n => Incident.Open($"INC-2027-{n + 500:D4}", new NewIncident { Title = $"Open {n}", Severity = AlertSeverity.Sev2 }, [], "alert:grafana", Now)).ToList();
        open[0].Acknowledge("sato", Now);
        entries.InsertRange(0, open.Select(i => new StatusBoardEntry(i, Now, null)));

        var html = TestRenderer.Instance.Page(new StatusPageNotice(Language.En, entries, "Asia/Tokyo", Now));

        var openList = html[html.IndexOf("id=\"open\"", StringComparison.Ordinal)..html.IndexOf("id=\"resolved\"", StringComparison.Ordinal)];
        Assert.Equal(60, Regex.Count(openList, "<li>"));
        var resolvedList = html[html.IndexOf("id=\"resolved\"", StringComparison.Ordinal)..];
        Assert.Equal(StatusPageNotice.MaxResolvedShown, Regex.Count(resolvedList, "<li>"));
        Assert.Contains("INC-2027-0001", resolvedList);
        Assert.DoesNotContain($"INC-2027-{StatusPageNotice.MaxResolvedShown + 1:D4}", resolvedList);
        Assert.Contains("<p class=\"none\" id=\"more-resolved\">and 3 resolved earlier in these 7 days, not shown</p>", html);
        Assert.Contains("59 open incidents are not acknowledged yet", html);
        Assert.Equal(59, Regex.Count(openList, "<span class=\"waiting\">not acknowledged</span>"));
        Assert.DoesNotContain("waiting", openList.Split("<li>").Single(row => row.Contains("INC-2027-0500", StringComparison.Ordinal)));
    }

    /// <summary>
    /// Acknowledged only by a monitoring tool — perhaps within seconds, before its page reached anyone — and nobody on duty took it:
    /// the row says so, open or resolved, the tool as it named itself; a person's acknowledgement says nothing of the kind.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "監視ツール（Datadog）が受付済み・当番は未確認", "監視ツールが受付済み・当番は未確認")]
    [InlineData(Language.En, "acknowledged only in the monitoring tool (Datadog), not by the duty members", "acknowledged only in the monitoring tool, not by the duty members")]
    public void StatusPage_OnlyAToolAcknowledged_OpenOrResolved_TheRowSaysTheDutyMembersHaveNot(Language language, string named, string unnamed)
    {
        Incident Open(string id) => Incident.Open(id, new NewIncident { Title = id, Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", Now.AddMinutes(-10));
        var open = Open("INC-2027-0001");
        open.Acknowledge("alert:pagerduty", Now.AddMinutes(-10), via: "Datadog");
        var resolved = Open("INC-2027-0002");
        resolved.Acknowledge("alert:pagerduty", Now.AddMinutes(-10), via: "Datadog");
        resolved.PostUpdate(IncidentStatus.Resolved, null, "alert:pagerduty", Now.AddMinutes(-2));
        var unnamedTool = Open("INC-2027-0003");
        unnamedTool.Acknowledge("alert:pagerduty", Now.AddMinutes(-10));
        var taken = Open("INC-2027-0004");
        taken.Acknowledge("sato", Now.AddMinutes(-9));

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [.. new[] { open, resolved, unnamedTool, taken }.Select(i => new StatusBoardEntry(i, i.DetectedAt, null))], "Asia/Tokyo", Now));

        string Row(string id) => html.Split("<li>").Single(row => row.Contains($">{id}</a>", StringComparison.Ordinal));
        Assert.Contains($"<span class=\"waiting tool-only\">{named}</span>", Row("INC-2027-0001"), StringComparison.Ordinal);
        Assert.Contains($"<span class=\"waiting tool-only\">{named}</span>", Row("INC-2027-0002"), StringComparison.Ordinal);
        Assert.Contains($"<span class=\"waiting tool-only\">{unnamed}</span>", Row("INC-2027-0003"), StringComparison.Ordinal);
        Assert.DoesNotContain("tool-only", Row("INC-2027-0004"), StringComparison.Ordinal);
        Assert.Contains("id=\"resolved\"", html[..html.IndexOf("INC-2027-0002", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    /// <summary>
    /// Brief toolack3, 1: one only a monitoring tool acknowledged is not taken by anyone on duty, so the status page's link to
    /// 「まとめて対応する」 counts it, and that page offers it with the status page's words (a person's acknowledgement is not counted).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "まだ誰も対応していない障害が2件あります。まとめて対応する", "発生：10分前・監視ツール（Datadog）が受付済み・当番は未確認", "発生：5分前")]
    [InlineData(Language.En, "2 open incidents are not acknowledged yet: acknowledge them together", "opened 10 min ago; acknowledged only in the monitoring tool (Datadog), not by the duty members", "opened 5 min ago")]
    public void AckTogether_OnlyAToolAcknowledged_CountedOnTheStatusPageAndOfferedSayingSo(Language language, string link, string toolRow, string plainRow)
    {
        Incident Open(string id, int minutesAgo) => Incident.Open(id, new NewIncident { Title = id, Severity = AlertSeverity.Sev2 }, [], "alert:pagerduty", Now.AddMinutes(-minutesAgo));
        var toolOnly = Open("INC-2027-0001", 10);
        toolOnly.Acknowledge("alert:pagerduty", Now.AddMinutes(-9), via: "Datadog");
        var waiting = Open("INC-2027-0002", 5);
        var taken = Open("INC-2027-0003", 3);
        taken.Acknowledge("alert:pagerduty", Now.AddMinutes(-3), via: "Datadog");
        taken.Acknowledge("sato", Now.AddMinutes(-2));

        var status = TestRenderer.Instance.Page(new StatusPageNotice(language, [.. new[] { toolOnly, waiting, taken }.Select(i => new StatusBoardEntry(i, i.DetectedAt, null))], "Asia/Tokyo", Now));
        var together = TestRenderer.Instance.Page(new AckTogetherPageNotice(language, [toolOnly, waiting], new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo", Now));

        Assert.Contains(link, status, StringComparison.Ordinal);
        string Row(string id) => together.Split("<li").Single(row => row.Contains(id, StringComparison.Ordinal));
        Assert.Contains(toolRow, Row("INC-2027-0001"), StringComparison.Ordinal);
        Assert.Contains(plainRow, Row("INC-2027-0002"), StringComparison.Ordinal);
        Assert.DoesNotContain("Datadog", Row("INC-2027-0002"), StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 48: the colleague who took it has been taken off the roster since: named by the name they had, marked (the incident
    /// page already did), not by the id the board showed; an erased one as a former member. Session 49: also when they were one of
    /// the incident's duty members (<paramref name="onDuty"/>), whom the board named by the incident's copy of their name, unmarked.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "小林 次郎", false, "対応者：小林 次郎（退任）")]
    [InlineData(Language.En, "小林 次郎", false, "Acknowledged: 小林 次郎 (no longer on the roster)")]
    [InlineData(Language.Ja, null, false, "対応者：退任したメンバー")]
    [InlineData(Language.En, null, false, "Acknowledged: a former member")]
    [InlineData(Language.Ja, "小林 次郎", true, "対応者：小林 次郎（退任）")]
    [InlineData(Language.En, "小林 次郎", true, "Acknowledged: 小林 次郎 (no longer on the roster)")]
    [InlineData(Language.Ja, null, true, "対応者：退任したメンバー")]
    public void StatusPage_TakenBySomeoneSinceTakenOffTheRoster_NamedAsTheyWere(Language language, string? had, bool onDuty, string line)
    {
        // Erased, the incident's copy of their name is their id (DELETE /members/{id}?erase=true rewrites it).
        AssignedMember[] pair = onDuty ? [new AssignedMember("kobayashi", had ?? "kobayashi", "kobayashi@example.com", Language.Ja), new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja)] : [];
        var taken = Incident.Open("INC-2027-0001", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev2 }, pair, "alert:grafana", Now.AddMinutes(-5));
        taken.Acknowledge("kobayashi", Now.AddMinutes(-2));
        var entries = new[] { new StatusBoardEntry(taken, taken.DetectedAt, null) };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, entries, "Asia/Tokyo", Now)
        {
            Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" },
            Former = [new FormerMember("kobayashi", had, Language.Ja, Now.AddMinutes(-1))],
        });

        Assert.Contains(line, html, StringComparison.Ordinal);
        Assert.DoesNotContain("kobayashi", html, StringComparison.Ordinal);
    }

    /// <summary>
    /// Session 43: a colleague who is not one of the incident's duty members took it (the lead, a PM off duty this week): the status
    /// page read 「対応者：sato」, her id — the incident page and the mails already named her. Named from the roster now.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応者：佐藤 花子")]
    [InlineData(Language.En, "Acknowledged: 佐藤 花子")]
    public void StatusPage_TakenBySomeoneOffDuty_NamedFromTheRoster_NotByHerId(Language language, string line)
    {
        var taken = Incident.Open("INC-2027-0001", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev2 }, [], "alert:grafana", Now.AddMinutes(-5));
        taken.Acknowledge("sato", Now.AddMinutes(-2));
        Assert.DoesNotContain(taken.Assignees, a => a.Id == "sato");
        var entries = new[] { new StatusBoardEntry(taken, taken.DetectedAt, null) };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, entries, "Asia/Tokyo", Now) { Names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" } });

        Assert.Contains(line, html, StringComparison.Ordinal);
        // Without the roster (it could not be read) the page still shows who, by what was recorded.
        Assert.Contains(line.Replace("佐藤 花子", "sato", StringComparison.Ordinal), TestRenderer.Instance.Page(new StatusPageNotice(language, entries, "Asia/Tokyo", Now)), StringComparison.Ordinal);
    }

    /// <summary>
    /// Trial 56: 鈴木 took a SEV3 and went on leave; the status page read 「対応者：鈴木 一郎」 for two weeks, nothing saying she was
    /// away. A holder on leave is said to be, and until when.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応者：佐藤 花子（2026年12月18日(金)まで休暇中）")]
    [InlineData(Language.En, "Acknowledged: 佐藤 花子 (on leave until Fri 18 Dec 2026)")]
    public void StatusPage_HolderOnLeave_SaysSoAndUntilWhen(Language language, string line)
    {
        var taken = Incident.Open("INC-2027-0001", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev3 }, [], "alert:grafana", Now.AddMinutes(-5));
        taken.Acknowledge("sato", Now.AddMinutes(-2));
        var entries = new[] { new StatusBoardEntry(taken, taken.DetectedAt, null) };
        var names = new Dictionary<string, string> { ["sato"] = "佐藤 花子" };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, entries, "Asia/Tokyo", Now)
        {
            Names = names,
            HoldersAway = new Dictionary<string, LeaveAbsence> { ["INC-2027-0001"] = new LeaveAbsence(new DateOnly(2026, 12, 18), new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 18)) },
        });

        Assert.Contains(line, html, StringComparison.Ordinal);
        Assert.DoesNotContain("休暇中", TestRenderer.Instance.Page(new StatusPageNotice(language, entries, "Asia/Tokyo", Now) { Names = names }), StringComparison.Ordinal);
    }

    /// <summary>
    /// Open incidents newest first put an unanswered SEV1 under newer SEV2s, at the bottom of a phone screen (trial day 27): nobody
    /// taking it comes first, most severe first, then the rest by severity; newest first within.
    /// </summary>
    [Fact]
    public void StatusPage_OpenOnes_NotTakenFirst_MostSevereFirst_NewestFirstWithin()
    {
        Incident Open(string id, AlertSeverity severity, int minutesAgo) =>
            Incident.Open(id, new NewIncident { Title = id, Severity = severity }, [], "alert:grafana", Now.AddMinutes(-minutesAgo));
        var takenSev1 = Open("INC-2027-0001", AlertSeverity.Sev1, 30);
        takenSev1.Acknowledge("sato", Now);
        var newest = new[]
        {
            Open("INC-2027-0006", AlertSeverity.Sev2, 1),
            Open("INC-2027-0005", AlertSeverity.Sev3, 2),
            Open("INC-2027-0004", AlertSeverity.Sev2, 5),
            Open("INC-2027-0003", AlertSeverity.Sev1, 17),
            takenSev1,
        };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [.. newest.Select(i => new StatusBoardEntry(i, i.DetectedAt, null))], "Asia/Tokyo", Now));

        var openList = html[html.IndexOf("id=\"open\"", StringComparison.Ordinal)..];
        Assert.Equal(
            ["INC-2027-0003", "INC-2027-0006", "INC-2027-0004", "INC-2027-0005", "INC-2027-0001"],
            Regex.Matches(openList, "INC-2027-[0-9]{4}").Select(m => m.Value).Distinct());
    }

    /// <summary>
    /// Azure planned maintenance opened an incident that pages nobody: listed with the others, said as such instead of 未対応, not
    /// counted nor sorted among those waiting for someone; its timeline row and the incident page say why, in both languages.
    /// </summary>
    [Fact]
    public void StatusPage_AnnouncementPagingNobody_ListedAsSuch_NotWaitingForAnyone_TimelineAndPageSayWhy()
    {
        var maintenance = Incident.Open("INC-2027-0001", new NewIncident { Title = "Planned maintenance: SQL Database", Severity = AlertSeverity.Sev4, Source = "azure-monitor" }, [], "alert:azure-monitor", Now.AddMinutes(-5));
        Assert.True(maintenance.PageNobody("Maintenance", "alert:azure-monitor", Now.AddMinutes(-5)));
        var outage = Incident.Open("INC-2027-0002", new NewIncident { Title = "Checkout down", Severity = AlertSeverity.Sev2 }, [], "alert:grafana", Now.AddMinutes(-10));
        var entries = new[] { new StatusBoardEntry(maintenance, maintenance.DetectedAt, null), new StatusBoardEntry(outage, outage.DetectedAt, null) };

        var ja = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, entries, "Asia/Tokyo", Now));
        var en = TestRenderer.Instance.Page(new StatusPageNotice(Language.En, entries, "Asia/Tokyo", Now));

        Assert.Contains("<span class=\"waiting\">呼び出しなし（Azure の計画メンテナンスのお知らせ）</span>", ja);
        Assert.Contains("<span class=\"waiting\">no page (an Azure planned maintenance notice)</span>", en);
        Assert.Contains("1 open incidents are not acknowledged yet", en);
        var openList = en[en.IndexOf("id=\"open\"", StringComparison.Ordinal)..];
        Assert.Equal(["INC-2027-0002", "INC-2027-0001"], Regex.Matches(openList, "INC-2027-[0-9]{4}").Select(m => m.Value).Distinct());

        var row = Assert.Single(maintenance.PendingTimeline, t => t.Kind == TimelineKind.NotPaged);
        Assert.Equal("Azure Service Health の計画メンテナンスのお知らせです。障害の報告ではないため、当番は呼び出しません", OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.Ja));
        Assert.Equal("A planned maintenance notice from Azure Service Health, not an outage: nobody is paged", OnDuty.Messages.TimelineText.For(row.Kind, row.Message, Language.En));
        Assert.Equal(-1, EscalationPolicy.DueStep(maintenance, Now.AddHours(6), new AckTimeouts()));
    }

    /// <summary>
    /// A PM acknowledged the planned maintenance and the issue turned into an outage: the row reads 未対応 (counted among those nobody
    /// took), not 呼び出しなし nor the PM as the one on it, as the API (<c>pagesNobody</c>, <c>acknowledgedBy</c> gone) and the pages say.
    /// </summary>
    [Fact]
    public void StatusPage_AcknowledgedAnnouncementTurnedIntoAnOutage_WaitsForSomeone()
    {
        var incident = Incident.Open("INC-2027-0001", new NewIncident { Title = "Storage degradation in Japan East", Severity = AlertSeverity.Sev4, Source = "azure-monitor" }, [], "alert:azure-monitor", Now.AddHours(-2));
        Assert.True(incident.PageNobody("Maintenance", "alert:azure-monitor", Now.AddHours(-2)));
        Assert.True(incident.Acknowledge("sato", Now.AddHours(-1)));
        Assert.True(incident.PagesFromNow("Incident", AlertSeverity.Sev2, "alert:azure-monitor", Now.AddMinutes(-1), new AckTimeouts()));

        var ja = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [new StatusBoardEntry(incident, incident.DetectedAt, null)], "Asia/Tokyo", Now));

        var open = ja[ja.IndexOf("id=\"open\"", StringComparison.Ordinal)..];
        var openList = open[..open.IndexOf("</ul>", StringComparison.Ordinal)];
        Assert.Contains("<span class=\"waiting\">未対応</span>", openList);
        Assert.DoesNotContain("呼び出しなし", openList);
        Assert.DoesNotContain("対応者", openList);
        Assert.Contains("まだ誰も対応していない障害が1件あります", ja);
    }

    /// <summary>
    /// The status page and 「まとめて対応する」 are used together: the same unanswered SEV1s in the same order — newest first — not
    /// newest first on one and oldest first on the other (trial 36, L1).
    /// </summary>
    [Fact]
    public void AckTogetherPage_ListsTheUnansweredInTheStatusPagesOrder()
    {
        Incident Open(string id, AlertSeverity severity, int minutesAgo) =>
            Incident.Open(id, new NewIncident { Title = id, Severity = severity }, [], "alert:grafana", Now.AddMinutes(-minutesAgo));
        List<Incident> waiting =
        [
            Open("INC-2027-0001", AlertSeverity.Sev1, 40),
            Open("INC-2027-0002", AlertSeverity.Sev1, 30),
            Open("INC-2027-0003", AlertSeverity.Sev2, 20),
            Open("INC-2027-0011", AlertSeverity.Sev1, 10),
        ];
        string[] expected = ["INC-2027-0011", "INC-2027-0002", "INC-2027-0001", "INC-2027-0003"];

        var status = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [.. waiting.Select(i => new StatusBoardEntry(i, i.DetectedAt, null))], "Asia/Tokyo", Now));
        var together = TestRenderer.Instance.Page(new AckTogetherPageNotice(Language.Ja, waiting, new FormToken("__RequestVerificationToken", "t"), PageVisitor.Anonymous, "Asia/Tokyo", Now));

        static string[] Order(string html) => [.. Regex.Matches(html, "INC-2027-\\d{4}").Select(m => m.Value).Distinct()];
        Assert.Equal(expected, Order(status[status.IndexOf("id=\"open\"", StringComparison.Ordinal)..]));
        Assert.Equal(expected, Order(together));
    }
}
