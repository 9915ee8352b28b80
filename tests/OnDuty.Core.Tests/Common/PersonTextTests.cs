using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Common;

public sealed class PersonTextTests
{
    [Theory]
    [InlineData("伊藤\r\nATTENDEE:mailto:evil@onduty.example")]
    [InlineData("a\tb")]
    [InlineData("a\u0000b")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009Bb")]
    [InlineData("a\u2028b")]
    [InlineData("a\u2029b")]
    public void CheckLine_ControlCharacterOrSeparator_NamesTheField(string value)
    {
        var errors = new ValidationErrors().CheckLine("displayName", value);

        var ex = Assert.Throws<ValidationException>(errors.ThrowIfAny);
        Assert.Equal(["must not contain control characters or line breaks"], ex.Errors["displayName"]);
    }

    [Theory]
    [InlineData("伊藤 さくら")]
    [InlineData("Sakura Ito (SRE)")]
    [InlineData("")]
    [InlineData(null)]
    public void CheckLine_OrdinaryName_NoError(string? value)
    {
        Assert.False(new ValidationErrors().CheckLine("displayName", value).Any);
    }

    [Theory]
    [InlineData("伊藤\r\n対応します：https://evil.example", "伊藤 対応します：https://evil.example")]
    [InlineData("a\u0085\u2028b", "a b")]
    [InlineData("伊藤 さくら", "伊藤 さくら")]
    public void OneLine_StoredNameWithControls_EachRunBecomesOneSpace(string stored, string shown)
    {
        Assert.Equal(shown, PersonText.OneLine(stored));
    }

    [Fact]
    public void Plain_TitleWithBidiAndZeroWidth_DropsThemAndBreaksNoLine()
    {
        var title = "\uFEFFDB\u200B 遅延 \u202Egnp.exe\u202C\u2066x\u2069\r\nBcc: evil";

        Assert.Equal("DB 遅延 gnp.exex Bcc: evil", PersonText.Plain(title));
    }

    [Fact]
    public void WithoutInvisibleFormat_KeepsLines()
    {
        Assert.Equal("1行目\n2行目", PersonText.WithoutInvisibleFormat("1行目\u202E\n2行目\u200F"));
    }

    /// <summary>A joiner between two emoji is part of one emoji (👩‍💻, ❤️‍🔥, 🏳️‍🌈, 👨🏽‍🚀): kept; split, each would show as two pictures.</summary>
    [Theory]
    [InlineData("\U0001F469\u200D\U0001F4BB 対応中")]
    [InlineData("\u2764\uFE0F\u200D\U0001F525")]
    [InlineData("\U0001F3F3\uFE0F\u200D\U0001F308")]
    [InlineData("\U0001F468\U0001F3FD\u200D\U0001F680")]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466 family")]
    public void Plain_EmojiZwjSequence_StaysWhole(string title)
    {
        Assert.Equal(title, PersonText.Plain(title));
        Assert.Equal(title, PersonText.WithoutInvisibleFormat(title));
    }

    /// <summary>Anywhere but between two emoji the joiner is dropped like the other zero-width characters; around an emoji sequence, the others are too.</summary>
    [Theory]
    [InlineData("DB\u200D遅延", "DB遅延")]
    [InlineData("\u200D\U0001F4BB", "\U0001F4BB")]
    [InlineData("\U0001F469\u200D", "\U0001F469")]
    [InlineData("\U0001F469\u200Da", "\U0001F469a")]
    [InlineData("a\u200D\U0001F4BB", "a\U0001F4BB")]
    [InlineData("\U0001F469\u200D\u200D\U0001F4BB", "\U0001F469\U0001F4BB")]
    [InlineData("\u200B\U0001F469\u200D\U0001F4BB\u202E", "\U0001F469\u200D\U0001F4BB")]
    public void Plain_ZwjOutsideAnEmojiSequence_Dropped(string title, string shown)
    {
        Assert.Equal(shown, PersonText.Plain(title));
    }
}
