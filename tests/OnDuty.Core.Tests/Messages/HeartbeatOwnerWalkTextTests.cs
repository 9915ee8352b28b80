using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Heartbeats;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 58 (a data engineer's heartbeats), what her walk left: the heartbeat texts wrote 「2026/12/14 03:00（JST）」 beside a 検知
/// of 「2026年12月15日(火) 04:01（JST）」; the late ping's recovery said 「監視で自動復旧しました」 and not what was heard; the status
/// page's 途絶 row did not link its incident; a grace longer than the interval was taken without a word.
/// </summary>
public sealed class HeartbeatOwnerWalkTextTests
{
    /// <summary>Tuesday 2026-12-15 04:01 JST: the billing export, due at 04:00, was last heard Monday 03:00.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 14, 19, 1, 0, TimeSpan.Zero);

    private static readonly Heartbeat Export = new()
    {
        Name = "billing-export", Title = "請求データ夜間エクスポート", Interval = TimeSpan.FromDays(1), Grace = TimeSpan.FromHours(1),
        CreatedBy = "nakamura", CreatedAt = Now.AddDays(-5), LastPingAt = new DateTimeOffset(2026, 12, 13, 18, 0, 0, TimeSpan.Zero),
        Reported = HeartbeatReport.Firing, DownSince = Now.AddMinutes(-1),
    };

    private static readonly IReadOnlyList<AssignedMember> Pair = [new("yamada", "山田 太郎", "yamada@onduty.example", Language.Ja)];

    [Theory]
    [InlineData(Language.Ja, "請求データ夜間エクスポート は 24時間ごとに届く予定ですが、2026年12月15日(火) 04:00（JST）を過ぎても届いていません。最終受信は 2026年12月14日(月) 03:00（JST）です。")]
    [InlineData(Language.En, "請求データ夜間エクスポート is expected every 24 h, and nothing arrived by Tue 15 Dec 2026 04:00 (JST); it was last heard Mon 14 Dec 2026 03:00 (JST).")]
    public void AlertText_Late_SaysItsTimesAsTheMailsDetectedLineDoes(Language language, string expected)
    {
        var text = TestRenderer.Instance.Text(new HeartbeatAlertNotice(language, Export, HeartbeatText.Description, Now, "Asia/Tokyo"));

        Assert.StartsWith(expected, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "最終受信 2026年12月14日(月) 03:00（JST）・24時間ごと・次の期限 2026年12月15日(火) 04:00（JST）")]
    [InlineData(Language.En, "last heard Mon 14 Dec 2026 03:00 (JST), every 24 h; expected again by Tue 15 Dec 2026 04:00 (JST)")]
    public void StatusPage_UpHeartbeat_SaysItsTimesAsProseDoes(Language language, string expected)
    {
        var up = Export with { Reported = HeartbeatReport.Resolved, DownSince = null };
        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [], "Asia/Tokyo", Now.AddHours(-2)) { Heartbeats = [up] });

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "ハートビート「請求データ夜間エクスポート」を 2026年12月15日(火) 04:40（JST）に受信しました（期限 04:00 から40分遅れ）。INC-2026-0001 は復旧済みになりました。対応は不要です")]
    [InlineData(Language.En, "Heartbeat “請求データ夜間エクスポート” was heard at Tue 15 Dec 2026 04:40 (JST), 40 min after it was due at 04:00. INC-2026-0001 is resolved. Nothing needs doing")]
    public void Recovered_HeardLate_SaysWhatWasHeardWhenAndHowLate(Language language, string expected)
    {
        var incident = MissedExport();
        incident.Resolve("alert:heartbeat", Now.AddMinutes(39));
        var notice = new IncidentPageNotice(language, incident, IncidentNotice.Recovered(0), "Asia/Tokyo", null) { PageLink = "https://onduty.example/api/incidents/INC-2026-0001/page" };

        var mail = TestRenderer.Instance.Email(notice);
        var card = TestRenderer.Instance.Card(notice);

        Assert.Contains(expected, mail.Text, StringComparison.Ordinal);
        Assert.Contains(expected, System.Text.RegularExpressions.Regex.Unescape(card.CardJson), StringComparison.Ordinal);
        Assert.DoesNotContain("監視で自動復旧", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovered_AfterAFailure_SaysWhatWasHeardWithoutADeadline()
    {
        var incident = Incident.Open(
            "INC-2026-0002", new NewIncident { Title = "ハートビートが失敗を報告：請求データ夜間エクスポート", Severity = AlertSeverity.Sev2, Source = AlertSources.Heartbeat, GroupKey = "billing-export" },
            Pair, "alert:heartbeat", Now);
        incident.Resolve("alert:heartbeat", Now.AddMinutes(29));

        var mail = TestRenderer.Instance.Email(new IncidentPageNotice(Language.Ja, incident, IncidentNotice.Recovered(0), "Asia/Tokyo", null));

        Assert.Contains("ハートビート「請求データ夜間エクスポート」を 2026年12月15日(火) 04:30（JST）に受信しました。INC-2026-0002 は復旧済みになりました。", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovered_NotAHeartbeat_StillSaysMonitoringResolvedIt()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "ハートビート途絶：に見えるアラート", Severity = AlertSeverity.Sev2, Source = "alertmanager" }, Pair, "alert:alertmanager", Now);
        incident.Resolve("alert:alertmanager", Now.AddMinutes(5));

        var mail = TestRenderer.Instance.Email(new IncidentPageNotice(Language.Ja, incident, IncidentNotice.Recovered(0), "Asia/Tokyo", null));

        Assert.Contains("INC-2026-0003 は監視で自動復旧しました。", mail.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusPage_DownHeartbeat_LinksItsOpenIncident_Encoded()
    {
        var incident = MissedExport("INC-2026-0001 <b>");
        var other = Incident.Open("INC-2026-0009", new NewIncident { Title = "決済APIのエラー率", Severity = AlertSeverity.Sev2, Source = "alertmanager", GroupKey = "billing-export" }, Pair, "alert:alertmanager", Now);
        var html = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [new StatusBoardEntry(other, Now, null), new StatusBoardEntry(incident, Now, null)], "Asia/Tokyo", Now)
        {
            Heartbeats = [Export],
        });

        var row = html[html.IndexOf("<ul id=\"heartbeats\">", StringComparison.Ordinal)..];
        Assert.Contains("請求データ夜間エクスポート · <a class=\"heartbeat-incident\" href=\"/api/incidents/INC-2026-0001%20%3Cb%3E/page?lang=ja\">INC-2026-0001 &lt;b&gt;</a>", row, StringComparison.Ordinal);
        Assert.DoesNotContain("INC-2026-0009", row, StringComparison.Ordinal);
    }

    /// <summary>The owner's mail and the handoff brief link the status page at its heartbeats: the section carries that id.</summary>
    [Theory]
    [InlineData(Language.Ja, "<h2 id=\"h-heartbeats\">監視の監視（ハートビート）</h2>")]
    [InlineData(Language.En, "<h2 id=\"h-heartbeats\">")]
    public void StatusPage_HeartbeatsSection_IsWhereTheOwnersLinkPoints(Language language, string heading)
    {
        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [], "Asia/Tokyo", Now) { Heartbeats = [Export] });
        var link = IncidentMessages.HeartbeatsStatusLink("https://onduty.example/");

        Assert.Equal("https://onduty.example/api/status#h-heartbeats", link);
        Assert.Contains(heading, html, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, $"id=\"{link.Split('#')[1]}\""));
        Assert.True(html.IndexOf(heading, StringComparison.Ordinal) < html.IndexOf("<ul id=\"heartbeats\">", StringComparison.Ordinal));
    }

    [Fact]
    public void StatusPage_HeartbeatWithoutAnOpenIncident_LinksNone()
    {
        var incident = MissedExport();
        incident.Resolve("alert:heartbeat", Now.AddMinutes(39));
        var html = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [new StatusBoardEntry(incident, Now, null)], "Asia/Tokyo", Now) { Heartbeats = [Export] });

        Assert.DoesNotContain("heartbeat-incident", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "猶予（1時間）が間隔（5分）より長いため、途絶えても最後の受信から1時間5分経つまで呼び出しません。意図どおりか確認してください。")]
    [InlineData(Language.En, "The grace (1 h) is longer than the interval (5 min): nobody is paged until nothing has arrived for 1 h 5 min after the last ping. Check that this is what you meant.")]
    public void Warnings_GraceLongerThanInterval_SaysWhenItWouldPage(Language language, string expected)
    {
        var grafana = Export with { Name = "grafana-prod", Interval = TimeSpan.FromMinutes(5), Grace = TimeSpan.FromHours(1) };

        Assert.Equal([expected], HeartbeatWarnings.Of(grafana, language));
        Assert.Empty(HeartbeatWarnings.Of(grafana with { Grace = TimeSpan.FromMinutes(5) }, language));
    }

    [Theory]
    [InlineData(Language.Ja, "<p id=\"runbooks\"><a href=\"https://wiki.example.com/runbooks/billing-export?a=1&amp;b=2\" rel=\"noopener noreferrer\">手順書（Runbook）</a></p>",
        "ハートビート「請求データ夜間エクスポート」を 2026年12月15日(火) 04:40（JST）に受信しました（期限 04:00 から40分遅れ）。")]
    [InlineData(Language.En, "<p id=\"runbooks\"><a href=\"https://wiki.example.com/runbooks/billing-export?a=1&amp;b=2\" rel=\"noopener noreferrer\">Runbook</a></p>",
        "Heartbeat “請求データ夜間エクスポート” was heard at Tue 15 Dec 2026 04:40 (JST), 40 min after it was due at 04:00.")]
    public void IncidentPage_Heartbeat_RunbookByTheAckButton_TimelineSaysWhatWasHeard(Language language, string runbook, string heard)
    {
        var incident = MissedExport();
        var alert = new TrackedAlert
        {
            DedupKey = "heartbeat:billing-export", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = incident.Title, FirstFiredAt = Now,
            Runbook = new Uri("https://wiki.example.com/runbooks/billing-export?a=1&b=2"),
        };
        var open = Page(language, incident, [alert], []);
        Assert.True(open.IndexOf(runbook, StringComparison.Ordinal) is var at && at > open.IndexOf("id=\"ack\"", StringComparison.Ordinal) && at < open.IndexOf("id=\"facts\"", StringComparison.Ordinal), open);

        incident.Resolve("alert:heartbeat", Now.AddMinutes(39));
        var resolved = Page(language, incident, [alert with { Status = AlertStatus.Resolved, Summary = "ハートビート復旧：請求データ夜間エクスポート" }],
            [new TimelineEntry { At = Now.AddMinutes(39), Kind = TimelineKind.AlertResolved, By = "alert:heartbeat", Message = "ハートビート復旧：請求データ夜間エクスポート", AlertKey = "heartbeat:billing-export" }]);
        var timeline = resolved[resolved.IndexOf("id=\"timeline\"", StringComparison.Ordinal)..];
        Assert.Contains("<span class=\"msg\">" + heard + "</span>", timeline, StringComparison.Ordinal);
    }

    private static string Page(Language language, Incident incident, IReadOnlyList<TrackedAlert> alerts, IReadOnlyList<TimelineEntry> timeline) =>
        TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            language, new IncidentDetails(new Versioned<Incident>(incident, "W/\"1\""), alerts, timeline), "W/\"1\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now.AddMinutes(40))
        {
            RequestId = "req-1",
        });

    private static Incident MissedExport(string id = "INC-2026-0001") => Incident.Open(
        id,
        new NewIncident { Title = "ハートビート途絶：請求データ夜間エクスポート", Severity = AlertSeverity.Sev2, Source = AlertSources.Heartbeat, GroupKey = "billing-export", StartedAt = Now.AddMinutes(-1) },
        Pair, "alert:heartbeat", Now);
}
