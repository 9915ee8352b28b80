namespace OnDuty.Core.Alerts;

/// <summary>One webhook delivery: a group of alerts the tool sent together.</summary>
public sealed record AlertNotification
{
    public required AlertSource Source { get; init; }

    /// <summary>Identifies the notification group (Alertmanager/Grafana groupKey, an Azure alert rule's series or a Service/Resource Health issue, generic dedup_key).</summary>
    public required string GroupKey { get; init; }

    /// <summary>
    /// The key this group had before (an Azure Monitor alert's alertId, before alerts were grouped by their rule's series): while an
    /// incident opened under it is open or just resolved, this delivery belongs to it (<see cref="Incidents.AlertIntake"/>). Null when
    /// the key never changed.
    /// </summary>
    public string? PreviousGroupKey { get; init; }

    /// <summary>Status of the group as the tool reports it: firing while any alert in it fires.</summary>
    public required AlertStatus Status { get; init; }

    public required string Title { get; init; }

    /// <summary>The most urgent severity among <see cref="Alerts"/>.</summary>
    public required AlertSeverity Severity { get; init; }

    public required IReadOnlyList<AlertInstance> Alerts { get; init; }

    /// <summary>Alerts the sender left out of this delivery (Alertmanager/Grafana <c>truncatedAlerts</c>).</summary>
    public int TruncatedAlerts { get; init; }

    /// <summary>
    /// The sender acknowledged the group's incident (PagerDuty <c>event_action: acknowledge</c>): escalation stops, nothing
    /// fires or resolves. <see cref="Alerts"/> is then empty.
    /// </summary>
    public bool Acknowledges { get; init; }

    /// <summary>The PagerDuty <c>routing_key</c> the event came with (checked against <c>Incidents__Sources__pagerduty__RoutingKeys__N</c>).</summary>
    public string? RoutingKey { get; init; }

    /// <summary>
    /// On an Events v2 trigger or acknowledge: the name the sending tool gave itself (<c>client</c>, "Datadog"); null when it gave
    /// none. A trigger that opens an incident keeps it as <see cref="Incidents.Incident.OpenedVia"/>.
    /// </summary>
    public string? Client { get; init; }

    /// <summary>
    /// Why the incident this group opens pages nobody: an Azure Service Health announcement (<c>Maintenance</c>, <c>Information</c>;
    /// <see cref="AzureHealthEvent.Announces"/>). Null: it pages as any incident does.
    /// </summary>
    public string? PagesNobody { get; init; }

    /// <summary>
    /// The Azure Service Health class of the communication (<c>incidentType</c>: <c>Incident</c>, <c>ActionRequired</c>, <c>Security</c>,
    /// <c>Maintenance</c>, …; <c>unknown</c> when it names none); null for anything but Service Health. A later communication of
    /// an issue that opened as an announcement and now pages turns its incident into one that pages (<see cref="Incidents.Incident.PagesFromNow"/>).
    /// </summary>
    public string? AzureClass { get; init; }

    /// <summary>
    /// The tool's own test notification, by the alert type of its sample (an Azure Monitor action group's Test button:
    /// <c>Metric alert - Static threshold</c>, <c>Budget alert</c>; <see cref="AzureTestSample"/>; a Grafana contact point's: <c>TestAlert</c>,
    /// <see cref="GrafanaTestSample"/>): answered 2xx and listed among the
    /// deliveries as a test, with no incident and no page. Null for any real delivery.
    /// </summary>
    public string? ToolTest { get; init; }

    /// <summary>What was shortened, dropped or defaulted while normalising, e.g. a truncated description.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Group keys longer than this are stored as their beginning plus a hash of the whole.</summary>
    public const int MaxGroupKeyLength = 512;

    /// <summary>
    /// The group key as stored: unchanged up to <see cref="MaxGroupKeyLength"/>; longer ones (Alertmanager builds them
    /// from every grouping label, 40,000 characters were seen) become their first 200 characters for display plus the
    /// SHA-256 of the whole, so they stay one identity and fit in any table property.
    /// </summary>
    public static string GroupIdentity(string groupKey) =>
        groupKey.Length <= MaxGroupKeyLength
            ? groupKey
            : string.Concat(groupKey.AsSpan(0, 200), "…#sha256:", Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(groupKey))));
}
