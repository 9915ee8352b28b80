using System.Text.Json;
using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;

namespace OnDuty.Core.Tests.Alerts;

/// <summary>Real payloads from the tools' documentation, copied next to the test assembly.</summary>
internal static class AlertSamples
{
    public static readonly IReadOnlyDictionary<string, string> SourceOf = new Dictionary<string, string>
    {
        ["alertmanager-firing.json"] = AlertSources.Alertmanager,
        ["alertmanager-resolved.json"] = AlertSources.Alertmanager,
        ["alertmanager-0.15-firing.json"] = AlertSources.Alertmanager,
        ["alertmanager-0.5-firing.json"] = AlertSources.Alertmanager,
        ["grafana-unified-v8.json"] = AlertSources.Grafana,
        ["grafana-legacy-alerting.json"] = AlertSources.Grafana,
        ["grafana-legacy-ok.json"] = AlertSources.Grafana,
        ["grafana-legacy-v5.json"] = AlertSources.Grafana,
        ["grafana-firing.json"] = AlertSources.Grafana,
        ["grafana-resolved.json"] = AlertSources.Grafana,
        ["grafana-test-notification.json"] = AlertSources.Grafana,
        ["grafana-datasource-nodata.json"] = AlertSources.Grafana,
        ["grafana-datasource-error.json"] = AlertSources.Grafana,
        ["azure-monitor-metric-fired.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-metric-resolved.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-log-search-fired.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-metric-dynamic-fired.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-availability-fired.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-activity-log-fired.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-service-health-active.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-service-health-resolved.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-service-health-maintenance-planned.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-service-health-advisory.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-budget-fired.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-test-action-metric-static.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-test-action-log-v2.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-test-action-budget.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-test-action-cost-budget.json"] = AlertSources.AzureMonitor,
        ["azure-monitor-test-action-service-health.json"] = AlertSources.AzureMonitor,
        ["generic-trigger.json"] = AlertSources.Generic,
        ["generic-resolve.json"] = AlertSources.Generic,
        ["pagerduty-trigger.json"] = AlertSources.PagerDuty,
        ["pagerduty-acknowledge.json"] = AlertSources.PagerDuty,
        ["pagerduty-resolve.json"] = AlertSources.PagerDuty,
        ["datadog-triggered.json"] = AlertSources.Datadog,
        ["datadog-recovered.json"] = AlertSources.Datadog,
        ["datadog-warn.json"] = AlertSources.Datadog,
        ["datadog-no-data.json"] = AlertSources.Datadog,
    };

    public static string Read(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Alerts", "Samples", name));

    /// <summary>The sample with <paramref name="change"/> applied, re-serialised.</summary>
    public static string Mutate(string name, Action<JsonObject> change)
    {
        var root = JsonNode.Parse(Read(name))!.AsObject();
        change(root);
        return root.ToJsonString();
    }

    /// <summary>
    /// A PagerDuty Events v2 trigger as a tool sends it through that format, parsed as the route parses it; <paramref name="client"/>
    /// the name the tool gives itself in <c>client</c> (Datadog; null: none sent).
    /// </summary>
    public static AlertNotification EventsV2Trigger(string? client, string key = "checkout-5xx")
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse($$$"""
            {"routing_key":"samplekeyhere","event_action":"trigger","dedup_key":"{{{key}}}",
             "payload":{"summary":"Checkout 5xx over 5%","source":"checkout-api","severity":"error"}}
            """)!.AsObject();
        if (client is not null)
        {
            root["client"] = client;
        }

        return ParseOk(AlertSources.PagerDuty, root.ToJsonString());
    }

    public static AlertNotification ParseOk(string source, string json, AlertParserOptions? options = null)
    {
        var result = AlertParser.Parse(source, json, options);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Notification;
    }

    public static AlertNotification ParseSample(string name, AlertParserOptions? options = null) =>
        ParseOk(SourceOf[name], Read(name), options);

    /// <summary>Parses expecting failure and returns the errors as "path: message" lines.</summary>
    public static IReadOnlyList<string> ParseErrors(string source, string json, AlertParserOptions? options = null)
    {
        var result = AlertParser.Parse(source, json, options);
        Assert.False(result.IsSuccess, "expected the body to be rejected");
        Assert.Equal(AlertParseOutcome.Invalid, result.Outcome);
        Assert.NotEmpty(result.Errors);
        return [.. result.Errors.Select(e => e.ToString())];
    }

    public static JsonArray Array(params JsonNode?[] items) => new(items);

    public static JsonNode? Json(string json) => JsonNode.Parse(json);

    public static string Serialize(object value) => JsonSerializer.Serialize(value);
}
