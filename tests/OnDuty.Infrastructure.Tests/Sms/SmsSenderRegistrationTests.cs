using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Infrastructure.Tests.Sms;

/// <summary><see cref="DependencyInjection.AddOnDutyInfrastructure"/> sends texts through ACS when <c>Sms:From</c> is set.</summary>
public sealed class SmsSenderRegistrationTests
{
    [Fact]
    public void AddOnDutyInfrastructure_NoSmsSettings_NoSmsSender()
    {
        using var services = Build([]);

        var sender = services.GetRequiredService<ISmsSender>();

        Assert.IsType<NoSmsSender>(sender);
        Assert.False(sender.Enabled);
    }

    [Fact]
    public void AddOnDutyInfrastructure_FromAndConnectionString_ReplacesCoresDefaultWithAcs()
    {
        using var services = Build(new()
        {
            ["Sms:From"] = "+18001110000",
            ["Sms:ConnectionString"] = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=c2VjcmV0",
        });

        var sender = services.GetRequiredService<ISmsSender>();

        Assert.IsType<AcsSmsSender>(sender);
        Assert.True(sender.Enabled);
        Assert.Single(services.GetServices<ISmsSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_EndpointWithoutFrom_FailsNamingSmsFrom()
    {
        using var services = Build(new() { ["Sms:Endpoint"] = "https://onduty.japan.communication.azure.com/" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISmsSender>());

        Assert.Contains("Sms__From is required", ex.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Email:Provider"] = "Smtp";
        settings["Email:Smtp:Host"] = "127.0.0.1";
        settings["Email:From"] = "onduty@onduty.example";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        // What AddOnDutyCore registers before the adapters come.
        services.TryAddSingleton<ISmsSender, NoSmsSender>();
        services.AddOnDutyInfrastructure();
        return services.BuildServiceProvider();
    }
}
