using System.ComponentModel.DataAnnotations;
using OnDuty.Infrastructure.Sms;

namespace OnDuty.Infrastructure.Tests.Sms;

public sealed class SmsSettingsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5";
    private const string ConnectionString = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=" + Key;
    private const string Endpoint = "https://onduty.japan.communication.azure.com/";

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

    private static List<string> Validate(SmsSettings settings) =>
        settings.Validate(new ValidationContext(settings)).Select(r => r.ErrorMessage ?? "").ToList();
}
