using OnDuty.Core.Team;
using OnDuty.Messages;

namespace OnDuty.Core.Tests.Messages;

public sealed class DurationTextTests
{
    [Theory]
    [InlineData(0, "1分未満", "under 1 min")]
    [InlineData(0.6, "1分未満", "under 1 min")]
    [InlineData(1.3, "約1分", "about 1 min")]
    [InlineData(44.8, "約45分", "about 45 min")]
    [InlineData(59.6, "約1時間", "about 1 h")]
    [InlineData(80.2, "約1時間20分", "about 1 h 20 min")]
    [InlineData(195, "約3時間15分", "about 3 h 15 min")]
    [InlineData(1439.4, "約23時間59分", "about 23 h 59 min")]
    [InlineData(1600, "約27時間", "about 27 h")]
    [InlineData(4 * 1440 + 500, "約4日", "about 4 days")]
    public void About_RoundedAsAPersonSaysIt(double minutes, string ja, string en)
    {
        Assert.Equal(ja, DurationText.About(minutes, Phrases.For(Language.Ja)));
        Assert.Equal(en, DurationText.About(minutes, Phrases.For(Language.En)));
    }

    [Fact]
    public void About_TimeSpan_SameAsItsMinutes() =>
        Assert.Equal("約1時間20分", DurationText.About(TimeSpan.FromMinutes(80), Phrases.For(Language.Ja)));

    [Theory]
    [InlineData(30, "30分")]
    [InlineData(60, "1時間")]
    [InlineData(90, "1時間30分")]
    [InlineData(1500, "25時間")]
    public void Exact_StatedInterval_WithoutAbout(int minutes, string expected) =>
        Assert.Equal(expected, DurationText.Exact(TimeSpan.FromMinutes(minutes), Phrases.For(Language.Ja)));

    [Fact]
    public void About_NotANumber_UnderAMinute() =>
        Assert.Equal("1分未満", DurationText.About(double.NaN, Phrases.For(Language.Ja)));
}
