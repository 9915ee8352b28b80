using Microsoft.Extensions.Configuration;

namespace OnDuty.Core.Common;

/// <summary>
/// Settings whose values the configuration binder cannot read, one sentence a line. Thrown where the binder would throw its own
/// <see cref="InvalidOperationException"/> (the first options read, at the latest <c>ValidateOnStart</c>), so the start stops at
/// once, with every such value named, before any other setting's rule runs.
/// </summary>
public sealed class SettingsFormatException : InvalidOperationException
{
    public SettingsFormatException(IReadOnlyList<string> failures)
        : base(string.Join('\n', failures)) => Failures = failures;

    /// <summary>One sentence per unreadable value.</summary>
    public IReadOnlyList<string> Failures { get; }

    /// <summary>Throws when any value in any of <paramref name="sections"/> cannot be read, naming them all.</summary>
    public static void ThrowIfAny(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        var failures = Find(configuration, sections);
        if (failures.Count > 0)
        {
            throw new SettingsFormatException(failures);
        }
    }

    /// <summary>One sentence per value in any of <paramref name="sections"/> that cannot be read; none when all can.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration, IEnumerable<SettingsSection> sections)
    {
        ArgumentNullException.ThrowIfNull(sections);
        return sections.Distinct().SelectMany(section => section.UnreadableValues(configuration)).Distinct().ToList();
    }
}
