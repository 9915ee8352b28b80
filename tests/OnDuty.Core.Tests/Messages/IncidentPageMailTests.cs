using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The page mail as the duty member reads it on a phone at night (trial E: 390 px wide, one thumb).</summary>
public sealed class IncidentPageMailTests
{
    private static IncidentPageNotice Page(Language language)
    {
        var pair = new[] { new AssignedMember("ito", "伊藤 さくら", "ito@onduty.example", Language.Ja), new AssignedMember("yamada", "山田 太郎", "yamada@onduty.example", Language.Ja) };
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "決済APIのエラー率が5%を超えています", Severity = AlertSeverity.Sev2 }, pair, "alert:alertmanager",
            new DateTimeOffset(2026, 12, 6, 3, 10, 0, TimeSpan.FromHours(9)));
        return new IncidentPageNotice(language, incident, IncidentNotice.Page, "Asia/Tokyo", "https://onduty.example/api/ack/eyJ0.sig")
        {
            PageLink = "https://onduty.example/api/incidents/INC-2026-0001/page",
        };
    }

    /// <summary>
    /// The one thing to do is pressed with a thumb: the acknowledge link is a button-sized block (it was a 1.2em text link, a
    /// target one line high), coloured as the pages' own; and the facts' labels stay on one line (「重大\n度」「発生\n元」 at 390 px).
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "対応します", "重大度")]
    [InlineData(Language.En, "Acknowledge", "Severity")]
    public void Email_AckLinkIsAButtonSizedBlock_FactLabelsDoNotWrap(Language language, string ack, string label)
    {
        var html = TestRenderer.Instance.Email(Page(language)).Html;

        Assert.Contains(
            $"<a href=\"https://onduty.example/api/ack/eyJ0.sig\" style=\"display:inline-block;font-size:1.2em;font-weight:bold;padding:12px 28px;background:#b00020;color:#fff;border-radius:6px;text-decoration:none\">{ack}</a>",
            html, StringComparison.Ordinal);
        Assert.Contains($"<th style=\"text-align:left;padding-right:1em;vertical-align:top;white-space:nowrap\">{label}</th>", html, StringComparison.Ordinal);
    }
}
