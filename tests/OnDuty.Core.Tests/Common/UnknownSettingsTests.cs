using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Tests.Common;

/// <summary>
/// A misspelt setting in one of OnDuty's sections is named with what it likely meant, instead of being passed over: the lead
/// setting up their own team believes it in effect (trial 50: <c>Comms__BySeverty__Sev1__0</c> left SEV1 telling nobody).
/// </summary>
public sealed class UnknownSettingsTests
{
    /// <summary>Core's services with <paramref name="settings"/> (keys as written in local.settings.json).</summary>
    private static ServiceProvider CreateSut(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => s.Value))
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOnDutyCore();
        return services.BuildServiceProvider();
    }

    /// <summary>The unknown settings among <paramref name="settings"/>, with the app's own sections.</summary>
    private static IReadOnlyList<string> Find(Dictionary<string, string?> settings)
    {
        using var provider = CreateSut(settings);
        return provider.GetRequiredService<UnknownSettingsCheck>().Found;
    }

    [Theory]
    [InlineData("Comms__BySeverty__Sev1__0", "execs", "Comms__BySeverty__Sev1__0 is not a setting OnDuty reads, so it has no effect (did you mean Comms__BySeverity__Sev1__0?).")]
    [InlineData("Comms__Audiences__execs__Langauge", "en", "Comms__Audiences__execs__Langauge is not a setting OnDuty reads, so it has no effect (did you mean Comms__Audiences__execs__Language?).")]
    [InlineData("Comm__Audiences__execs__Members__0", "ceo@example.com", "Comm__Audiences__execs__Members__0 is not a setting OnDuty reads, so it has no effect (did you mean Comms__Audiences__execs__Members__0?).")]
    [InlineData("Incidents__Lead__0", "lead@example.com", "Incidents__Lead__0 is not a setting OnDuty reads, so it has no effect (did you mean Incidents__Leads__0?).")]
    [InlineData("Calendar__Closure__0__From", "2026-12-29", "Calendar__Closure__0__From is not a setting OnDuty reads, so it has no effect (did you mean Calendar__Closures__0__From?).")]
    [InlineData("Team__SeedDemoRoster", "false", "Team__SeedDemoRoster is not a setting OnDuty reads, so it has no effect: check its spelling in README's Configuration, or remove it.")]
    public void Find_MisspeltSetting_NamedWithTheSettingItMeant(string setting, string value, string expected)
    {
        var found = Find(new() { [setting] = value, ["Incidents__Leads__0"] = "lead@example.com" });

        Assert.Equal([expected], found);
    }

    [Fact]
    public void Find_SettingsTheAppReads_NoneNamed()
    {
        var found = Find(new()
        {
            ["Comms__Audiences__execs__Members__0"] = "ceo@example.com",
            ["Comms__Audiences__execs__Language"] = "en",
            ["comms__audiences__execs__timezone"] = "Europe/London",
            ["Comms__BySeverity__Sev1__0"] = "execs",
            ["Incidents__Sources__azure_monitor__SharedSecret"] = "s",
            ["Graph__Leave__WeeksAhead"] = "2",
            ["Calendar__Closures__0__Name"] = "年末年始",
            ["Sms__From"] = "+815012345678",
            // Not OnDuty's sections: the host's and LocalHost's own, and an environment variable near a section's name.
            ["LocalHost__MasterKey"] = "k",
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["TERM"] = "xterm",
        });

        Assert.Empty(found);
    }

    [Fact]
    public async Task CheckAsync_UnknownSetting_NamesIt()
    {
        using var provider = CreateSut(new() { ["Reminders__LocalTme"] = "09:00" });

        IDegradationCheck check = provider.GetRequiredService<UnknownSettingsCheck>();

        Assert.Equal(
            "Reminders__LocalTme is not a setting OnDuty reads, so it has no effect (did you mean Reminders__LocalTime?).",
            await check.CheckAsync(CancellationToken.None));
    }
}
