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
}
