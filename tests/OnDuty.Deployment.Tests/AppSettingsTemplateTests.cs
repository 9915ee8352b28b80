using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Functions;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>
/// The template's app settings are everything the app needs in Azure: every %Setting% the host resolves, every
/// setting start-up validation requires, secrets only as Key Vault references, and nothing Flex Consumption refuses.
/// </summary>
public sealed partial class AppSettingsTemplateTests
{
    /// <summary>
    /// What Azure fills in for settings computed from resources, with the parameters' defaults. A new computed setting
    /// must be added here, so the start-up test below sees the value the app will get.
    /// </summary>
    private static readonly Dictionary<string, string> ComputedInAzure = new(StringComparer.Ordinal)
    {
        ["AzureWebJobsStorage__accountName"] = "stondutyexample",
        ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=https://japaneast-1.in.applicationinsights.azure.com/",
        ["Storage__TableServiceUri"] = "https://stondutyexample.table.core.windows.net/",
        ["Team__PublicBaseUrl"] = "https://func-onduty-example.azurewebsites.net",
        ["Email__From"] = "DoNotReply@00000000-0000-0000-0000-000000000000.azurecomm.net",
        ["Email__Acs__Endpoint"] = "https://acs-onduty-example.japan.communication.azure.com",
        ["Email__Acs__MaxPollsPerMinute"] = "5",
        ["Incidents__AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
        ["Graph__TenantId"] = "",
        ["Graph__UseManagedIdentity"] = "false",
    };

    /// <summary>Values for the parameters azd asks for (no default in the template).</summary>
    private static readonly Dictionary<string, string> RequiredParameters = new(StringComparer.Ordinal)
    {
        ["incidentLeads"] = "lead-one@example.com, lead-two@example.com",
        ["incidentOrganisationList"] = "pm-org@example.com",
    };

    private static CompiledTemplate Template => CompiledTemplate.MainTemplate;

    [Fact]
    public void Settings_HoldEveryPercentSettingOfFunctionsMetadata()
    {
        var metadata = File.ReadAllText(FunctionsMetadataFile.Locate());
        var referenced = PercentSetting().Matches(metadata).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(referenced);

        var missing = referenced.Where(name => !Template.AppSettings.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        Assert.True(missing.Count == 0, $"functions.metadata uses settings infra/main.bicep does not set (the host cannot index these functions): {string.Join(", ", missing)}");
    }

    [Fact]
    public void Settings_ConfigureEveryBindingConnectionWithIdentity()
    {
        var functions = JsonNode.Parse(File.ReadAllText(FunctionsMetadataFile.Locate()))!.AsArray();
        var connections = functions
            .SelectMany(f => f!["bindings"]!.AsArray())
            .Where(b => b!["type"] is JsonValue type && !((string)type!).StartsWith("http", StringComparison.Ordinal) && (string?)b["type"] != "timerTrigger")
            .Select(b => (string?)b!["connection"] is { Length: > 0 } name ? name.Trim('%') : "AzureWebJobsStorage")
            .ToHashSet(StringComparer.Ordinal);

        foreach (var connection in connections)
        {
            string[] identitySettings = ["accountName", "queueServiceUri", "blobServiceUri", "tableServiceUri", "serviceUri"];
            Assert.True(
                identitySettings.Any(suffix => Template.AppSettings.ContainsKey($"{connection}__{suffix}")),
                $"A binding uses connection '{connection}' but infra/main.bicep sets no {connection}__accountName / __queueServiceUri.");
            Assert.False(Template.AppSettings.ContainsKey(connection), $"{connection} would be a connection string with a key; use {connection}__accountName.");
        }
    }

    [Fact]
    public void Settings_LeaveOutWhatFlexConsumptionRefusesAndKeyedConnectionStrings()
    {
        Assert.False(Template.AppSettings.ContainsKey("FUNCTIONS_WORKER_RUNTIME"), "Flex Consumption sets the runtime in functionAppConfig and refuses FUNCTIONS_WORKER_RUNTIME.");
        Assert.False(Template.AppSettings.ContainsKey("FUNCTIONS_EXTENSION_VERSION"));
        Assert.False(Template.AppSettings.ContainsKey("AzureWebJobsStorage"));
        Assert.False(Template.AppSettings.ContainsKey("Storage__ConnectionString"));
        Assert.False(Template.AppSettings.ContainsKey("Email__Acs__ConnectionString"));
        Assert.False(Template.AppSettings.ContainsKey("Graph__ClientSecret"));
        Assert.Equal("Authorization=AAD", (string?)Template.AppSettings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    }

    [Fact]
    public void SecretSettings_AreKeyVaultReferences()
    {
        var secrets = Template.AppSettings.Where(s => SecretName().IsMatch(s.Key)).ToList();
        Assert.Contains(secrets, s => s.Key == "Incidents__AckTokenSecret");
        Assert.Contains(secrets, s => s.Key == "Teams__WebhookUrl");
        Assert.Contains(secrets, s => s.Key == "Watch__PingUrl");

        foreach (var (name, value) in secrets)
        {
            var expression = (string)value!;
            Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName=", expression, StringComparison.Ordinal);
            Assert.DoesNotContain("parameters('", expression.Replace("empty(parameters('", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.True(name.Length > 0);
        }
    }

    /// <summary>
    /// Every webhook route but azure-monitor (its action groups send no header: the function key) can be given its shared secret
    /// through azd and Key Vault — README named pagerduty's, and infra had no variable for it (trial day 35, L6) — and every
    /// secret parameter says what it is, as azd shows it when asking.
    /// </summary>
    [Fact]
    public void WebhookSharedSecrets_EveryRouteButAzureMonitor_FromKeyVault_AndEverySecretParameterDescribed()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "infra", "main.parameters.json")))!["parameters"]!.AsObject();
        foreach (var source in OnDuty.Core.Alerts.AlertSources.Names.Where(s => s != OnDuty.Core.Alerts.AlertSources.AzureMonitor))
        {
            Assert.Equal(
                $"[if(empty(parameters('{source}SharedSecret')), '', format('@Microsoft.KeyVault(VaultName={{0}};SecretName={source}-shared-secret)', variables('keyVaultName')))]",
                (string?)Template.AppSettings[$"Incidents__Sources__{source}__SharedSecret"]);
            Assert.Equal($"${{ONDUTY_{source.ToUpperInvariant()}_SHARED_SECRET=}}", (string?)parameters[$"{source}SharedSecret"]!["value"]);
        }

        var undescribed = Template.Parameters
            .Where(p => (string?)p.Value!["type"] == "securestring" && p.Value["metadata"]?["description"] is null)
            .Select(p => p.Key).ToList();
        Assert.True(undescribed.Count == 0, $"main.bicep's secret parameters {string.Join(", ", undescribed)} have no @description.");
    }

    [Fact]
    public void Settings_WithParameterDefaults_PassTheAppsStartUpValidation()
    {
        using var provider = AppWithTemplateSettings();

        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
    }

    /// <summary>
    /// <c>ONDUTY_MONTHLY_REPORT_TO</c>: the monthly report's readers as the app's list (empty: none, so the leads get it); an
    /// address that is not one stops the start naming the setting. The Teams card is off unless asked for.
    /// </summary>
    [Fact]
    public void MonthlyReportReaders_ReachTheAppAsItsList_AndABadAddressStopsTheStart()
    {
        using var provider = AppWithTemplateSettings(new Dictionary<string, string> { ["monthlyReportTo"] = " cto@contoso.com, , pmo@contoso.com " });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var reports = provider.GetRequiredService<IOptions<OnDuty.Core.Retros.ReportOptions>>().Value;
        Assert.Equal(["cto@contoso.com", "pmo@contoso.com"], reports.MonthlyReportTo);
        Assert.False(reports.MonthlyReportToTeams);

        using var none = AppWithTemplateSettings();
        Assert.Empty(none.GetRequiredService<IOptions<OnDuty.Core.Retros.ReportOptions>>().Value.MonthlyReportTo);

        using var bad = AppWithTemplateSettings(new Dictionary<string, string> { ["monthlyReportTo"] = "cto at contoso" });
        var failure = Record.Exception(() => bad.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Reports__MonthlyReportTo__0", failure?.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>Pages__RequireRosterMember</c>: on in a new deployment (<c>ONDUTY_REQUIRE_ROSTER_MEMBER</c>, default <c>true</c>) and in the
    /// local sample, which matches it; off in code, so an app configured before the setting keeps working until it is set. The
    /// README's settings table says it.
    /// </summary>
    [Fact]
    public void RequireRosterMember_OnInTheTemplateAndTheSample_ReachesTheApp_AndIsDocumented()
    {
        using var provider = AppWithTemplateSettings();
        Assert.True(provider.GetRequiredService<IOptions<OnDuty.Functions.Pages.PagesOptions>>().Value.RequireRosterMember);
        using var off = AppWithTemplateSettings(new Dictionary<string, string> { ["requireRosterMember"] = "false" });
        Assert.False(off.GetRequiredService<IOptions<OnDuty.Functions.Pages.PagesOptions>>().Value.RequireRosterMember);
        Assert.False(new OnDuty.Functions.Pages.PagesOptions().RequireRosterMember);

        var root = RepoRoot.Find();
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${ONDUTY_REQUIRE_ROSTER_MEMBER=true}", (string?)parameters["requireRosterMember"]!["value"]);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")))!["Values"]!;
        Assert.Equal("true", (string?)sample["Pages__RequireRosterMember"]);
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains("| `Pages__RequireRosterMember` |", readme, StringComparison.Ordinal);
        Assert.Contains("`ONDUTY_REQUIRE_ROSTER_MEMBER`", readme, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>Roster__WelcomeMail</c>: a member added to the roster is welcomed in a new deployment (<c>ONDUTY_WELCOME_MAIL</c>, default
    /// <c>true</c>), in the local sample and in code; <c>false</c> turns it off. The README's settings table says it.
    /// </summary>
    [Fact]
    public void WelcomeMail_OnInTheTemplateAndTheSample_ReachesTheApp_AndIsDocumented()
    {
        using var provider = AppWithTemplateSettings();
        Assert.True(provider.GetRequiredService<IOptions<OnDuty.Core.Team.RosterOptions>>().Value.WelcomeMail);
        using var off = AppWithTemplateSettings(new Dictionary<string, string> { ["welcomeMail"] = "false" });
        Assert.False(off.GetRequiredService<IOptions<OnDuty.Core.Team.RosterOptions>>().Value.WelcomeMail);
        Assert.True(new OnDuty.Core.Team.RosterOptions().WelcomeMail);

        var root = RepoRoot.Find();
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${ONDUTY_WELCOME_MAIL=true}", (string?)parameters["welcomeMail"]!["value"]);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")))!["Values"]!;
        Assert.Equal("true", (string?)sample["Roster__WelcomeMail"]);
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains("| `Roster__WelcomeMail` |", readme, StringComparison.Ordinal);
        Assert.Contains("`ONDUTY_WELCOME_MAIL`", readme, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>Incidents__StormPages</c>: the storm hold on (<c>3</c>) in a new deployment (<c>ONDUTY_STORM_PAGES</c>) and in the local
    /// sample, which matches it — a PM's phone gets one list, not 13 mails in 90 s (trial 36, M6); off in code, as tests count
    /// every page. <c>0</c> turns it off. The README's settings table says it.
    /// </summary>
    [Fact]
    public void StormPages_OnInTheTemplateAndTheSample_ReachesTheApp_AndIsDocumented()
    {
        using var provider = AppWithTemplateSettings();
        Assert.Equal(3, provider.GetRequiredService<IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value.StormPages);
        using var off = AppWithTemplateSettings(new Dictionary<string, string> { ["stormPages"] = "0" });
        Assert.Equal(0, off.GetRequiredService<IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value.StormPages);
        Assert.Equal(0, new OnDuty.Core.Incidents.IncidentOptions().StormPages);

        var root = RepoRoot.Find();
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${ONDUTY_STORM_PAGES=3}", (string?)parameters["stormPages"]!["value"]);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")))!["Values"]!;
        Assert.Equal("3", (string?)sample["Incidents__StormPages"]);
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains("`ONDUTY_STORM_PAGES`", readme, StringComparison.Ordinal);
    }

    /// <summary><c>ONDUTY_BRIDGE_URL</c>: the app's <c>Incidents__BridgeUrl</c>, which it starts with; not https, it refuses to start naming the setting.</summary>
    [Fact]
    public void BridgeUrl_ReachesTheApp_AndOnlyHttpsStarts()
    {
        var teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0";
        using var provider = AppWithTemplateSettings(new Dictionary<string, string> { ["incidentBridgeUrl"] = teams });
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal(teams, provider.GetRequiredService<IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value.Bridge);

        using var http = AppWithTemplateSettings(new Dictionary<string, string> { ["incidentBridgeUrl"] = "http://meet.example/bridge" });
        var failure = Record.Exception(() => http.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Incidents__BridgeUrl", failure?.Message, StringComparison.Ordinal);

        using var none = AppWithTemplateSettings();
        Assert.Null(none.GetRequiredService<IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value.Bridge);
    }

    /// <summary>
    /// <c>ONDUTY_PHONE_COUNTRY_CODE</c>: the app's <c>Team__PhoneCountryCode</c>, <c>81</c> by default as in the sample (the team is
    /// Japanese, as <c>Team__Language</c>); empty turns it off; a value that is not 1–3 digits stops the start naming the setting.
    /// </summary>
    [Fact]
    public void PhoneCountryCode_ReachesTheApp_EmptyOff_AndABadValueStopsTheStart()
    {
        using var provider = AppWithTemplateSettings();
        provider.GetRequiredService<IStartupValidator>().Validate();
        Assert.Equal("81", provider.GetRequiredService<IOptions<OnDuty.Core.Common.TeamOptions>>().Value.PhoneCountry);

        using var off = AppWithTemplateSettings(new Dictionary<string, string> { ["phoneCountryCode"] = "" });
        off.GetRequiredService<IStartupValidator>().Validate();
        Assert.Null(off.GetRequiredService<IOptions<OnDuty.Core.Common.TeamOptions>>().Value.PhoneCountry);

        using var plus = AppWithTemplateSettings(new Dictionary<string, string> { ["phoneCountryCode"] = "+81" });
        var failure = Record.Exception(() => plus.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Team__PhoneCountryCode must be the team's country calling code, 1 to 3 digits without + (e.g. 81), or empty.", failure?.Message, StringComparison.Ordinal);

        var root = RepoRoot.Find();
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "infra", "main.parameters.json")))!["parameters"]!;
        Assert.Equal("${ONDUTY_PHONE_COUNTRY_CODE=81}", (string?)parameters["phoneCountryCode"]!["value"]);
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "local.settings.sample.json")))!["Values"]!;
        Assert.Equal("81", (string?)sample["Team__PhoneCountryCode"]);
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        Assert.Contains("| `Team__PhoneCountryCode` |", readme, StringComparison.Ordinal);
        Assert.Contains("`ONDUTY_PHONE_COUNTRY_CODE`", readme, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>ONDUTY_ALERT_GROUP_WINDOW</c> set: every source groups, <c>azure-monitor</c> too through its Linux spelling
    /// <c>azure_monitor</c> (which start-up validation refused until 2026-12-01, so the app did not start).
    /// </summary>
    [Fact]
    public void AlertGroupWindow_GroupsEverySource_AndTheAppStarts()
    {
        using var provider = AppWithTemplateSettings(new Dictionary<string, string> { ["alertGroupWindow"] = "00:10:00" });

        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
        var options = provider.GetRequiredService<IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value;
        Assert.All(Enum.GetValues<OnDuty.Core.Alerts.AlertSource>(), source => Assert.Equal(TimeSpan.FromMinutes(10), options.SourceOptions(source).GroupWindow));
        using var defaults = AppWithTemplateSettings();
        Assert.Equal(TimeSpan.Zero, defaults.GetRequiredService<IOptions<OnDuty.Core.Incidents.IncidentOptions>>().Value.SourceOptions(OnDuty.Core.Alerts.AlertSource.AzureMonitor).GroupWindow);
    }

    /// <summary>
    /// <c>ONDUTY_SMS_FROM</c> set: pages are texted through the deployment's ACS resource with the app's identity
    /// (<c>Sms__Endpoint</c>), only the severities of <c>ONDUTY_SMS_SEVERITIES</c>, and the app starts; unset, nothing is texted.
    /// </summary>
    [Fact]
    public void SmsFrom_TextsThroughTheAcsResourceWithTheIdentity_AndTheAppStarts()
    {
        using var provider = AppWithTemplateSettings(new Dictionary<string, string> { ["smsFrom"] = "+18005550100", ["smsSeverities"] = "sev1,sev2" });

        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
        var settings = provider.GetRequiredService<IOptions<OnDuty.Infrastructure.Sms.SmsSettings>>().Value;
        Assert.Equal(("+18005550100", ComputedInAzure["Email__Acs__Endpoint"], (string?)null), (settings.From, settings.Endpoint, settings.ConnectionString is { Length: > 0 } c ? c : null));
        Assert.IsType<OnDuty.Infrastructure.Sms.AcsSmsSender>(provider.GetRequiredService<OnDuty.Core.Notifications.ISmsSender>());
        var sms = provider.GetRequiredService<IOptions<OnDuty.Core.Notifications.SmsOptions>>().Value;
        Assert.True(sms.Covers(OnDuty.Core.Alerts.AlertSeverity.Sev2));
        Assert.False(sms.Covers(OnDuty.Core.Alerts.AlertSeverity.Sev3));
        Assert.True(sms.AcceptReplies); // a number: replies reach the app through the hook's Event Grid subscription

        using var senderId = AppWithTemplateSettings(new Dictionary<string, string> { ["smsFrom"] = "OnDuty" });
        Assert.Null(Record.Exception(() => senderId.GetRequiredService<IStartupValidator>().Validate()));
        Assert.False(senderId.GetRequiredService<IOptions<OnDuty.Core.Notifications.SmsOptions>>().Value.AcceptReplies);

        using var defaults = AppWithTemplateSettings();
        Assert.False(defaults.GetRequiredService<OnDuty.Core.Notifications.ISmsSender>().Enabled);
    }

    /// <summary>
    /// <c>ONDUTY_SMS_PROVIDER=Twilio</c>: texts go through Twilio with the account and the auth token from Key Vault, not
    /// through the ACS resource, and page texts offer replies (the number's webhook brings them to <c>/api/sms/twilio</c>).
    /// </summary>
    [Fact]
    public void SmsProviderTwilio_TextsThroughTwilio_AndTheAppStarts()
    {
        using var provider = AppWithTemplateSettings(new Dictionary<string, string>
        {
            ["smsProvider"] = "Twilio",
            ["smsFrom"] = "+815012345678",
            ["twilioAccountSid"] = "AC" + new string('0', 32),
            ["twilioAuthToken"] = "token",
        });

        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
        Assert.IsType<OnDuty.Infrastructure.Sms.TwilioSmsSender>(provider.GetRequiredService<OnDuty.Core.Notifications.ISmsSender>());
        var settings = provider.GetRequiredService<IOptions<OnDuty.Infrastructure.Sms.SmsSettings>>().Value;
        Assert.Equal(("", "secret-from-key-vault"), (settings.Endpoint ?? "", settings.Twilio.AuthToken));
        Assert.True(provider.GetRequiredService<IOptions<OnDuty.Core.Notifications.SmsOptions>>().Value.AcceptReplies);
        Assert.False(provider.GetRequiredService<OnDuty.Core.Notifications.IVoiceCaller>().Enabled);
    }

    /// <summary>
    /// <c>ONDUTY_VOICE_CALLS=true</c> with Twilio: escalations ring through Twilio from the SMS number, only the severities of
    /// <c>ONDUTY_VOICE_SEVERITIES</c>, and the app starts; with ACS as the SMS provider the start refuses it, naming why.
    /// </summary>
    [Fact]
    public void VoiceCalls_RingThroughTwilio_AndTheAppStarts_NotWithAcs()
    {
        var twilio = new Dictionary<string, string>
        {
            ["smsProvider"] = "Twilio",
            ["smsFrom"] = "+815012345678",
            ["twilioAccountSid"] = "AC" + new string('0', 32),
            ["twilioAuthToken"] = "token",
            ["voiceCalls"] = "true",
            ["voiceSeverities"] = "sev1,sev2",
        };
        using var provider = AppWithTemplateSettings(twilio);

        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
        Assert.IsType<OnDuty.Infrastructure.Sms.TwilioVoiceCaller>(provider.GetRequiredService<OnDuty.Core.Notifications.IVoiceCaller>());
        var voice = provider.GetRequiredService<IOptions<OnDuty.Core.Notifications.VoiceOptions>>().Value;
        Assert.True(voice.Enabled);
        Assert.Equal([OnDuty.Core.Alerts.AlertSeverity.Sev1, OnDuty.Core.Alerts.AlertSeverity.Sev2], voice.Called);

        using var acs = AppWithTemplateSettings(new Dictionary<string, string> { ["smsFrom"] = "+18005550100", ["voiceCalls"] = "true" });
        var refused = Record.Exception(() => acs.GetRequiredService<IStartupValidator>().Validate());
        Assert.NotNull(refused);
        Assert.Contains("Sms__Provider", refused.Message, StringComparison.Ordinal);

        using var defaults = AppWithTemplateSettings();
        Assert.False(defaults.GetRequiredService<OnDuty.Core.Notifications.IVoiceCaller>().Enabled);
        Assert.False(defaults.GetRequiredService<IOptions<OnDuty.Core.Notifications.VoiceOptions>>().Value.DutyLine);
    }

    /// <summary><c>ONDUTY_DUTY_LINE=true</c> with Twilio: the duty line answers, and the app starts.</summary>
    [Fact]
    public void DutyLine_WithTwilio_AndTheAppStarts()
    {
        using var provider = AppWithTemplateSettings(new Dictionary<string, string>
        {
            ["smsProvider"] = "Twilio",
            ["smsFrom"] = "+815012345678",
            ["twilioAccountSid"] = "AC" + new string('0', 32),
            ["twilioAuthToken"] = "token",
            ["dutyLine"] = "true",
        });

        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
        Assert.True(provider.GetRequiredService<IOptions<OnDuty.Core.Notifications.VoiceOptions>>().Value.DutyLine);
    }

    /// <summary>A team whose mail must leave through its company's SMTP relay (user and password, STARTTLS on 587).</summary>
    private static readonly Dictionary<string, object> SmtpRelay = new(StringComparer.Ordinal)
    {
        ["emailProvider"] = "Smtp",
        ["smtpHost"] = "smtp.example.co.jp",
        ["smtpFrom"] = "onduty@example.co.jp",
        ["smtpUserName"] = "onduty",
        ["smtpPassword"] = "relay-password",
    };

    /// <summary>
    /// <c>ONDUTY_EMAIL_PROVIDER=Smtp</c>: the deployment writes the relay's settings (port 587, StartTls by default), the password
    /// only as a Key Vault reference to <c>smtp-password</c>, creates no Email Communication Service or domain, keeps texting pages
    /// through the ACS resource, and the app starts sending with SMTP. Without a user name there is no user or password setting.
    /// </summary>
    [Fact]
    public void EmailProviderSmtp_SendsThroughTheRelay_PasswordFromKeyVault_NoAcsEmailResources_AndTheAppStarts()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object>(SmtpRelay) { ["smsFrom"] = "+18005550100" });
        var deployed = DeployedAppSettings(snapshot);
        var email = EmailSettings(deployed);

        var vault = VaultReference().Match(deployed);
        Assert.True(vault.Success, deployed);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["Email__Provider"] = "Smtp",
                ["Email__From"] = "onduty@example.co.jp",
                ["Email__FromName"] = "OnDuty",
                // The ACS resource texts pages only: no ACS email endpoint.
                ["Email__Acs__Endpoint"] = "",
                ["Email__Acs__MaxPollsPerMinute"] = "5",
                ["Email__Graph__Mailbox"] = "",
                ["Email__Smtp__Host"] = "smtp.example.co.jp",
                ["Email__Smtp__Port"] = "587",
                ["Email__Smtp__Security"] = "StartTls",
                ["Email__Smtp__UserName"] = "onduty",
                ["Email__Smtp__Password"] = $"@Microsoft.KeyVault(VaultName={vault.Groups[1].Value};SecretName=smtp-password)",
            },
            email);
        Assert.DoesNotContain("relay-password", deployed, StringComparison.Ordinal);

        Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/emailServices"));
        Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/emailServices/domains"));
        Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/emailServices/domains/senderUsernames"));
        var acs = snapshot.Single("Microsoft.Communication/communicationServices");
        Assert.Empty(acs["properties"]!["linkedDomains"]!.AsArray());
        Assert.Contains($"'Sms__Endpoint', format('https://{{0}}', reference('{TemplateSnapshot.Id(acs)}'", deployed, StringComparison.Ordinal);
        // The app texts through it with its identity, so the ACS role is assigned on it; the hook subscribes to its SMS events.
        Assert.Single(snapshot.ResourcesOfType("Microsoft.Authorization/roleDefinitions"));
        Assert.Single(snapshot.ResourcesOfType("Microsoft.Authorization/roleAssignments"), a => ((string)a["id"]!).Contains($"extensionResourceId('{TemplateSnapshot.Id(acs)}'", StringComparison.Ordinal));
        Assert.Equal(TemplateSnapshot.Id(acs), (string?)snapshot.Outputs["ONDUTY_ACS_RESOURCE_ID"]);
        Assert.Equal("", (string?)snapshot.Outputs["EMAIL_SENDER_ADDRESS"]);

        using var provider = AppWithTemplateSettings(
            new Dictionary<string, string> { ["emailProvider"] = "Smtp", ["smsFrom"] = "+18005550100" },
            deployed: email.ToDictionary(s => s.Key, s => s.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) ? "relay-password" : s.Value));
        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
        Assert.IsType<OnDuty.Infrastructure.Email.SmtpEmailSender>(provider.GetRequiredService<OnDuty.Core.Notifications.IEmailSender>());
        var smtp = provider.GetRequiredService<IOptions<OnDuty.Infrastructure.Email.EmailOptions>>().Value.Smtp;
        Assert.Equal(
            ("smtp.example.co.jp", 587, OnDuty.Infrastructure.Email.SmtpSecurity.StartTls, "onduty", "relay-password"),
            (smtp.Host, smtp.Port, smtp.Security, smtp.UserName, smtp.Password));
        Assert.IsType<OnDuty.Infrastructure.Sms.AcsSmsSender>(provider.GetRequiredService<OnDuty.Core.Notifications.ISmsSender>());

        var anonymous = EmailSettings(DeployedAppSettings(TemplateSnapshot.OfMain(new Dictionary<string, object>(SmtpRelay)
        {
            ["smtpUserName"] = "",
            ["smtpPassword"] = "",
            ["smtpPort"] = 465,
            ["smtpSecurity"] = "SslOnConnect",
        })));
        Assert.DoesNotContain("Email__Smtp__UserName", anonymous.Keys);
        Assert.DoesNotContain("Email__Smtp__Password", anonymous.Keys);
        Assert.Equal(("465", "SslOnConnect"), (anonymous["Email__Smtp__Port"], anonymous["Email__Smtp__Security"]));
    }

    /// <summary>
    /// Mail through the company's relay and texts through ACS wanted before a number exists (<c>ONDUTY_SMS_ACS=true</c>, no
    /// <c>ONDUTY_SMS_FROM</c>): the deployment creates the ACS resource alone — no Email Communication Service or domain — with the
    /// app's role on it and its id as the output the hooks read, so the first number can be bought on it; nothing is texted yet
    /// (<c>Sms__Endpoint</c> empty). With Twilio texts the flag creates nothing.
    /// </summary>
    [Fact]
    public void SmsAcsWithoutANumber_CreatesTheAcsResourceToBuyItOn_TextsNobodyYet()
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object>(SmtpRelay) { ["smsAcs"] = true });
        var deployed = DeployedAppSettings(snapshot);

        var acs = snapshot.Single("Microsoft.Communication/communicationServices");
        Assert.Empty(acs["properties"]!["linkedDomains"]!.AsArray());
        Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/emailServices"));
        Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/emailServices/domains"));
        Assert.Single(snapshot.ResourcesOfType("Microsoft.Authorization/roleAssignments"), a => ((string)a["id"]!).Contains($"extensionResourceId('{TemplateSnapshot.Id(acs)}'", StringComparison.Ordinal));
        Assert.Equal(TemplateSnapshot.Id(acs), (string?)snapshot.Outputs["ONDUTY_ACS_RESOURCE_ID"]);
        Assert.Contains("'Sms__Endpoint', ''", deployed, StringComparison.Ordinal);
        Assert.Equal("", EmailSettings(deployed)["Email__Acs__Endpoint"]);

        var twilio = TemplateSnapshot.OfMain(new Dictionary<string, object>(SmtpRelay) { ["smsAcs"] = true, ["smsProvider"] = "Twilio" });
        Assert.DoesNotContain(twilio.Resources, r => ((string)r["type"]!).StartsWith("Microsoft.Communication/", StringComparison.Ordinal));
        Assert.Equal("", (string?)twilio.Outputs["ONDUTY_ACS_RESOURCE_ID"]);
    }

    /// <summary>
    /// Mail through the company's relay or Graph, and no pages texted through ACS: nothing sends through Azure Communication
    /// Services, so the deployment creates no ACS resource, no ACS role or role assignment, and no app setting or output points
    /// at one. With SMTP the app starts with the settings as deployed, sending mail by SMTP and texting nobody.
    /// </summary>
    [Theory]
    [InlineData("Smtp")]
    [InlineData("Graph")]
    public void EmailNotThroughAcs_WithoutAcsTexts_CreatesNoAcsResourceRoleOrSettingPointingAtOne(string provider)
    {
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object>(SmtpRelay) { ["emailProvider"] = provider, ["graphMailbox"] = "onduty@contoso.com" });
        var deployed = DeployedAppSettings(snapshot);

        Assert.DoesNotContain(snapshot.Resources, r => ((string)r["type"]!).StartsWith("Microsoft.Communication/", StringComparison.Ordinal));
        Assert.Empty(snapshot.ResourcesOfType("Microsoft.Authorization/roleDefinitions"));
        // No role assignment on it, no app setting naming it (Email__Acs__Endpoint, Sms__Endpoint), nothing else.
        Assert.DoesNotContain(snapshot.Resources, r => r.ToJsonString().Contains("Microsoft.Communication", StringComparison.Ordinal));
        Assert.Equal("", EmailSettings(deployed)["Email__Acs__Endpoint"]);
        Assert.Equal(provider == "Smtp" ? "onduty@example.co.jp" : "", EmailSettings(deployed)["Email__From"]);
        Assert.Contains("'Sms__Endpoint', ''", deployed, StringComparison.Ordinal);
        Assert.Equal(
            ("", "", "", "{}"),
            ((string?)snapshot.Outputs["ONDUTY_ACS_RESOURCE_ID"], (string?)snapshot.Outputs["EMAIL_SENDER_ADDRESS"],
                (string?)snapshot.Outputs["EMAIL_MANAGED_SENDER_ADDRESS"], snapshot.Outputs["EMAIL_CUSTOM_DOMAIN_DNS_RECORDS"]!.ToJsonString()));

        if (provider == "Smtp")
        {
            var email = EmailSettings(deployed);
            using var app = AppWithTemplateSettings(
                new Dictionary<string, string> { ["emailProvider"] = "Smtp" },
                deployed: email.ToDictionary(s => s.Key, s => s.Value.StartsWith("@Microsoft.KeyVault(", StringComparison.Ordinal) ? "relay-password" : s.Value));
            var failure = Record.Exception(() => app.GetRequiredService<IStartupValidator>().Validate());
            Assert.True(failure is null, $"The app would not start with the template's settings: {failure?.Message}");
            Assert.IsType<OnDuty.Infrastructure.Email.SmtpEmailSender>(app.GetRequiredService<OnDuty.Core.Notifications.IEmailSender>());
            Assert.False(app.GetRequiredService<OnDuty.Core.Notifications.ISmsSender>().Enabled);
        }
    }

    /// <summary>
    /// Acs (the default) and Graph deployments: no SMTP setting, no smtp-password secret; the ACS email resources with Acs, as
    /// before, and none with Graph (it sends from its mailbox).
    /// </summary>
    [Theory]
    [InlineData("Acs")]
    [InlineData("Graph")]
    public void EmailProviderAcsOrGraph_NoSmtpSettingOrSecret_AndAcsEmailResourcesOnlyForAcs(string provider)
    {
        // An azd environment that once tried Smtp still holds its values.
        var snapshot = TemplateSnapshot.OfMain(new Dictionary<string, object>(SmtpRelay) { ["emailProvider"] = provider, ["graphMailbox"] = "onduty@contoso.com" });
        var deployed = DeployedAppSettings(snapshot);

        Assert.Equal(provider, EmailSettings(deployed)["Email__Provider"]);
        Assert.DoesNotContain("Email__Smtp__", deployed, StringComparison.Ordinal);
        Assert.DoesNotContain("smtp.example.co.jp", deployed, StringComparison.Ordinal);
        if (provider == "Acs")
        {
            snapshot.Single("Microsoft.Communication/emailServices");
            Assert.Contains(snapshot.ResourcesOfType("Microsoft.Communication/emailServices/domains"), d => ((string)d["name"]!).EndsWith("/AzureManagedDomain", StringComparison.Ordinal));
            var acs = snapshot.Single("Microsoft.Communication/communicationServices");
            Assert.NotEmpty(acs["properties"]!["linkedDomains"]!.AsArray());
            Assert.Contains($"'Email__Acs__Endpoint', format('https://{{0}}', reference('{TemplateSnapshot.Id(acs)}'", deployed, StringComparison.Ordinal);
            Assert.Single(snapshot.ResourcesOfType("Microsoft.Authorization/roleAssignments"), a => ((string)a["id"]!).Contains($"extensionResourceId('{TemplateSnapshot.Id(acs)}'", StringComparison.Ordinal));
            Assert.Equal(TemplateSnapshot.Id(acs), (string?)snapshot.Outputs["ONDUTY_ACS_RESOURCE_ID"]);
        }
        else
        {
            Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/communicationServices"));
            Assert.Empty(snapshot.ResourcesOfType("Microsoft.Communication/emailServices"));
        }

        // The Key Vault module's secrets are secure, so the snapshot does not expand them: the template gives smtp-password
        // a value only when emailProvider is Smtp (the module skips empty ones), and keeps the user and password together.
        Assert.Equal("[variables('smtpPasswordSecret')]", (string?)Template.Root["variables"]!["secretValues"]!["smtp-password"]);
        var secret = (string)Template.Root["variables"]!["smtpPasswordSecret"]!;
        Assert.StartsWith("[if(not(variables('smtp')), '', ", secret, StringComparison.Ordinal);
        Assert.Contains("fail('smtpUserName (ONDUTY_SMTP_USERNAME) and smtpPassword (ONDUTY_SMTP_PASSWORD) go together')", secret, StringComparison.Ordinal);
        Assert.Equal("[equals(parameters('emailProvider'), 'Smtp')]", (string?)Template.Root["variables"]!["smtp"]);
    }

    /// <summary>What the app would refuse to start with stops an Smtp deployment before anything is created, naming the parameter.</summary>
    [Theory]
    [InlineData("smtpHost", "", "smtpHost (ONDUTY_SMTP_HOST) is required when emailProvider is Smtp: the relay's host name, e.g. smtp.example.co.jp")]
    [InlineData("smtpFrom", "", "smtpFrom (ONDUTY_SMTP_FROM) is required when emailProvider is Smtp: the address mail is sent from")]
    [InlineData("smtpSecurity", "None", "smtpSecurity is None with a user name and password: the password would cross the network in clear. Use StartTls (port 587) or SslOnConnect (port 465)")]
    public void EmailProviderSmtp_WhatTheAppWouldRefuse_StopsTheDeployment(string parameter, string value, string refusal)
    {
        var failure = TemplateSnapshot.Refusal(new Dictionary<string, object>(SmtpRelay) { [parameter] = value });

        Assert.Contains($"The template variable 'smtpSettings' is not valid: {refusal}.", failure, StringComparison.Ordinal);
    }

    /// <summary>
    /// Graph mail without <c>ONDUTY_GRAPH_MAILBOX</c>: the app refuses to start (<c>Email__Graph__Mailbox is required …</c>), so the
    /// deployment stops before anything is created, naming the azd variable (trial 46: <c>azd provision</c> went ahead and the app
    /// then did not start). With a mailbox it goes ahead and the app gets it.
    /// </summary>
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void EmailProviderGraph_WithoutAMailbox_StopsTheDeployment_AsTheAppWouldNotStart(string mailbox)
    {
        var failure = TemplateSnapshot.Refusal(new Dictionary<string, object> { ["emailProvider"] = "Graph", ["graphMailbox"] = mailbox });
        Assert.Contains(
            "The template variable 'graphMailboxSetting' is not valid: graphMailbox (ONDUTY_GRAPH_MAILBOX) is required when emailProvider is Graph: the shared mailbox's address mail is sent from, e.g. onduty@contoso.com.",
            failure, StringComparison.Ordinal);

        using var app = AppWithTemplateSettings(
            new Dictionary<string, string> { ["emailProvider"] = "Graph" },
            deployed: new Dictionary<string, string> { ["Email__Provider"] = "Graph", ["Email__Graph__Mailbox"] = mailbox, ["Email__From"] = "" });
        var refusal = Record.Exception(() => app.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Email__Graph__Mailbox is required when Email__Provider is Graph", refusal?.Message, StringComparison.Ordinal);

        var deployed = DeployedAppSettings(TemplateSnapshot.OfMain(new Dictionary<string, object> { ["emailProvider"] = "Graph", ["graphMailbox"] = " onduty@contoso.com " }));
        Assert.Equal("onduty@contoso.com", EmailSettings(deployed)["Email__Graph__Mailbox"]);
    }

    /// <summary>A password with <c>Security=None</c>: the deployment and the app refuse it in the same words.</summary>
    [Fact]
    public void SmtpSecurityNoneWithPassword_RefusedByTheDeploymentAndTheApp_InTheSameWords()
    {
        const string Reason = "is None with a user name and password: the password would cross the network in clear. Use StartTls (port 587) or SslOnConnect (port 465)";
        Assert.Contains("smtpSecurity " + Reason, TemplateSnapshot.Refusal(new Dictionary<string, object>(SmtpRelay) { ["smtpSecurity"] = "None" }), StringComparison.Ordinal);

        using var provider = AppWithTemplateSettings(
            new Dictionary<string, string> { ["emailProvider"] = "Smtp" },
            deployed: new Dictionary<string, string>
            {
                ["Email__From"] = "onduty@example.co.jp",
                ["Email__Smtp__Host"] = "smtp.example.co.jp",
                ["Email__Smtp__Port"] = "587",
                ["Email__Smtp__Security"] = "None",
                ["Email__Smtp__UserName"] = "onduty",
                ["Email__Smtp__Password"] = "relay-password",
            });
        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Email__Smtp__Security " + Reason + ".", failure?.Message, StringComparison.Ordinal);
    }

    /// <summary>The <c>appsettings</c> the deployment writes, as the snapshot has it: an ARM expression with the values worked out.</summary>
    private static string DeployedAppSettings(TemplateSnapshot snapshot) =>
        (string)snapshot.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(r => ((string)r["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!;

    /// <summary>The <c>Email__*</c> settings with a literal value (not one only the deployment knows, like the ACS endpoint).</summary>
    private static Dictionary<string, string> EmailSettings(string deployed) =>
        DeployedEmailSetting().Matches(deployed).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);

    /// <summary>The app's services configured with the template's settings as Azure fills them in, with <paramref name="parameters"/> given to azd.</summary>
    /// <paramref name="deployed"/>: settings as the deployment writes them (from a snapshot), over the template's.
    private static ServiceProvider AppWithTemplateSettings(IReadOnlyDictionary<string, string>? parameters = null, IReadOnlyDictionary<string, string>? extra = null, IReadOnlyDictionary<string, string>? deployed = null)
    {
        var values = Template.AppSettings.ToDictionary(s => s.Key, s => Evaluate(s.Key, (string)s.Value!, parameters), StringComparer.Ordinal);
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            values.TryAdd(name, value);
        }

        foreach (var (name, value) in deployed ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        // Incidents__Leads__0…N come from the comma-separated incidentLeads parameter.
        Assert.Contains("Incidents__Leads__", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Contains("variables('leads')", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Contains("parameters('incidentLeads')", (string?)Template.Root["variables"]!["leads"], StringComparison.Ordinal);
        var leads = RequiredParameters["incidentLeads"].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < leads.Length; i++)
        {
            values[$"Incidents__Leads__{i}"] = leads[i];
        }

        // Reports__MonthlyReportTo__0…N come from the comma-separated monthlyReportTo parameter (default empty).
        Assert.Contains("Reports__MonthlyReportTo__", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Contains("variables('monthlyReaders')", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Contains("parameters('monthlyReportTo')", (string?)Template.Root["variables"]!["monthlyReaders"], StringComparison.Ordinal);
        var readers = (parameters?.GetValueOrDefault("monthlyReportTo") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < readers.Length; i++)
        {
            values[$"Reports__MonthlyReportTo__{i}"] = readers[i];
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), (string?)v.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOnDutyApp(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The site's settings are written whole, so the module keeps what the site has now underneath (a setting added in the
    /// portal survives <c>azd up</c>), puts the team's file over it and the template's own settings over both.
    /// </summary>
    [Fact]
    public void AppSettings_KeepWhatTheSiteHas_UnderTheTeamsFile_UnderTheTemplate()
    {
        var config = Template.ResourcesOfType("Microsoft.Web/sites/config")
            .Single(r => ((string?)r["name"] ?? "").Contains("'appsettings'", StringComparison.Ordinal));
        var properties = (string)config["properties"]!;

        Assert.Equal(
            "[union(list(format('{0}/config/appsettings', resourceId('Microsoft.Web/sites', parameters('siteName'))), '2024-04-01').properties, parameters('teamSettings'), parameters('settings'), parameters('listSettings'))]",
            properties);
        Assert.Contains("variables('teamSettings')", CompiledTemplate.Text(Template.AppSettingsModuleParameters["teamSettings"]!), StringComparison.Ordinal);
    }

    /// <summary>
    /// infra/team-settings.json holds the team's own settings, never a secret (those go through azd and Key Vault), and never a
    /// name the template sets (the template's value would win without a word).
    /// </summary>
    [Fact]
    public void TeamSettingsFile_NamesNoTemplateSettingAndNoSecret()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "infra", "team-settings.json")))!.AsObject();
        var settings = file.Where(s => !s.Key.StartsWith('$')).ToList();

        foreach (var (name, value) in settings)
        {
            Assert.False(Template.AppSettings.ContainsKey(name), $"infra/team-settings.json sets {name}, which infra/main.bicep sets (and wins): use its azd variable.");
            Assert.False(SecretName().IsMatch(name) || OnDuty.Core.Common.SettingsSection.LooksSecret(name), $"infra/team-settings.json holds {name}, a secret: use azd env set and Key Vault.");
            Assert.Equal(JsonValueKind.String, value!.GetValueKind());
        }

        Assert.True(file.ContainsKey("$comment"), "the file says what it is for");
    }

    /// <summary>
    /// A secret in infra/team-settings.json would be a plain app setting, readable by anyone who may read the Function App's
    /// configuration: the deployment refuses the file before creating anything, naming each such setting — by the app's own
    /// rule for a secret's name (<c>SettingsSection.LooksSecret</c>), and a URL that carries its own signature (<c>…WebhookUrl</c>,
    /// <c>…PingUrl</c>), so an item under a secret's name
    /// (<c>…__SharedSecrets__1</c>, <c>…__RoutingKeys__0</c>) too, which the file's test above let through. Names that only
    /// contain such a word (<c>Incidents__AckTokenLifetime</c>) are settings like any other.
    /// </summary>
    [Theory]
    [InlineData("Incidents__Sources__grafana__SharedSecrets__1", "s3cret")]
    [InlineData("Incidents__Sources__pagerduty__RoutingKeys__1", "R0UT1NG")]
    [InlineData("Teams__WebhookUrl", "https://example.webhook.office.com/x")]
    [InlineData("Graph__ClientSecret", "s3cret")]
    public void TeamSettingsFile_WithASecret_StopsTheDeployment_NamingIt(string name, string value)
    {
        // The app's rule, and the URLs that carry their own signature (a Teams workflow's, a dead man's switch's).
        Assert.True(OnDuty.Core.Common.SettingsSection.LooksSecret(name) || SecretName().IsMatch(name));
        Assert.False(OnDuty.Core.Common.SettingsSection.LooksSecret("Incidents__AckTokenLifetime"));
        var infra = Directory.CreateTempSubdirectory("onduty-infra-");
        try
        {
            CopyDirectory(Path.Combine(RepoRoot.Find(), "infra"), infra.FullName);
            var file = new JsonObject
            {
                ["$comment"] = "ours",
                ["Comms__Audiences__execs__Members__0"] = "ceo@contoso.com",
                ["Incidents__AckTokenLifetime"] = "1.00:00:00",
                [name] = value,
            };
            File.WriteAllText(Path.Combine(infra.FullName, "team-settings.json"), file.ToJsonString());

            var refusal = TemplateSnapshot.Refusal(new Dictionary<string, object>(), infraDirectory: infra.FullName);

            Assert.Contains($"The template variable 'teamSettings' is not valid: infra/team-settings.json holds {name}: a secret there would be a plain app setting.", refusal, StringComparison.Ordinal);
            Assert.DoesNotContain(value, refusal, StringComparison.Ordinal);
        }
        finally
        {
            infra.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Every setting the template and infra/team-settings.json give the app is one it reads: a misspelt name in the team's file
    /// (<c>Comms__BySeverty__Sev1__0</c>) fails here, before <c>azd up</c>, and not only as a degraded <c>/api/health</c> after it.
    /// </summary>
    [Fact]
    public void TemplateAndTeamSettings_EveryNameOneTheAppReads()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "infra", "team-settings.json")))!.AsObject();
        var team = file.Where(s => !s.Key.StartsWith('$')).ToDictionary(s => s.Key, s => s.Value!.GetValue<string>(), StringComparer.Ordinal);
        using var provider = AppWithTemplateSettings(extra: team);

        var unread = provider.GetRequiredService<OnDuty.Core.Health.UnknownSettingsCheck>().Found;

        Assert.True(unread.Count == 0, string.Join("\n", unread));
    }

    /// <summary>The check above fails on a misspelt name in the team's file, naming it and the one it meant.</summary>
    [Fact]
    public void TeamSettings_MisspeltName_NamedWithTheSettingItMeant()
    {
        using var provider = AppWithTemplateSettings(extra: new Dictionary<string, string>
        {
            ["Comms__Audiences__execs__Members__0"] = "ceo@contoso.com",
            ["Comms__Audiences__execs__DisplaName"] = "経営層",
        });

        var unread = provider.GetRequiredService<OnDuty.Core.Health.UnknownSettingsCheck>().Found;

        Assert.Equal(["Comms__Audiences__execs__DisplaName is not a setting OnDuty reads, so it has no effect (did you mean Comms__Audiences__execs__DisplayName?)."], unread);
    }

    /// <summary>
    /// The team's file as a team fills it (the local sample's audiences, closures and timeouts, plus a note): the deployment
    /// writes every setting of it but the note, and the app starts with them and reads them.
    /// </summary>
    [Fact]
    public void TeamSettings_LikeTheSamples_ReachTheSite_AndTheAppStartsWithThem()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        string[] prefixes = ["Comms__Audiences__", "Comms__BySeverity__", "Calendar__Closures__", "Incidents__AckTimeouts__", "Incidents__AckExpiry__"];
        var team = sample.Where(s => prefixes.Any(p => s.Key.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(s => s.Key, s => (string)s.Value!, StringComparer.Ordinal);
        Assert.Contains("Comms__Audiences__execs__Members__0", team.Keys);
        Assert.Contains("Comms__Audiences__support__Drafts", team.Keys);
        Assert.Contains("Calendar__Closures__0__Name", team.Keys);

        var infra = Directory.CreateTempSubdirectory("onduty-infra-");
        try
        {
            CopyDirectory(Path.Combine(RepoRoot.Find(), "infra"), infra.FullName);
            var file = new JsonObject { ["$comment"] = "ours" };
            foreach (var (name, value) in team)
            {
                file[name] = value;
            }

            File.WriteAllText(Path.Combine(infra.FullName, "team-settings.json"), file.ToJsonString());
            var snapshot = TemplateSnapshot.OfMain(infraDirectory: infra.FullName);
            var deployed = (string)snapshot.ResourcesOfType("Microsoft.Web/sites/config")
                .Single(r => ((string)r["name"]!).EndsWith("/appsettings", StringComparison.Ordinal))["properties"]!;

            foreach (var (name, value) in team)
            {
                Assert.Contains($"'{name}', '{value}'", deployed, StringComparison.Ordinal);
            }

            Assert.DoesNotContain("$comment", deployed, StringComparison.Ordinal);
            Assert.DoesNotContain("ours", deployed, StringComparison.Ordinal);
            // Over what the site has, under the template's own settings.
            Assert.True(deployed.IndexOf("list(", StringComparison.Ordinal) < deployed.IndexOf("Comms__Audiences__execs", StringComparison.Ordinal));
            Assert.True(deployed.IndexOf("Comms__Audiences__execs", StringComparison.Ordinal) < deployed.IndexOf("'AzureWebJobsStorage__accountName'", StringComparison.Ordinal));
        }
        finally
        {
            infra.Delete(recursive: true);
        }

        using var provider = AppWithTemplateSettings(extra: team);
        var failure = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.True(failure is null, $"The app would not start with the team's settings: {failure?.Message}");
        var comms = provider.GetRequiredService<IOptions<OnDuty.Core.Comms.CommsOptions>>().Value;
        Assert.Equal(["ceo@onduty.example", "cto@onduty.example"], comms.Audiences["execs"].Members);
        // Whom the executives ask (support asks the duty pair), and support's notices linking the customer drafts, as the sample sets them.
        Assert.Equal(("障害対応責任者 山田 <yamada@onduty.example>", null, true, false), (comms.ContactOf("execs"), comms.ContactOf("support"), comms.DraftsFor("support"), comms.DraftsFor("execs")));
        Assert.Equal("年末年始", provider.GetRequiredService<IOptions<OnDuty.Core.Calendar.CalendarOptions>>().Value.Closures[0].Name);
    }

    /// <summary>
    /// <c>ONDUTY_PAGERDUTY_ROUTING_KEYS</c>: each key a Key Vault secret (<c>pagerduty-routing-key-N</c>) and the app's list
    /// <c>Incidents__Sources__pagerduty__RoutingKeys__N</c> as references to them, so a key is not an app setting's value.
    /// </summary>
    [Fact]
    public void PagerDutyRoutingKeys_AreKeyVaultSecrets_ReferencedAsTheAppsList()
    {
        Assert.Contains("Incidents__Sources__pagerduty__RoutingKeys__", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Contains("@Microsoft.KeyVault(VaultName={0};SecretName=pagerduty-routing-key-{1})", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Contains("variables('pagerdutyKeyCount')", Template.ListSettingsExpression, StringComparison.Ordinal);
        Assert.Equal("securestring", (string?)Template.Parameters["pagerdutyRoutingKeys"]!["type"]);

        var secret = Template.ResourcesOfType("Microsoft.KeyVault/vaults/secrets")
            .Single(r => CompiledTemplate.Text(r["name"]!).Contains("pagerduty-routing-key-", StringComparison.Ordinal));
        Assert.Contains("variables('pagerdutyKeys')", CompiledTemplate.Text(secret["copy"]!), StringComparison.Ordinal);
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
        }
    }

    [Fact]
    public void ParameterDefaults_AreTheSampleSettingsValues()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        // Deliberately different in Azure: mail goes through ACS there, smtp4dev locally.
        string[] differentInAzure = ["Email__Provider"];

        foreach (var (name, value) in Template.AppSettings)
        {
            if (ParameterOnly().Match((string)value!) is not { Success: true } match || differentInAzure.Contains(name) || sample[name] is null)
            {
                continue;
            }

            var parameter = Template.Parameters[match.Groups[1].Value]!;
            if (parameter["defaultValue"] is { } defaultValue)
            {
                Assert.True((string?)sample[name] == defaultValue.ToString(), $"{name}: template default '{defaultValue}', local.settings.sample.json '{sample[name]}'.");
            }
        }
    }

    /// <summary>
    /// Settings named DOTNET_* are the .NET runtime's (the GC's first-generation budget), read from the environment before the
    /// app starts: the app runs with the same ones in Azure and locally (run.sh and the benchmarks give the sample's to LocalHost).
    /// </summary>
    [Fact]
    public void RuntimeSettings_AreTheSampleSettings()
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "local.settings.sample.json")))!["Values"]!.AsObject();
        var local = sample.Where(s => s.Key.StartsWith("DOTNET_", StringComparison.Ordinal)).Select(s => $"{s.Key}={(string?)s.Value}").Order(StringComparer.Ordinal).ToList();
        var azure = Template.AppSettings.Where(s => s.Key.StartsWith("DOTNET_", StringComparison.Ordinal)).Select(s => $"{s.Key}={(string?)s.Value}").Order(StringComparer.Ordinal).ToList();

        Assert.Contains("DOTNET_GCgen0size=0x2000000", azure);
        Assert.Equal(azure, local);
    }

    [Fact]
    public void ParametersFile_NamesTemplateParametersOnlyAndEveryRequiredOne()
    {
        var file = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Find(), "infra", "main.parameters.json")))!["parameters"]!.AsObject();

        foreach (var (name, _) in file)
        {
            Assert.True(Template.Parameters.ContainsKey(name), $"infra/main.parameters.json sets '{name}', which main.bicep does not declare.");
        }

        foreach (var (name, parameter) in Template.Parameters)
        {
            if (parameter!["defaultValue"] is null)
            {
                Assert.True(file.ContainsKey(name), $"main.bicep parameter '{name}' has no default and is not in infra/main.parameters.json.");
            }
        }
    }

    private static string Evaluate(string name, string value, IReadOnlyDictionary<string, string>? parameters = null)
    {
        if (!value.StartsWith('['))
        {
            return value;
        }

        if (ParameterOnly().Match(value) is { Success: true } parameter)
        {
            return parameters?.GetValueOrDefault(parameter.Groups[1].Value) ?? ParameterValue(parameter.Groups[1].Value);
        }

        string Given(string parameter) => parameters?.GetValueOrDefault(parameter) ?? ParameterValue(parameter);

        // Replies are read from a number (Sms__AcceptReplies): a sender ID cannot be replied to.
        if (ReplyNumber().Match(value) is { Success: true } number)
        {
            return Given(number.Groups[1].Value).StartsWith('+') ? "true" : "false";
        }

        // A switch given as a bool parameter (Voice__Enabled).
        if (BoolSwitch().Match(value) is { Success: true } flag)
        {
            return bool.TryParse(Given(flag.Groups[1].Value), out var on) && on ? "true" : "false";
        }

        // The ACS endpoint, only when SMS goes through ACS (Sms__Endpoint when smsFrom is set and smsProvider is Acs).
        if (OptionalAcsEndpoint().Match(value) is { Success: true } endpoint)
        {
            return Given(endpoint.Groups[1].Value).Length > 0 && Given(endpoint.Groups[2].Value) == "Acs" ? ComputedInAzure["Email__Acs__Endpoint"] : "";
        }

        // The Graph mailbox, trimmed (the template refuses Graph mail without one before anything is created).
        if (value == "[variables('graphMailboxSetting')]")
        {
            return Given("graphMailbox").Trim();
        }

        // An optional secret: empty unless its parameter is given (defaults are empty).
        if (OptionalKeyVaultReference().Match(value) is { Success: true } optional)
        {
            return Given(optional.Groups[1].Value) is { Length: > 0 } ? "secret-from-key-vault" : "";
        }

        return ComputedInAzure.TryGetValue(name, out var computed)
            ? computed
            : throw new Xunit.Sdk.XunitException($"App setting {name} is computed in Azure ({value}); add the value Azure gives it to {nameof(ComputedInAzure)}.");
    }

    private static string ParameterValue(string name)
    {
        var parameter = Template.Parameters[name] ?? throw new Xunit.Sdk.XunitException($"Unknown parameter {name}.");
        if (parameter["defaultValue"] is { } defaultValue)
        {
            return defaultValue.ToString();
        }

        return RequiredParameters.TryGetValue(name, out var value)
            ? value
            : throw new Xunit.Sdk.XunitException($"Parameter {name} has no default; add a value to {nameof(RequiredParameters)}.");
    }

    [GeneratedRegex("%([A-Za-z0-9_.:]+)%")]
    private static partial Regex PercentSetting();

    [GeneratedRegex(@"^\[parameters\('(\w+)'\)\]$")]
    private static partial Regex ParameterOnly();

    [GeneratedRegex(@"^\[if\(or\(empty\(parameters\('(\w+)'\)\), not\(equals\(parameters\('(\w+)'\), 'Acs'\)\)\), '', reference\(.*'communication'\).*\.outputs\.endpoint\.value\)\]$")]
    private static partial Regex OptionalAcsEndpoint();

    [GeneratedRegex(@"^\[if\(startsWith\(parameters\('(\w+)'\), '\+'\), 'true', 'false'\)\]$")]
    private static partial Regex ReplyNumber();

    [GeneratedRegex(@"^\[if\(parameters\('(\w+)'\), 'true', 'false'\)\]$")]
    private static partial Regex BoolSwitch();

    [GeneratedRegex(@"^\[if\(empty\(parameters\('(\w+)'\)\), '', format\('@Microsoft\.KeyVault\(")]
    private static partial Regex OptionalKeyVaultReference();

    [GeneratedRegex(@"'(Email__\w+)', '([^']*)'")]
    private static partial Regex DeployedEmailSetting();

    [GeneratedRegex(@"@Microsoft\.KeyVault\(VaultName=(kv-onduty-[a-z0-9]{12});SecretName=smtp-password\)")]
    private static partial Regex VaultReference();

    [GeneratedRegex("(Secret|Password|WebhookUrl|PingUrl|ConnectionString|AuthToken)$")]
    private static partial Regex SecretName();
}
