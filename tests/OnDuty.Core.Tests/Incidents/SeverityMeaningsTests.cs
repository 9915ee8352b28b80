using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>
/// A reader found a Japanese page showing the admin's English meaning of SEV1 (<c>Incidents__SeverityMeanings__Sev1</c> was one
/// language for everyone). The admin can now give each language its own (<c>…__Sev1Ja</c>, <c>…__Sev1En</c>, as audience and
/// closure names have their <c>…En</c>), each falling back to the one for everyone, then to the phrase files.
/// </summary>
public sealed class SeverityMeaningsTests
{
    private static IncidentOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOnDutyCore();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<IncidentOptions>>().Value;
    }

    [Fact]
    public void For_EachLanguageItsOwn_ElseTheOneForEveryone_ElseNone()
    {
        var meanings = Resolve(new()
        {
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Incidents:Leads:0"] = "lead@example.com",
            ["Incidents:OrganisationList"] = "pm-org@example.com",
            ["Incidents:SeverityMeanings:Sev1Ja"] = "全面停止",
            ["Incidents:SeverityMeanings:Sev1En"] = "Down for everyone",
            ["Incidents:SeverityMeanings:Sev2"] = "Major feature broken",
            ["Incidents:SeverityMeanings:Sev2Ja"] = " ",
            ["Incidents:SeverityMeanings:Sev3En"] = "Partly degraded",
        }).SeverityMeanings;

        Assert.Equal(("全面停止", "Down for everyone"), (meanings.For(AlertSeverity.Sev1, Language.Ja), meanings.For(AlertSeverity.Sev1, Language.En)));
        // Only the one for everyone (a blank one for a language is unset): both read it, as before.
        Assert.Equal(("Major feature broken", "Major feature broken"), (meanings.For(AlertSeverity.Sev2, Language.Ja), meanings.For(AlertSeverity.Sev2, Language.En)));
        // English only: a Japanese reader keeps the phrase files' wording (null), not the English.
        Assert.Equal(((string?)null, "Partly degraded"), (meanings.For(AlertSeverity.Sev3, Language.Ja), meanings.For(AlertSeverity.Sev3, Language.En)));
        Assert.Null(meanings.For(AlertSeverity.Sev4, Language.Ja));
    }

    /// <summary>The declare form's severity choices, as each page shows them.</summary>
    [Theory]
    [InlineData(Language.Ja, "SEV1 — 全面停止", "SEV2 — 主要機能が多数のユーザーで利用不可")]
    [InlineData(Language.En, "SEV1 — Down for everyone", "SEV2 — Major feature broken for many users")]
    public void DeclareForm_ShowsTheMeaningInThePagesLanguage(Language language, string sev1, string sev2)
    {
        var html = TestRenderer.Instance.Page(new IncidentFormPageNotice(language, new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            RequestId = "req-1",
            SeverityMeanings = new SeverityMeanings { Sev1Ja = "全面停止", Sev1En = "Down for everyone" },
        });

        Assert.Contains(sev1, html, StringComparison.Ordinal);
        Assert.Contains(sev2, html, StringComparison.Ordinal);
        Assert.DoesNotContain(language == Language.Ja ? "Down for everyone" : "全面停止", html, StringComparison.Ordinal);
    }
}
