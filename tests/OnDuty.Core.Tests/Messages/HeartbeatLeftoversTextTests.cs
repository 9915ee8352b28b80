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
/// Session 59, what the heartbeat owner's walk left: she was named nowhere and told nothing; the incident page and the handoff
/// brief wrote heartbeat times as 「2026/12/15 04:00」; the recovery text and a storm's combined recovery mail said
/// 「監視で自動復旧しました」 rather than what was heard; the PUT's problems were English only.
/// </summary>
public sealed class HeartbeatLeftoversTextTests
{
    /// <summary>Tuesday 2026-12-15 04:01 JST: the billing export, due at 04:00, was last heard Monday 03:00.</summary>
    private static readonly DateTimeOffset Now = new(2026, 12, 14, 19, 1, 0, TimeSpan.Zero);

    private static readonly Heartbeat Export = new()
    {
        Name = "billing-export", Title = "請求データ夜間エクスポート", Interval = TimeSpan.FromDays(1), Grace = TimeSpan.FromHours(1),
        CreatedBy = "nakamura", CreatedAt = Now.AddDays(-5), LastPingAt = new DateTimeOffset(2026, 12, 13, 18, 0, 0, TimeSpan.Zero),
        Reported = HeartbeatReport.Firing, DownSince = Now.AddMinutes(-1), Owner = new HeartbeatOwner("nakamura@onduty.example", "中村 <b>"),
    };

    private static readonly IReadOnlyList<AssignedMember> Pair = [new("yamada", "山田 太郎", "yamada@onduty.example", Language.Ja)];

    [Theory]
    [InlineData(Language.Ja, "ハートビートの担当者：中村さん（nakamura@onduty.example）")]
    [InlineData(Language.En, "Owner: 中村 (nakamura@onduty.example)")]
    public void AlertText_WithOwner_NamesThem(Language language, string expected)
    {
        var text = TestRenderer.Instance.Text(new HeartbeatAlertNotice(language, Export with { Owner = new("nakamura@onduty.example", "中村") }, HeartbeatText.Description, Now, "Asia/Tokyo"));

        Assert.EndsWith(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("担当者", TestRenderer.Instance.Text(new HeartbeatAlertNotice(Language.Ja, Export with { Owner = null }, HeartbeatText.Description, Now, "Asia/Tokyo")), StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentPage_HeartbeatAlert_SaysItsTimesInTheHousePhrase_AndItsOwner_Encoded()
    {
        var incident = MissedExport();
        var alert = new TrackedAlert
        {
            DedupKey = "heartbeat:billing-export", Status = AlertStatus.Firing, Severity = AlertSeverity.Sev2, Summary = incident.Title, FirstFiredAt = Now,
            Heartbeat = HeartbeatFacts.Of(Export, Now),
        };

        var html = TestRenderer.Instance.Page(new IncidentWorkPageNotice(
            Language.Ja, new IncidentDetails(new Versioned<Incident>(incident, "W/\"1\""), [alert], []), "W/\"1\"", new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", Now)
        {
            RequestId = "req-1",
        });

        var alerts = html[html.IndexOf("id=\"alerts\"", StringComparison.Ordinal)..];
        Assert.Contains("2026年12月15日(火) 04:00（JST）を過ぎても届いていません。最終受信は 2026年12月14日(月) 03:00（JST）です。", alerts, StringComparison.Ordinal);
        Assert.Contains("ハートビートの担当者：中村さん（nakamura@onduty.example）", alerts, StringComparison.Ordinal);
        Assert.DoesNotContain("中村 <b>", alerts, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "billing-export · 最終受信 2026年12月14日(月) 03:00（JST）・24時間ごと・次の期限 2026年12月15日(火) 04:00（JST）・担当者：中村さん")]
    [InlineData(Language.En, "billing-export · last heard Mon 14 Dec 2026 03:00 (JST), every 24 h; expected again by Tue 15 Dec 2026 04:00 (JST); owner 中村")]
    public void StatusPage_OwnedHeartbeat_SaysWhose(Language language, string expected)
    {
        var up = Export with { Reported = HeartbeatReport.Resolved, DownSince = null, Owner = new("nakamura@onduty.example", "中村") };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [], "Asia/Tokyo", Now.AddHours(-2)) { Heartbeats = [up] });

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "一時停止中</span> 請求データ夜間エクスポート", "billing-export · 最終受信 2026年12月14日(月) 03:00（JST）・24時間ごと・2026年12月17日(木) 04:00（JST）まで一時停止（途絶えても呼び出しません）")]
    [InlineData(Language.En, "Paused</span> 請求データ夜間エクスポート", "billing-export · last heard Mon 14 Dec 2026 03:00 (JST), every 24 h; paused until Thu 17 Dec 2026 04:00 (JST) (pages nobody if silent)")]
    public void StatusPage_PausedHeartbeat_SaysUntilWhen(Language language, string state, string expected)
    {
        var paused = Export with { Owner = null, Reported = HeartbeatReport.Resolved, DownSince = null, PausedUntil = Now.AddDays(2).AddMinutes(-1) };

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [], "Asia/Tokyo", Now) { Heartbeats = [paused] });

        Assert.Contains(state, html, StringComparison.Ordinal);
        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "- billing-export 請求データ夜間エクスポート — 途絶（最終受信 2026年12月14日(月) 03:00（JST））")]
    [InlineData(Language.En, "(last heard Mon 14 Dec 2026 03:00 (JST))")]
    public void HandoffBrief_StoppedHeartbeat_SaysWhenLastHeardInTheHousePhrase(Language language, string expected)
    {
        var text = TestRenderer.Instance.Email(new HandoffBriefNotice(
            language, new OnDuty.Core.Retros.HandoffBrief("Incident duty", "障害当番", "2026-W51", new DateOnly(2026, 12, 20), [], [], [], []) { MadeAt = Now, Heartbeats = [Export] },
            "Asia/Tokyo", new DateOnly(2026, 12, 15))).Text;

        Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("2026/12/14", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "04:40（JST）に受信しました（期限 04:00 から40分遅れ）。対応は不要です。")]
    [InlineData(Language.En, "Heard at 04:40 (JST), 40 min after it was due at 04:00. Nothing needs doing.")]
    public void RecoveredText_HeartbeatHeardLate_SaysWhenAndHowLate_Short(Language language, string expected)
    {
        var incident = MissedExport();
        incident.Resolve("alert:heartbeat", Now.AddMinutes(39));

        var text = TestRenderer.Instance.Text(new RecoveredTextNotice(language, incident) { TimeZone = "Asia/Tokyo" });

        Assert.EndsWith("\n" + expected, text, StringComparison.Ordinal);
        Assert.DoesNotContain("自動復旧", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RecoveredText_NotAHeartbeat_StillSaysMonitoringResolvedIt()
    {
        var incident = Incident.Open("INC-2026-0003", new NewIncident { Title = "決済APIのエラー率", Severity = AlertSeverity.Sev2, Source = "alertmanager" }, Pair, "alert:alertmanager", Now);
        incident.Resolve("alert:alertmanager", Now.AddMinutes(5));

        var text = TestRenderer.Instance.Text(new RecoveredTextNotice(Language.Ja, incident) { TimeZone = "Asia/Tokyo" });

        Assert.EndsWith("\n監視で自動復旧しました。対応は不要です。", text, StringComparison.Ordinal);
    }

    [Fact]
    public void RecoveredTogether_HeartbeatLine_SaysWhatWasHeard_OthersAsBefore()
    {
        var heartbeat = MissedExport();
        heartbeat.Resolve("alert:heartbeat", Now.AddMinutes(39));
        var other = Incident.Open("INC-2026-0003", new NewIncident { Title = "決済APIのエラー率", Severity = AlertSeverity.Sev2, Source = "alertmanager" }, Pair, "alert:alertmanager", Now);
        other.Resolve("alert:alertmanager", Now.AddMinutes(5));

        var mail = TestRenderer.Instance.Email(new IncidentsRecoveredNotice(Language.Ja, [heartbeat, other], "https://onduty.example/api/status") { TimeZone = "Asia/Tokyo" });

        Assert.Contains("INC-2026-0001 SEV2 ハートビート途絶：請求データ夜間エクスポート — ハートビート「請求データ夜間エクスポート」を 2026年12月15日(火) 04:40（JST）に受信しました（期限 04:00 から40分遅れ）。", mail.Text, StringComparison.Ordinal);
        Assert.Contains("INC-2026-0003 SEV2 決済APIのエラー率\n", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("heartbeatMinutes", "0〜10080分（7日）の範囲で指定してください。")]
    [InlineData("heartbeatOwnerEmail", "担当者のメールアドレスを指定してください（例：nakamura@example.com）。")]
    public void Refusal_HeartbeatProblem_SaidInJapanese(string code, string expected)
    {
        var refusal = code == "heartbeatMinutes" ? Refusal.Of(code, ("min", 0), ("max", 10080), ("days", 7)) : Refusal.Of(code);

        Assert.True(RefusalText.Knows(code));
        Assert.StartsWith(expected, RefusalText.Say(refusal, Language.Ja, RefusalReader.Api), StringComparison.Ordinal);
    }

    [Fact]
    public void Define_BadFields_EachWithACodeTheApiSaysInJapanese()
    {
        var request = new HeartbeatRequest { IntervalMinutes = 0, GraceMinutes = 20_000, RunbookUrl = "wiki/x", Owner = new HeartbeatOwnerRequest { Email = "nakamura" } };

        var ex = Assert.Throws<ValidationException>(() => Heartbeat.Define("billing-export", request, null, "nakamura", Now));

        Assert.Equal(
            ["graceMinutes:heartbeatMinutes", "intervalMinutes:heartbeatMinutes", "owner.email:heartbeatOwnerEmail", "runbookUrl:heartbeatRunbookUrl"],
            ex.Refusals.Select(r => $"{r.Key}:{r.Value.Code}").Order(StringComparer.Ordinal));
        Assert.All(ex.Refusals.Values, r => Assert.True(RefusalText.Knows(r.Code), r.Code));
    }

    private static Incident MissedExport() => Incident.Open(
        "INC-2026-0001",
        new NewIncident { Title = "ハートビート途絶：請求データ夜間エクスポート", Severity = AlertSeverity.Sev2, Source = AlertSources.Heartbeat, GroupKey = "billing-export", StartedAt = Now.AddMinutes(-1) },
        Pair, "alert:heartbeat", Now);
}
