using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The declare form as rendered: what it says of the readers its notices reach.</summary>
public sealed class IncidentFormPageTests
{
    private static string Render(Language language, Action<CommsOptions> audiences)
    {
        var comms = new CommsOptions();
        audiences(comms);
        return TestRenderer.Instance.Page(new IncidentFormPageNotice(language, new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            RequestId = "req-1",
            SeverityAudiences = new Dictionary<AlertSeverity, IReadOnlyList<string>>
            {
                [AlertSeverity.Sev1] = ["execs", "support"],
                [AlertSeverity.Sev2] = ["support"],
                [AlertSeverity.Sev3] = ["support"],
                [AlertSeverity.Sev4] = [],
            },
            Readers = new AudienceRoster(TeamData.Members(), comms, Language.Ja).All(),
            AudienceNames = comms.AudienceNames(language),
        });
    }

    private static void Audiences(CommsOptions c, string execs, string support, params string[] supportMembers)
    {
        c.Audiences["execs"] = new AudienceOptions { Members = ["ceo@example.com", "cto@example.com"], Language = execs, DisplayName = "経営層", DisplayNameEn = "Executives" };
        c.Audiences["support"] = new AudienceOptions { Members = ["support-leads@example.com", .. supportMembers], Language = support, DisplayName = "サポート", DisplayNameEn = "Support" };
    }

    /// <summary>
    /// M2 (trial 33): a PM declaring an outage is told, above the button, that a SEV1's notices reach the English-reading executives
    /// as typed; a team whose audiences all read the page's language sees nothing.
    /// </summary>
    [Fact]
    public void DeclareForm_Sev1ReachesAnEnglishAudience_SaysItAboveTheButton_NothingWhenAllReadJapanese()
    {
        var english = Render(Language.Ja, c => Audiences(c, "en", "ja"));
        var note = "<p class=\"readers\" id=\"readers\">SEV1 で登録すると、報告は英語の読者（経営層：ceo@example.com・cto@example.com）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>";
        Assert.Contains(note, english, StringComparison.Ordinal);
        Assert.True(english.IndexOf(note, StringComparison.Ordinal) < english.IndexOf("id=\"declare\"", StringComparison.Ordinal));

        var japanese = Render(Language.Ja, c => Audiences(c, "ja", "ja", "sato"));
        Assert.DoesNotContain("class=\"readers\"", japanese, StringComparison.Ordinal);
    }

    /// <summary>
    /// M5 (trial 39): support is a Japanese audience with one English reader on the roster (emma). The Japanese form names her for
    /// every severity that tells support; the English form names the Japanese readers of each audience, not support as a whole.
    /// </summary>
    [Fact]
    public void DeclareForm_AnEnglishRosterMemberInAJapaneseAudience_NamesThem_PerReader()
    {
        var ja = Render(Language.Ja, c => Audiences(c, "ja", "ja", "emma"));
        Assert.Contains(
            "<p class=\"readers\" id=\"readers\">SEV1、SEV2、SEV3 で登録すると、報告は英語の読者（サポート：Emma Wilson）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>",
            ja, StringComparison.Ordinal);

        var en = Render(Language.En, c => Audiences(c, "ja", "ja", "emma"));
        Assert.Contains(
            "<p class=\"readers\" id=\"readers\">Declared as SEV1, SEV2, SEV3, its notices also reach Japanese readers (Executives: ceo@example.com &amp; cto@example.com; Support: support-leads@example.com). The title and what you write reach them as typed (nothing is translated).</p>",
            en, StringComparison.Ordinal);
    }

    /// <summary>More than three readers of an audience are counted, not named; a group is one entry, named as a group.</summary>
    [Fact]
    public void DeclareForm_ManyReadersInAnAudience_CountsThem_AGroupIsNamedAsOne()
    {
        var many = Render(Language.Ja, c => Audiences(c, "ja", "en", "emma", "a@example.com", "b@example.com"));
        Assert.Contains("英語の読者（サポート：宛先 4 件）にも届きます。", many, StringComparison.Ordinal);

        var group = Render(Language.Ja, c => Audiences(c, "ja", "en", "group:cs@example.com"));
        Assert.Contains("英語の読者（サポート：support-leads@example.com・グループ cs@example.com）にも届きます。", group, StringComparison.Ordinal);
    }
}
