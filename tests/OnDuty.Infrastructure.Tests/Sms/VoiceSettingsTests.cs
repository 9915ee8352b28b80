using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Sms;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Sms;

/// <summary>
/// <c>Voice__…</c> as the app reads them at start (<see cref="DependencyInjection.AddOnDutyInfrastructure"/> after Core): calls go
/// through the Twilio account of the SMS settings, from an E.164 number, with Twilio posting back to an https origin.
/// </summary>
public sealed class VoiceSettingsTests
{
    private const string AccountSid = SmsServices.AccountSid;

    [Fact]
    public void Start_NoVoiceSettings_CoresNoVoiceCaller()
    {
        using var services = SmsServices.Build(Twilio());

        var caller = services.GetRequiredService<IVoiceCaller>();

        Assert.IsType<NoVoiceCaller>(caller);
        Assert.False(caller.Enabled);
    }

    [Fact]
    public void Start_NotEnabledWithOtherVoiceSettingsWrong_NoVoiceCallerAndNoError()
    {
        using var services = SmsServices.Build(new()
        {
            ["Voice:Enabled"] = "false",
            ["Voice:From"] = "OnDuty",
            ["Voice:RingSeconds"] = "1",
            ["Voice:JapaneseVoice"] = "",
        });

        Assert.IsType<NoVoiceCaller>(services.GetRequiredService<IVoiceCaller>());
        services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Start_EnabledWithTwilio_ReplacesCoresDefaultWithTwilioVoiceCaller()
    {
        using var services = SmsServices.Build(Enabled());

        var caller = services.GetRequiredService<IVoiceCaller>();

        Assert.IsType<TwilioVoiceCaller>(caller);
        Assert.True(caller.Enabled);
        Assert.Single(services.GetServices<IVoiceCaller>());
    }

    [Fact]
    public void Start_EnabledWithDefaults_RingsThirtySecondsInPollysVoices()
    {
        using var services = SmsServices.Build(Enabled());

        var voice = services.GetRequiredService<IOptions<VoiceSettings>>().Value;

        Assert.Equal((30, "Polly.Mizuki", "Polly.Joanna"), (voice.RingSeconds, voice.VoiceFor(Language.Ja), voice.VoiceFor(Language.En)));
    }

    [Fact]
    public void Start_EnabledMisconfigured_FailsAtStartNotAtTheFirstCall()
    {
        using var services = SmsServices.Build(Enabled(("Team:PublicBaseUrl", null)));

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Team__PublicBaseUrl is required when Voice__Enabled is true", ex.Message);
    }

    [Fact]
    public void Start_EnabledWithAcs_FailsNamingSmsProvider()
    {
        using var services = SmsServices.Build(new()
        {
            ["Voice:Enabled"] = "true",
            ["Sms:From"] = "+18001110000",
            ["Sms:ConnectionString"] = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=c2VjcmV0",
            ["Team:PublicBaseUrl"] = "https://onduty.example.com",
        });

        Assert.Equal(
            "Voice__Enabled needs Sms__Provider=Twilio: calls go only through Twilio, with its account (Sms__Twilio__AccountSid and Sms__Twilio__AuthToken); set Sms__Provider=Twilio, or Voice__Enabled=false.",
            Assert.Single(Failures(services)));
    }

    [Fact]
    public void Start_EnabledWithoutTheTwilioAccount_FailsNamingAccountSidAndAuthToken()
    {
        // SMS off (no sender), calls from Voice__From: only the voice settings ask for the account.
        using var services = SmsServices.Build(new()
        {
            ["Voice:Enabled"] = "true",
            ["Voice:From"] = "+18001110000",
            ["Sms:Provider"] = "Twilio",
            ["Team:PublicBaseUrl"] = "https://onduty.example.com",
        });

        var failures = Failures(services);

        Assert.Equal(2, failures.Count);
        Assert.StartsWith("Voice__Enabled calls through the Twilio account: Sms__Twilio__AccountSid is required", failures[0]);
        Assert.StartsWith("Voice__Enabled calls through the Twilio account: Sms__Twilio__AuthToken is required", failures[1]);
    }

    [Fact]
    public void Start_EnabledWithAnAlphanumericSmsSender_AsksForVoiceFrom()
    {
        using var services = SmsServices.Build(Enabled(("Sms:From", "OnDuty")));

        Assert.Equal(
            "Voice__From is required when Voice__Enabled is true and Sms__From 'OnDuty' is not a Twilio number of the account in E.164 form (+ and the country code, e.g. +18001110000): an alphanumeric sender ID can send texts but cannot place calls.",
            Assert.Single(Failures(services)));
    }

    [Fact]
    public void Start_EnabledWithAnAlphanumericSmsSenderAndVoiceFrom_CallsFromVoiceFrom()
    {
        using var services = SmsServices.Build(Enabled(("Sms:From", "OnDuty"), ("Voice:From", "+18002220000")));

        Assert.IsType<TwilioVoiceCaller>(services.GetRequiredService<IVoiceCaller>());
    }

    [Fact]
    public void Start_EnabledWithOnlyAMessagingService_AsksForVoiceFrom()
    {
        using var services = SmsServices.Build(Enabled(("Sms:From", null), ("Sms:Twilio:MessagingServiceSid", "MG0123456789abcdef0123456789abcdef")));

        Assert.StartsWith(
            "Voice__From is required when Voice__Enabled is true and texts go through a Messaging Service (Sms__Twilio__MessagingServiceSid), which cannot place calls",
            Assert.Single(Failures(services)));
    }

    [Fact]
    public void Start_EnabledWithoutAnyCallerNumber_AsksForVoiceFromOrSmsFrom()
    {
        using var services = SmsServices.Build(new()
        {
            ["Voice:Enabled"] = "true",
            ["Sms:Provider"] = "Twilio",
            ["Team:PublicBaseUrl"] = "https://onduty.example.com",
        });

        Assert.Contains(
            "Voice__From (or Sms__From) is required when Voice__Enabled is true: a Twilio number of the account in E.164 form (+ and the country code, e.g. +18001110000).",
            Failures(services));
    }

    [Theory]
    [InlineData("090-1234-5678", "Voice__From '090-1234-5678' must be a Twilio number of the account in E.164 form (+ and the country code, e.g. +18001110000).")]
    [InlineData("+1 800 222 0000", "Voice__From '+1 800 222 0000' must be a Twilio number of the account in E.164 form (+ and the country code, e.g. +18001110000): write it as +18002220000.")]
    [InlineData("OnDuty", "Voice__From 'OnDuty' must be a Twilio number of the account in E.164 form (+ and the country code, e.g. +18001110000): an alphanumeric sender ID can send texts but cannot place calls.")]
    public void Start_EnabledWithABadVoiceFrom_NamesVoiceFrom(string from, string message)
    {
        using var services = SmsServices.Build(Enabled(("Voice:From", from)));

        Assert.Equal(message, Assert.Single(Failures(services)));
    }

    [Theory]
    [InlineData(null, "Team__PublicBaseUrl is required when Voice__Enabled is true, because Twilio posts the key pressed on a call to {base}/api/voice/twilio: the app's public origin, e.g. https://onduty.example.com.")]
    [InlineData("http://onduty.example.com", "Team__PublicBaseUrl 'http://onduty.example.com' must use https; http is accepted only for a loopback address (local testing), and it is required when Voice__Enabled is true, because Twilio posts the key pressed on a call to {base}/api/voice/twilio.")]
    [InlineData("https://onduty.example.com/#top", "Team__PublicBaseUrl 'https://onduty.example.com/#top' must not carry a query, fragment or user info, and it is required when Voice__Enabled is true, because Twilio posts the key pressed on a call to {base}/api/voice/twilio.")]
    public void Start_EnabledWithoutAPublicHttpsOrigin_NamesTeamPublicBaseUrl(string? publicBaseUrl, string message)
    {
        using var services = SmsServices.Build(Enabled(("Team:PublicBaseUrl", publicBaseUrl)));

        Assert.Equal(message, Assert.Single(Failures(services)));
    }

    [Theory]
    [InlineData("https://onduty.example.com")]
    [InlineData("https://onduty.example.com/app/")]
    [InlineData("http://127.0.0.1:7071")]
    [InlineData("http://localhost:7071/")]
    public void Start_EnabledWithAnHttpsOrLoopbackOrigin_Starts(string publicBaseUrl)
    {
        using var services = SmsServices.Build(Enabled(("Team:PublicBaseUrl", publicBaseUrl)));

        Assert.IsType<TwilioVoiceCaller>(services.GetRequiredService<IVoiceCaller>());
    }

    [Theory]
    [InlineData("4")]
    [InlineData("601")]
    [InlineData("0")]
    public void Start_EnabledWithRingSecondsOutOfRange_NamesTheSetting(string seconds)
    {
        using var services = SmsServices.Build(Enabled(("Voice:RingSeconds", seconds)));

        Assert.Contains(
            "Voice__RingSeconds must be between 5 and 600 (default 30): how long a call rings before Twilio gives up on it.",
            Assert.Single(Failures(services)));
    }

    [Theory]
    [InlineData("5")]
    [InlineData("600")]
    public void Start_EnabledWithRingSecondsAtTheLimits_Starts(string seconds)
    {
        using var services = SmsServices.Build(Enabled(("Voice:RingSeconds", seconds)));

        Assert.Equal(int.Parse(seconds), services.GetRequiredService<IOptions<VoiceSettings>>().Value.RingSeconds);
    }

    [Theory]
    [InlineData("Voice:JapaneseVoice", "Voice__JapaneseVoice must not be empty (default Polly.Mizuki).")]
    [InlineData("Voice:EnglishVoice", "Voice__EnglishVoice must not be empty (default Polly.Joanna).")]
    public void Start_EnabledWithAnEmptyVoice_NamesTheSetting(string key, string message)
    {
        using var services = SmsServices.Build(Enabled((key, " ")));

        Assert.Contains(message, Assert.Single(Failures(services)));
    }

    [Fact]
    public async Task Start_EnabledWithTwilio_CallsThroughItsHttpClient()
    {
        await using var twilio = await LoopbackTwilioServer.StartAsync();
        using var services = SmsServices.Build(Enabled(
            ("Sms:Twilio:AccountSid", twilio.AccountSid),
            ("Sms:Twilio:AuthToken", twilio.AuthToken),
            ("Sms:Twilio:BaseUrl", twilio.BaseUrl),
            ("Voice:RingSeconds", "20")));

        var result = await services.GetRequiredService<IVoiceCaller>().CallAsync(new VoiceCall("+819012345678", "当番です。1 を押してください。", Language.Ja), "voice:1", CancellationToken.None);

        var call = Assert.Single(twilio.Calls);
        Assert.Equal(new SendResult.Delivered(call.Sid), result);
        Assert.Equal(("+819012345678", "+18001110000", "20", "https://onduty.example.com/api/voice/twilio?tag=voice%3A1"), (call.To, call.From, call.Timeout, call.StatusCallback));
    }

    /// <summary>What a start with these settings says is wrong: each message of the validation that failed.</summary>
    [Fact]
    public void Start_DutyLineWithTwilio_Starts_WithAcsOrNoAuthToken_FailsNamingWhy()
    {
        var twilio = Twilio();
        twilio["Voice:DutyLine"] = "true";
        using (var services = SmsServices.Build(twilio))
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            Assert.True(services.GetRequiredService<IOptions<VoiceOptions>>().Value.DutyLine);
            Assert.IsType<NoVoiceCaller>(services.GetRequiredService<IVoiceCaller>()); // the line rings through Twilio's <Dial>: OnDuty places no call
        }

        using var acs = SmsServices.Build(new()
        {
            ["Voice:DutyLine"] = "true",
            ["Sms:From"] = "+18001110000",
            ["Sms:ConnectionString"] = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=c2VjcmV0",
        });
        var failure = Assert.Single(Failures(acs));
        Assert.StartsWith("Voice__DutyLine needs Sms__Provider=Twilio with Sms__Twilio__AuthToken", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_DutyLineWithABadRingTime_FailsNamingIt_ItRingsWithIt()
    {
        var twilio = Twilio();
        twilio["Voice:DutyLine"] = "true";
        twilio["Voice:RingSeconds"] = "1";
        using var services = SmsServices.Build(twilio);

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Voice__RingSeconds must be between 5 and 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_CallsWithoutTexts_TheAccountServesCallsAlone_NoTextSender()
    {
        var settings = Twilio();
        settings["Sms:From"] = null;
        settings["Voice:Enabled"] = "true";
        settings["Voice:From"] = "+18001110000";
        using var services = SmsServices.Build(settings);

        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.IsType<TwilioVoiceCaller>(services.GetRequiredService<IVoiceCaller>());
        Assert.False(services.GetRequiredService<ISmsSender>().Enabled);

        // The same account with neither texts nor calls nor the duty line is a half-done setup, refused as before.
        settings["Voice:Enabled"] = "false";
        using var neither = SmsServices.Build(settings);
        var ex = Assert.Throws<OptionsValidationException>(() => neither.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Sms__From or Sms__Twilio__MessagingServiceSid is required", ex.Message, StringComparison.Ordinal);
    }

    private static List<string> Failures(ServiceProvider services)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IVoiceCaller>());
        return [.. ex.Failures];
    }

    /// <summary>Texts through Twilio from an E.164 number, the app's https origin: what calls need.</summary>
    private static Dictionary<string, string?> Twilio() => new()
    {
        ["Sms:Provider"] = "Twilio",
        ["Sms:From"] = "+18001110000",
        ["Sms:Twilio:AccountSid"] = AccountSid,
        ["Sms:Twilio:AuthToken"] = SmsServices.AuthToken,
        ["Team:PublicBaseUrl"] = "https://onduty.example.com",
    };

    /// <summary><see cref="Twilio"/> with <c>Voice:Enabled</c>, and <paramref name="changes"/> over it (null: the setting is not given).</summary>
    private static Dictionary<string, string?> Enabled(params (string Key, string? Value)[] changes)
    {
        var settings = Twilio();
        settings["Voice:Enabled"] = "true";
        foreach (var (key, value) in changes)
        {
            settings[key] = value;
        }

        return settings;
    }
}
