using System.ComponentModel.DataAnnotations;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Tests.Incidents;

public sealed class IncidentOptionsTests
{
    private static IncidentOptions Valid() => new()
    {
        AckTokenSecret = Convert.ToBase64String(new byte[32]),
        Leads = ["lead@example.com"],
        OrganisationList = "pm-org@example.com",
    };

    private static List<string> Errors(IncidentOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!)];

    [Fact]
    public void Validate_LeadsAndOrganisationList_Valid() => Assert.Empty(Errors(Valid()));

    [Theory]
    [InlineData("azure-monitor")]
    [InlineData("azure_monitor")]
    [InlineData("AzureMonitor")]
    public void SourceOptions_NameWithUnderscoreAsLinuxAppSettingsNeedIt_IsTheAzureMonitorSource(string key)
    {
        var options = Valid();
        options.Sources[key] = new AlertSourceOptions { SharedSecret = "s3cret" };
        options.Sources["alertmanager"] = new AlertSourceOptions { SharedSecret = "other" };

        Assert.Equal("s3cret", options.SourceOptions(OnDuty.Core.Alerts.AlertSource.AzureMonitor).SharedSecret);
        Assert.Equal("other", options.SourceOptions(OnDuty.Core.Alerts.AlertSource.Alertmanager).SharedSecret);
        Assert.Null(options.SourceOptions(OnDuty.Core.Alerts.AlertSource.Grafana).SharedSecret);

        // The README's Linux spelling must also pass start-up validation (it refused `azure_monitor` before, stopping the app).
        Assert.Empty(Errors(options));
    }

    /// <summary>
    /// Session 62, acknowledgement expiry: off by default for every severity; a time or <c>off</c> starts; anything else — a typo, a
    /// time shorter than a minute or longer than a week — stops the start naming the setting (a typo read as off would page nobody
    /// again, silently).
    /// </summary>
    [Theory]
    [InlineData("01:00:00", null)]
    [InlineData("off", null)]
    [InlineData("", null)]
    [InlineData("1 hour", "Incidents__AckExpiry__Sev2 must be 'off' or a time between 00:01:00 and 7.00:00:00 (e.g. 01:00:00).")]
    [InlineData("00:00:30", "Incidents__AckExpiry__Sev2 must be 'off' or a time between 00:01:00 and 7.00:00:00 (e.g. 01:00:00).")]
    [InlineData("8.00:00:00", "Incidents__AckExpiry__Sev2 must be 'off' or a time between 00:01:00 and 7.00:00:00 (e.g. 01:00:00).")]
    public void Validate_AckExpiry_OffOrATimeWithinItsRange(string value, string? error)
    {
        Assert.All(Valid().AckExpiry.All(), s => Assert.Equal(OnDuty.Core.Comms.UpdateIntervals.Off, s.Value));
        var options = Valid();
        options.AckExpiry.Sev2 = value;

        Assert.Equal(error is null ? [] : [error], Errors(options));
    }

    /// <summary>Trial day 32a, M5: a misspelt zone is refused naming the setting and the value.</summary>
    [Fact]
    public void ValidateAllProperties_UnknownTimeZone_NamesTheSettingAndTheValue()
    {
        var options = Valid();
        options.TimeZone = "Asia/Tokio";
        var results = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));

        Assert.Contains("Incidents__TimeZone: 'Asia/Tokio' is not a known time zone (IANA id, e.g. Asia/Tokyo).", results.Select(r => r.ErrorMessage));
    }

    /// <summary>
    /// The same through the options pipeline the start uses: it read every property, <see cref="IncidentOptions.Zone"/> threw, and the
    /// start stopped with "One or more fields are invalid: timeZone" inside a TargetInvocationException, naming neither setting nor value.
    /// </summary>
    [Fact]
    public void OptionsValue_UnknownTimeZone_FailsNamingTheSettingAndTheValue()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.OptionsBuilderDataAnnotationsExtensions.ValidateDataAnnotations(
            Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions.AddOptions<IncidentOptions>(services).Configure(o =>
            {
                o.AckTokenSecret = Convert.ToBase64String(new byte[32]);
                o.Leads = ["lead@example.com"];
                o.OrganisationList = "pm-org@example.com";
                o.TimeZone = "Asia/Tokio";
            }));
        using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<IncidentOptions>>(provider).Value);

        Assert.Contains("Incidents__TimeZone: 'Asia/Tokio' is not a known time zone (IANA id, e.g. Asia/Tokyo).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AKeyNamingNoSource_NamesTheSetting()
    {
        var options = Valid();
        options.Sources["azure__monitor"] = new AlertSourceOptions();
        options.Sources["prometheus"] = new AlertSourceOptions();

        Assert.Contains(Errors(options), e => e.StartsWith("Incidents__Sources__prometheus is not an alert source", StringComparison.Ordinal));
        Assert.DoesNotContain(Errors(options), e => e.Contains("azure__monitor", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, 120, "Incidents__StormPages")]
    [InlineData(1001, 120, "Incidents__StormPages")]
    [InlineData(3, 5, "Incidents__StormWindow")]
    [InlineData(3, 3601, "Incidents__StormWindow")]
    public void Validate_StormHoldOutOfRange_NamesTheSetting(int pages, int windowSeconds, string setting)
    {
        var options = Valid();
        options.StormPages = pages;
        options.StormWindow = TimeSpan.FromSeconds(windowSeconds);

        Assert.Contains(Errors(options), e => e.StartsWith(setting + " must be between", StringComparison.Ordinal));
        options.StormPages = 3;
        options.StormWindow = TimeSpan.FromMinutes(2);
        Assert.Empty(Errors(options));
    }

    [Fact]
    public void Validate_NoLeads_NamesTheSetting()
    {
        var options = Valid();
        options.Leads = [];

        Assert.Contains(Errors(options), e => e.StartsWith("Incidents__Leads__0 is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BlankLeads_NamesEachBlankOne()
    {
        var options = Valid();
        options.Leads = ["", "  ", null];

        var errors = Errors(options);

        // One message per blank lead, none telling the admin to remove a setting that is required (session 44: "is blank … or
        // remove the setting" beside "is required").
        Assert.Equal(
            [.. Enumerable.Range(0, 3).Select(i => $"Incidents__Leads__{i} is blank: give a lead's email address — at least one lead is required (escalation step 2; pages with nobody on duty go there).")],
            errors.Where(e => e.StartsWith("Incidents__Leads__", StringComparison.Ordinal)));
    }

    [Fact]
    public void Validate_OneBlankLeadBesideAGoodOne_NamesTheBlankOne()
    {
        var options = Valid();
        options.Leads = ["lead@example.com", ""];

        Assert.Equal(["Incidents__Leads__1 is blank: give a lead's email address or remove the setting."], Errors(options));
    }

    [Theory]
    [InlineData(null, "Incidents__OrganisationList is required")]
    [InlineData("", "Incidents__OrganisationList is blank")]
    [InlineData(" ", "Incidents__OrganisationList is blank")]
    [InlineData("not-an-address", "Incidents__OrganisationList must be an email address")]
    public void Validate_OrganisationListMissingBlankOrWrong_NamesTheSetting(string? value, string expected)
    {
        var options = Valid();
        options.OrganisationList = value;

        Assert.Contains(Errors(options), e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("any-key", true)]
    public void AcceptsRoutingKey_NoneConfigured_AcceptsAny(string? key, bool expected) =>
        Assert.Equal(expected, new AlertSourceOptions().AcceptsRoutingKey(key));

    [Theory]
    [InlineData("key-one", true)]
    [InlineData("key-two", true)]
    [InlineData("key-three", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void AcceptsRoutingKey_Configured_OnlyThose(string? key, bool expected) =>
        Assert.Equal(expected, new AlertSourceOptions { RoutingKeys = ["key-one", "key-two", ""] }.AcceptsRoutingKey(key));
}
