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

        var named = ReadmeNames();
        var setByInfra = CompiledTemplate.MainTemplate.AppSettings.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var missing = settings.Where(s => !NotSettings.Contains(s) && !setByInfra.Contains(s) && !named.Any(n => Matches(n, s))).ToList();

        Assert.True(missing.Count == 0, $"Settings the app reads that infra/main.bicep does not set and README does not name (add each, with its default, to README's Configuration table):\n{string.Join("\n", missing)}");
    }

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
        return sections.SelectMany(s => Walk(s.Path.Replace(":", "__", StringComparison.Ordinal), s.OptionsType, depth: 0)).Distinct(StringComparer.Ordinal);
    }

    private static IEnumerable<string> Walk(string path, Type type, int depth)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(target) || depth > 6)
        {
            yield return path;
            yield break;
        }

        var child = Child(target);
        if (child is not null)
        {
            foreach (var name in Walk(path + "__" + child.Value.Segment, child.Value.Type, depth + 1))
            {
                yield return name;
            }

            yield break;
        }

        foreach (var property in target.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // A computed view (IncidentOptions.LeadAddresses, SmsOptions.Texted): the binder cannot fill an interface it has no setter for.
            var computed = property.SetMethod is not { IsPublic: true } && property.PropertyType.IsInterface;
            if (!computed && SettingsSectionChildType(target, property.Name) is { } propertyType)
            {
                foreach (var name in Walk(path + "__" + property.Name, propertyType, depth + 1))
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>A collection's items: <c>{name}</c> for a dictionary, <c>0</c> for a list.</summary>
    private static (string Segment, Type Type)? Child(Type type)
    {
        if (type.IsArray)
        {
            return ("0", type.GetElementType()!);
        }

        if ((Generic(type, typeof(IDictionary<,>)) ?? Generic(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return ("{name}", dictionary.GetGenericArguments()[1]);
        }

        return type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && Generic(type, typeof(IEnumerable<>)) is { } sequence
            ? ("0", sequence.GetGenericArguments()[0])
            : null;
    }

    private static Type? SettingsSectionChildType(Type type, string key) =>
        (Type?)typeof(SettingsSection).GetMethod("ChildType", BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, [type, key]);

    private static Type? Generic(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);

    private static bool IsScalar(Type type) =>
        type != typeof(object) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

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
