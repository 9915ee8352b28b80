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
        // The alert id is the group and the alert: the same group number must give the same id, or every "repeat" of an
        // Azure Monitor group would open a new incident (it did, until 2026-11-30: a fifth of the repeats were new groups).
        var id = $"/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/{group:x8}-0000-4000-8000-00000000be0c";
        essentials["alertId"] = id;
        essentials["originAlertId"] = id;
        return json.ToJsonString();
    }
}
