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
/// 読めませんでした（9.0 MB）」. The incident now keeps the refusal as data (<see cref="Incident.Refusal"/>) and every reader's title
/// is worded from it, as a heartbeat alert's is; a title a person wrote, and any stored before the data was kept, read as written.
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

    private static Incident Opened(string title, RefusedDelivery? refusal) => Incident.Open("INC-2026-0011", new NewIncident
    {
        Title = title, Severity = AlertSeverity.Sev2, Source = "alertmanager", GroupKey = refusal?.GroupKey, Refusal = refusal,
    }, [], "alert:alertmanager", At);

    [Theory]
    [MemberData(nameof(Titles))]
    public void IncidentTitle_StoredInJapanese_WordedFromItsRefusalForEachReader(RefusedDelivery delivery, string ja, string en)
    {
        Assert.Equal(ja, Stored(delivery, Language.Ja));
        var incident = Opened(ja, delivery.Stored());

        Assert.Equal(en, NoticeRenderer.IncidentTitle(incident, Phrases.For(Language.En)));
        Assert.Equal(ja, NoticeRenderer.IncidentTitle(incident, Phrases.For(Language.Ja)));
        // Stored by a team that read English then: a Japanese reader reads it in Japanese.
        Assert.Equal(ja, NoticeRenderer.IncidentTitle(Opened(Stored(delivery, Language.En), delivery.Stored()), Phrases.For(Language.Ja)));
    }

    [Fact]
    public void IncidentPage_InEnglish_ForARefusalIncidentOfAJapaneseTeam_SubjectInEnglish()
    {
        var delivery = new RefusedDelivery(AlertSource.Alertmanager, RefusalCause.TooLarge, At, [], Bytes: 9_000_000, Limit: 8_000_000);
        var incident = Opened(Stored(delivery, Language.Ja), delivery);

        var mail = TestRenderer.Instance.Email(new IncidentPageNotice(Language.En, incident, IncidentNotice.Page, "Asia/Tokyo", null));

        Assert.Equal("[SEV2 incident] INC-2026-0011: Alertmanager sent a notification too large to read (9.0 MB)", mail.Subject);
        Assert.DoesNotContain("読めません", mail.Text, StringComparison.Ordinal);
    }

    /// <summary>
    /// An incident stored by a build before the refusal was kept as data has only its Japanese texts: its title, its alert's text and
    /// its timeline rows read as they were stored, for an English reader too — nothing is parsed back out of the words any more.
    /// </summary>
    [Fact]
    public void StoredBeforeTheRefusalWasKept_TitleTextAndRowsReadAsStored()
    {
        const string title = "Alertmanager からの通知が大きすぎて読めませんでした（9.0 MB）";
        const string text = "2026年12月6日(日) 03:12（JST）に Alertmanager から届いた通知（/api/alerts/alertmanager）を、OnDuty は 413 で受け付けませんでした。";
        var incident = Opened(title, null);

        Assert.Equal(title, NoticeRenderer.IncidentTitle(incident, Phrases.For(Language.En)));
        var mail = TestRenderer.Instance.Email(new IncidentPageNotice(Language.En, incident, IncidentNotice.Page, "Asia/Tokyo", null)
        {
            Alerts = [new FiredAlert(title, AlertSeverity.Sev2, AlertStatus.Firing) { Description = text }],
        });
        Assert.Equal($"[SEV2 incident] INC-2026-0011: {title}", mail.Subject);
        Assert.Contains(text, mail.Text, StringComparison.Ordinal);

        var row = new TimelineEntry { At = At, Kind = TimelineKind.AlertFired, By = "alert:alertmanager", AlertKey = "onduty:refused-too-large", Message = "413 で受け付けませんでした：too large" };
        var page = TestRenderer.Instance.Page(new IncidentWorkPageNotice(Language.En, new IncidentDetails(new(incident, "W/\"1\""), [], [row]), "W/\"etag\"",
            new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo", At) { RequestId = "req-1" });
        Assert.Contains("413 で受け付けませんでした：too large", page, StringComparison.Ordinal);
        Assert.Contains(title, page, StringComparison.Ordinal);
    }

    /// <summary>A title a person gave an incident about a refusal is theirs: shown as written to every reader.</summary>
    [Theory]
    [InlineData("決済画面が開かない")]
    [InlineData("Grafana からの通知を読めませんでした（形式の誤り）のため調査")]
    public void IncidentTitle_APersonsWords_AsWritten(string title)
    {
        var incident = Opened(title, new RefusedDelivery(AlertSource.Grafana, RefusalCause.Unreadable, At, ["$: malformed JSON"]));

        Assert.Equal(title, NoticeRenderer.IncidentTitle(incident, Phrases.For(Language.En)));
        Assert.Equal(title, NoticeRenderer.IncidentTitle(title, Phrases.For(Language.En)));
    }
}
