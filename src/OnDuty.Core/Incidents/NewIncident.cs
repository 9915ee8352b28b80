using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>What a person or an alert says about a new incident.</summary>
public sealed record NewIncident
{
    public required string Title { get; init; }

    public required AlertSeverity Severity { get; init; }

    public IReadOnlyList<string> AffectedAreas { get; init; } = [];

    public IReadOnlyList<string> Platforms { get; init; } = [];

    /// <summary>The incident's own bridge (an https call URL), when a person declaring it already opened one.</summary>
    public string? BridgeUrl { get; init; }

    public string? UserImpact { get; init; }

    public string? Workaround { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    /// <summary><c>manual</c>, or the alert source's route name.</summary>
    public string Source { get; init; } = Incident.ManualSource;

    public string? GroupKey { get; init; }

    /// <summary>Opened about a refused delivery: the refusal as data (<see cref="Incident.Refusal"/>); null for any other incident.</summary>
    public RefusedDelivery? Refusal { get; init; }

    /// <summary>Declared confidential (<see cref="Incident.Confidential"/>): a security or personal-data incident.</summary>
    public bool Confidential { get; init; }
}
