using OnDuty.Core.Alerts;

namespace OnDuty.Core.Comms;

/// <summary>The audience names told for each severity (<c>Comms__BySeverity__Sev1__{n}</c> …).</summary>
public sealed class SeverityAudiences
{
    public List<string?> Sev1 { get; set; } = [];

    public List<string?> Sev2 { get; set; } = [];

    public List<string?> Sev3 { get; set; } = [];

    public List<string?> Sev4 { get; set; } = [];

    public IReadOnlyList<string> For(AlertSeverity severity) => [.. (severity switch
    {
        AlertSeverity.Sev1 => Sev1,
        AlertSeverity.Sev2 => Sev2,
        AlertSeverity.Sev3 => Sev3,
        _ => Sev4,
    }).Where(name => !string.IsNullOrWhiteSpace(name)).Select(name => name!.Trim())];

    internal IEnumerable<(string Name, List<string?> Audiences)> All() => [("Sev1", Sev1), ("Sev2", Sev2), ("Sev3", Sev3), ("Sev4", Sev4)];
}
