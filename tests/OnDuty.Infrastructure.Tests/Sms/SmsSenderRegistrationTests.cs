using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Sms;

/// <summary>
/// <see cref="DependencyInjection.AddOnDutyInfrastructure"/> sends texts through ACS when <c>Sms:From</c> is set, through Twilio
/// when <c>Sms:Provider</c> is Twilio and <c>Sms:From</c> or <c>Sms:Twilio:MessagingServiceSid</c> is.
/// </summary>
public sealed class SmsSenderRegistrationTests
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

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

    [Fact]
    public void AddOnDutyInfrastructure_ProviderTwilio_RegistersTwilioSmsSender()
    {
        using var services = Build(new()
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = "+18001110000",
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = "f00dfeedf00dfeedf00dfeedf00dfeed",
        });

        var sender = services.GetRequiredService<ISmsSender>();

        Assert.IsType<TwilioSmsSender>(sender);
        Assert.True(sender.Enabled);
        Assert.Single(services.GetServices<ISmsSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderTwilioWithOnlyAMessagingService_RegistersTwilioSmsSender()
    {
        using var services = Build(new()
        {
            ["Sms:Provider"] = "twilio",
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = "f00dfeedf00dfeedf00dfeedf00dfeed",
            ["Sms:Twilio:MessagingServiceSid"] = "MG0123456789abcdef0123456789abcdef",
        });

        Assert.IsType<TwilioSmsSender>(services.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderTwilioWithoutASender_NoSmsSender()
    {
        using var services = Build(new() { ["Sms:Provider"] = "Twilio" });

        Assert.IsType<NoSmsSender>(services.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_ProviderTwilioWithAnAcsConnectionString_FailsNamingBoth()
    {
        using var services = Build(new()
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = "+18001110000",
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = "f00dfeedf00dfeedf00dfeedf00dfeed",
            ["Sms:ConnectionString"] = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=c2VjcmV0",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISmsSender>());

        Assert.Contains("Sms__ConnectionString and Sms__Endpoint are ACS settings", ex.Message);
    }

    [Fact]
    public async Task AddOnDutyInfrastructure_ProviderTwilio_TextsThroughItsHttpClient()
    {
        await using var twilio = await LoopbackTwilioServer.StartAsync();
        using var services = Build(new()
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = "OnDuty",
            ["Sms:Twilio:AccountSid"] = twilio.AccountSid,
            ["Sms:Twilio:AuthToken"] = twilio.AuthToken,
            ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl,
        });

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+819012345678", "当番です"), "sms:1", CancellationToken.None);

        var delivery = Assert.Single(twilio.Deliveries);
        Assert.Equal(new SendResult.Delivered(delivery.Sid), result);
        Assert.Equal(("+819012345678", "OnDuty", "当番です"), (delivery.To, delivery.From, delivery.Body));
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
