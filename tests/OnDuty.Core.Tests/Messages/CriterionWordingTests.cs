using System.Net;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// Trial 39 L11: an English reader (Emma) reads a criterion's English words where the team gave them, else the Japanese marked
/// 「(in Japanese)」 — on the criteria page, the declare form's box, the retro page and the report; a Japanese reader always
/// reads the Japanese, unmarked.
/// </summary>
public sealed class CriterionWordingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 17, 50, 0, TimeSpan.Zero);

    private const string Mark = """ <span class="ja-only">(in Japanese)</span>""";

    /// <summary>Translated: its title, text and topic name have English words.</summary>
    private static readonly Criterion Billing = new()
    {
        Id = "sev1-billing", Title = "決済・請求に影響する障害は SEV1", Text = "お金の流れに影響する障害は SEV1 として起票する。",
        TitleEn = "Anything affecting payments or billing is SEV1", TextEn = "Declare SEV1 for any outage that touches the flow of money.",
        Topic = "severity", TopicName = "重大度の判断", TopicNameEn = "Severity calls", Version = 1, UpdatedAt = T0.AddDays(-3),
    };

    /// <summary>Japanese only, as every criterion stored before English words existed.</summary>
    private static readonly Criterion Help = new()
    {
        Id = "help", Title = "応援は 30 分で呼ぶ", Text = "30 分で復旧の見込みが立たなければ応援を呼ぶ。", Topic = "help", TopicName = "応援", Version = 1, UpdatedAt = T0.AddDays(-2),
    };

    private static string Render(Notice notice) => WebUtility.HtmlDecode(TestRenderer.Instance.Page(notice));

    private static string CriteriaPage(Language language, Criterion? editing = null) =>
        Render(new CriteriaPageNotice(language, [Billing, Help], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo") { Editing = editing, History = editing is null ? [] : [editing] });

    [Fact]
    public void CriteriaPage_EnglishReader_EnglishWordsWhereGiven_TheJapaneseMarkedWhereNot()
    {
        var html = CriteriaPage(Language.En);

        Assert.Contains("""<b>Anything affecting payments or billing is SEV1</b><span class="tag">Severity calls</span>""", html);
        Assert.Contains("""<p class="text">Declare SEV1 for any outage that touches the flow of money.</p>""", html);
        Assert.Contains($"""<b><span lang="ja">応援は 30 分で呼ぶ</span></b>{Mark}<span class="tag"><span lang="ja">応援</span>{Mark}</span>""", html);
        Assert.Contains($"""<p class="text"><span lang="ja">30 分で復旧の見込みが立たなければ応援を呼ぶ。</span>{Mark}</p>""", html);
        Assert.DoesNotContain("決済・請求に影響する障害は SEV1", html);
        Assert.DoesNotContain("重大度の判断", html);
    }

    [Fact]
    public void CriteriaPage_JapaneseReader_AlwaysTheJapanese_Unmarked()
    {
        var html = CriteriaPage(Language.Ja);

        Assert.Contains("""<b>決済・請求に影響する障害は SEV1</b><span class="tag">重大度の判断</span>""", html);
        Assert.Contains("""<b>応援は 30 分で呼ぶ</b><span class="tag">応援</span>""", html);
        Assert.DoesNotContain("class=\"ja-only\"", html);
        Assert.DoesNotContain("Anything affecting payments", html);
    }

    [Fact]
    public void CriteriaPage_EditForm_TheEnglishFieldsLabelledAndFilled_TheHeadingInTheReadersWords()
    {
        var en = CriteriaPage(Language.En, Billing);
        var ja = CriteriaPage(Language.Ja, Help);

        Assert.Contains("""<label for="edit-titleEn">Title in English (optional)</label>""", en);
        Assert.Contains("""<label for="edit-textEn">Description in English (optional)</label>""", en);
        Assert.Contains("""<label for="edit-topicNameEn">Topic name in English (optional)</label>""", en);
        Assert.Contains("name=\"titleEn\" value=\"Anything affecting payments or billing is SEV1\" maxlength=\"200\"", en);
        Assert.Contains(""">Declare SEV1 for any outage that touches the flow of money.</textarea>""", en);
        Assert.Contains("""<h2 id="edit">Edit “Anything affecting payments or billing is SEV1”</h2>""", en);
        Assert.Contains("""<label for="edit-titleEn">英語のタイトル（任意）</label>""", ja);
        Assert.Contains("""<label for="edit-textEn">英語の説明（任意）</label>""", ja);
        Assert.Contains("""<label for="add-titleEn">英語のタイトル（任意）</label>""", ja);
        Assert.Contains("name=\"titleEn\" value=\"\" maxlength=\"200\"", ja);
    }

    /// <summary>
    /// A version that changed only the English words showed a Japanese reader the same words as the version before, with nothing
    /// to say what changed. Each version whose English words changed says so in both languages, English readers with the new words;
    /// one that changed only the Japanese says nothing of English.
    /// </summary>
    [Fact]
    public void CriteriaPage_History_AVersionChangingTheEnglishWords_SaysWhichInBothLanguages()
    {
        var v2 = Billing with { TitleEn = "Payments or billing affected: SEV1", TextEn = "Declare SEV1 for any outage that touches money.", Version = 2, UpdatedAt = T0.AddDays(-2) };
        var v3 = v2 with { TitleEn = null, TopicNameEn = "Severity", Version = 3, UpdatedAt = T0.AddDays(-1) };
        var v4 = v3 with { Text = "お金の流れに少しでも影響する障害は SEV1 として起票する。", Version = 4, UpdatedAt = T0 };
        string Page(Language language) =>
            Render(new CriteriaPageNotice(language, [v4, Help], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo") { Editing = v4, History = [Billing, v2, v3, v4] });

        var ja = Page(Language.Ja);
        var en = Page(Language.En);

        Assert.Equal(
            ["英語の表記を変更しました（タイトルを削除、分類の表示名）。", "英語の表記を変更しました（タイトル、説明）。"],
            EnglishChanges(ja));
        Assert.Equal(
            ["English wording changed: title removed, topic name “Severity”.", "English wording changed: title “Payments or billing affected: SEV1”, description."],
            EnglishChanges(en));
        Assert.Matches("""<li><b>第3版</b>[^<]*<p class="meta">英語の表記を変更しました（タイトルを削除、分類の表示名）。</p><details>""", ja);
        Assert.Matches("""<li><b>Version 2</b>[^<]*<p class="meta">English wording changed: title “Payments or billing affected: SEV1”, description.</p><details>""", en);
        Assert.Matches("""<li><b>第4版</b>[^<]*<details>""", ja);
        Assert.Matches("""<li><b>第1版</b>[^<]*<details>""", ja);
    }

    private static List<string> EnglishChanges(string html) =>
        [.. System.Text.RegularExpressions.Regex.Matches(html, """<p class="meta">((?:英語の表記|English wording)[^<]*)</p>""").Select(m => m.Groups[1].Value)];

    [Fact]
    public void DeclareForm_EnglishReader_TheCriteriaBoxInEnglishOrMarked()
    {
        string Html(Language language) => Render(new IncidentFormPageNotice(language, new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo") { RequestId = "req-1", Criteria = [Billing, Help] });

        Assert.Contains("<li><b>Anything affecting payments or billing is SEV1</b> — Declare SEV1 for any outage that touches the flow of money.</li>", Html(Language.En));
        // In Japanese throughout: one line, marked once at its end.
        Assert.Contains($"<li><b><span lang=\"ja\">応援は 30 分で呼ぶ</span></b> — <span lang=\"ja\">30 分で復旧の見込みが立たなければ応援を呼ぶ。</span>{Mark}</li>", Html(Language.En));
        Assert.Contains("<li><b>応援は 30 分で呼ぶ</b> — 30 分で復旧の見込みが立たなければ応援を呼ぶ。</li>", Html(Language.Ja));
        Assert.Contains("<li><b>決済・請求に影響する障害は SEV1</b> — お金の流れに影響する障害は SEV1 として起票する。</li>", Html(Language.Ja));
    }

    [Fact]
    public void RetroPageAndReport_EnglishReader_CriteriaInEnglishOrMarked()
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident { Title = "請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.Resolve("sato", T0.AddMinutes(45));
        var content = new RetroContent
        {
            Summary = "s",
            CriteriaChanges = [new CriterionChange { CriterionId = "sev1-billing", Note = "請求書も含める" }, new CriterionChange { CriterionId = "help", Note = "20 分に" }],
        };
        var retro = new StoredRetro(incident.Id, content, new RetroVersion(1, "sato", T0.AddHours(10)), LessonDocument.For(incident, content));
        string Page(Language language) =>
            Render(new RetroPageNotice(language, new RetroState(incident, null, []), [], [Billing, Help], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
            {
                Values = new Dictionary<string, string>(),
            });
        string Report(Language language) => Render(new RetroReportNotice(language, incident, retro, [], [Billing, Help], "Asia/Tokyo"));

        Assert.Contains("<span><b>Anything affecting payments or billing is SEV1</b><small>Declare SEV1 for any outage that touches the flow of money.</small></span>", Page(Language.En));
        Assert.Contains($"<span><b><span lang=\"ja\">応援は 30 分で呼ぶ</span></b>{Mark}<small><span lang=\"ja\">30 分で復旧の見込みが立たなければ応援を呼ぶ。</span>{Mark}</small></span>", Page(Language.En));
        Assert.Contains("<span><b>応援は 30 分で呼ぶ</b><small>30 分で復旧の見込みが立たなければ応援を呼ぶ。</small></span>", Page(Language.Ja));
        Assert.Contains("<tr><th scope=\"row\">Anything affecting payments or billing is SEV1</th><td><p>請求書も含める</p><p class=\"meta\">Current criterion: Declare SEV1 for any outage that touches the flow of money.</p></td></tr>", Report(Language.En));
        Assert.Contains("<tr><th scope=\"row\">応援は 30 分で呼ぶ (in Japanese)</th><td><p>20 分に</p><p class=\"meta\">Current criterion: 30 分で復旧の見込みが立たなければ応援を呼ぶ。 (in Japanese)</p></td></tr>", Report(Language.En));
        Assert.Contains("<tr><th scope=\"row\">応援は 30 分で呼ぶ</th><td><p>20 分に</p><p class=\"meta\">現在の基準：30 分で復旧の見込みが立たなければ応援を呼ぶ。</p></td></tr>", Report(Language.Ja));
    }

    /// <summary>
    /// Two people writing the retro at once: the one who saved second reads the other's version under the form, its criteria by
    /// the ids stored (「sev1-billing: 請求書も含める」) while the form above named them by title. Now by title, as the form does, in the
    /// reader's words; a criterion no longer on the list keeps its id (as the report does).
    /// </summary>
    [Fact]
    public void RetroPage_TheirVersionAfterAConcurrentSave_NamesTheCriteriaByTitle_NotById()
    {
        var incident = Incident.Open("INC-2026-0002", new NewIncident { Title = "請求書PDFがダウンロードできない", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        incident.Resolve("sato", T0.AddMinutes(45));
        var content = new RetroContent
        {
            Summary = "s",
            CriteriaChanges =
            [
                new CriterionChange { CriterionId = "sev1-billing", Note = "請求書も含める" },
                new CriterionChange { CriterionId = "help" },
                new CriterionChange { CriterionId = "retired-one", Note = "廃止" },
            ],
        };
        var theirs = new StoredRetro(incident.Id, content, new RetroVersion(2, "yamada", T0.AddHours(10)), LessonDocument.For(incident, content));
        string Page(Language language) =>
            Render(new RetroPageNotice(language, new RetroState(incident, new Versioned<StoredRetro>(theirs, "W/\"v2\""), []), [], [Billing, Help], new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
            {
                Values = new Dictionary<string, string> { ["summary"] = "mine" },
                Stale = true,
            });

        Assert.Contains("<dt>この振り返りで見直す判断基準</dt><dd>決済・請求に影響する障害は SEV1：請求書も含める\n応援は 30 分で呼ぶ\nretired-one：廃止</dd>", Page(Language.Ja));
        Assert.Contains(
            "<dt>Judgement criteria this retro changes</dt><dd>Anything affecting payments or billing is SEV1: 請求書も含める\n応援は 30 分で呼ぶ (in Japanese)\nretired-one: 廃止</dd>",
            Page(Language.En));
        Assert.DoesNotContain("sev1-billing", Page(Language.Ja).Split("<h2 id=\"h-current\">")[1]);
    }

    [Fact]
    public void EnglishReader_ATitleTypedInEnglishAlready_IsNotMarked()
    {
        var html = Render(new IncidentFormPageNotice(Language.En, new FormToken("t", "v"), PageVisitor.Anonymous, "Asia/Tokyo")
        {
            RequestId = "req-1",
            Criteria = [Help with { Title = "Call for help after 30 minutes" }],
        });

        Assert.Contains($"<li><b>Call for help after 30 minutes</b> — <span lang=\"ja\">30 分で復旧の見込みが立たなければ応援を呼ぶ。</span>{Mark}</li>", html);
    }
}
