using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 50 reader's pass (an English-speaking member in a Japanese team): the incident OnDuty opens about a refused delivery
/// stores its title in the team's language, so the English status board, pages and mails showed 「Alertmanager からの通知が大きすぎて
/// 読めませんでした（9.0 MB）」. Like a heartbeat's, the title is worded again in the reader's language; any other title as written.
/// </summary>
public sealed class RefusedDeliveryTitleTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 6, 3, 12, 0, TimeSpan.FromHours(9));

    private static string Stored(RefusedDelivery d, Language team) =>
        TestRenderer.Instance.Text(new RefusedDeliveryNotice(team, d, RefusedDeliveryText.Title, "Asia/Tokyo"));

    public static TheoryData<RefusedDelivery, string, string> Titles() => new()
    {
        { new(AlertSource.Alertmanager, RefusalCause.TooLarge, At, [], Bytes: 9_000_000, Limit: 8_000_000),
            "Alertmanager からの通知が大きすぎて読めませんでした（9.0 MB）", "Alertmanager sent a notification too large to read (9.0 MB)" },
        { new(AlertSource.Grafana, RefusalCause.TooLarge, At, [], Limit: 8 * 1024 * 1024),
            "Grafana からの通知が大きすぎて読めませんでした（8 MiB 超）", "Grafana sent a notification too large to read (over 8 MiB)" },
        { new(AlertSource.Grafana, RefusalCause.TooLarge, At, [], Limit: 512 * 1024),
            "Grafana からの通知が大きすぎて読めませんでした（512 KiB 超）", "Grafana sent a notification too large to read (over 512 KiB)" },
        { new(AlertSource.PagerDuty, RefusalCause.Unreadable, At, []),
            "PagerDuty Events API からの通知を読めませんでした（形式の誤り）", "A PagerDuty Events API sender sent a notification OnDuty cannot read (wrong format)" },
        { new(AlertSource.Generic, RefusalCause.Unauthenticated, At, [], Setting: "Incidents__Sources__generic__SharedSecret"),
            "汎用 Webhook からの通知を受け付けませんでした（共有シークレットの誤り）", "The generic source sent a notification OnDuty refused (wrong shared secret)" },
    };

    [Theory]
    [MemberData(nameof(Titles))]
    public void IncidentTitle_StoredInJapanese_ReadInEnglish_AndBack(RefusedDelivery delivery, string ja, string en)
    {
        Assert.Equal(ja, Stored(delivery, Language.Ja));
        Assert.Equal(en, NoticeRenderer.IncidentTitle(ja, Phrases.For(Language.En)));
        Assert.Equal(ja, NoticeRenderer.IncidentTitle(ja, Phrases.For(Language.Ja)));
        Assert.Equal(ja, NoticeRenderer.IncidentTitle(Stored(delivery, Language.En), Phrases.For(Language.Ja)));
    }

    /// <summary>A title stored before the limit was said in MiB (「8.4 MB 超」) still reads in the other language.</summary>
    [Fact]
    public void IncidentTitle_StoredWithTheLimitInDecimalMB_StillReadInEnglish()
    {
        Assert.Equal("Grafana sent a notification too large to read (over 8.4 MB)",
            NoticeRenderer.IncidentTitle("Grafana からの通知が大きすぎて読めませんでした（8.4 MB 超）", Phrases.For(Language.En)));
    }

    [Fact]
    public void IncidentPage_InEnglish_ForARefusalIncidentOfAJapaneseTeam_SubjectInEnglish()
    {
        var incident = Incident.Open("INC-2026-0011", new NewIncident
        {
            Title = "Alertmanager からの通知が大きすぎて読めませんでした（9.0 MB）", Severity = AlertSeverity.Sev2, Source = "alertmanager",
        }, [], "alert:alertmanager", At);

        var mail = TestRenderer.Instance.Email(new IncidentPageNotice(Language.En, incident, IncidentNotice.Page, "Asia/Tokyo", null));

        Assert.Equal("[SEV2 incident] INC-2026-0011: Alertmanager sent a notification too large to read (9.0 MB)", mail.Subject);
        Assert.DoesNotContain("読めません", mail.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Alertmanager からの通知が大きすぎて読めませんでした（たくさん）")]
    [InlineData("決済画面が開かない")]
    [InlineData("Grafana からの通知を読めませんでした（形式の誤り）のため調査")]
    public void IncidentTitle_TheTeamsOwnWords_AsWritten(string title) =>
        Assert.Equal(title, NoticeRenderer.IncidentTitle(title, Phrases.For(Language.En)));
}
