using System.Text.Json.Nodes;

namespace OnDuty.Benchmarks.Scenarios;

/// <summary>Real-shaped notifications (from the samples kept as test data), one alert group per number: the same number, the same group.</summary>
internal sealed class AlertPayloads(string repoRoot)
{
    private readonly string _alertmanager = File.ReadAllText(Path.Combine(repoRoot, "tests", "OnDuty.Core.Tests", "Alerts", "Samples", "alertmanager-firing.json"));
    private readonly string _azureMonitor = File.ReadAllText(Path.Combine(repoRoot, "tests", "OnDuty.Core.Tests", "Alerts", "Samples", "azure-monitor-metric-fired.json"));

    /// <summary>Every fifth group comes from Azure Monitor, the rest from Alertmanager.</summary>
    public (string Source, string Json) Firing(long group) =>
        group % 5 == 4 ? ("azure-monitor", AzureMonitor(group)) : ("alertmanager", Alertmanager(group));

    /// <summary>The group's alerts resolved.</summary>
    public (string Source, string Json) Resolved(long group)
    {
        var (source, json) = Firing(group);
        var root = JsonNode.Parse(json)!;
        if (source == "alertmanager")
        {
            root["status"] = "resolved";
            root["alerts"]![0]!["status"] = "resolved";
            root["alerts"]![0]!["endsAt"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }
        else
        {
            root["data"]!["essentials"]!["monitorCondition"] = "Resolved";
            root["data"]!["essentials"]!["resolvedDateTime"] = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        }

        return (source, root.ToJsonString());
    }

    private string Alertmanager(long group)
    {
        var json = JsonNode.Parse(_alertmanager)!;
        var key = $"{{}}/{{severity=\"critical\"}}:{{alertname=\"BenchProbe{group}\"}}";
        json["groupKey"] = key;
        json["groupLabels"]!["alertname"] = $"BenchProbe{group}";
        var alert = json["alerts"]![0]!;
        alert["labels"]!["alertname"] = $"BenchProbe{group}";
        alert["labels"]!["instance"] = $"https://server-{group}.example.org";
        alert["fingerprint"] = group.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        return json.ToJsonString();
    }

    private string AzureMonitor(long group)
    {
        var json = JsonNode.Parse(_azureMonitor)!;
        var essentials = json["data"]!["essentials"]!;
        // The group is the rule's series (a metric alert's originAlertId, on its target) and the alert its instance (alertId): the
        // same group number must give the same of both, so a "repeat" is a repeat of one firing instance, and another number
        // another rule, so a "new group" is one (until 2026-11-30 the alert id varied per repeat; until 12-06 the alertId was the
        // group and every number shared the sample's one rule, which grouping by the rule would have folded into one group).
        essentials["alertId"] = $"/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/{group:x8}-0000-4000-8000-00000000be0c";
        essentials["alertRule"] = $"bench-probe-{group}";
        essentials["originAlertId"] = $"11111111-1111-1111-1111-111111111111_bench-RG_microsoft.insights_metricAlerts_bench-probe-{group}_1234567890";
        return json.ToJsonString();
    }
}
