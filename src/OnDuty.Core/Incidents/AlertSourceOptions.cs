using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>Per-source intake settings (<c>Incidents__Sources__{source}__…</c>).</summary>
public sealed class AlertSourceOptions
{
    /// <summary>When set, a request must present it (header <c>X-OnDuty-Secret</c>, <c>Authorization: Bearer</c>, or query <c>secret</c>).</summary>
    public string? SharedSecret { get; set; }

    /// <summary>
    /// More secrets this source accepts besides <see cref="SharedSecret"/> (<c>Incidents__Sources__{source}__SharedSecrets__0</c>,
    /// <c>__1</c>): while a secret is rotated, the old and the new both pass, so the tool can change over without a refused
    /// delivery; then the old one is removed. Each source's own, so one tool's leaked secret opens no other source.
    /// </summary>
    public List<string> SharedSecrets { get; set; } = [];

    /// <summary>Every secret that opens this source (blank ones left out); empty: no shared secret is asked for.</summary>
    public IReadOnlyList<string> AcceptedSecrets =>
        [.. new[] { SharedSecret }.Concat(SharedSecrets).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!)];

    /// <summary>When set, the body must carry an HMAC-SHA256 signature with this key (see <see cref="WebhookSignature"/>).</summary>
    public string? HmacSecret { get; set; }

    /// <summary>An incident from this source resolves once every alert in it has resolved.</summary>
    public bool ResolveWhenAllAlertsResolved { get; set; } = true;

    /// <summary>
    /// Alert grouping, off by default (zero): a first firing of a new group from this source that arrives within this long
    /// of the opening of an open incident from the same source (with the same <see cref="GroupBy"/> label values) joins that
    /// incident instead of opening one and paging again, the way PagerDuty's time-based and content-based grouping does.
    /// At most <see cref="LongestGroupWindow"/>.
    /// </summary>
    public TimeSpan GroupWindow { get; set; }

    /// <summary>
    /// With <see cref="GroupWindow"/>: label names whose values must match for a group to join an incident
    /// (<c>Incidents__Sources__alertmanager__GroupBy__0=cluster</c>). Empty: every new group of the source within the window joins.
    /// </summary>
    public List<string> GroupBy { get; set; } = [];

    /// <summary>The longest <see cref="GroupWindow"/> a source may be given (validated at start-up).</summary>
    public static readonly TimeSpan LongestGroupWindow = TimeSpan.FromHours(24);

    /// <summary>The most <see cref="GroupBy"/> labels a source may name.</summary>
    public const int MaxGroupByLabels = 10;

    public bool Groups => GroupWindow > TimeSpan.Zero;

    /// <summary>
    /// What a first firing must share with an incident to join it: the <see cref="GroupBy"/> labels with the values its firing
    /// alerts carry (several distinct values are all listed; a missing label is empty), or "" when it names none. Null, not
    /// grouped, when the firing alerts carry none of those labels: an alert grouping cannot place opens its own incident.
    /// </summary>
    public string? GroupingKey(AlertNotification notification)
    {
        var firing = notification.Alerts.Where(a => a.Status == AlertStatus.Firing).ToList();
        var names = GroupBy.Select(name => name.Trim()).Where(name => name.Length > 0).ToList();
        if (names.Count > 0 && !firing.Any(a => names.Any(a.Labels.ContainsKey)))
        {
            return null;
        }

        return string.Join('\n', names.Select(name =>
            name + "=" + string.Join(',', firing.Select(a => a.Labels.GetValueOrDefault(name) ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))));
    }

    /// <summary>
    /// How far a signed timestamp (Grafana's signature timestamp, Standard Webhooks' <c>webhook-timestamp</c>) may be from
    /// now, either way; older requests are refused as replays.
    /// </summary>
    public TimeSpan MaxSignatureAge { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest <see cref="MaxSignatureAge"/> a source may be given (validated at start-up).</summary>
    public static readonly TimeSpan LongestSignatureAge = TimeSpan.FromHours(1);

    /// <summary>
    /// PagerDuty only (<c>Incidents__Sources__pagerduty__RoutingKeys__N</c>): the integration keys an event's <c>routing_key</c>
    /// must be one of. Empty accepts any, as a tool configured for PagerDuty sends whatever key it was given.
    /// </summary>
    public List<string> RoutingKeys { get; set; } = [];

    /// <summary>True when <paramref name="routingKey"/> is configured, or none is; compared in constant time.</summary>
    public bool AcceptsRoutingKey(string? routingKey)
    {
        var configured = RoutingKeys.Where(k => !string.IsNullOrWhiteSpace(k)).ToList();
        return configured.Count == 0 || configured.Aggregate(false, (found, key) => WebhookSignature.SharedSecretEquals(key, routingKey) | found);
    }
}
