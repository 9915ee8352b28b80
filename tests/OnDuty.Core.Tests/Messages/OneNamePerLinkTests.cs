using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Session 45: one thing, one name. The maintenance page was 「メンテナンスを登録する」 / "Plan maintenance" from the status page and
/// 「メンテナンスの登録と終了」 / "Plan and end maintenance" (its title) from the declare and duty pages; the lessons page opened
/// "the incident" where every other link opens "the incident page"; the incident page's button was "I'm on it (acknowledge)" where
/// the mails and cards say "Acknowledge" (ja 「対応します」 on both).
/// </summary>
public sealed class OneNamePerLinkTests
{
    private static string Page(Language language, string name) =>
        TestRenderer.Instance.Page(NoticeSamples.All(language).First(s => s.Name == name).Notice);

    [Theory]
    [InlineData(Language.Ja, "メンテナンスの登録と終了")]
    [InlineData(Language.En, "Plan and end maintenance")]
    public void MaintenanceLink_StatusPageAndDeclareForm_NameThePageByItsTitle(Language language, string name)
    {
        var query = language == Language.Ja ? "?lang=ja" : "?lang=en";

        Assert.Contains($"<a href=\"/api/status/maintenance{query}\" id=\"maintenance-link\">{name}</a>", Page(language, "pm-status-page"), StringComparison.Ordinal);
        Assert.Contains($"<a href=\"/api/status/maintenance{query}\">{name}</a>", Page(language, "pm-form"), StringComparison.Ordinal);
        Assert.Contains($"<title>{name}</title>", Page(language, "maintenance-page"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "障害ページを開く")]
    [InlineData(Language.En, "Open the incident page")]
    public void LessonsPage_IncidentLink_IsNamedAsElsewhere(Language language, string name)
    {
        var query = language == Language.Ja ? "?lang=ja" : "?lang=en";

        Assert.Contains($"<a href=\"/api/incidents/INC-2026-0102/page{query}\">{name}</a>", Page(language, "lessons-page"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Language.Ja, "対応します")]
    [InlineData(Language.En, "Acknowledge")]
    public void IncidentPage_AckButton_SaysWhatTheMailsSay(Language language, string button)
    {
        Assert.Contains($"<button type=\"submit\" class=\"ack\" id=\"ack\">{button}</button>", Page(language, "pm-incident-page-grouped"), StringComparison.Ordinal);
    }
}
