using OnDuty.Core.Alerts;

namespace OnDuty.Core.Messages;

/// <summary>One alert as a page shows it: what it says, the labels that matter and where to look (http/https links only).</summary>
public sealed record FiredAlert(string Summary, AlertSeverity Severity, AlertStatus Status)
{
    /// <summary>How many alerts a page shows before it says "and N more".</summary>
    public const int MaxShown = 5;

    public string? Description { get; init; }

    /// <summary>Labels worth reading in a page (severity, instance/resource, service …), in the order to show.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; } = [];

    /// <summary>Links back to the source (generator, panel, silence, portal, …); only http/https.</summary>
    public IReadOnlyList<AlertLink> Links { get; init; } = [];

    public Uri? Runbook { get; init; }

    /// <summary>The tool never resolves it (Azure activity-log, smart detection): a person closes the incident, and the page says so.</summary>
    public bool ResolvesOnlyByHand { get; init; }

    /// <summary>What a metric or log search alert measured when it fired, worded for the reader; empty for any other.</summary>
    public IReadOnlyList<AlertCondition> Conditions { get; init; } = [];

    /// <summary>A heartbeat's alert as data: its summary and description are worded for the reader from it; null for any other alert.</summary>
    public Heartbeats.HeartbeatFacts? Heartbeat { get; init; }

    /// <summary>An incident's alert about a refused delivery as data: its summary and description are worded for the reader from it; null for any other alert.</summary>
    public Incidents.RefusedDelivery? Refusal { get; init; }

    /// <summary>Keeps only absolute http/https links: a <c>javascript:</c> or <c>file:</c> URL never reaches a message.</summary>
    public static bool IsShowable(Uri? link) => link is { IsAbsoluteUri: true } && (link.Scheme == Uri.UriSchemeHttps || link.Scheme == Uri.UriSchemeHttp);
}
