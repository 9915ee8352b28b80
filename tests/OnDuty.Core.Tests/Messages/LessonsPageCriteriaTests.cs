using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;
using OnDuty.Core.Seeding;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Messages;

/// <summary>
/// 「過去の教訓を探す」 with the judgement criteria its words find (session 43): a section 「判断基準」 / "Judgement criteria" above the
/// incidents, each criterion in the reader's language with its topic, the matched words marked in a piece of its text (every piece
/// encoded), linking to it on the criteria page; no section when nothing matches or nothing was asked.
/// </summary>
public sealed class LessonsPageCriteriaTests
{
    private readonly InMemoryCriteriaRepository _criteria = new();

    private async Task<IReadOnlyList<CriterionHit>> FindAsync(string q, params Criterion[] criteria)
    {
        var service = new CriteriaService(_criteria, new InMemoryIncidentRepository(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)));
        foreach (var criterion in criteria)
        {
            await service.AddAsync(criterion, CancellationToken.None);
        }

        return await new CriteriaSearch(_criteria).FindAsync(q, CriteriaSearch.Shown, CancellationToken.None);
    }

    private static string Page(Language language, string q, IReadOnlyList<CriterionHit> found) =>
        TestRenderer.Instance.Page(new LessonsPageNotice(language, q, [], "Asia/Tokyo") { Criteria = found });

    [Fact]
    public async Task LessonsPage_PaymentsSev1_Japanese_TheCriterionAboveTheIncidents_WordsMarkedAndLinked()
    {
        var html = Page(Language.Ja, "決済 SEV1", await FindAsync("決済 SEV1", DemoRoster.Criteria()[0]));

        Assert.Contains("""
            <h2 id="h-criteria">判断基準</h2>
            <ul id="criteria-hits">
            <li><a href="/api/criteria/page?lang=ja&amp;edit=demo-sev1-billing#edit">決済・請求に影響する障害は SEV1</a><span class="tag">重大度の判断</span><p class="snippet"><mark>決済</mark>が完了しない、二重に請求される、請求書が発行できないなど、お金の流れに影響する障害は、影響が一部のお客様でも <mark>SEV1</mark> として起票する。迷ったら <mark>SEV1</mark> で起票し、影響範囲が分かってから下げる。</p>
            </li>
            </ul>
            """.ReplaceLineEndings("\n"), html);
        Assert.True(html.IndexOf("id=\"h-criteria\"", StringComparison.Ordinal) < html.IndexOf("id=\"h-hits\"", StringComparison.Ordinal));
        // No incident found: said of the incidents, not as if nothing were.
        Assert.Contains("""<p class="none" id="none">該当する過去の障害は見つかりませんでした。</p>""", html);
        Assert.Contains(">「決済 SEV1」に該当する過去の障害：0件</h2>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LessonsPage_PaymentsSev1_English_TheEnglishTitleTopicAndText_WordsMarked()
    {
        var html = Page(Language.En, "決済 SEV1", await FindAsync("決済 SEV1", DemoRoster.Criteria()[0]));

        Assert.Contains("""<p class="none" id="none">No past incidents match these words.</p>""", html);
        Assert.Contains(">Past incidents for “決済 SEV1”: 0</h2>", html, StringComparison.Ordinal);
        Assert.Contains("""
            <h2 id="h-criteria">Judgement criteria</h2>
            <ul id="criteria-hits">
            <li><a href="/api/criteria/page?lang=en&amp;edit=demo-sev1-billing#edit">Outages that affect payment or billing are SEV1</a><span class="tag">Judging severity</span><p class="snippet">…invoices that cannot be issued — is declared <mark>SEV1</mark> even when only some customers are affected. When in doubt, declare <mark>SEV1</mark> and lower it once the impact is known.</p>
            </li>
            """.ReplaceLineEndings("\n"), html);
    }

    [Fact]
    public async Task LessonsPage_EnglishReader_JapaneseOnlyCriterion_TheJapaneseMarked()
    {
        var html = Page(Language.En, "応援", await FindAsync("応援", new Criterion { Id = "help", Title = "応援は 30 分で呼ぶ", Text = "30 分で見込みが立たなければ応援を呼ぶ。", Topic = "help", TopicName = "応援" }));

        Assert.Contains("""<li><a href="/api/criteria/page?lang=en&amp;edit=help#edit"><span lang="ja">応援は 30 分で呼ぶ</span></a> <span class="ja-only">(in Japanese)</span><span class="tag"><span lang="ja">応援</span> <span class="ja-only">(in Japanese)</span></span>""", html);
        Assert.Contains("""<p class="snippet"><span lang="ja">30 分で見込みが立たなければ<mark>応援</mark>を呼ぶ。</span> <span class="ja-only">(in Japanese)</span></p>""", html);
    }

    /// <summary>
    /// Session 43 read-through: the field a hit was found in is followed by the language's own separator — 「原因：」 then the text
    /// (it had a space after the full-width colon), "Cause: " then the text.
    /// </summary>
    [Theory]
    [InlineData(Language.Ja, "<p class=\"snippet\"><span class=\"field\">原因：</span>接続<mark>プール</mark>の上限が不足</p>")]
    [InlineData(Language.En, "<p class=\"snippet\"><span class=\"field\">Cause: </span>接続<mark>プール</mark>の上限が不足</p>")]
    public void LessonsPage_HitsField_ThenItsTextWithTheLanguagesSeparator(Language language, string expected)
    {
        var hit = new LessonHit("INC-2026-0001", "決済が遅い", OnDuty.Core.Alerts.AlertSeverity.Sev1, [], new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero), null, 1, 1.0,
            new LessonSnippet("cause", "接続プールの上限が不足", [new TextSpan(2, 3)]));

        var html = TestRenderer.Instance.Page(new LessonsPageNotice(language, "プール", [hit], "Asia/Tokyo"));

        Assert.Contains(expected, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LessonsPage_ScriptInACriterionsText_Encoded()
    {
        var html = Page(Language.Ja, "決済", await FindAsync("決済", new Criterion { Id = "x", Title = "決済 <b>注意</b>", Text = "<script>alert('x')</script> 決済が止まったら SEV1" }));

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>注意</b>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>決済</mark>が止まったら SEV1</p>", html, StringComparison.Ordinal);
        Assert.Contains("決済 &lt;b&gt;注意&lt;/b&gt;</a>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LessonsPage_NothingMatchesOrNoQuery_NoCriteriaSection()
    {
        var none = Page(Language.Ja, "請求書の再発行", await FindAsync("請求書の再発行", DemoRoster.Criteria()[1]));
        var empty = TestRenderer.Instance.Page(new LessonsPageNotice(Language.Ja, "", [], "Asia/Tokyo") { Criteria = await FindAsync("", DemoRoster.Criteria()[2]) });

        Assert.DoesNotContain("criteria-hits", none, StringComparison.Ordinal);
        Assert.Contains("""<p class="none" id="none">見つかりませんでした。別の言葉でも探してみてください。</p>""", none);
        Assert.Contains(">「請求書の再発行」の検索結果：0件</h2>", none, StringComparison.Ordinal);
        Assert.DoesNotContain("h-criteria", none, StringComparison.Ordinal);
        Assert.DoesNotContain("criteria-hits", empty, StringComparison.Ordinal);
        Assert.DoesNotContain("h-criteria", empty, StringComparison.Ordinal);
    }
}
