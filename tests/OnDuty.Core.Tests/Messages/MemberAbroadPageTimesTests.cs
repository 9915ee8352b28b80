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

    [Fact]
    public void Recipients_DutyMember_CarriesTheirZone()
    {
        var pair = new[] { AssignedMember.From(new Member { Id = "emma", DisplayName = "Emma Clarke", Email = "emma@onduty.example", Language = Language.En, TimeZone = "America/Los_Angeles" }) };

        var recipient = Assert.Single(EscalationPolicy.Recipients(pair, 0, new IncidentOptions(), Language.Ja));

        Assert.Equal("America/Los_Angeles", recipient.TimeZone);
    }
}
