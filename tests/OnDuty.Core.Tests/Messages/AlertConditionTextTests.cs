using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// What a page says beside an alert's rule (trial day 35): what it measured (L1) and when it started, when that was before it
/// was detected (L8), in each reader's words.
/// </summary>
public sealed class AlertConditionTextTests
{
    private static readonly DateTimeOffset Detected = new(2026, 12, 3, 1, 12, 0, TimeSpan.Zero); // 10:12 JST
    private static readonly TimeZoneInfo Tokyo = TimeZones.Find("Asia/Tokyo");

    public static TheoryData<AlertCondition, string, string> Conditions => new()
    {
        { new AlertCondition("Http5xx", ">", 42, 10) { Aggregation = "Total", Window = TimeSpan.FromMinutes(5) }, "Http5xx（合計）42 > 10（直近5分）", "Http5xx (Total) 42 > 10 over 5 min" },
        { new AlertCondition("Transactions", ">", 78.0912, 0.3) { Aggregation = "Average", Window = TimeSpan.FromMinutes(15), Dynamic = true }, "Transactions（平均）78.09 > 0.3（直近15分、動的しきい値）", "Transactions (Average) 78.09 > 0.3 over 15 min (dynamic threshold)" },
        { new AlertCondition(null, ">", 3, 0) { Aggregation = "Count", Window = TimeSpan.FromHours(1) }, "検索結果の件数 3 > 0（直近1時間）", "Search results 3 > 0 over 1 h" },
        { new AlertCondition("cpu", "≤", 0.125, 1) { Aggregation = "Percentile95" }, "cpu（Percentile95）0.125 ≤ 1", "cpu (Percentile95) 0.125 ≤ 1" },
        { new AlertCondition("Requests", "<", 0, 1), "Requests 0 < 1", "Requests 0 < 1" },
    };

    [Theory]
    [MemberData(nameof(Conditions))]
    public void ConditionText_EachReader_SaysWhatItMeasured(AlertCondition condition, string ja, string en)
    {
        Assert.Equal(ja, NoticeRenderer.ConditionText(condition, Phrases.For(Language.Ja)));
        Assert.Equal(en, NoticeRenderer.ConditionText(condition, Phrases.For(Language.En)));
    }

    [Theory]
    [InlineData(10, "10:02（JST、検知の10分前）", "10:02 (JST, 10 min before detection)")]
    [InlineData(90, "08:42（JST、検知の1時間30分前）", "08:42 (JST, 1 h 30 min before detection)")]
    [InlineData(11 * 60, "12月2日(水) 23:12（JST、検知の11時間前）", "Wed 2 Dec 2026 23:12 (JST, 11 h before detection)")]
    public void StartedBeforeDetection_AMinuteOrMoreBefore_SaysWhenAndHowLongBefore(int minutes, string ja, string? en)
    {
        var incident = Open(Detected.AddMinutes(-minutes));

        Assert.Equal(ja, NoticeRenderer.StartedBeforeDetection(incident, Tokyo, "Asia/Tokyo", Phrases.For(Language.Ja)));
        if (en is not null)
        {
            Assert.Equal(en, NoticeRenderer.StartedBeforeDetection(incident, Tokyo, "Asia/Tokyo", Phrases.For(Language.En)));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(59)]
    public void StartedBeforeDetection_UnderAMinute_SaysNothing(int seconds)
    {
        Assert.Null(NoticeRenderer.StartedBeforeDetection(Open(Detected.AddSeconds(-seconds)), Tokyo, "Asia/Tokyo", Phrases.For(Language.Ja)));
    }

    private static Incident Open(DateTimeOffset startedAt) => Incident.Open(
        "INC-2026-0001",
        new NewIncident { Title = "Http5xx (app-prod)", Severity = AlertSeverity.Sev2, Source = "azure-monitor", StartedAt = startedAt },
        [], "alert:azure-monitor", Detected);
}
