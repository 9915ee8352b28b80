using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>Per-source intake settings (<c>Incidents__Sources__{source}__…</c>).</summary>
public sealed class AlertSourceOptions
{
    /// <summary>When set, a request must present it (header <c>X-OnDuty-Secret</c>, <c>Authorization: Bearer</c>, or query <c>secret</c>).</summary>
    public string? SharedSecret { get; set; }

    /// <summary>When set, the body must carry an HMAC-SHA256 signature with this key (see <see cref="WebhookSignature"/>).</summary>
    public string? HmacSecret { get; set; }

    /// <summary>An incident from this source resolves once every alert in it has resolved.</summary>
    public bool ResolveWhenAllAlertsResolved { get; set; } = true;

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
