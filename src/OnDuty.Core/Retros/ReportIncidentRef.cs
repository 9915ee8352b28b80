using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>An incident a report names.</summary>
public sealed record ReportIncidentRef(string Id, string Title, AlertSeverity Severity);
