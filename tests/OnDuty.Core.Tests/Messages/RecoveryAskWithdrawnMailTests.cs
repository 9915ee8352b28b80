using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// 【復旧の報告は不要・再発】 opened on its lead sentence where 【復旧の報告をお願いします】, the ask it withdraws, and the other incident
/// mails open with the incident's id and title as a heading: the reader of the HTML saw no incident named before the sentence. It is
/// laid out as the ask now, heading, lead, who holds it and the page, the title encoded.
/// </summary>
public sealed class RecoveryAskWithdrawnMailTests
{
    private static readonly DateTimeOffset At = new(2027, 1, 12, 11, 20, 0, TimeSpan.FromHours(9));

    private static RecoveryAskWithdrawnNotice Notice(Language language, string title) => new(
        language,
        Incident.Open("INC-2027-0011", new NewIncident { Title = title, Severity = AlertSeverity.Sev2, Source = "alertmanager" }, [], "alert:alertmanager", At.AddHours(-1)),
        new WithdrawnRecoveryAsk { Round = 1, Asks = 1, RecoveredAt = At, ReopenedAt = At.AddMinutes(40) },
        "Asia/Tokyo")
    {
        Link = "https://onduty.example/api/incidents/INC-2027-0011/page",
        TakenBy = "田中 健",
    };

    [Theory]
    [InlineData(Language.Ja, "障害ページを開く")]
    [InlineData(Language.En, "Open the incident page")]
    public void Email_Html_OpensWithTheIncidentAsItsHeading_TitleEncoded(Language language, string linkLabel)
    {
        var mail = TestRenderer.Instance.Email(Notice(language, "決済 <b>API</b> & 5xx"));

        var heading = "<h2>INC-2027-0011 決済 &lt;b&gt;API&lt;/b&gt; &amp; 5xx</h2>";
        Assert.Contains(heading, mail.Html, StringComparison.Ordinal);
        Assert.True(mail.Html.IndexOf(heading, StringComparison.Ordinal) < mail.Html.IndexOf(language == Language.Ja ? "関係者への復旧の報告は送らないでください" : "recovery", StringComparison.Ordinal));
        Assert.DoesNotContain("<b>API", mail.Html, StringComparison.Ordinal);
        Assert.Contains($"<a href=\"https://onduty.example/api/incidents/INC-2027-0011/page\" style=\"font-size:1.2em\">{linkLabel}</a>", mail.Html, StringComparison.Ordinal);
        Assert.Contains("田中 健", mail.Html, StringComparison.Ordinal);
        Assert.StartsWith("INC-2027-0011 決済 <b>API</b> & 5xx\n", mail.Text, StringComparison.Ordinal);
    }

    /// <summary>Nobody holds it and no <c>Team__PublicBaseUrl</c>: the heading and the lead, no empty table, no link, no run of blank lines.</summary>
    [Fact]
    public void Email_NoHolderNoLink_HeadingAndLeadOnly()
    {
        var mail = TestRenderer.Instance.Email(Notice(Language.Ja, "決済APIの5xx") with { TakenBy = null, Link = null });

        Assert.Contains("<h2>INC-2027-0011 決済APIの5xx</h2>", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<table", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<a ", mail.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", mail.Text, StringComparison.Ordinal);
        Assert.EndsWith("関係者への復旧の報告は送らないでください。", mail.Text.TrimEnd(), StringComparison.Ordinal);
    }
}
