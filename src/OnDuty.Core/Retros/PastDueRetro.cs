using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>
/// A retro still owed from an incident detected before a monthly report's month and past its due day on the day the report is
/// sent (「INC-2026-0031 決済画面が開かない（SEV1、10月28日(水) 復旧）— 期限 11月2日(月)、担当：田中さん」): the month's own list
/// names only the month's incidents, so without it an October SEV1 whose retro is still not written drops out of November's report.
/// </summary>
/// <param name="Severity">Its highest severity (why it owes a retro).</param>
/// <param name="ResolvedOn">The day it resolved, in the team's zone.</param>
/// <param name="Owners">Who owes it, as the retro reminders mail them (<see cref="RetroNudger.Owers"/>): the incident's duty members.</param>
public sealed record PastDueRetro(string Id, string Title, AlertSeverity Severity, DateOnly ResolvedOn, DateOnly Due, IReadOnlyList<string> Owners)
{
    /// <summary>Opened about a refused delivery: its title worded from the refusal for each reader; else null.</summary>
    public Incidents.RefusedDelivery? Refusal { get; init; }

    /// <summary>
    /// A confidential incident (<see cref="Incidents.Incident.Confidential"/>): the report names it by its id, 「非公開の障害」 for its
    /// title (its page has the rest); it still counts towards the range's figures.
    /// </summary>
    public bool Confidential { get; init; }

    /// <summary>Its retro page for the email; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
