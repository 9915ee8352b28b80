using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>
/// The alert a Grafana contact point's <b>Test</b> button sends (Alerting → Contact points → Edit → Test, "Predefined"): one fixed
/// alert built by Grafana's <c>newTestAlert</c> (grafana/alerting <c>notify/receivers.go</c>; before 10.x grafana/grafana
/// <c>pkg/services/ngalert/notifier</c>) — labels <c>alertname=TestAlert</c>, <c>instance=Grafana</c>, annotation
/// <c>summary=Notification test</c>, value string <c>[ metric='foo' labels={instance=bar} value=10 ]</c>, no rule behind it (no
/// <c>generatorURL</c>, no <c>ruleUID</c>), and a group key made new at every press (<c>{receiver}-{fingerprint}-{unix time}</c>):
/// taken as an alert, each press opened an incident and paged the pair.
/// </summary>
/// <remarks>
/// Recognised only when it is unmistakably that alert: exactly one, firing, its labels exactly those two, its annotations exactly that
/// summary, no rule (a Grafana-managed alert always has a <c>generatorURL</c> to its rule and, since 10.x, its <c>ruleUID</c>; its labels
/// carry <c>grafana_folder</c>), and its value string, when sent, the fixed one. A "Custom" test adds the labels and annotations the
/// person typed: that is a real-shaped alert and pages, as anything short of the sample does (when in doubt, page); <c>?test=true</c>
/// on the contact point's URL makes any delivery a dry run.
/// </remarks>
internal static class GrafanaTestSample
{
    /// <summary>What the delivery list names the sample by: the alert's name in Grafana.</summary>
    public const string Name = "TestAlert";

    private const string ValueString = "[ metric='foo' labels={instance=bar} value=10 ]";

    /// <summary><see cref="Name"/> for the Test button's alert; null for anything else.</summary>
    public static string? Of(JsonElement root)
    {
        if (!root.TryGetProperty("alerts", out var alerts) || alerts.ValueKind != JsonValueKind.Array || alerts.GetArrayLength() != 1)
        {
            return null;
        }

        var alert = alerts[0];
        return alert.ValueKind == JsonValueKind.Object
            && Text(alert, "status") == "firing"
            && Exactly(alert, "labels", ("alertname", Name), ("instance", "Grafana"))
            && Exactly(alert, "annotations", ("summary", "Notification test"))
            && string.IsNullOrEmpty(Text(alert, "generatorURL"))
            && string.IsNullOrEmpty(Text(alert, "ruleUID"))
            && Text(alert, "valueString") is null or "" or ValueString
            ? Name
            : null;
    }

    private static bool Exactly(JsonElement alert, string name, params (string Key, string Value)[] pairs)
    {
        if (!alert.TryGetProperty(name, out var map) || map.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var count = 0;
        foreach (var property in map.EnumerateObject())
        {
            count++;
            if (!pairs.Any(p => p.Key == property.Name && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() == p.Value))
            {
                return false;
            }
        }

        return count == pairs.Length;
    }

    private static string? Text(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
