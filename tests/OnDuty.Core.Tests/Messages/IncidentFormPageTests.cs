using OnDuty.Core.Alerts;
using OnDuty.Core.Comms;
using OnDuty.Core.Messages;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>The declare form as rendered: what it says of the readers its notices reach.</summary>
public sealed class IncidentFormPageTests
{
    private static string Render(Language language, Action<CommsOptions> audiences) =>
        RenderAsync(language, audiences, new InMemoryGroupDirectory { Enabled = false }).GetAwaiter().GetResult();

    /// <summary>The form as the page renders it: every audience's readers, groups expanded through <paramref name="directory"/>.</summary>
    private static async Task<string> RenderAsync(Language language, Action<CommsOptions> audiences, IGroupDirectory directory)
    {
        var comms = new CommsOptions();
        audiences(comms);
        var readers = await new AudienceRoster(TeamData.Members(), comms, Language.Ja).AllWithGroupsAsync(directory, TimeSpan.FromSeconds(3), default);
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
            Readers = readers,
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

    /// <summary>
    /// More than three readers of an audience are counted, not named; a group OnDuty cannot see into (no directory here) is named once,
    /// after them, as a list whose readers it cannot know.
    /// </summary>
    [Fact]
    public void DeclareForm_ManyReadersInAnAudience_CountsThem_AGroupItCannotSeeIntoIsNamedOnceAsAList()
    {
        var many = Render(Language.Ja, c => Audiences(c, "ja", "en", "emma", "a@example.com", "b@example.com"));
        Assert.Contains("英語の読者（サポート：宛先4件）にも届きます。", many, StringComparison.Ordinal);

        var group = Render(Language.Ja, c => Audiences(c, "ja", "en", "group:cs@example.com"));
        Assert.Contains("英語の読者（サポート：support-leads@example.com ほか、配布リスト cs@example.com の読者）にも届きます。", group, StringComparison.Ordinal);
        var en = Render(Language.En, c => Audiences(c, "en", "ja", "a@example.com", "b@example.com", "c@example.com", "group:cs@example.com"));
        Assert.Contains("also reach Japanese readers (Support: 4 addresses and the readers of the list cs@example.com).", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// A reader reached only through a group: support is Japanese and lists the group cs@example.com, which holds emma (English, on the
    /// roster) and a Japanese reader. The Japanese form names her as the notices will reach her; before, it said nothing (the group read
    /// as one Japanese entry). The English form names the Japanese readers, the group's among them, by the directory's name.
    /// </summary>
    [Fact]
    public async Task DeclareForm_AnEnglishReaderReachedOnlyThroughAGroup_NamedOnTheNote()
    {
        var directory = new InMemoryGroupDirectory();
        directory.Groups["cs@example.com"] = [new("emma@example.com", "Emma Wilson"), new("li@example.com", "李 偉")];

        var ja = await RenderAsync(Language.Ja, c => Audiences(c, "ja", "ja", "group:cs@example.com"), directory);
        Assert.Contains(
            "<p class=\"readers\" id=\"readers\">SEV1、SEV2、SEV3 で登録すると、報告は英語の読者（サポート：Emma Wilson）にも届きます。件名・内容は入力したまま届きます（翻訳はされません）。</p>",
            ja, StringComparison.Ordinal);
        var en = await RenderAsync(Language.En, c => Audiences(c, "en", "ja", "group:cs@example.com"), directory);
        Assert.Contains("also reach Japanese readers (Support: support-leads@example.com &amp; 李 偉).", en, StringComparison.Ordinal);
    }

    /// <summary>
    /// A keyboard or screen-reader user whose declaration comes back (400) lands on the first field with a problem, in the form's
    /// order (the name asked of an anonymous visitor before the title), and hears its problem; only that one field has the focus,
    /// and the empty form takes none.
    /// </summary>
    [Fact]
    public void DeclareForm_ShownAgainWithProblems_TheFirstFieldWithOneHasTheFocus_OnlyIt()
    {
        static string Form(Dictionary<string, string[]> errors) => TestRenderer.Instance.Page(
            new IncidentFormPageNotice(Language.Ja, new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo") { RequestId = "req-1", Errors = errors });

        var nameFirst = Form(new() { ["startedAt"] = ["future"], ["by"] = ["required"] });
        Assert.Contains("<input type=\"text\" id=\"f-by\" name=\"by\" value=\"\" maxlength=\"100\" required autocomplete=\"name\" aria-describedby=\"h-by e-by\" aria-invalid=\"true\" autofocus>", nameFirst, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(nameFirst, " autofocus[ >]"));

        var severityFirst = Form(new() { ["startedAt"] = ["future"], ["severity"] = ["required"] });
        Assert.Contains("<select id=\"f-severity\" name=\"severity\" required aria-describedby=\"e-severity\" aria-invalid=\"true\" autofocus>", severityFirst, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(severityFirst, " autofocus[ >]"));

        Assert.DoesNotContain("autofocus", Form([]), StringComparison.Ordinal);
    }
}
