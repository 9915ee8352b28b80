using OnDuty.Core.Alerts;
using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// What each severity means, when the team wants its own wording: <c>Incidents__SeverityMeanings__Sev1</c> … for every reader, and
/// per language <c>…__Sev1Ja</c> / <c>…__Sev1En</c>, as audience and closure names have an <c>…En</c> one — a Japanese page reads the
/// <c>Ja</c> one, an English page the <c>En</c> one, each falling back to the one without a language. Unset, pages use the phrase
/// files' wording in each reader's language (<c>Severity.Sev1</c> …).
/// </summary>
public sealed class SeverityMeanings
{
    public string? Sev1 { get; set; }

    public string? Sev2 { get; set; }

    public string? Sev3 { get; set; }

    public string? Sev4 { get; set; }

    public string? Sev1Ja { get; set; }

    public string? Sev2Ja { get; set; }

    public string? Sev3Ja { get; set; }

    public string? Sev4Ja { get; set; }

    public string? Sev1En { get; set; }

    public string? Sev2En { get; set; }

    public string? Sev3En { get; set; }

    public string? Sev4En { get; set; }

    /// <summary>The meaning configured for readers of <paramref name="language"/>, else for everyone; null for the reader's phrase.</summary>
    public string? For(AlertSeverity severity, Language language) =>
        Set(language switch
        {
            Language.En => severity switch { AlertSeverity.Sev1 => Sev1En, AlertSeverity.Sev2 => Sev2En, AlertSeverity.Sev3 => Sev3En, _ => Sev4En },
            _ => severity switch { AlertSeverity.Sev1 => Sev1Ja, AlertSeverity.Sev2 => Sev2Ja, AlertSeverity.Sev3 => Sev3Ja, _ => Sev4Ja },
        }) ?? Set(severity switch { AlertSeverity.Sev1 => Sev1, AlertSeverity.Sev2 => Sev2, AlertSeverity.Sev3 => Sev3, _ => Sev4 });

    private static string? Set(string? meaning) => string.IsNullOrWhiteSpace(meaning) ? null : meaning;
}
