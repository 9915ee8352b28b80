using System.Globalization;
using System.Text.Json.Nodes;
using OnDuty.Core.Alerts;

namespace OnDuty.Testing;

/// <summary>
/// An Alertmanager v4 webhook body of one group as Alertmanager sends it, for intake tests in any layer: each alert (its
/// fingerprint is also its <c>instance</c> label) with its own status and times, the group's status (by default firing while
/// any listed alert fires) and <c>truncatedAlerts</c>.
/// </summary>
public sealed record AlertmanagerBody(string Group, IReadOnlyList<(string Fingerprint, string Status, DateTimeOffset StartsAt, DateTimeOffset? EndsAt)> Alerts)
{
    /// <summary>The <c>alertname</c> label every alert and the group share; each alert's summary is "{AlertName} on {fingerprint}".</summary>
    public string AlertName { get; init; } = "ApiDown";

    /// <summary>The group's <c>status</c>; null: firing while any listed alert fires, else resolved.</summary>
    public string? Status { get; init; }

    /// <summary><c>truncatedAlerts</c> (<c>webhook_configs.max_alerts</c>); null leaves the field out.</summary>
    public int? TruncatedAlerts { get; init; }

    /// <summary>
    /// Group <paramref name="group"/>'s body listing <paramref name="alerts"/> (each its fingerprint, status, <c>startsAt</c> and
    /// <c>endsAt</c>, null while firing), parsed as the webhook parses it.
    /// </summary>
    public static AlertNotification Alertmanager(string group, params (string Fingerprint, string Status, DateTimeOffset StartsAt, DateTimeOffset? EndsAt)[] alerts) => new AlertmanagerBody(group, alerts).Parse();

    public string ToJson()
    {
        var root = new JsonObject
        {
            ["receiver"] = "onduty",
            ["status"] = Status ?? (Alerts.Any(a => a.Status == "firing") ? "firing" : "resolved"),
            ["alerts"] = new JsonArray([.. Alerts.Select(a => (JsonNode)new JsonObject
            {
                ["status"] = a.Status,
                ["labels"] = new JsonObject { ["alertname"] = AlertName, ["instance"] = a.Fingerprint, ["severity"] = "critical" },
                ["annotations"] = new JsonObject { ["summary"] = $"{AlertName} on {a.Fingerprint}" },
                ["startsAt"] = Time(a.StartsAt),
                ["endsAt"] = a.EndsAt is { } e ? Time(e) : "0001-01-01T00:00:00Z",
                ["generatorURL"] = "http://prometheus.example.org/graph",
                ["fingerprint"] = a.Fingerprint,
            })]),
            ["groupLabels"] = new JsonObject { ["alertname"] = AlertName },
            ["commonLabels"] = new JsonObject { ["alertname"] = AlertName },
            ["commonAnnotations"] = new JsonObject(),
            ["externalURL"] = "http://alertmanager.example.org",
            ["version"] = "4",
            ["groupKey"] = Group,
        };
        if (TruncatedAlerts is { } truncated)
        {
            root["truncatedAlerts"] = truncated;
        }

        return root.ToJsonString();
    }

    /// <summary>The body parsed as the webhook parses it; a body the parser refuses fails the test.</summary>
    public AlertNotification Parse(AlertParserOptions? options = null) => Parse(ToJson(), options);

    /// <summary>An Alertmanager body parsed as the webhook parses it; a body the parser refuses fails the test.</summary>
    public static AlertNotification Parse(string json, AlertParserOptions? options = null)
    {
        var result = AlertParser.Parse(AlertSources.Alertmanager, json, options);
        Assert.True(result.IsSuccess, result.ToString());
        return result.Notification;
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
