using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
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
    public void AddOnDutyInfrastructure_ProviderMisspelt_FailsNamingTheSettingAndTheProviders()
    {
        using var services = Build(new() { ["Email:Provider"] = "Smpt", ["Email:Smtp:Port"] = "25 (plain)" });

        var ex = Assert.Throws<SettingsFormatException>(() => services.GetRequiredService<IEmailSender>());

        Assert.Equal(
            "Email__Provider must be one of: Smtp, Acs, Graph (it is \"Smpt\").\nEmail__Smtp__Port must be a whole number, e.g. 3 (it is \"25 (plain)\").",
            ex.Message);
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderAcsWithoutCredentials_FailsNamingTheSettings()
    {
        using var services = Build(new() { ["Email:Provider"] = "Acs" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEmailSender>());

        Assert.Contains("Email__Acs__ConnectionString or Email__Acs__Endpoint is required", ex.Message);
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderGraphWithoutTenant_FailsNamingGraphTenantId()
    {
        using var services = Build(new() { ["Email:Provider"] = "Graph", ["Email:Graph:Mailbox"] = "onduty@contoso.example" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IEmailSender>());

        Assert.Contains("Graph__TenantId", ex.Message);
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderGraphConfigured_GraphSender()
    {
        using var services = Build(new()
        {
            ["Email:Provider"] = "Graph",
            ["Email:Graph:Mailbox"] = "onduty@contoso.example",
            ["Graph:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["Graph:UseManagedIdentity"] = "true",
        });

        Assert.IsType<OnDuty.Infrastructure.Graph.GraphEmailSender>(services.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_GraphTenantWithoutCredential_FailsNamingTheCredentialSettings()
    {
        using var services = Build(new() { ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "127.0.0.1", ["Graph:TenantId"] = "contoso.onmicrosoft.com" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OnDuty.Infrastructure.Graph.GraphOptions>>().Value);

        Assert.Contains("Graph__ClientSecret, Graph__CertificatePath or Graph__UseManagedIdentity", ex.Message);
    }

    [Fact]
    public void AddOnDutyInfrastructure_GraphBaseUrlPlainHttpNotLoopback_Refused()
    {
        using var services = Build(new() { ["Email:Provider"] = "Smtp", ["Email:Smtp:Host"] = "127.0.0.1", ["Graph:BaseUrl"] = "http://graph.example/v1.0" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<OnDuty.Infrastructure.Graph.GraphOptions>>().Value);

        Assert.Contains("Graph__BaseUrl may use http only for a loopback address", ex.Message);
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
