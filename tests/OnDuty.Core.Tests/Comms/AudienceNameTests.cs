using OnDuty.Core.Comms;
using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Comms;

/// <summary>The stakeholders' view's <c>?for=</c>: an audience's name, or refused with the rule a page words for its reader.</summary>
public sealed class AudienceNameTests
{
    [Theory]
    [InlineData("execs")]
    [InlineData("cs-team_2.jp")]
    [InlineData("経営層")]
    public void Parse_AName_IsTheName(string value) => Assert.Equal(value, AudienceName.Parse(value));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_Nothing_IsTheGeneralView(string? value) => Assert.Null(AudienceName.Parse(value));

    [Theory]
    [InlineData("execs support")]
    [InlineData("<script>")]
    [InlineData("execs,support")]
    [InlineData("execs&lang=en")]
    [InlineData("../page")]
    public void Parse_OtherCharacters_Refused(string value) => AssertRefused(value);

    [Fact]
    public void Parse_LongerThanAName_Refused()
    {
        Assert.Equal(new string('a', AudienceName.MaxLength), AudienceName.Parse(new string('a', AudienceName.MaxLength)));
        AssertRefused(new string('a', AudienceName.MaxLength + 1));
    }

    private static void AssertRefused(string value)
    {
        var ex = Assert.Throws<ValidationException>(() => AudienceName.Parse(value));
        Assert.Equal(["for"], ex.Errors.Keys);
        Assert.Equal(ValueRule.Name(64), ex.Rules["for"]);
    }
}
