using System.ComponentModel.DataAnnotations;
using OnDuty.Infrastructure.Email;

namespace OnDuty.Infrastructure.Tests.Email;

public sealed class EmailOptionsTests
{
    private const string Key = "c2VjcmV0LWtleS1ieXRlcy0wMTIzNDU2Nzg5";
    private const string ConnectionString = "endpoint=https://onduty.japan.communication.azure.com/;accesskey=" + Key;

    [Fact]
    public void Validate_AcsWithConnectionString_Valid()
    {
        Assert.Empty(Validate(acs => acs.ConnectionString = ConnectionString));
    }

    [Fact]
    public void Validate_AcsWithHttpsEndpointAndIdentity_Valid()
    {
        Assert.Empty(Validate(acs =>
        {
            acs.Endpoint = "https://onduty.japan.communication.azure.com";
            acs.ManagedIdentityClientId = "6f1a2c3d-0000-4000-8000-000000000001";
        }));
    }

    [Fact]
    public void Validate_AcsWithLoopbackHttpConnectionString_Valid()
    {
        Assert.Empty(Validate(acs => acs.ConnectionString = "endpoint=http://127.0.0.1:5123/;accesskey=" + Key));
    }

    [Fact]
    public void Validate_AcsWithNeitherConnectionStringNorEndpoint_NamesBoth()
    {
        var error = Assert.Single(Validate(_ => { }));

        Assert.Contains("Email__Acs__ConnectionString or Email__Acs__Endpoint is required", error);
    }

    [Fact]
    public void Validate_AcsWithBothConnectionStringAndEndpoint_AsksForOne()
    {
        var error = Assert.Single(Validate(acs =>
        {
            acs.ConnectionString = ConnectionString;
            acs.Endpoint = "https://onduty.japan.communication.azure.com/";
        }));

        Assert.Contains("Set only one of Email__Acs__ConnectionString", error);
        Assert.Contains("Email__Acs__Endpoint", error);
    }

    [Theory]
    [InlineData("accesskey=" + Key, "endpoint")]
    [InlineData("endpoint=https://onduty.japan.communication.azure.com/", "no accesskey")]
    [InlineData("endpoint=https://onduty.japan.communication.azure.com/;accesskey=not base64!", "not base64")]
    [InlineData("endpoint=onduty.japan.communication.azure.com;accesskey=" + Key, "absolute https URL")]
    [InlineData("endpoint=http://onduty.japan.communication.azure.com/;accesskey=" + Key, "http is accepted only for a loopback")]
    [InlineData("UseDevelopmentStorage=true", "endpoint")]
    public void Validate_BadConnectionString_NamesTheSettingAndTheProblem(string connectionString, string problem)
    {
        var error = Assert.Single(Validate(acs => acs.ConnectionString = connectionString));

        Assert.StartsWith("Email__Acs__ConnectionString is not a valid ACS connection string", error);
        Assert.Contains(problem, error);
    }

    [Fact]
    public void Validate_BadConnectionString_DoesNotQuoteTheKey()
    {
        var error = Assert.Single(Validate(acs => acs.ConnectionString = "endpoint=http://example.com/;accesskey=" + Key));

        Assert.DoesNotContain(Key, error);
    }

    [Theory]
    [InlineData("http://onduty.japan.communication.azure.com/", "http is accepted only for a loopback")]
    [InlineData("http://127.0.0.1:5123/", "must use https with a managed identity")]
    [InlineData("/relative", "absolute https URL")]
    public void Validate_BadEndpoint_NamesTheSetting(string endpoint, string problem)
    {
        var error = Assert.Single(Validate(acs => acs.Endpoint = endpoint));

        Assert.StartsWith("Email__Acs__Endpoint", error);
        Assert.Contains(problem, error);
    }

    [Fact]
    public void Validate_IdentityClientIdWithConnectionString_Refused()
    {
        var error = Assert.Single(Validate(acs =>
        {
            acs.ConnectionString = ConnectionString;
            acs.ManagedIdentityClientId = "6f1a2c3d-0000-4000-8000-000000000001";
        }));

        Assert.Contains("Email__Acs__ManagedIdentityClientId", error);
    }

    [Fact]
    public void Validate_NonPositivePollTimeout_NamesTheSetting()
    {
        var error = Assert.Single(Validate(acs =>
        {
            acs.ConnectionString = ConnectionString;
            acs.PollTimeout = TimeSpan.Zero;
        }));

        Assert.Contains("Email__Acs__PollTimeout", error);
    }

    [Fact]
    public void Validate_GraphWithoutMailbox_NamesEmailGraphMailbox()
    {
        var options = new EmailOptions { Provider = EmailProvider.Graph, From = "onduty@onduty.example" };

        var error = Assert.Single(options.Validate(new ValidationContext(options)));

        Assert.Contains("Email__Graph__Mailbox", error.ErrorMessage);
    }

    [Fact]
    public void Validate_GraphWithMailbox_NeedsNoFromAddress()
    {
        var options = new EmailOptions { Provider = EmailProvider.Graph, Graph = { Mailbox = "onduty@contoso.example" } };

        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    [Fact]
    public void Validate_Smtp_IgnoresAcsSettings()
    {
        var options = new EmailOptions { Provider = EmailProvider.Smtp, From = "onduty@onduty.example", Smtp = { Host = "127.0.0.1" } };

        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    /// <summary>A relay's password is never sent in clear: Security None with a password stops the start (and the Azure deployment, in the same words).</summary>
    [Fact]
    public void Validate_SmtpPasswordWithSecurityNone_Refused()
    {
        var options = new EmailOptions
        {
            Provider = EmailProvider.Smtp,
            From = "onduty@onduty.example",
            Smtp = { Host = "smtp.onduty.example", Port = 587, Security = SmtpSecurity.None, UserName = "onduty", Password = "relay-password" },
        };

        var error = Assert.Single(options.Validate(new ValidationContext(options)));

        Assert.Equal(
            "Email__Smtp__Security is None with a user name and password: the password would cross the network in clear. Use StartTls (port 587) or SslOnConnect (port 465).",
            error.ErrorMessage);
        Assert.Equal(["Smtp.Security"], error.MemberNames);

        options.Smtp.Security = SmtpSecurity.StartTls;
        Assert.Empty(options.Validate(new ValidationContext(options)));
        options.Smtp.Security = SmtpSecurity.None;
        (options.Smtp.UserName, options.Smtp.Password) = (null, null);
        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    private static List<string> Validate(Action<AcsSettings> configure)
    {
        var options = new EmailOptions { Provider = EmailProvider.Acs, From = "onduty@onduty.example" };
        configure(options.Acs);
        return options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "").ToList();
    }
}
