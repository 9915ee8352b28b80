using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What each severity means, when the team wants its own wording (<c>Incidents__SeverityMeanings__Sev1</c> …, one language).
/// Unset, pages use the phrase files' wording in each reader's language (<c>Severity.Sev1</c> …).
/// </summary>
public sealed class SeverityMeanings
{
    public string? Sev1 { get; set; }

    public string? Sev2 { get; set; }

    public string? Sev3 { get; set; }

    public string? Sev4 { get; set; }

    /// <summary>The configured meaning, or null for the reader's phrase.</summary>
    public string? For(AlertSeverity severity) => (severity switch
    {
        AlertSeverity.Sev1 => Sev1,
        AlertSeverity.Sev2 => Sev2,
        AlertSeverity.Sev3 => Sev3,
        _ => Sev4,
    }) is { Length: > 0 } meaning ? meaning : null;
}
