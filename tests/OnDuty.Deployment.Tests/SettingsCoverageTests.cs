using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Common;
using OnDuty.Functions;
using OnDuty.Testing;

namespace OnDuty.Deployment.Tests;

/// <summary>
/// Every setting the app reads is set by infra/main.bicep or named in README (its "Configuration" table, "Telling stakeholders"
/// for <c>Comms__*</c>, or the section of the feature), where its default is given: an engineer deploying OnDuty finds each one
/// that infra leaves at the app's default. The settings are taken from the app itself — every options section it binds
/// (<see cref="SettingsSection"/>), walked property by property as the configuration binder walks it — so a new option is
/// caught without a list kept by hand. <c>Alerts__Severity__{Source}__Missing</c> and <c>__Unrecognised</c>, and
/// <c>Email__Smtp__Timeout</c>, were named nowhere. (The <c>%Setting%</c> of the timers, which have no default, are checked by
/// <see cref="AppSettingsTemplateTests"/>.)
/// </summary>
public sealed partial class SettingsCoverageTests
{
    /// <summary>Bound properties that are no setting: <c>Pages__EasyAuthEnabled</c> is what App Service's own <c>WEBSITE_AUTH_ENABLED</c> says, written over whatever is bound.</summary>
    private static readonly string[] NotSettings = ["Pages__EasyAuthEnabled"];

    private static readonly string Readme = File.ReadAllText(Path.Combine(RepoRoot.Find(), "README.md"));

    [Fact]
    public void EverySettingTheAppReads_IsSetByInfra_OrNamedInReadme()
    {
        var settings = AppSettingNames().ToList();
        Assert.Contains("Incidents__AckTimeouts__Sev1", settings);
        Assert.Contains("Comms__Audiences__{name}__Members__0", settings);
        Assert.Contains("Alerts__Severity__AzureMonitor__Missing", settings); // named nowhere until 2026-12-06
        Assert.Contains("Email__Smtp__Timeout", settings); // likewise
        Assert.DoesNotContain("Incidents__LeadAddresses__0", settings); // computed from Incidents__Leads, not bound
        Assert.DoesNotContain("Incidents__Zone", settings); // computed from Incidents__TimeZone

        var named = ReadmeNames();
        var setByInfra = CompiledTemplate.MainTemplate.AppSettings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var missing = settings.Where(s => !NotSettings.Contains(s) && !setByInfra.Contains(s) && !named.Any(n => Matches(n, s))).ToList();

        Assert.True(missing.Count == 0, $"Settings the app reads that infra/main.bicep does not set and README does not name (add each, with its default, to README's Configuration table):\n{string.Join("\n", missing)}");
    }

    /// <summary>
    /// A timer's schedule is NCRONTAB in UTC for every team (timers take no zone here), so README gives its clock in UTC; a local time
    /// may follow it, never stand for it. 「daily, 05:15 Tokyo」 told a Dublin team (<c>Incidents__TimeZone=Europe/Dublin</c>) a time
    /// that was not theirs, and no UTC time at all.
    /// </summary>
    [Fact]
    public void ScheduleRows_GiveTheirTimeInUtc_NotOneTeamsClock()
    {
        var rows = Readme.Split('\n').Where(l => ScheduleRow().IsMatch(l)).ToList();
        Assert.Contains(rows, r => r.StartsWith("| `SyncOutlookLeaveSchedule`", StringComparison.Ordinal));

        var local = rows.Where(r => LocalClock().IsMatch(r) && !UtcClock().IsMatch(r)).ToList();

        Assert.True(local.Count == 0, $"Schedule rows giving a local clock time without the UTC one:\n{string.Join("\n", local)}");
        Assert.Contains("daily at 20:15 UTC", rows.Single(r => r.StartsWith("| `SyncOutlookLeaveSchedule`", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^\| `[A-Za-z]+Schedule` \|")]
    private static partial Regex ScheduleRow();

    [GeneratedRegex(@"\d{1,2}:\d{2} ?(Tokyo|JST|Dublin|London|GMT|IST)")]
    private static partial Regex LocalClock();

    [GeneratedRegex(@"\d{1,2}:\d{2} UTC")]
    private static partial Regex UtcClock();

    /// <summary>Every setting name the app's bound sections hold: a dictionary's key as <c>{name}</c>, a list's index as <c>0</c>.</summary>
    private static IEnumerable<string> AppSettingNames()
    {
        var configuration = new ConfigurationBuilder().Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOnDutyApp(configuration);
        var sections = services.Where(d => d.ServiceType == typeof(SettingsSection) && d.ImplementationInstance is SettingsSection)
            .Select(d => (SettingsSection)d.ImplementationInstance!).Distinct().ToList();
        Assert.NotEmpty(sections);
        return sections.SelectMany(s => Walk(SettingsSection.SettingName(s.Path), s.OptionsType, depth: 0)).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The names under <paramref name="path"/> as the binder walks <paramref name="type"/>, by its own rule (<c>SettingsSection.ChildType</c>).</summary>
    private static IEnumerable<string> Walk(string path, Type type, int depth)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;

        // A collection: any key is a child (a dictionary's a name, a list's an index).
        if (ChildType(target, "0") is { } item)
        {
            return depth > 6 ? [path] : Walk(path + "__" + (typeof(IDictionary).IsAssignableFrom(target) ? "{name}" : "0"), item, depth + 1);
        }

        // A computed view (IncidentOptions.LeadAddresses, SmsOptions.Texted) is no setting: nothing can be bound into an interface
        // without a setter.
        var children = target.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } || !p.PropertyType.IsInterface)
            .Select(p => (p.Name, Type: ChildType(target, p.Name)))
            .Where(c => c.Type is not null)
            .ToList();
        // No bindable child: a value the binder converts from text is a setting; anything else (TimeZoneInfo Zone) binds nothing.
        return children.Count == 0 || depth > 6
            ? TypeDescriptor.GetConverter(target).CanConvertFrom(typeof(string)) ? [path] : []
            : children.SelectMany(c => Walk(path + "__" + c.Name, c.Type!, depth + 1));
    }

    private static Type? ChildType(Type type, string key) =>
        (Type?)typeof(SettingsSection).GetMethod("ChildType", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [type, key]);

    /// <summary>The setting names README writes in backticks (a value after <c>=</c> dropped), shorthand (<c>`__To`</c>, <c>`…__Sev1Ja`</c>) completed from the full name before it on the line.</summary>
    private static List<string> ReadmeNames()
    {
        var names = new List<string>();
        foreach (var row in Readme.Split('\n'))
        {
            string? last = null;
            foreach (Match token in Token().Matches(row))
            {
                var name = token.Groups[1].Value.TrimStart('…');
                if (name.StartsWith("__", StringComparison.Ordinal) && last is not null)
                {
                    name = last[..last.LastIndexOf("__", StringComparison.Ordinal)] + name;
                }
                else if (name.Contains("__", StringComparison.Ordinal))
                {
                    last = name;
                }
                else
                {
                    continue;
                }

                names.Add(name);
            }
        }

        return names;
    }

    private static bool Matches(string readmeName, string setting)
    {
        var a = readmeName.Split("__");
        var b = setting.Split("__");
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            // Per-severity settings are documented by the first and a range: `Incidents__AckTimeouts__Sev1` … `__Sev4`.
            a[i] = SeverityNumber().Replace(a[i], "Sev#");
            b[i] = SeverityNumber().Replace(b[i], "Sev#");
            // README's placeholders (`{source}`, `{Source}`, `N`) stand for any key; the app's (`{name}`, `0`) for any README key.
            var placeholder = b[i] == "{name}" || b[i] == "0";
            var readmePlaceholder = a[i].StartsWith('{') || a[i] is "N" or "…";
            if (!(string.Equals(a[i], b[i], StringComparison.OrdinalIgnoreCase) || (placeholder && a[i].Length > 0) || readmePlaceholder))
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"^Sev[1-4]")]
    private static partial Regex SeverityNumber();

    [GeneratedRegex(@"`(…?[A-Za-z_][A-Za-z0-9_{}…]*)(?:=[^`]*)?`")]
    private static partial Regex Token();
}
