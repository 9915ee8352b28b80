using System.Text.Encodings.Web;
using System.Text.Unicode;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

public sealed class IsolatingHtmlEncoderTests
{
    private static readonly HtmlEncoder Inner = HtmlEncoder.Create(UnicodeRanges.All);

    [Fact]
    public void Encode_UnclosedRightToLeftOverride_IsolatedAndEncoded()
    {
        Assert.Equal("&#x2068;" + Inner.Encode("請求書\u202Egnp.exe<") + "&#x2069;", TemplateSet.Html.Encode("請求書\u202Egnp.exe<"));
    }

    /// <summary>An edit form shows the title isolated; posted back and shown again, it is isolated once, so it does not grow with each save.</summary>
    [Fact]
    public void Encode_ValueIsolatedAlready_IsolatedOnceNotAgain()
    {
        Assert.Equal(TemplateSet.Html.Encode("a\u202Eb"), TemplateSet.Html.Encode("\u2068a\u202Eb\u2069"));
    }

    [Theory]
    [InlineData("伊藤 さくら <b>")]
    [InlineData("👨\u200D💻 山田")]
    [InlineData("a\u200Bb")]
    public void Encode_NoDirectionalControl_AsTheInnerEncoder(string value)
    {
        Assert.Equal(Inner.Encode(value), TemplateSet.Html.Encode(value));
        using var writer = new StringWriter();
        TemplateSet.Html.Encode(writer, value);
        Assert.Equal(Inner.Encode(value), writer.ToString());
    }
}
