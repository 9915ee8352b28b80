using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Sms;

/// <summary>
/// <see cref="DependencyInjection.AddOnDutyInfrastructure"/> sends texts through ACS when <c>Sms:From</c> is set, through Twilio
/// when <c>Sms:Provider</c> is Twilio and <c>Sms:From</c> or <c>Sms:Twilio:MessagingServiceSid</c> is; with Twilio, replies
/// (<c>Sms:AcceptReplies</c>) need a public origin Twilio can post to (<c>Team:PublicBaseUrl</c>).
/// </summary>
public sealed class SmsSenderRegistrationTests
{
    private const string AccountSid = SmsServices.AccountSid;

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
            ["Sms:Twilio:AuthToken"] = SmsServices.AuthToken,
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
            ["Sms:Twilio:AuthToken"] = SmsServices.AuthToken,
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
            ["Sms:Twilio:AuthToken"] = SmsServices.AuthToken,
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

    [Fact]
    public async Task AddOnDutyInfrastructure_TwilioAcceptingRepliesWithAPublicOrigin_TextsNameTheirStatusCallback()
    {
        await using var twilio = await LoopbackTwilioServer.StartAsync();
        using var services = Build(new()
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = "+18001110000",
            ["Sms:AcceptReplies"] = "true",
            ["Sms:Twilio:AccountSid"] = twilio.AccountSid,
            ["Sms:Twilio:AuthToken"] = twilio.AuthToken,
            ["Sms:Twilio:BaseUrl"] = twilio.BaseUrl,
            ["Team:PublicBaseUrl"] = "https://onduty.example.com/",
        });

        var result = await services.GetRequiredService<ISmsSender>().SendAsync(new SmsMessage("+819012345678", "当番です"), "sms:1", CancellationToken.None);

        Assert.IsType<SendResult.Delivered>(result);
        Assert.Equal("https://onduty.example.com/api/sms/twilio?tag=sms%3A1", Assert.Single(twilio.Posts).Form["StatusCallback"]);
    }

    [Theory]
    [InlineData(null, "Team__PublicBaseUrl is required when Sms__AcceptReplies is true with Sms__Provider=Twilio, because Twilio posts replies and delivery reports to {base}/api/sms/twilio")]
    [InlineData("http://onduty.example.com", "Team__PublicBaseUrl 'http://onduty.example.com' must use https; http is accepted only for a loopback address")]
    [InlineData("https://onduty.example.com/?x=1", "Team__PublicBaseUrl 'https://onduty.example.com/?x=1' must not carry a query")]
    public void AddOnDutyInfrastructure_TwilioAcceptingRepliesWithoutAPublicHttpsOrigin_FailsNamingTeamPublicBaseUrl(string? publicBaseUrl, string message)
    {
        using var services = Build(new()
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = "+18001110000",
            ["Sms:AcceptReplies"] = "true",
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = SmsServices.AuthToken,
            ["Team:PublicBaseUrl"] = publicBaseUrl,
        });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ISmsSender>());

        Assert.StartsWith(message, ex.Message);
        Assert.Contains("{base}/api/sms/twilio", ex.Message);
    }

    [Fact]
    public void AddOnDutyInfrastructure_TwilioAcceptingRepliesOnLoopbackHttp_RegistersTwilioSmsSender()
    {
        using var services = Build(new()
        {
            ["Sms:Provider"] = "Twilio",
            ["Sms:From"] = "+18001110000",
            ["Sms:AcceptReplies"] = "true",
            ["Sms:Twilio:AccountSid"] = AccountSid,
            ["Sms:Twilio:AuthToken"] = SmsServices.AuthToken,
            ["Team:PublicBaseUrl"] = "http://127.0.0.1:7071",
        });

        Assert.IsType<TwilioSmsSender>(services.GetRequiredService<ISmsSender>());
    }

    [Fact]
    public void AddOnDutyInfrastructure_AcsAcceptingRepliesWithoutAPublicOrigin_RegistersAcs()
    {
        // ACS brings replies by Event Grid: the app's own origin plays no part.
        using var services = Build(new()
        {
            ["Sms:From"] = "+18001110000",
            ["Sms:AcceptReplies"] = "true",
            ["Sms:ConnectionString"] = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=c2VjcmV0",
        });

        Assert.IsType<AcsSmsSender>(services.GetRequiredService<ISmsSender>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) => SmsServices.Build(settings);
}
