using OnDuty.Core.Retros;

namespace OnDuty.Core.Tests.Retros;

public sealed class LessonTokenizerTests
{
    [Theory]
    [InlineData("決済エラー", new[] { "決済", "済エ", "エラ", "ラー" })]
    [InlineData("ｴﾗｰ", new[] { "エラ", "ラー" })] // half-width katakana meets full-width
    [InlineData("iOS 17でクラッシュ", new[] { "ios", "17", "でク", "クラ", "ラッ", "ッシ", "シュ" })]
    [InlineData("ＡＰＩ　Timeouts", new[] { "api", "timeout" })] // full-width letters and space
    [InlineData("The retries of the Café", new[] { "retry", "cafe" })]
    [InlineData("status analysis class", new[] { "status", "analysis", "class" })]
    [InlineData("ログイン・決済", new[] { "ログ", "グイ", "イン", "決済" })] // ・ separates
    [InlineData("で", new string[0])] // one CJK character is no term
    public void Terms_JapaneseAndEnglish_Normalised(string text, string[] expected) =>
        Assert.Equal(expected, LessonTokenizer.Terms(text));

    [Fact]
    public void Tokenize_Offsets_PointIntoTheOriginalText()
    {
        const string text = "Web: ＡＰＩ 決済";
        var tokens = LessonTokenizer.Tokenize(text).ToList();

        Assert.Equal(["web", "api", "決済"], tokens.Select(t => t.Term));
        Assert.Equal("ＡＰＩ", text.Substring(tokens[1].Start, tokens[1].Length));
        Assert.Equal("決済", text.Substring(tokens[2].Start, tokens[2].Length));
    }

    [Fact]
    public void Frequencies_CountsEveryOccurrenceAcrossTexts()
    {
        var counts = LessonTokenizer.Frequencies(["決済が失敗", "決済 timeout", null, "Timeout!"]);

        Assert.Equal(2, counts["決済"]);
        Assert.Equal(2, counts["timeout"]);
    }

    [Fact]
    public void Terms_SurrogatePairs_SplitWordsInsteadOfJoiningThem()
    {
        Assert.Equal(["決済", "復旧"], LessonTokenizer.Terms("決済😀復旧"));
    }
}
