using Microsoft.Extensions.Configuration;

namespace OnDuty.Core.Common;

/// <summary>
/// Settings in OnDuty's own sections that no options type reads: a misspelt name (<c>Comms__BySeverty__Sev1__0</c>,
/// <c>Comms__Audiences__execs__Langauge</c>, <c>Comm__Audiences__execs__Members__0</c>) that the binder passes over in silence,
/// so the admin believes a setting is in effect that is not. Each is named as written, with the name it most likely meant.
/// </summary>
/// <remarks>
/// Not a reason to stop the start: a release rolled back to reads settings a later one added, and must keep running. A section
/// OnDuty does not bind (<c>LocalHost</c>, <c>AzureWebJobsStorage</c>, the host's own) is not looked into, and a top-level name is
/// looked at only when it holds settings and is one or two letters away from one of OnDuty's sections.
/// </remarks>
public static class UnknownSettings
{
    private const int MostShown = 10;

    /// <summary>One sentence per setting no <paramref name="sections"/> binds, in configuration order; none when all are read.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(sections);
        var bound = sections.Distinct().ToList();
        var known = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var unknown = new List<(string Path, string? Meant)>();
        foreach (var section in bound)
        {
            Walk(configuration.GetSection(section.Path), section.OptionsType, known, unknown);
        }

        // A name one section does not read may be another's (Graph and Graph:Leave, Sms bound twice).
        var found = unknown.Where(u => !known.Contains(u.Path)).DistinctBy(u => u.Path, StringComparer.OrdinalIgnoreCase).ToList();

        var roots = bound.Select(s => s.Path.Split(ConfigurationPath.KeyDelimiter)[0]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var root in configuration.GetChildren())
        {
            if (roots.Contains(root.Key, StringComparer.OrdinalIgnoreCase) || !root.GetChildren().Any()
                || Closest(root.Key, roots) is not { } meant)
            {
                continue;
            }

            found.AddRange(Leaves(root).Select(path => (path, (string?)(meant + path[root.Key.Length..]))));
        }

        return [.. found.Select(u => Sentence(u.Path, u.Meant))];
    }

    /// <summary>At most ten of <paramref name="sentences"/> joined for one line (health), with how many more there are.</summary>
    public static string? Summary(IReadOnlyList<string> sentences) =>
        sentences.Count == 0
            ? null
            : string.Join(" ", sentences.Take(MostShown)) + (sentences.Count > MostShown ? $" ({sentences.Count - MostShown} more in the start's log.)" : "");

    private static string Sentence(string path, string? meant) =>
        $"{SettingsSection.SettingName(path)} is not a setting OnDuty reads, so it has no effect"
        + (meant is null ? ": check its spelling in README's Configuration, or remove it." : $" (did you mean {SettingsSection.SettingName(meant)}?).");

    private static void Walk(IConfigurationSection section, Type type, HashSet<string> known, List<(string, string?)> unknown)
    {
        var target = Nullable.GetUnderlyingType(type) ?? type;
        if (section.Value is not null)
        {
            known.Add(section.Path);
        }

        foreach (var child in section.GetChildren())
        {
            if (SettingsSection.ChildType(target, child.Key) is { } childType)
            {
                Walk(child, childType, known, unknown);
                continue;
            }

            var meant = Closest(child.Key, target.GetProperties().Where(p => SettingsSection.ChildType(target, p.Name) is not null).Select(p => p.Name).ToList());
            unknown.AddRange(Leaves(child).Select(path => (path, meant is null ? null : (string?)(ConfigurationPath.Combine(section.Path, meant) + path[child.Path.Length..]))));
        }
    }

    /// <summary>The paths of the values at and under <paramref name="section"/>.</summary>
    private static IEnumerable<string> Leaves(IConfigurationSection section) =>
        (section.Value is not null ? [section.Path] : Enumerable.Empty<string>()).Concat(section.GetChildren().SelectMany(Leaves));

    /// <summary>The one of <paramref name="names"/> within two edits of <paramref name="key"/> (any case), the nearest; null when none is.</summary>
    private static string? Closest(string key, IReadOnlyList<string> names) =>
        names.Select(name => (name, Distance: Distance(key.ToUpperInvariant(), name.ToUpperInvariant())))
            .Where(n => n.Distance <= Math.Min(2, Math.Max(1, key.Length / 3)))
            .OrderBy(n => n.Distance)
            .Select(n => n.name)
            .FirstOrDefault();

    /// <summary>Edits (insert, delete, replace, swap two neighbours) from <paramref name="a"/> to <paramref name="b"/>.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
