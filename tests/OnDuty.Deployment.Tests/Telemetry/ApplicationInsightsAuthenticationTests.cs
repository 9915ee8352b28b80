using Azure.Identity;
using OnDuty.Functions.Telemetry;

namespace OnDuty.Deployment.Tests.Telemetry;

public sealed class ApplicationInsightsAuthenticationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void CredentialFor_Empty_IsNoCredential(string? value) =>
        Assert.Null(ApplicationInsightsAuthentication.CredentialFor(value));

    [Theory]
    [InlineData("Authorization=AAD")]
    [InlineData("Authorization=AAD;ClientId=11111111-2222-3333-4444-555555555555")]
    public void CredentialFor_Aad_IsAManagedIdentity(string value) =>
        Assert.IsType<ManagedIdentityCredential>(ApplicationInsightsAuthentication.CredentialFor(value));

    [Fact]
    public void CredentialFor_SomethingElse_FailsNamingTheSetting()
    {
        var failure = Assert.Throws<OnDuty.Core.Common.SettingRefusedException>(() => ApplicationInsightsAuthentication.CredentialFor("Authorization=Key"));
        Assert.Contains("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", failure.Message, StringComparison.Ordinal);
    }
}
