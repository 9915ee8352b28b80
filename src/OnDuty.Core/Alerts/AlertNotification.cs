namespace OnDuty.Core.Alerts;

/// <summary>The monitoring tools that may post to <c>POST /api/alerts/{source}</c>.</summary>
public enum AlertSource
{
    AzureMonitor,
    Alertmanager,
    Grafana,
    Generic,

    /// <summary>PagerDuty Events API v2: any tool that can page PagerDuty can page OnDuty by changing the URL.</summary>
    PagerDuty,
}

/// <summary>Route names of <see cref="AlertSource"/>, as they appear in <c>/api/alerts/{source}</c>.</summary>
public static class AlertSources
{
    public const string AzureMonitor = "azure-monitor";
    public const string Alertmanager = "alertmanager";
    public const string Grafana = "grafana";
    public const string Generic = "generic";
    public const string PagerDuty = "pagerduty";

    public static IReadOnlyList<string> Names { get; } = [AzureMonitor, Alertmanager, Grafana, Generic, PagerDuty];

    /// <summary>Matches a route name case-insensitively.</summary>
    public static bool TryParse(string? name, out AlertSource source)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case AzureMonitor: source = AlertSource.AzureMonitor; return true;
            case Alertmanager: source = AlertSource.Alertmanager; return true;
            case Grafana: source = AlertSource.Grafana; return true;
            case Generic: source = AlertSource.Generic; return true;
            case PagerDuty: source = AlertSource.PagerDuty; return true;
            default: source = default; return false;
        }
    }

    public static string ToRouteName(this AlertSource source) => source switch
    {
        AlertSource.AzureMonitor => AzureMonitor,
        AlertSource.Alertmanager => Alertmanager,
        AlertSource.Grafana => Grafana,
        AlertSource.Generic => Generic,
        AlertSource.PagerDuty => PagerDuty,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}

/// <summary>Our severity scale; Sev1 is the most urgent.</summary>
public enum AlertSeverity
{
    Sev1 = 1,
    Sev2 = 2,
    Sev3 = 3,
    Sev4 = 4,
}

public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>Well-known <see cref="AlertLink.Kind"/> values.</summary>
public static class AlertLinkKinds
{
    public const string Generator = "generator";
    public const string Dashboard = "dashboard";
    public const string Panel = "panel";
    public const string Silence = "silence";
    public const string Image = "image";
    public const string Runbook = "runbook";
    public const string Portal = "portal";
    public const string Resource = "resource";
    public const string SearchResults = "search-results";
    public const string Link = "link";
}

/// <summary>An absolute http(s) link that came with an alert.</summary>
public sealed record AlertLink(string Kind, Uri Href, string? Text = null);

/// <summary>One alert inside a delivery, normalised from whichever tool sent it.</summary>
public sealed record AlertInstance
{
    /// <summary>Stable identity of the alert across deliveries (Alertmanager/Grafana fingerprint, Azure alertId, generic dedup_key).</summary>
    public required string DedupKey { get; init; }

    /// <summary>Taken from the format's own status field, never inferred from timestamps.</summary>
    public required AlertStatus Status { get; init; }

    public required AlertSeverity Severity { get; init; }

    public required string Summary { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? StartsAt { get; init; }

    /// <summary>Null when the tool sent none or Go's zero time <c>0001-01-01T00:00:00Z</c>.</summary>
    public DateTimeOffset? EndsAt { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = EmptyLabels;

    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    /// <summary>Resource the alert is about: an Azure resource ID, a host, a URL; null when the tool does not say.</summary>
    public string? AffectedResource { get; init; }

    internal static readonly IReadOnlyDictionary<string, string> EmptyLabels =
        new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>One webhook delivery: a group of alerts the tool sent together.</summary>
public sealed record AlertNotification
{
    public required AlertSource Source { get; init; }

    /// <summary>Identifies the notification group (Alertmanager/Grafana groupKey, Azure alertId, generic dedup_key).</summary>
    public required string GroupKey { get; init; }

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
