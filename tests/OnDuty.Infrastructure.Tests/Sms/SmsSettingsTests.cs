using System.ComponentModel.DataAnnotations;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class SmsSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5";
    private const string ConnectionString = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=" + Key;
    private const string Endpoint = "https://onduty.japan.communication.azure.com/";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "f00dfeedf00dfeedf00dfeedf00dfeed";
    private const string MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";

    [Fact]
    public void Validate_NothingSet_ValidAndOff()
    {
        var settings = new SmsSettings();

        Assert.Empty(Validate(settings));
        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Validate_FromWithConnectionString_ValidAndOn()
    {
        var settings = new SmsSettings { From = "+18001110000", ConnectionString = ConnectionString };

        Assert.Empty(Validate(settings));
        Assert.True(settings.Enabled);
    }

    [Fact]
    public void Validate_FromWithHttpsEndpointAndIdentity_Valid()
    {
        Assert.Empty(Validate(new SmsSettings { From = "+18001110000", Endpoint = Endpoint, ManagedIdentityClientId = "6f1a2c3d-0000-4000-8000-000000000001" }));
    }

    [Theory]
    [InlineData(ConnectionString, null, "Sms__ConnectionString")]
    [InlineData(null, Endpoint, "Sms__Endpoint")]
    public void Validate_ConnectionWithoutFrom_NamesSmsFrom(string? connectionString, string? endpoint, string setting)
    {
        var error = Assert.Single(Validate(new SmsSettings { ConnectionString = connectionString, Endpoint = endpoint }));

        Assert.StartsWith("Sms__From is required when " + setting + " is set", error);
    }

    [Fact]
    public void Validate_FromWithoutConnection_NamesBothSettings()
    {
        var error = Assert.Single(Validate(new SmsSettings { From = "+18001110000" }));

        Assert.Equal("Sms__ConnectionString or Sms__Endpoint is required when Sms__From is set.", error);
    }

    [Fact]
    public void Validate_BothConnectionStringAndEndpoint_AsksForOne()
    {
        var error = Assert.Single(Validate(new SmsSettings { From = "+18001110000", ConnectionString = ConnectionString, Endpoint = Endpoint }));

        Assert.StartsWith("Set only one of Sms__ConnectionString (access key) and Sms__Endpoint", error);
    }

    [Theory]
    [InlineData("090-1234-5678")]
    [InlineData("18001110000")]
    [InlineData("+0123456789")]
    [InlineData("12345")]
    [InlineData("OnDutyAlerts")]
    [InlineData("On-Duty")]
    [InlineData("当番")]
    public void Validate_BadFrom_NamesSmsFrom(string from)
    {
        var error = Assert.Single(Validate(new SmsSettings { From = from, ConnectionString = ConnectionString }));

        Assert.StartsWith($"Sms__From '{from}' must be the resource's number in E.164 form", error);
    }

    [Fact]
    public void Validate_FromWrittenWithSpaces_SuggestsTheE164Form()
    {
        var error = Assert.Single(Validate(new SmsSettings { From = "+1 800 111 0000", ConnectionString = ConnectionString }));

        Assert.EndsWith("write it as +18001110000.", error);
    }

    [Theory]
    [InlineData("OnDuty")]
    [InlineData("OnDuty 24")]
    [InlineData("A")]
    [InlineData("ONDUTYALERT")]
    public void Validate_AlphanumericSenderId_Valid(string from)
    {
        Assert.Empty(Validate(new SmsSettings { From = from, ConnectionString = ConnectionString }));
    }

    [Theory]
    [InlineData("endpoint=https://onduty.japan.communication.azure.com/", "no accesskey")]
    [InlineData("endpoint=https://onduty.japan.communication.azure.com/;accesskey=not base64!", "not base64")]
    [InlineData("endpoint=http://onduty.japan.communication.azure.com/;accesskey=" + Key, "http is accepted only for a loopback")]
    public void Validate_BadConnectionString_NamesTheSettingWithoutTheKey(string connectionString, string problem)
    {
        var error = Assert.Single(Validate(new SmsSettings { From = "+18001110000", ConnectionString = connectionString }));

        Assert.StartsWith("Sms__ConnectionString is not a valid ACS connection string", error);
        Assert.Contains(problem, error);
        Assert.DoesNotContain(Key, error);
    }

    [Fact]
    public void Validate_LoopbackHttpEndpointWithManagedIdentity_Refused()
    {
        var error = Assert.Single(Validate(new SmsSettings { From = "+18001110000", Endpoint = "http://127.0.0.1:5123/" }));

        Assert.StartsWith("Sms__Endpoint must use https with a managed identity", error);
    }

    [Fact]
    public void Validate_IdentityClientIdWithConnectionString_Refused()
    {
        var error = Assert.Single(Validate(new SmsSettings
        {
            From = "+18001110000",
            ConnectionString = ConnectionString,
            ManagedIdentityClientId = "6f1a2c3d-0000-4000-8000-000000000001",
        }));

        Assert.StartsWith("Sms__ManagedIdentityClientId applies only with Sms__Endpoint", error);
    }

    [Fact]
    public void Validate_EmptyApiVersion_NamesTheSetting()
    {
        var error = Assert.Single(Validate(new SmsSettings { From = "+18001110000", ConnectionString = ConnectionString, ApiVersion = " " }));

        Assert.StartsWith("Sms__ApiVersion must not be empty", error);
    }

    [Fact]
    public void Validate_TwilioWithFrom_ValidAndOn()
    {
        var settings = Twilio();

        Assert.Empty(Validate(settings));
        Assert.True(settings.Enabled);
    }

    [Fact]
    public void Validate_TwilioWithOnlyAMessagingService_ValidAndOn()
    {
        var settings = Twilio(s => (s.From, s.Twilio.MessagingServiceSid) = (null, MessagingServiceSid));

        Assert.Empty(Validate(settings));
        Assert.True(settings.Enabled);
    }

    [Fact]
    public void Validate_TwilioWithMessagingServiceAndFrom_Valid()
    {
        // Sms__From stays the number Core takes replies for; the service is what is sent.
        Assert.Empty(Validate(Twilio(s => s.Twilio.MessagingServiceSid = MessagingServiceSid)));
    }

    [Fact]
    public void Validate_TwilioWithNothingSet_ValidAndOff()
    {
        var settings = new SmsSettings { Provider = SmsProvider.Twilio };

        Assert.Empty(Validate(settings));
        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Validate_AcsWithOnlyAMessagingService_Off()
    {
        var settings = new SmsSettings { Twilio = { MessagingServiceSid = MessagingServiceSid } };

        Assert.False(settings.Enabled);
    }

    [Theory]
    [InlineData(AccountSid, null, "Sms__Twilio__AccountSid")]
    [InlineData(null, AuthToken, "Sms__Twilio__AuthToken")]
    public void Validate_TwilioAccountWithoutSender_NamesFromAndMessagingService(string? accountSid, string? authToken, string setting)
    {
        var settings = new SmsSettings { Provider = SmsProvider.Twilio, Twilio = { AccountSid = accountSid, AuthToken = authToken } };

        var error = Assert.Single(Validate(settings));

        Assert.StartsWith($"Sms__From or Sms__Twilio__MessagingServiceSid is required when {setting} is set", error);
        Assert.False(settings.Enabled);
    }

    [Fact]
    public void Validate_TwilioWithoutAccount_NamesAccountSidAndAuthToken()
    {
        var errors = Validate(Twilio(s => (s.Twilio.AccountSid, s.Twilio.AuthToken) = (null, " ")));

        Assert.Equal(2, errors.Count);
        Assert.StartsWith("Sms__Twilio__AccountSid is required when Sms__Provider is Twilio", errors[0]);
        Assert.StartsWith("Sms__Twilio__AuthToken is required when Sms__Provider is Twilio", errors[1]);
    }

    [Theory]
    [InlineData("AC0123456789abcdef")]
    [InlineData("SK0123456789abcdef0123456789abcdef")]
    [InlineData("ac0123456789abcdef0123456789abcdef")]
    [InlineData("AC0123456789abcdef0123456789abcdeg")]
    [InlineData("AC0123456789abcdef0123456789abcdef0")]
    public void Validate_TwilioBadAccountSid_NamesTheSetting(string accountSid)
    {
        var error = Assert.Single(Validate(Twilio(s => s.Twilio.AccountSid = accountSid)));

        Assert.StartsWith($"Sms__Twilio__AccountSid '{accountSid}' is not an Account SID: AC followed by 32 hex digits", error);
    }

    [Theory]
    [InlineData("MG0123456789abcdef")]
    [InlineData("PN0123456789abcdef0123456789abcdef")]
    public void Validate_TwilioBadMessagingServiceSid_NamesTheSetting(string serviceSid)
    {
        var error = Assert.Single(Validate(Twilio(s => s.Twilio.MessagingServiceSid = serviceSid)));

        Assert.StartsWith($"Sms__Twilio__MessagingServiceSid '{serviceSid}' is not a Messaging Service SID: MG followed by 32 hex digits", error);
    }

    [Theory]
    [InlineData("090-1234-5678")]
    [InlineData("OnDutyAlerts")]
    [InlineData("当番")]
    public void Validate_TwilioBadFrom_NamesSmsFrom(string from)
    {
        var error = Assert.Single(Validate(Twilio(s => s.From = from)));

        Assert.StartsWith($"Sms__From '{from}' must be a Twilio number of the account in E.164 form", error);
    }

    [Theory]
    [InlineData("OnDuty")]
    [InlineData("+818012345678")]
    public void Validate_TwilioGoodFrom_Valid(string from)
    {
        Assert.Empty(Validate(Twilio(s => s.From = from)));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5123")]
    [InlineData("http://localhost:5123/")]
    [InlineData("http://[::1]:5123")]
    [InlineData("https://api.twilio.com/")]
    public void Validate_TwilioBaseUrlHttpsOrLoopback_Valid(string baseUrl)
    {
        Assert.Empty(Validate(Twilio(s => s.Twilio.BaseUrl = baseUrl)));
    }

    [Theory]
    [InlineData("http://api.twilio.com", "http is accepted only for a loopback address")]
    [InlineData("http://10.0.0.5:8080", "http is accepted only for a loopback address")]
    [InlineData("api.twilio.com", "must be an absolute https URL")]
    [InlineData("ftp://api.twilio.com", "must be an absolute https URL")]
    [InlineData("", "must be an absolute https URL")]
    [InlineData("https://api.twilio.com/?x=1", "must not carry a query")]
    public void Validate_TwilioBadBaseUrl_NamesTheSetting(string baseUrl, string problem)
    {
        var error = Assert.Single(Validate(Twilio(s => s.Twilio.BaseUrl = baseUrl)));

        Assert.StartsWith($"Sms__Twilio__BaseUrl '{baseUrl}' ", error);
        Assert.Contains(problem, error);
    }

    [Theory]
    [InlineData(ConnectionString, null)]
    [InlineData(null, Endpoint)]
    public void Validate_TwilioWithAcsSettings_RefusedNamingBoth(string? connectionString, string? endpoint)
    {
        var error = Assert.Single(Validate(Twilio(s => (s.ConnectionString, s.Endpoint) = (connectionString, endpoint))));

        Assert.StartsWith("Sms__ConnectionString and Sms__Endpoint are ACS settings, and Sms__Provider is Twilio", error);
        Assert.DoesNotContain(Key, error);
    }

    [Fact]
    public void Validate_TwilioWithManagedIdentity_Refused()
    {
        var error = Assert.Single(Validate(Twilio(s => s.ManagedIdentityClientId = "6f1a2c3d-0000-4000-8000-000000000001")));

        Assert.StartsWith("Sms__ManagedIdentityClientId is an ACS setting, and Sms__Provider is Twilio", error);
    }

    [Fact]
    public void Validate_TwilioAcceptingReplies_Valid()
    {
        // Replies and delivery reports reach POST /api/sms/twilio; the public origin that needs is checked with the team settings
        // (SmsSenderRegistrationTests).
        Assert.Empty(Validate(Twilio(s => s.AcceptReplies = true)));
    }

    [Fact]
    public void Validate_TwilioEmptyAcsApiVersion_Ignored()
    {
        Assert.Empty(Validate(Twilio(s => s.ApiVersion = "")));
    }

    [Fact]
    public void Validate_TwilioErrors_NeverShowTheAuthToken()
    {
        var errors = Validate(Twilio(s => (s.Twilio.AccountSid, s.Twilio.BaseUrl, s.From) = ("AC1", "http://api.twilio.com", "当番")));

        Assert.Equal(3, errors.Count);
        Assert.All(errors, error => Assert.DoesNotContain(AuthToken, error));
    }

    [Theory]
    [InlineData(AccountSid, null, "Sms__Twilio__AccountSid")]
    [InlineData(null, MessagingServiceSid, "Sms__Twilio__MessagingServiceSid")]
    public void Validate_TwilioSettingsWithProviderAcs_AsksForProviderTwilio(string? accountSid, string? serviceSid, string setting)
    {
        var settings = new SmsSettings { From = "+18001110000", ConnectionString = ConnectionString, Twilio = { AccountSid = accountSid, MessagingServiceSid = serviceSid } };

        var error = Assert.Single(Validate(settings));

        Assert.StartsWith($"{setting} is set but Sms__Provider is Acs (the default): set Sms__Provider=Twilio", error);
    }

    [Fact]
    public void Validate_EmptyTwilioSettingsWithProviderAcs_Valid()
    {
        // The deployment writes every Sms__Twilio__ setting, empty when SMS goes through ACS.
        Assert.Empty(Validate(new SmsSettings { From = "+18001110000", Endpoint = Endpoint, Twilio = { AccountSid = "", AuthToken = "", MessagingServiceSid = "" } }));
    }

    [Fact]
    public void Validate_UnknownProvider_NamesTheSetting()
    {
        var error = Assert.Single(Validate(new SmsSettings { Provider = (SmsProvider)7 }));

        Assert.Equal("Sms__Provider '7' is not known; use Acs or Twilio.", error);
    }

    private static SmsSettings Twilio(Action<SmsSettings>? configure = null)
    {
        var settings = new SmsSettings
        {
            Provider = SmsProvider.Twilio,
            From = "+18001110000",
            Twilio = { AccountSid = AccountSid, AuthToken = AuthToken },
        };
        configure?.Invoke(settings);
        return settings;
    }

    private static List<string> Validate(SmsSettings settings) =>
        settings.Validate(new ValidationContext(settings)).Select(r => r.ErrorMessage ?? "").ToList();
}
