using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents/{id}/updates</c>: a status and/or a message, optionally changed fields.</summary>
public sealed record IncidentUpdateRequest(
    IncidentStatus? Status,
    string? Message,
    string? By,
    string? Title,
    AlertSeverity? Severity,
    IReadOnlyList<string>? AffectedAreas,
    IReadOnlyList<string>? Platforms,
    string? UserImpact,
    string? Workaround,
    DateTimeOffset? StartedAt = null,
    string? BridgeUrl = null,
    string? Cause = null,
    string? NextSteps = null)
{
    public IncidentEdit? Edit() =>
        Title is null && Severity is null && AffectedAreas is null && Platforms is null && UserImpact is null && Workaround is null && StartedAt is null && BridgeUrl is null
            && Cause is null && NextSteps is null
            ? null
            : new IncidentEdit
            {
                Title = Title, Severity = Severity, AffectedAreas = AffectedAreas, Platforms = Platforms, UserImpact = UserImpact, Workaround = Workaround,
                StartedAt = StartedAt, BridgeUrl = BridgeUrl, Cause = Cause, NextSteps = NextSteps,
            };
}
