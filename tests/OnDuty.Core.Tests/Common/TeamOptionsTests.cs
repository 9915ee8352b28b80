using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Tests.Common;

public sealed class TeamOptionsTests
{
    private const string BadCountryCode = "Team__PhoneCountryCode must be the team's country calling code, 1 to 3 digits without + (e.g. 81), or empty.";

    /// <summary>The options as the start reads them: bound, validated by their annotations, on start.</summary>
    private static ServiceProvider CreateSut(string? phoneCountryCode)
    {
        var services = new ServiceCollection();
        services.AddOptions<TeamOptions>().Configure(o => o.PhoneCountryCode = phoneCountryCode).ValidateDataAnnotations().ValidateOnStart();
        return services.BuildServiceProvider();
    }

    /// <summary>A value the phone rule refuses stops the start with the message naming the setting, as the regex before it did.</summary>
    [Theory]
    [InlineData("+81")]
    [InlineData("081")]
    [InlineData("1234")]
    [InlineData("8 1")]
    [InlineData(" ")]
    [InlineData("８１")]
    public void Validate_NotACountryCode_StopsTheStartNamingTheSetting(string value)
    {
        using var provider = CreateSut(value);

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.False(PhoneNumber.IsCountryCode(value));
        Assert.Equal($"DataAnnotation validation failed for 'TeamOptions' members: 'PhoneCountryCode' with the error: '{BadCountryCode}'.", ex.Message);
    }

    /// <summary>What the phone rule reads national numbers with starts; empty (or unset) turns it off.</summary>
    [Theory]
    [InlineData("81", "81")]
    [InlineData("1", "1")]
    [InlineData("358", "358")]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void Validate_ACountryCodeOrEmpty_Starts(string? value, string? country)
    {
        using var provider = CreateSut(value);

        provider.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal(country, provider.GetRequiredService<IOptions<TeamOptions>>().Value.PhoneCountry);
        Assert.Equal(country is not null, PhoneNumber.IsCountryCode(value));
    }
}
