namespace OnDuty.Core.Alerts;

/// <summary>One alert inside a delivery, normalised from whichever tool sent it.</summary>
public sealed record AlertInstance
{
    /// <summary>Stable identity of the alert across deliveries (Alertmanager/Grafana fingerprint, Azure alertId, generic dedup_key).</summary>
    public required string DedupKey { get; init; }

    /// <summary>Taken from the format's own status field, never inferred from timestamps.</summary>
    public required AlertStatus Status { get; init; }

    public required AlertSeverity Severity { get; init; }

    public required string Summary { get; init; }

    /// <summary>
    /// The delivery said no summary (an Events v2 or generic resolve need not): <see cref="Summary"/> is made of the key
    /// (「Resolved: db-replica-lag-prod」), and an incident tracking the alert says its stored summary instead.
    /// </summary>
    public bool SummaryFromKey { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Null when the tool sent none or Go's zero time <c>0001-01-01T00:00:00Z</c>.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    /// <summary>Resource the alert is about: an Azure resource ID, a host, a URL; null when the tool does not say.</summary>
    public string? AffectedResource { get; init; }

    /// <summary>What a metric or log search alert measured (<see cref="AlertCondition"/>), for each reader's message to word; empty for any other.</summary>
    public IReadOnlyList<AlertCondition> Conditions { get; init; } = [];

    /// <summary>A heartbeat's alert: what it says as data, so each reader's message words it (<see cref="Heartbeats.HeartbeatFacts"/>); null for any other.</summary>
    public Heartbeats.HeartbeatFacts? Heartbeat { get; init; }

    /// <summary>
    /// The alert of an incident about a refused delivery: the refusal as data (<see cref="Incidents.RefusedDelivery.Stored"/>), so each
    /// reader's message words its title, text and timeline rows (<see cref="TimelineNote"/> is its row in the team's language); null for any other.
    /// </summary>
    public Incidents.RefusedDelivery? Refusal { get; init; }

    /// <summary>
    /// What this delivery says on the incident's timeline instead of <see cref="Summary"/> (its fired, repeated or resolved row): an
    /// Azure Service Health communication, whose summary (the title) stays the same from one update to the next. Null: the summary.
    /// </summary>
    public string? TimelineNote { get; init; }

    /// <summary>
    /// The tool never sends a resolve for this alert (Azure activity-log and smart-detection alerts only ever fire): its incident
    /// stays open until a person resolves it, and the incident says so.
    /// </summary>
    public bool ResolvesOnlyByHand { get; init; }

    /// <summary>
    /// The tool fires this key once: after its resolve the same key never fires again, a new firing comes under a new key (an Azure
    /// Monitor alert instance, <c>essentials.alertId</c>). A firing of it after its resolve is a late delivery — an action group's
    /// retry of a request that failed before the resolve came — and opens or reopens nothing, however late it comes.
    /// </summary>
    public bool FiresOnce { get; init; }

    /// <summary>
    /// The tool sends each firing of the group as a new alert (an Azure Monitor rule's alert instance), and a stateful rule fires
    /// again only once the last resolved ("Stateful alerts fire when the rule conditions are met, and will not fire again or trigger
    /// any more actions until the conditions are resolved", learn.microsoft.com/azure/azure-monitor/alerts/alerts-types). A new
    /// one firing while another of its group still fires in the incident is a stateless rule's, which never resolves: that alert
    /// resolves only by hand (<see cref="ResolvesOnlyByHand"/>, set by <see cref="Incidents.AlertIntake"/>), nothing in the payload saying so.
    /// </summary>
    public bool StatelessWhenRefiring { get; init; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyLabels =
        new Dictionary<string, string>(StringComparer.Ordinal);
}
