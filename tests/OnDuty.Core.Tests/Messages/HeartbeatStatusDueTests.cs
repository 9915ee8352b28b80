using OnDuty.Core.Heartbeats;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 58: 中村, who owns the heartbeats but is not on duty, opened the status page to see hers and read only when each was last
/// heard. Whether the billing export was understood to skip 成人の日 — due on Tuesday, not on the holiday — was in the API alone,
/// behind a function key she does not have. A heartbeat that is up now says by when it is expected again.
/// </summary>
public sealed class HeartbeatStatusDueTests
{
    /// <summary>Monday 2027-01-11 (成人の日) 10:00 JST.</summary>
    private static readonly DateTimeOffset Now = new(2027, 1, 11, 1, 0, 0, TimeSpan.Zero);

    /// <summary>Heard on Friday 2027-01-08 at 03:00 JST; due after the long weekend, Tuesday 04:00.</summary>
    private static readonly Heartbeat Export = new()
    {
        Name = "billing-export", Title = "請求データ夜間エクスポート", Interval = TimeSpan.FromDays(1), Grace = TimeSpan.FromHours(1),
        CreatedBy = "nakamura", CreatedAt = Now.AddDays(-30), LastPingAt = new DateTimeOffset(2027, 1, 7, 18, 0, 0, TimeSpan.Zero),
        WorkingDaysOnly = true, ExpectedBy = new DateTimeOffset(2027, 1, 11, 19, 0, 0, TimeSpan.Zero),
    };

    [Theory]
    [InlineData(Language.Ja, "billing-export · 最終受信 2027年1月8日(金) 03:00（JST）・24時間ごと（営業日のみ）・次の期限 2027年1月12日(火) 04:00（JST）")]
    [InlineData(Language.En, "billing-export · last heard Fri 8 Jan 2027 03:00 (JST), every 24 h (working days only); expected again by Tue 12 Jan 2027 04:00 (JST)")]
    public void StatusPage_UpHeartbeat_SaysByWhenItIsExpectedAgain(Language language, string expected)
    {
        Assert.Equal(HeartbeatState.Up, Export.StateAt(Now));

        var html = TestRenderer.Instance.Page(new StatusPageNotice(language, [], "Asia/Tokyo", Now) { Heartbeats = [Export] });

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusPage_StoppedHeartbeat_SaysNoDueTime()
    {
        var late = Export with { ExpectedBy = Now.AddHours(-1), LastPingAt = Now.AddDays(-2) };
        Assert.Equal(HeartbeatState.Late, late.StateAt(Now));

        var html = TestRenderer.Instance.Page(new StatusPageNotice(Language.Ja, [], "Asia/Tokyo", Now) { Heartbeats = [late] });

        Assert.DoesNotContain("次の期限", html, StringComparison.Ordinal);
        Assert.Contains("最終受信", html, StringComparison.Ordinal);
    }
}
