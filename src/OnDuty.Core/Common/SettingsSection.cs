using System.Collections;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace OnDuty.Core.Common;

/// <summary>
/// An options type bound from a configuration section, and the values in it the configuration binder cannot convert, each
/// named as the admin writes it (<c>Reminders__LocalTime</c>, <c>Incidents__Leads__0</c>) with the format it takes.
/// </summary>
/// <remarks>
/// Reads the values by the binder's own rule (the type's <see cref="TypeConverter"/>, invariant culture, empty allowed for a
/// nullable type), so a value named here is exactly one the binder would throw on, and the binder's
/// "Failed to convert configuration value at 'Reminders:LocalTime' to type 'System.TimeOnly'" never reaches the admin.
/// </remarks>
public sealed record SettingsSection(string Path, Type OptionsType)
{
    private const int LongestShownValue = 60;

    /// <summary>One sentence per value in the section that cannot be read as its property's type, in configuration order.</summary>
    public IReadOnlyList<string> UnreadableValues(IConfiguration configuration) => Unreadable(configuration).Select(u => u.Failure).ToList();

    /// <summary>The configuration paths (<c>Reminders:LocalTime</c>) of the values <see cref="UnreadableValues"/> names, in the same order.</summary>
    public IReadOnlyList<string> UnreadablePaths(IConfiguration configuration) => Unreadable(configuration).Select(u => u.Path).ToList();

    private List<(string Path, string Failure)> Unreadable(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var failures = new List<(string Path, string Failure)>();
        Walk(configuration.GetSection(Path), OptionsType, failures);
        return failures;
    }

    /// <summary>The setting's name in app settings and local.settings.json: <c>Reminders:LocalTime</c> is <c>Reminders__LocalTime</c>.</summary>
    public static string SettingName(string configurationPath) => configurationPath.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// A setting whose value is never repeated back: its name (its last segment) is or ends with a word for a secret
    /// (<c>Incidents__AckTokenSecret</c>, <c>LocalHost__MasterKey</c>), or it is an item under such a name
    /// (<c>Incidents__Sources__grafana__SharedSecrets__0</c>, <c>LocalHost__Functions__Ack__Keys__default</c>).
    /// A name that merely contains the word (<c>Incidents__AckTokenLifetime</c>) is shown.
    /// </summary>
    public static bool LooksSecret(string settingName)
    {
        ArgumentNullException.ThrowIfNull(settingName);
        var segments = settingName.Split(["__", ":"], StringSplitOptions.None);
        var last = segments[^1];
        if (NamesSecret(last))
        {
            return true;
        }

        // An item of a list or a dictionary of secrets: a list's items are numbered, a dictionary's named (Keys__default).
        var parent = segments.Length > 1 ? segments[^2] : null;
        return parent is not null && NamesSecret(parent) && (last.All(char.IsAsciiDigit) || SecretWords.Any(word => parent.EndsWith(word + "s", StringComparison.OrdinalIgnoreCase)));
    }

    private static bool NamesSecret(string segment) =>
        SecretWords.Any(word => segment.EndsWith(word, StringComparison.OrdinalIgnoreCase) || segment.EndsWith(word + "s", StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SecretWords = ["Secret", "Password", "Key", "Token", "ConnectionString"];

    /// <summary>What a value of <paramref name="type"/> looks like, with an example, in the admin's words.</summary>
    public static string ExpectedFormat(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            return $"one of: {string.Join(", ", Enum.GetNames(type))}";
        }

        return type switch
        {
            _ when type == typeof(TimeOnly) => "a time of day, HH:mm, e.g. 10:00",
            _ when type == typeof(TimeSpan) => "a duration, d.hh:mm:ss or hh:mm:ss, e.g. 00:30:00 for 30 minutes",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number, e.g. 3",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a number, e.g. 1.5",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(Uri) => "an absolute URL, e.g. https://onduty.example.com/",
            _ when type == typeof(DateOnly) => "a date, yyyy-MM-dd, e.g. 2026-12-05",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "a date and time, e.g. 2026-12-05T10:00:00+09:00",
            _ when type == typeof(Guid) => "a GUID, e.g. 00000000-0000-0000-0000-000000000000",
            _ => $"a {type.Name}",
        };
    }

    private static void Walk(IConfigurationSection section, Type type, List<(string Path, string Failure)> failures)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (section.Value is { } value && IsScalar(target))
        {
            // The binder reads an empty value of a nullable type as null, and converts everything else.
            if (!(target != type && value.Length == 0) && !Converts(target, value))
            {
                failures.Add((section.Path, Failure(SettingName(section.Path), value, target)));
            }

            return;
        }

        foreach (var child in section.GetChildren())
        {
            if (ChildType(target, child.Key) is { } childType)
            {
                Walk(child, childType, failures);
            }
        }
    }

    private static string Failure(string setting, string value, Type type)
    {
        var shown = LooksSecret(setting)
            ? "its value is not shown: the setting's name says it may hold a secret"
            : $"it is \"{(value.Length > LongestShownValue ? value[..LongestShownValue] + "…" : value)}\"";
        return $"{setting} must be {ExpectedFormat(type)} ({shown}).";
    }

    private static bool IsScalar(Type type) =>
        type != typeof(object) && TypeDescriptor.GetConverter(type).CanConvertFrom(typeof(string));

    private static bool Converts(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception)
        {
            // The binder fails the value on any exception its converter throws, and so does this check.
            return false;
        }
    }

    /// <summary>The type the binder gives the child <paramref name="key"/> of a <paramref name="type"/>; null when it binds nothing there.</summary>
    internal static Type? ChildType(Type type, string key)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if ((GenericInterface(type, typeof(IDictionary<,>)) ?? GenericInterface(type, typeof(IReadOnlyDictionary<,>))) is { } dictionary)
        {
            return dictionary.GetGenericArguments()[1];
        }

        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && GenericInterface(type, typeof(IEnumerable<>)) is { } sequence)
        {
            return sequence.GetGenericArguments()[0];
        }

        var property = type.GetProperty(key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        if (property is null || property.GetIndexParameters().Length > 0 || property.GetMethod is not { IsPublic: true })
        {
            return null;
        }

        // A scalar the binder cannot set (a computed property) is not bound at all.
        return IsScalar(Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType) && property.SetMethod is not { IsPublic: true }
            ? null
            : property.PropertyType;
    }

    private static Type? GenericInterface(Type type, Type definition) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == definition
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition);
}
