using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Common;

/// <summary>
/// One rule for "is this Japanese text": the renderer's names used a narrower copy of their own (no half-width kana, no CJK
/// punctuation), so 「ﾀﾅｶ ｹﾝ」 was not cut to the family name the way 「田中 健」 is.
/// </summary>
public sealed class TextScriptTests
{
    [Theory]
    [InlineData("タナカ ケン")]        // katakana only
    [InlineData("田中健")]            // kanji only
    [InlineData("たなか")]            // hiragana only
    [InlineData("ﾀﾅｶ ｹﾝ")]            // half-width katakana only
    [InlineData("ㇰ")]                // katakana phonetic extensions
    [InlineData("「」")]              // CJK punctuation only
    public void HasCjk_JapaneseScript_True(string text) => Assert.True(TextScript.HasCjk(text));

    [Theory]
    [InlineData("Liam Chen")]
    [InlineData("Émile Zoë")]
    [InlineData("ＡＰＩ １２３")]      // full-width Latin and digits: typed in Japanese, not Japanese script
    [InlineData("")]
    public void HasCjk_LatinScript_False(string text) => Assert.False(TextScript.HasCjk(text));

    [Theory]
    [InlineData("田中 健", "田中")]
    [InlineData("タナカ ケン", "タナカ")]
    [InlineData("ﾀﾅｶ ｹﾝ", "ﾀﾅｶ")]
    [InlineData("Liam Chen", "Liam Chen")]
    public void PersonName_JapaneseReaderOfAJapaneseMember_UsesTheSameRule(string displayName, string shown) =>
        Assert.Equal(shown, NoticeRenderer.PersonName(displayName, Language.Ja, Language.Ja));
}
