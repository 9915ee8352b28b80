using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Common;

public sealed class SlugTests
{
    [Theory]
    [InlineData("sato")]
    [InlineData("incident-duty")]
    [InlineData("a")]
    public void IsValid_Slug_True(string value) => Assert.True(Slug.IsValid(value));

    /// <summary>A trailing newline passes a pattern ending in <c>$</c>; ids end at <c>\z</c>.</summary>
    [Theory]
    [InlineData("sato\n")]
    [InlineData("sato\r\n")]
    [InlineData("-sato")]
    [InlineData("Sato")]
    [InlineData("")]
    public void IsValid_NotASlug_False(string value) => Assert.False(Slug.IsValid(value));

    [Fact]
    public void IsValid_ThousandsOfCharacters_FalseWithoutTrouble() => Assert.False(Slug.IsValid(new string('a', 5000)));
}
