using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Tests.Common;

/// <summary>A value the configuration binder cannot convert stops the start in the admin's words, not the binder's.</summary>
public sealed class SettingsBindingTests
{
    /// <summary>The app's own options, bound as the start binds them, with <paramref name="settings"/> (keys as configuration reads them).</summary>
    private static ServiceProvider CreateSut(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOnDutyCore();
        services.AddOptions<FormatsOptions>().BindSettings(FormatsOptions.SectionName).ValidateOnStart();
        return services.BuildServiceProvider();
    }

    private static SettingsFormatException StartFails(Dictionary<string, string?> settings)
    {
        using var provider = CreateSut(settings);
        return Assert.Throws<SettingsFormatException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
    }

    [Theory]
    [InlineData("Reminders:LocalTime", "25:00", "Reminders__LocalTime must be a time of day, HH:mm, e.g. 10:00 (it is \"25:00\").")]
    [InlineData("Incidents:ReopenWindow", "30m", "Incidents__ReopenWindow must be a duration, d.hh:mm:ss or hh:mm:ss, e.g. 00:30:00 for 30 minutes (it is \"30m\").")]
    [InlineData("Incidents:StormPages", "three", "Incidents__StormPages must be a whole number, e.g. 3 (it is \"three\").")]
    [InlineData("Team:SeedDemo", "yes", "Team__SeedDemo must be true or false (it is \"yes\").")]
    [InlineData("Graph:Leave:OutOfOfficeThreshold", "80%", "Graph__Leave__OutOfOfficeThreshold must be a number, e.g. 1.5 (it is \"80%\").")]
    [InlineData("Calendar:Closures:0:From", "2026-12-32", "Calendar__Closures__0__From must be a date, yyyy-MM-dd, e.g. 2026-12-05 (it is \"2026-12-32\").")]
    [InlineData("Formats:HandoffDay", "Montag", "Formats__HandoffDay must be one of: Sunday, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday (it is \"Montag\").")]
    [InlineData("Formats:Shape", "Round", "Formats__Shape must be one of: Pair, Staggered (it is \"Round\").")]
    [InlineData("Formats:Site", "http://[bad", "Formats__Site must be an absolute URL, e.g. https://onduty.example.com/ (it is \"http://[bad\").")]
    public void Validate_ValueTheBinderCannotConvert_StopsTheStartNamingSettingValueAndFormat(string key, string value, string expected)
    {
        var error = StartFails(new() { [key] = value });

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Validate_SecretLookingSettingUnreadable_NamesItWithoutItsValue()
    {
        var error = StartFails(new() { ["Formats:SigningKey"] = "k9-Xq7-one-day" });

        Assert.Equal(
            "Formats__SigningKey must be a whole number, e.g. 3 (its value is not shown: the setting's name says it may hold a secret).",
            error.Message);
        Assert.DoesNotContain("k9-Xq7", error.Message);
    }

    /// <summary>A name that merely contains a secret's word is no secret: the admin sees the value they wrote.</summary>
    [Fact]
    public void Validate_SettingNamedAfterATokenButNoSecretUnreadable_ShowsItsValue()
    {
        var error = StartFails(new() { ["Incidents:AckTokenLifetime"] = "1 day" });

        Assert.Equal(
            "Incidents__AckTokenLifetime must be a duration, d.hh:mm:ss or hh:mm:ss, e.g. 00:30:00 for 30 minutes (it is \"1 day\").",
            error.Message);
    }

    [Theory]
    [InlineData("Incidents__AckTokenSecret")]
    [InlineData("LocalHost__MasterKey")]
    [InlineData("Email__Smtp__Password")]
    [InlineData("Storage__ConnectionString")]
    [InlineData("Graph__ClientSecret")]
    [InlineData("Teams__Token")]
    [InlineData("incidents__acktokensecret")]
    [InlineData("Incidents:AckTokenSecret")]
    [InlineData("Incidents__Sources__grafana__SharedSecrets__0")]
    [InlineData("Incidents__Sources__grafana__SharedSecret__1")]
    [InlineData("LocalHost__Functions__Ack__Keys")]
    [InlineData("LocalHost__Functions__Ack__Keys__default")]
    [InlineData("LocalHost__FunctionKeys__Ack")]
    public void LooksSecret_LastSegmentNamesASecretOrAnItemUnderOne_True(string setting) =>
        Assert.True(SettingsSection.LooksSecret(setting));

    [Theory]
    [InlineData("Incidents__AckTokenLifetime")]
    [InlineData("Incidents__Sources__grafana__MaxSignatureAge")]
    [InlineData("Graph__Leave__WeeksAhead")]
    [InlineData("Secret__Lifetime")]
    [InlineData("Incidents__TokenSecretRotation")]
    [InlineData("Incidents__Sources__grafana__SharedSecret__Note")]
    [InlineData("Reminders__LocalTime")]
    public void LooksSecret_NameMerelyContainsASecretWord_False(string setting) =>
        Assert.False(SettingsSection.LooksSecret(setting));

    [Fact]
    public void Validate_SeveralUnreadableValuesInSeveralSections_NamesThemAllOneALine()
    {
        var error = StartFails(new()
        {
            ["Reminders:LocalTime"] = "25:00",
            ["Incidents:ReopenWindow"] = "30m",
            ["Incidents:StormPages"] = "three",
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Calendar:Closures:1:To"] = "next Monday",
        });

        Assert.Equal(
            [
                "Incidents__ReopenWindow must be a duration, d.hh:mm:ss or hh:mm:ss, e.g. 00:30:00 for 30 minutes (it is \"30m\").",
                "Incidents__StormPages must be a whole number, e.g. 3 (it is \"three\").",
                "Calendar__Closures__1__To must be a date, yyyy-MM-dd, e.g. 2026-12-05 (it is \"next Monday\").",
                "Reminders__LocalTime must be a time of day, HH:mm, e.g. 10:00 (it is \"25:00\").",
            ],
            error.Message.Split('\n'));
    }

    [Fact]
    public void Value_ReadableValues_BoundAsBefore()
    {
        using var provider = CreateSut(new()
        {
            ["Incidents:AckTokenSecret"] = Convert.ToBase64String(new byte[32]),
            ["Incidents:Leads:0"] = "lead@onduty.example",
            ["Incidents:OrganisationList"] = "pm-all@onduty.example",
            ["Reminders:LocalTime"] = "09:30",
            ["Incidents:ReopenWindow"] = "01:00:00",
            ["Incidents:StormPages"] = "5",
            ["Calendar:Closures:0:From"] = "2026-12-29",
            ["Calendar:Closures:0:To"] = "2027-01-03",
            ["Calendar:Closures:0:Name"] = "年末年始",
            ["Formats:HandoffDay"] = "monday",
            ["Formats:Shape"] = "1",
            ["Formats:Site"] = "https://onduty.example.com/",
            ["Formats:Quiet"] = "",
            ["Formats:Unknown"] = "not bound, not checked",
        });

        Assert.Equal(new TimeOnly(9, 30), provider.GetRequiredService<IOptions<ReminderOptions>>().Value.LocalTime);
        var incidents = provider.GetRequiredService<IOptions<IncidentOptions>>().Value;
        Assert.Equal((TimeSpan.FromHours(1), 5), (incidents.ReopenWindow, incidents.StormPages));
        var closure = Assert.Single(provider.GetRequiredService<IOptions<CalendarOptions>>().Value.Closures);
        Assert.Equal((new DateOnly(2026, 12, 29), new DateOnly(2027, 1, 3)), (closure.From, closure.To));
        var formats = provider.GetRequiredService<IOptions<FormatsOptions>>().Value;
        Assert.Equal((DayOfWeek.Monday, RotationShape.Staggered, new Uri("https://onduty.example.com/")), (formats.HandoffDay, formats.Shape, formats.Site));
        Assert.Null(formats.Quiet);
    }

    public enum RotationShape
    {
        Pair,
        Staggered,
    }

    /// <summary>Types no app option has today (an enum, a day of the week, a URL), bound the same way.</summary>
    public sealed class FormatsOptions
    {
        public const string SectionName = "Formats";

        public DayOfWeek HandoffDay { get; set; }

        public RotationShape Shape { get; set; }

        public Uri? Site { get; set; }

        /// <summary>Empty is null, as the binder reads it.</summary>
        public TimeOnly? Quiet { get; set; } = new(22, 0);

        /// <summary>Named like a secret: its value is never repeated back.</summary>
        public int SigningKey { get; set; }
    }
}
