using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Functions;
using OnDuty.LocalHost;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>The sample's secrets are public: they work for <c>./run.sh</c> (Development) and nowhere else.</summary>
public sealed class SampleSecretsTests
{
    [Fact]
    public void SampleSecrets_AreTheValuesLocalSettingsSampleShips()
    {
        var sample = SampleSettings.Values();

        Assert.Equal(SampleSecrets.AckTokenSecret, sample["Incidents:AckTokenSecret"]);
        Assert.Equal(SampleSecrets.LocalHostMasterKey, sample["LocalHost:MasterKey"]);
    }

    [Theory]
    [InlineData("Production", true, true)]
    [InlineData("Staging", true, true)]
    [InlineData("Development", true, false)]
    [InlineData("Production", false, false)]
    public void AddOnDutyApp_SampleAckTokenSecretOutsideDevelopment_RefusedAtStartNamingTheSetting(string environment, bool sampleSecret, bool refused)
    {
        var settings = SampleSettings.Values();
        if (!sampleSecret)
        {
            settings["Incidents:AckTokenSecret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new TestHostEnvironment(environment));
        services.AddOnDutyApp(configuration);
        using var provider = services.BuildServiceProvider();

        var resolve = () => provider.GetRequiredService<IOptions<IncidentOptions>>().Value;

        if (refused)
        {
            var error = Assert.Throws<OptionsValidationException>(resolve);
            Assert.Contains("Incidents__AckTokenSecret", error.Message);
            Assert.DoesNotContain(SampleSecrets.AckTokenSecret, error.Message);
        }
        else
        {
            Assert.Equal(settings["Incidents:AckTokenSecret"], resolve().AckTokenSecret);
        }
    }

    [Theory]
    [InlineData("Production", SampleSecrets.LocalHostMasterKey, true)]
    [InlineData("Development", SampleSecrets.LocalHostMasterKey, false)]
    [InlineData("Production", "a-key-of-our-own-3f9a", false)]
    public void LocalHost_SampleMasterKeyOutsideDevelopment_RefusedNamingTheSetting(string environment, string masterKey, bool refused)
    {
        var check = () => LocalHostApp.RefuseSampleMasterKey(masterKey, new TestHostEnvironment(environment));

        if (refused)
        {
            var error = Assert.Throws<SettingRefusedException>(check);
            Assert.Contains("LocalHost__MasterKey", error.Message);
            Assert.Contains(environment, error.Message);
        }
        else
        {
            check();
        }
    }
}
