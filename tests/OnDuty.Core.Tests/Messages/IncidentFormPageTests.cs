using OnDuty.Core.Alerts;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The declare form as rendered: what it says of the readers its notices reach.</summary>
public sealed class IncidentFormPageTests
{
    private static string Render(Language language, Dictionary<string, Language> languages) =>
        TestRenderer.Instance.Page(new IncidentFormPageNotice(language, new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            RequestId = "req-1",
            SeverityAudiences = new Dictionary<AlertSeverity, IReadOnlyList<string>>
            {
                [AlertSeverity.Sev1] = ["execs", "support"],
                [AlertSeverity.Sev2] = ["support"],
                [AlertSeverity.Sev3] = ["support"],
                [AlertSeverity.Sev4] = [],
            },
            AudienceLanguages = languages,
            AudienceNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["execs"] = "経営層", ["support"] = "サポート" },
        });

    /// <summary>
    /// M2 (trial 33): a PM declaring an outage is told, above the button, that a SEV1's notices reach the English-reading executives
    /// as typed; a team whose audiences all read the page's language sees nothing.
    /// </summary>
    [Fact]
    public void DeclareForm_Sev1ReachesAnEnglishAudience_SaysItAboveTheButton_NothingWhenAllReadJapanese()
    {
        var english = Render(Language.Ja, new(StringComparer.OrdinalIgnoreCase) { ["execs"] = Language.En, ["support"] = Language.Ja });
        var note = "<p class=\"readers\" id=\"readers\">SEV1 で登録すると、報告は英語の読者（経営層）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>";
        Assert.Contains(note, english, StringComparison.Ordinal);
        Assert.True(english.IndexOf(note, StringComparison.Ordinal) < english.IndexOf("id=\"declare\"", StringComparison.Ordinal));

        var japanese = Render(Language.Ja, new(StringComparer.OrdinalIgnoreCase) { ["execs"] = Language.Ja, ["support"] = Language.Ja });
        Assert.DoesNotContain("class=\"readers\"", japanese, StringComparison.Ordinal);
    }
}
