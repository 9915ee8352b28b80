using OnDuty.Core.Heartbeats;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 45: a heartbeat that never pinged — it started, overran, and started again — read 「最終受信は -です」 in its alert, and
/// "Stopped (last heard —)" in the handoff brief. Both now say it was never heard.
/// </summary>
public sealed class HeartbeatNeverHeardTextTests
{
    private static readonly DateTimeOffset Now = new(2027, 1, 12, 1, 30, 0, TimeSpan.Zero);

    /// <summary>Started and overran (so it fired), started again 10 minutes ago with 30 to finish: firing, never pinged.</summary>
    private static readonly Heartbeat NeverPinged = new()
    {
        Name = "nightly-batch", Title = "夜間バッチ", Interval = TimeSpan.FromHours(24), Grace = TimeSpan.FromHours(1), CreatedBy = "sato",
        CreatedAt = Now.AddDays(-3), LastStartAt = Now.AddMinutes(-10), MaxRun = TimeSpan.FromMinutes(30),
        Reported = HeartbeatReport.Firing, DownSince = Now.AddHours(-2),
    };

    [Theory]
    [InlineData(Language.Ja, "夜間バッチ は 24時間ごとに届く予定ですが、まだ一度も受信していません。送信元のジョブ・監視が止まっていないか確認してください。")]
    [InlineData(Language.En, "夜間バッチ is expected every 24 h, and it was never heard yet. Check that the job or monitoring that sends it is running.")]
    public void AlertText_NeverPinged_SaysItWasNeverHeard(Language language, string expected)
    {
        Assert.Equal(HeartbeatState.Running, NeverPinged.StateAt(Now));

        var text = TestRenderer.Instance.Text(new HeartbeatAlertNotice(language, NeverPinged, HeartbeatText.Description, Now, "Asia/Tokyo"));

        Assert.Equal(expected, text);
    }

    [Theory]
    [InlineData(Language.Ja, "夜間バッチ — 失敗を報告（まだ一度も受信していません）")]
    [InlineData(Language.En, "夜間バッチ — Failed (never heard yet)")]
    public void HandoffBrief_StoppedAndNeverPinged_SaysNeverHeardYet(Language language, string expected)
    {
        var failed = NeverPinged with { LastFailAt = Now.AddHours(-2), LastStartAt = null, MaxRun = null };
        var mail = TestRenderer.Instance.Email(new HandoffBriefNotice(language,
            new HandoffBrief("Incident duty", "障害当番", "2027-W02", new DateOnly(2027, 1, 17), [], [], [], []) { MadeAt = Now, Heartbeats = [failed] },
            "Asia/Tokyo", new DateOnly(2027, 1, 12)));

        Assert.Contains($"- nightly-batch {expected}\n", mail.Text.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("—)", mail.Text, StringComparison.Ordinal);
    }
}
