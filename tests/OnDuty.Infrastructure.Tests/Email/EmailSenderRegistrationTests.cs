using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Email;
using OnDuty.Infrastructure.Email.Acs;

namespace OnDuty.Infrastructure.Tests.Email;

/// <summary><see cref="DependencyInjection.AddOnDutyInfrastructure"/> picks the email sender from <c>Email:Provider</c>.</summary>
public sealed class EmailSenderRegistrationTests
{
    [Fact]
    public void AddOnDutyInfrastructure_ProviderSmtp_SmtpSender()
    {
        using var services = Build(new() { ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "127.0.0.1" });

        Assert.IsType<SmtpEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderAcsWithConnectionString_AcsSender()
    {
        using var services = Build(new()
        {
            ["Email:Provider"] = "Acs",
            ["Email:Acs:ConnectionString"] = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=c2VjcmV0",
        });

        Assert.IsType<AcsEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderAcsWithEndpoint_AcsSenderWithManagedIdentity()
    {
        using var services = Build(new()
        {
            ["Email:Provider"] = "Acs",
            ["Email:Acs:Endpoint"] = "https://onduty.japan.communication.azure.com/",
            ["Email:Acs:ManagedIdentityClientId"] = "6f1a2c3d-0000-4000-8000-000000000001",
        });

        Assert.IsType<AcsEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderAcsWithoutCredentials_FailsNamingTheSettings()
    {
        using var services = Build(new() { ["Email:Provider"] = "Acs" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEmailSender>());

        Assert.Contains("Email__Acs__ConnectionString or Email__Acs__Endpoint is required", ex.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        settings["Email:From"] = "onduty@onduty.example";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOnDutyInfrastructure();
        return services.BuildServiceProvider();
    }
}
