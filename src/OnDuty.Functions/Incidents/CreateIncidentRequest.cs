using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Functions.Incidents;

/// <summary>Body of <c>POST /api/incidents</c>.</summary>
public sealed record CreateIncidentRequest(
    string? Title,
    AlertSeverity? Severity,
    IReadOnlyList<string>? AffectedAreas,
    IReadOnlyList<string>? Platforms,
    string? UserImpact,
    string? Workaround,
    DateTimeOffset? StartedAt,
    string? By,
    string? BridgeUrl = null,
    bool? Confidential = null)
{
    public NewIncident ToNewIncident()
    {
        new ValidationErrors()
            .When(string.IsNullOrWhiteSpace(Title), "title", "is required")
            .When(Severity is null, "severity", "is required (sev1, sev2, sev3 or sev4)")
            .ThrowIfAny();
        return new NewIncident
        {
            Title = Title!,
            Severity = Severity!.Value,
            AffectedAreas = AffectedAreas ?? [],
            Platforms = Platforms ?? [],
            UserImpact = UserImpact,
            Workaround = Workaround,
            StartedAt = StartedAt,
            BridgeUrl = BridgeUrl,
            Confidential = Confidential ?? false,
        };
    }
}
