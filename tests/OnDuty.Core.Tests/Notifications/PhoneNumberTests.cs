using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>
/// A person's number: international always; with the team's country code (<c>Team__PhoneCountryCode</c>), a national number
/// written with one trunk 0 too. <c>00…</c> (an international call prefix) and digits without the trunk 0 (<c>90-1234-5678</c>:
/// a foreign number missing its +, or a typo) stay refused with the code: a wrong guess pages a stranger.
/// </summary>
public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("090-1234-5678", null, null)]
    [InlineData("090-1234-5678", "81", "+819012345678")]
    [InlineData(" 090 1234 5678 ", "81", "+819012345678")]
    [InlineData("03-1234-5678", "81", "+81312345678")]
    [InlineData("(03) 1234-5678", "81", "+81312345678")]
    [InlineData("(03) 1234-5678", null, null)]
    [InlineData("0090-1234-5678", "81", null)]
    [InlineData("0081 90 1234 5678", "81", null)]
    [InlineData("90-1234-5678", "81", null)]
    [InlineData("90-1234-5678", null, null)]
    [InlineData("+81 90-1234-5678", "81", "+819012345678")]
    [InlineData("+81 90-1234-5678", null, "+819012345678")]
    [InlineData("+44 7700 900123", "81", "+447700900123")]
    [InlineData("+090 1234 5678", "81", null)]
    [InlineData("03-123", "81", null)]
    [InlineData("090-1234-5678-1234-56", "81", null)]
    [InlineData("090-1234-5678x", "81", null)]
    [InlineData("0", "81", null)]
    [InlineData("07700 900123", "44", "+447700900123")]
    public void Normalize_WithAndWithoutCountryCode(string text, string? countryCode, string? expected)
    {
        Assert.Equal(expected?.Replace(" ", "", StringComparison.Ordinal), PhoneNumber.Normalize(text, countryCode));
    }

    [Fact]
    public void Normalize_WithoutCountryCode_IsTheStrictOne_AsProviderEventsRead()
    {
        Assert.Null(PhoneNumber.Normalize("090-1234-5678"));
        Assert.Null(PhoneNumber.Normalize("090-1234-5678", ""));
        Assert.Null(PhoneNumber.FromProvider("09012345678"));
        Assert.Equal("+819012345678", PhoneNumber.FromProvider("819012345678"));
    }

    [Fact]
    public void RuleFor_WithACountryCode_NamesIt_AndIsFoundAgain()
    {
        Assert.Equal(PhoneNumber.Rule, PhoneNumber.RuleFor(null));
        Assert.False(PhoneNumber.IsNationalRule(PhoneNumber.Rule, out _));

        var rule = PhoneNumber.RuleFor("81");
        Assert.Equal("must be a national number starting with one 0 (saved with +81) or an international number in E.164 form: + and the country code, e.g. +81 90 1234 5678", rule);
        Assert.True(PhoneNumber.IsNationalRule(rule, out var code));
        Assert.Equal("81", code);
    }

    [Theory]
    [InlineData("81", true)]
    [InlineData("1", true)]
    [InlineData("358", true)]
    [InlineData("0", false)]
    [InlineData("081", false)]
    [InlineData("+81", false)]
    [InlineData("8100", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsCountryCode_OneToThreeDigits_NotStartingWithZero(string? code, bool expected)
    {
        Assert.Equal(expected, PhoneNumber.IsCountryCode(code));
    }
}
