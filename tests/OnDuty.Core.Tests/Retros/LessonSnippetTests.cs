using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

public sealed class LessonSnippetTests
{
    [Fact]
    public void Find_OverlappingBigrams_OneHighlightOverTheWholeWord()
    {
        var terms = LessonTokenizer.Terms("決済エラー").ToHashSet();

        var snippet = LessonSnippet.Find([("summary", "本日、決済エラーが多発した。")], terms)!;

        Assert.Equal("summary", snippet.Field);
        var mark = Assert.Single(snippet.Highlights);
        Assert.Equal("決済エラー", snippet.Text.Substring(mark.Start, mark.Length));
    }

    [Fact]
    public void Find_LongText_CutAroundTheFirstMatchWithEveryMatchInside()
    {
        var text = new string('x', 500) + " the Payments timeout hit payments again " + new string('y', 500);

        var snippet = LessonSnippet.Find([("impact", null), ("wentWell", "nothing"), ("hardToJudge", text)], new HashSet<string> { "payment" })!;

        Assert.Equal("hardToJudge", snippet.Field);
        Assert.True(snippet.Text.Length <= LessonSnippet.Width);
        Assert.Equal(["Payments", "payments"], snippet.Highlights.Select(h => snippet.Text.Substring(h.Start, h.Length)));
    }

    [Fact]
    public void Find_SeveralFieldsMatch_TheOneWithMostQueryTermsWins()
    {
        var terms = LessonTokenizer.Terms("checkout timeout").ToHashSet();

        var snippet = LessonSnippet.Find([("title", "Checkout slow"), ("summary", "a timeout in checkout")], terms)!;

        Assert.Equal("summary", snippet.Field);
        Assert.Equal(2, snippet.Highlights.Count);
    }

    [Fact]
    public void Find_NoFieldMatches_Null() =>
        Assert.Null(LessonSnippet.Find([("summary", "all good")], new HashSet<string> { "決済" }));

    /// <summary>
    /// A hit found through the loanword table (`timeout` → 「タイムアウト」) had no snippet: the page showed it with no text and no
    /// mark (trial day 35, L2). The other spelling is cut and marked as the query's own words are, both ways.
    /// </summary>
    [Theory]
    [InlineData("timeout", "PSP-B 経由の決済がタイムアウトしていました", "タイムアウト")]
    [InlineData("Timeouts", "ゲートウェイでたいむあうとが続いた", "たいむあうと")]
    [InlineData("タイムアウト", "Checkout API requests hit the gateway timeouts", "timeouts")]
    [InlineData("latency", "検索のレイテンシーが悪化", "レイテンシー")]
    [InlineData("error", "ログイン時にエラーが表示される", "エラー")]
    public void Find_LoanwordsOtherSpelling_CutAndMarked(string query, string text, string marked)
    {
        var terms = LessonTokenizer.Terms(query).Select(LessonTokenizer.Fold).ToHashSet();

        var snippet = LessonSnippet.Find([("title", "障害"), ("cause", text)], terms)!;

        Assert.Equal("cause", snippet.Field);
        Assert.Equal([marked], snippet.Highlights.Select(h => snippet.Text.Substring(h.Start, h.Length)));
    }

    [Fact]
    public void Find_LoanwordNotInTheText_NoSnippet()
    {
        Assert.Null(LessonSnippet.Find([("cause", "ディスクが一杯になった")], new HashSet<string> { "timeout" }));
    }
}
