using OnDuty.Core.Alerts;

namespace OnDuty.Core.Notifications;

/// <summary>A setting listing severities, comma-separated (<c>sev1,sev2</c>): which pages go by SMS, which by phone.</summary>
public static class SeverityList
{
    /// <summary>The severities listed, most severe first; empty when none is (every page).</summary>
    public static IReadOnlyList<AlertSeverity> Parse(string? setting) =>
        [.. Parts(setting).Select(SeverityLabel.Parse).OfType<AlertSeverity>().Distinct().Order()];

    /// <summary>What is wrong with the setting <paramref name="name"/>, one line per part that is not a severity.</summary>
    public static IEnumerable<string> Problems(string name, string? setting) =>
        Parts(setting).Where(part => SeverityLabel.Parse(part) is null)
            .Select(part => $"{name}: '{part}' is not a severity; list sev1 to sev4, comma-separated (empty: every page).");

    private static string[] Parts(string? setting) =>
        (setting ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
