using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Team;

namespace OnDuty.Core.Tests.Incidents;

/// <summary>The setting of <c>IncidentTextRetention</c> (its purge runs against Azurite in the Infrastructure tests).</summary>
public sealed class IncidentTextRetentionTests
{
    [Theory]
    [InlineData("1.00:00:00")]
    [InlineData("3651.00:00:00")]
    public void RetentionOptions_IncidentTextOutOfRange_RefusedAtStartNamingTheSetting(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Resolve(value));

        Assert.Contains("Retention__IncidentText", error.Message);
    }

    [Fact]
    public void RetentionOptions_IncidentTextUnset_TwoYears() =>
        Assert.Equal(TimeSpan.FromDays(730), Resolve(null).IncidentText);

    private static RetentionOptions Resolve(string? value)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(value is null ? [] : new Dictionary<string, string?> { ["Retention:IncidentText"] = value }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOnDutyCore();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<RetentionOptions>>().Value;
    }
}
