using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Retros;

/// <summary>
/// An incident in the report's list: when it was detected and resolved (null while open), how long users were affected (from
/// its start to its resolution, without the quiet spells before a reopen; null while open) and its retro, with the day that
/// retro is due where one is owed.
/// </summary>
public sealed record ReportIncidentRow(
    string Id,
    string Title,
    AlertSeverity Severity,
    IncidentStatus Status,
    DateTimeOffset DetectedAt,
    DateTimeOffset? ResolvedAt,
    double? ImpactMinutes,
    ReportRetroStatus Retro,
    DateOnly? RetroDue)
{
    /// <summary>
    /// The highest severity it held when that is higher than <see cref="Severity"/> (lowered since: SEV1 until the cause was
    /// found, then SEV2), else null; the report counts it by this one (「SEV2（最大 SEV1）」).
    /// </summary>
    public AlertSeverity? MaxSeverity { get; init; }

    /// <summary>Opened about a refused delivery: the refusal it keeps (<see cref="Incident.Refusal"/>), its title worded from it for each reader; else null.</summary>
    public RefusedDelivery? Refusal { get; init; }

    /// <summary>Its retro was first saved after its due day (<see cref="RetroDue"/>, team time zone): said 遅れて記入.</summary>
    public bool RetroLate { get; init; }

    /// <summary>When its final report (最終報) went to the stakeholders told; null when none was sent.</summary>
    public DateTimeOffset? FinalReportSentAt { get; init; }

    /// <summary>Its final report is owed (<see cref="FinalReportDue.IsOwed"/>): the stakeholders were told, the retro is written, nothing sent yet.</summary>
    public bool FinalReportOwed { get; init; }

    /// <summary>
    /// A confidential incident (<see cref="Incidents.Incident.Confidential"/>): the report names it by its id, 「非公開の障害」 for its
    /// title (its page has the rest); it still counts towards the range's figures.
    /// </summary>
    public bool Confidential { get; init; }
}
