using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Common;

public sealed class LoggedTextTests
{
    [Fact]
    public void Escape_GroupKeyWithNewline_StaysOneLineAndCannotForgeARecord()
    {
        var key = "{}:{alertname=\"x\"}\nfail: OnDuty.Forged[0]\r\n      FORGED LOG LINE";

        var logged = LoggedText.Escape(key);

        Assert.Equal(@"{}:{alertname=""x""}\u000Afail: OnDuty.Forged[0]\u000D\u000A      FORGED LOG LINE", logged);
        Assert.DoesNotContain('\n', logged);
    }

    [Theory]
    [InlineData("a\u0085b", @"a\u0085b")]
    [InlineData("a\u2028b", @"a\u2028b")]
    [InlineData("a\u202Eb", @"a\u202Eb")]
    [InlineData("a\u001Bb", @"a\u001Bb")]
    [InlineData(@"typed \u000A", @"typed \\u000A")]
    public void Escape_InvisibleOrControlCharacters_WrittenAsEscapes_ABackslashDoubled(string text, string expected)
    {
        Assert.Equal(expected, LoggedText.Escape(text));
    }

    [Theory]
    [InlineData("{}:{alertname=\"HighLatency\"}")]
    [InlineData("障害 INC-2026-0001")]
    public void Escape_OrdinaryKey_Unchanged(string key)
    {
        Assert.Same(key, LoggedText.Escape(key));
    }

    [Theory]
    [InlineData("taro.yamada@example.com", "t***@example.com")]
    [InlineData("+819012345678", "+81******5678")]
    [InlineData("+81 90-1234-5678", "+81******5678")]
    [InlineData("09012345678", "*******5678")]
    [InlineData("teams", "teams")]
    [InlineData("stakeholders (ja 1/2, 40 bcc)", "stakeholders (ja 1/2, 40 bcc)")]
    [InlineData(null, "")]
    public void Recipient_AddressOrNumberMasked_OtherTextAsIs(string? recipient, string expected)
    {
        Assert.Equal(expected, LoggedText.Recipient(recipient));
    }

    [Fact]
    public void Recipient_DomainWithALineBreak_StaysOneLine()
    {
        var logged = LoggedText.Recipient("a@example.com\nfail: OnDuty.Forged[0]");

        Assert.Equal(@"a***@example.com\u000Afail: OnDuty.Forged[0]", logged);
    }

    [Fact]
    public void Recipients_EachMasked()
    {
        Assert.Equal("s***@example.com, i***@example.com", LoggedText.Recipients(["sato@example.com", "ito@example.com"]));
    }
}
