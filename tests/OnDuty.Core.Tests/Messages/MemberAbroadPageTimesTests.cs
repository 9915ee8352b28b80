using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 59: a page at 03:00 JST to a duty member who lives in San Francisco (10:00 PST the day before for her) says when it was
/// detected and started in her time first, Tokyo's beside it; the team's readers and the channel read JST as before.
/// </summary>
public sealed class MemberAbroadPageTimesTests
{
    private static IncidentPageNotice Page(Language language, string? readerZone)
    {
        var pair = new[] { new AssignedMember("emma", "Emma Clarke", "emma@onduty.example", Language.En) { TimeZone = "America/Los_Angeles" }, new AssignedMember("sato", "佐藤 健", "sato@onduty.example", Language.Ja) };
        var detected = new DateTimeOffset(2026, 12, 8, 3, 0, 0, TimeSpan.FromHours(9));
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー率が5%を超えています", Severity = AlertSeverity.Sev2, StartedAt = detected.AddMinutes(-2) }, pair, "alert:alertmanager", detected);
        return new IncidentPageNotice(language, incident, IncidentNotice.Page, "Asia/Tokyo", "https://onduty.example/api/ack/eyJ0.sig") { ReaderTimeZone = readerZone };
    }

    private static string Text(IncidentPageNotice notice) => TestRenderer.Instance.Email(notice).Text.ReplaceLineEndings("\n");

    [Fact]
    public void PageMail_ToTheMemberAbroad_DetectedAndStartedInHerTimeFirst()
    {
        var en = Text(Page(Language.En, "America/Los_Angeles"));
        Assert.Contains("Detected: Mon 7 Dec 2026 10:00 PST (8 Dec 03:00 JST)\nStarted: 09:58 (PST, 2 min before detection)\n", en, StringComparison.Ordinal);

        var ja = Text(Page(Language.Ja, "America/Los_Angeles"));
        Assert.Contains("検知：2026年12月7日(月) 10:00（PST）／12月8日 03:00（JST）\n発生：09:58（PST、検知の2分前）\n", ja, StringComparison.Ordinal);
    }

    [Fact]
    public void PageMail_InTheTeamsZone_JstAlone()
    {
        Assert.Contains("Detected: Tue 8 Dec 2026 03:00 (JST)\nStarted: 02:58 (JST, 2 min before detection)\n", Text(Page(Language.En, null)), StringComparison.Ordinal);
        Assert.Contains("Detected: Tue 8 Dec 2026 03:00 (JST)\n", Text(Page(Language.En, "Asia/Tokyo")), StringComparison.Ordinal);
    }

    private static string Sample(string name, NoticeForm form, Language language)
    {
        var notice = NoticeSamples.All(language).Single(s => s.Name == name && s.Form == form).Notice;
        return (form == NoticeForm.Text ? TestRenderer.Instance.Text(notice) : TestRenderer.Instance.Email(notice).Text).ReplaceLineEndings("\n");
    }

    [Fact]
    public void CombinedEscalationMail_ToTheMemberAbroad_EachIncidentInHerTimeFirst()
    {
        // Detected at 11:00 JST, 18:00 the evening before in San Francisco.
        var en = Sample("incidents-escalated-abroad", NoticeForm.Email, Language.En);
        Assert.Contains("INC-20270112-001 Checkout fails for card payments\nDetected Mon 11 Jan 2027 18:00 PST (12 Jan 11:00 JST)\n", en, StringComparison.Ordinal);
        Assert.DoesNotContain("Detected Tue 12 Jan 2027 11:00 (JST)", en, StringComparison.Ordinal);
        var ja = Sample("incidents-escalated-abroad", NoticeForm.Email, Language.Ja);
        Assert.Contains("検知 2027年1月11日(月) 18:00（PST）／1月12日 11:00（JST）\n", ja, StringComparison.Ordinal);

        // A first page a maintenance window held: until when, in her time too.
        var held = Sample("incidents-paged-after-maintenance-abroad", NoticeForm.Email, Language.Ja);
        Assert.Contains("検知 2027年1月11日(月) 16:40（PST）／1月12日 09:40（JST）\n呼び出し保留：2027年1月11日(月) 18:00（PST）／1月12日 11:00（JST）まで保留していました", held, StringComparison.Ordinal);
    }

    [Fact]
    public void CombinedEscalationMail_InTheTeamsZone_JstAlone()
    {
        Assert.Contains("Detected Tue 12 Jan 2027 11:00 (JST)\n", Sample("incidents-escalated", NoticeForm.Email, Language.En), StringComparison.Ordinal);
        Assert.Contains("呼び出し保留：2027年1月12日(火) 11:00（JST）まで", Sample("incidents-paged-after-maintenance", NoticeForm.Email, Language.Ja), StringComparison.Ordinal);
    }

    [Fact]
    public void ReopenedText_ToTheMemberAbroad_HerClockFirst()
    {
        Assert.Contains("\nReopened at 18:18 PST (12 Jan 11:18 JST)\n", Sample("sms-page-reopened-abroad", NoticeForm.Text, Language.En), StringComparison.Ordinal);
        Assert.Contains("\n再発：18:18（PST）／1月12日 11:18（JST）\n", Sample("sms-page-reopened-abroad", NoticeForm.Text, Language.Ja), StringComparison.Ordinal);
        Assert.Contains("\n再発：11:18（JST）\n", Sample("sms-page-reopened-after-recovery-notice", NoticeForm.Text, Language.Ja), StringComparison.Ordinal);
    }

    [Fact]
    public void Recipients_DutyMember_CarriesTheirZone()
    {
        var pair = new[] { AssignedMember.From(new Member { Id = "emma", DisplayName = "Emma Clarke", Email = "emma@onduty.example", Language = Language.En, TimeZone = "America/Los_Angeles" }) };

        var recipient = Assert.Single(EscalationPolicy.Recipients(pair, 0, new IncidentOptions(), Language.Ja));

        Assert.Equal("America/Los_Angeles", recipient.TimeZone);
    }

    /// <summary>
    /// Session 61: her clocks fall back on Sun 7 Nov 2027 (02:00 PDT → 01:00 PST), so 01:30 comes twice. Each page names the 01:30 it
    /// was, by its zone and by Tokyo's hour beside it; a start before the change and a detection after it each say their own zone.
    /// </summary>
    [Theory]
    [InlineData("2027-11-07T08:30:00Z", 2, "Detected: Sun 7 Nov 2027 01:30 PDT (17:30 JST)\nStarted: 01:28 (PDT, 2 min before detection)\n")]
    [InlineData("2027-11-07T09:30:00Z", 2, "Detected: Sun 7 Nov 2027 01:30 PST (18:30 JST)\nStarted: 01:28 (PST, 2 min before detection)\n")]
    [InlineData("2027-11-07T09:05:00Z", 10, "Detected: Sun 7 Nov 2027 01:05 PST (18:05 JST)\nStarted: 01:55 (PDT, 10 min before detection)\n")]
    public void PageMail_ToTheMemberAbroad_InTheHourHerClocksRepeat_NamesWhichOne(string detectedAt, int minutesBefore, string expected)
    {
        var pair = new[] { new AssignedMember("emma", "Emma Clarke", "emma@onduty.example", Language.En) { TimeZone = "America/Los_Angeles" } };
        var detected = DateTimeOffset.Parse(detectedAt, System.Globalization.CultureInfo.InvariantCulture);
        var incident = Incident.Open("INC-2027-0001", new NewIncident { Title = "決済APIのエラー率が5%を超えています", Severity = AlertSeverity.Sev2, StartedAt = detected.AddMinutes(-minutesBefore) }, pair, "alert:alertmanager", detected);

        Assert.Contains(expected, Text(new IncidentPageNotice(Language.En, incident, IncidentNotice.Page, "Asia/Tokyo", "https://onduty.example/api/ack/eyJ0.sig") { ReaderTimeZone = "America/Los_Angeles" }), StringComparison.Ordinal);
    }
}
