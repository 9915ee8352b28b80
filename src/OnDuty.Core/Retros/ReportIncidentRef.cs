using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>An incident a report names.</summary>
public sealed record ReportIncidentRef(string Id, string Title, AlertSeverity Severity)
{
    /// <summary>The day its retro is due, where the report names it for its retro.</summary>
    public DateOnly? RetroDue { get; init; }
}
