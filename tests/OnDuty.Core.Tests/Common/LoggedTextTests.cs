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
}
