using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>One severity's incidents (by the severity they have now) and their times.</summary>
public sealed record SeverityStats(
    AlertSeverity Severity,
    int Incidents,
    int Acknowledged,
    double? AckMinutesP50,
    double? AckMinutesP90,
    int Resolved,
    double? ResolveMinutesP50,
    double? ResolveMinutesP90,
    int Escalated);
