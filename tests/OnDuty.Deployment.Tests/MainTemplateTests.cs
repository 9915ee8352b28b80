using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>infra/main.bicep compiles cleanly offline and the compiled template holds its security properties.</summary>
public sealed partial class MainTemplateTests
{
    // Built-in role definition ids (the same in every tenant).
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly string[] BroadRoles =
    [
        "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", // Owner
        "b24988ac-6180-42a0-ab88-20f7382dd24c", // Contributor
        "09976791-48a7-449e-bb21-39d1a415f350", // Communication and Email Service Owner
        "17d1049b-9a84-46fb-8f53-869881c3d3ab", // Storage Account Contributor
        "b86a8fe4-44ce-4948-aee5-eccb2c155cd7", // Key Vault Secrets Officer
        "00482a5a-887f-4fb3-b363-3b7fe8e74483", // Key Vault Administrator
    ];

    private static CompiledTemplate Template => CompiledTemplate.MainTemplate;

    [Fact]
    public void Build_MainTemplate_ReportsNoErrorsAndNoWarnings()
    {
        Assert.True(Template.ExitCode == 0, $"bicep build failed:\n{Template.Diagnostics}");
        Assert.True(string.IsNullOrWhiteSpace(Template.Diagnostics), $"bicep build reported:\n{Template.Diagnostics}");
    }

    [Fact]
    public void Sources_UseNoRegistryModulesOrExtensions()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoRoot.Find(), "infra"), "*.bicep", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            Assert.False(RegistryReference().IsMatch(text), $"{file} refers to a registry module: the build must run offline.");
            Assert.False(ExtensionStatement().IsMatch(text), $"{file} uses a Bicep extension: the build must run offline.");
        }
    }

    [Fact]
    public void FunctionApp_IsFlexConsumptionDotnetIsolated10WithSystemAssignedIdentityAndHttpsOnly()
    {
        var plan = Template.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);

        var site = Template.Single("Microsoft.Web/sites");
        Assert.Equal("SystemAssigned", (string?)site["identity"]!["type"]);
        var properties = site["properties"]!;
        Assert.True((bool)properties["httpsOnly"]!);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["minTlsVersion"]);
        Assert.Equal("1.2", (string?)properties["siteConfig"]!["scmMinTlsVersion"]);
        Assert.Equal("Disabled", (string?)properties["siteConfig"]!["ftpsState"]);

        var config = properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", (string?)config["runtime"]!["name"]);
        Assert.Equal("10.0", (string?)config["runtime"]!["version"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]!["storage"]!["type"]);
        Assert.Equal("SystemAssignedIdentity", (string?)config["deployment"]!["storage"]!["authentication"]!["type"]);
    }

    [Fact]
    public void FunctionApp_RefusesFtpAndBasicAuthPublishing()
    {
        var policies = Template.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.Contains(policies, p => ((string)p["name"]!).Contains("'ftp'", StringComparison.Ordinal));
        Assert.Contains(policies, p => ((string)p["name"]!).Contains("'scm'", StringComparison.Ordinal));
        Assert.All(policies, p => Assert.False((bool)p["properties"]!["allow"]!));
    }

    [Fact]
    public void Authentication_IsEntraIdThatLetsAnonymousRequestsThrough()
    {
        var auth = Template.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(c => ((string)c["name"]!).Contains("authsettingsV2", StringComparison.Ordinal))["properties"]!;

        Assert.True((bool)auth["platform"]!["enabled"]!);
        Assert.False((bool)auth["globalValidation"]!["requireAuthentication"]!);
        Assert.Equal("AllowAnonymous", (string?)auth["globalValidation"]!["unauthenticatedClientAction"]);
        Assert.True((bool)auth["httpSettings"]!["requireHttps"]!);
        var entra = auth["identityProviders"]!["azureActiveDirectory"]!;
        Assert.True((bool)entra["enabled"]!);
        Assert.Equal("[parameters('authClientId')]", (string?)entra["registration"]!["clientId"]);
    }

    [Fact]
    public void Storage_IsReachedOnlyWithIdentityOverTls12WithoutPublicBlobs()
    {
        var account = Template.Single("Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.Equal("TLS1_2", (string?)account["minimumTlsVersion"]);

        var container = Template.Single("Microsoft.Storage/storageAccounts/blobServices/containers");
        Assert.Equal("None", (string?)container["properties"]!["publicAccess"]);
    }

    [Fact]
    public void Template_NeverReadsAKeyOrConnectionStringOfAResource()
    {
        Assert.DoesNotContain("listKeys", Template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("listConnectionStrings", Template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", Template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("accesskey=", Template.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CommunicationServices_HasLocalAuthOffAndAnAzureManagedDomain()
    {
        var acs = Template.Single("Microsoft.Communication/communicationServices")["properties"]!;
        Assert.True((bool)acs["disableLocalAuth"]!);

        Assert.Contains(Template.ResourcesOfType("Microsoft.Communication/emailServices/domains"),
            d => (string?)d["properties"]!["domainManagement"] == "AzureManaged");
        Assert.Contains("senderAddress", Template.Root["resources"]!.ToJsonString(), StringComparison.Ordinal);
        Assert.NotNull(Template.Root["outputs"]!["EMAIL_SENDER_ADDRESS"]);
        Assert.NotNull(Template.Root["outputs"]!["EMAIL_CUSTOM_DOMAIN_DNS_RECORDS"]);
        Assert.NotNull(Template.Parameters["customEmailDomain"]);
    }

    [Fact]
    public void ApplicationInsights_AcceptsOnlyEntraIdTelemetryIntoLogAnalytics()
    {
        var components = Template.Single("Microsoft.Insights/components")["properties"]!;
        Assert.True((bool)components["DisableLocalAuth"]!);
        Assert.NotNull(components["WorkspaceResourceId"]);
        Template.Single("Microsoft.OperationalInsights/workspaces");
    }

    [Fact]
    public void KeyVault_UsesRbacWithSoftDeleteAndPurgeProtection()
    {
        var vault = Template.Single("Microsoft.KeyVault/vaults")["properties"]!;
        Assert.True((bool)vault["enableRbacAuthorization"]!);
        Assert.True((bool)vault["enableSoftDelete"]!);
        Assert.True((bool)vault["enablePurgeProtection"]!);
        Assert.Null(vault["accessPolicies"]);
    }

    [Theory]
    [InlineData("Microsoft.Web/sites")]
    [InlineData("Microsoft.KeyVault/vaults")]
    [InlineData("Microsoft.Communication/communicationServices")]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices")]
    public void DiagnosticSettings_SendLogsToLogAnalytics(string resourceType)
    {
        var settings = Template.ResourcesOfType("Microsoft.Insights/diagnosticSettings")
            .Where(d => ((string?)d["scope"] ?? "").Contains($"resourceId('{resourceType}'", StringComparison.Ordinal))
            .ToList();

        var setting = Assert.Single(settings);
        Assert.NotNull(setting["properties"]!["workspaceId"]);
        Assert.Contains(setting["properties"]!["logs"]!.AsArray(), l => (bool)l!["enabled"]!);
    }

    [Fact]
    public void RoleAssignments_GiveTheAppExactlyTheDataRolesItNeedsAndNoBroadRole()
    {
        var roles = Template.Resources.Single(r => (string?)r["name"] == "roles")["properties"]!["template"]!.AsObject();
        var variables = roles["variables"]!.AsObject();
        var assignments = Template.ResourcesOfType("Microsoft.Authorization/roleAssignments").ToList();

        var referenced = assignments
            .SelectMany(a => VariableReference().Matches(CompiledTemplate.Text(a)).Select(m => m.Groups[1].Value))
            .Select(name => (string)variables[name]!)
            .ToHashSet();
        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, KeyVaultSecretsUser, MonitoringMetricsPublisher }.Order(),
            referenced.Order());

        foreach (var broad in BroadRoles)
        {
            Assert.DoesNotContain(broad, Template.Json, StringComparison.OrdinalIgnoreCase);
        }

        Assert.All(assignments, a => Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]));
    }

    [Fact]
    public void EmailSenderRole_IsACustomRoleWithOnlyTheAcsEmailSendActionsOnTheCommunicationService()
    {
        var role = Template.Single("Microsoft.Authorization/roleDefinitions")["properties"]!;
        Assert.Equal("customRole", (string?)role["type"]);
        var permission = Assert.Single(role["permissions"]!.AsArray())!;
        Assert.Equal(
            new[] { "Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write", "Microsoft.Communication/EmailServices/write" },
            permission["actions"]!.AsArray().Select(a => (string)a!).Order(StringComparer.Ordinal));
        Assert.Empty(permission["dataActions"]!.AsArray());

        var assignment = Template.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Single(a => ((string)a["properties"]!["roleDefinitionId"]!).Contains("Microsoft.Authorization/roleDefinitions', guid(", StringComparison.Ordinal));
        Assert.StartsWith("[resourceId('Microsoft.Communication/communicationServices'", (string?)assignment["scope"]);
    }

    [GeneratedRegex(@"\bbr[:/]", RegexOptions.Multiline)]
    private static partial Regex RegistryReference();

    [GeneratedRegex(@"^\s*(extension|import)\s", RegexOptions.Multiline)]
    private static partial Regex ExtensionStatement();

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex VariableReference();
}
