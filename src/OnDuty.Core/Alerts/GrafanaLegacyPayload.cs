using System.Globalization;
using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>
/// Grafana's legacy (dashboard) alerting webhook, Grafana up to 10 with unified alerting off: one rule per notification,
/// <c>ruleId</c>, <c>ruleName</c>, <c>state</c>, <c>evalMatches</c>, <c>ruleUrl</c>, <c>imageUrl</c>, <c>tags</c>.
/// </summary>
/// <remarks>
/// Format: https://grafana.com/docs/grafana/v8.5/alerting/old-alerting/notifications/#webhook. The rule is the group and
/// its only alert (identity <c>legacy:{orgId}:{dashboardId}:{panelId}:{ruleId}</c>), <c>ok</c> resolves it, <c>alerting</c>
/// and <c>no_data</c> fire it. Fields added over its versions (<c>orgId</c>, <c>dashboardId</c>, <c>panelId</c>,
/// <c>tags</c>) are optional.
/// </remarks>
internal static class GrafanaLegacyPayload
{
    private static readonly string[] States = ["alerting", "no_data", "ok", "pending", "paused"];

    /// <summary>A Grafana body is the legacy kind when it names a rule and carries no <c>alerts</c> list.</summary>
    public static bool IsLegacy(JsonElement root) =>
        !root.TryGetProperty("alerts", out _) && (root.TryGetProperty("ruleId", out _) || root.TryGetProperty("evalMatches", out _));

    public static AlertNotification? Read(JsonElement root, AlertPayloadReader r)
    {
        const string P = "$";
        var ruleId = r.Integer(root, P, "ruleId", required: true);
        var state = r.OneOf(root, P, "state", States, required: true);
        var ruleName = r.String(root, P, "ruleName");
        var title = r.String(root, P, "title");
        var message = r.String(root, P, "message");
        var ruleUrl = r.String(root, P, "ruleUrl");
        var imageUrl = r.String(root, P, "imageUrl");
        var orgId = r.Integer(root, P, "orgId");
        var dashboardId = r.Integer(root, P, "dashboardId");
        var panelId = r.Integer(root, P, "panelId");
        var tags = r.StringMap(root, P, "tags") ?? [];
        var matches = EvalMatches(root, r);

        if (r.HasErrors || ruleId is null || state is null)
        {
            return null;
        }

        if (state is "pending" or "paused")
        {
            r.Error("$.state", $"'{state}' is not a notification state; expected 'alerting', 'no_data' or 'ok'");
            return null;
        }

        var map = r.Options.Severity.Grafana;
        tags.TryGetValue(r.Options.SeverityLabel, out var rawSeverity);
        if (!map.TryMap(rawSeverity, out var severity))
        {
            r.Note($"$.tags.{r.Options.SeverityLabel}", $"unrecognised severity '{AlertPayloadReader.Shorten(rawSeverity!)}', using {severity}");
        }

        var labels = new List<KeyValuePair<string, string>>(tags);
        labels.Add(new("state", state));
        labels.AddRange(matches);

        var status = state == "ok" ? AlertStatus.Resolved : AlertStatus.Firing;
        var identity = string.Create(CultureInfo.InvariantCulture, $"legacy:{orgId ?? 1}:{dashboardId ?? 0}:{panelId ?? 0}:{ruleId}");
        var summary = FirstNonBlank(ruleName, title, $"Grafana rule {ruleId}");
        var links = new List<AlertLink?>
        {
            r.Link(AlertLinkKinds.Panel, ruleUrl, "$.ruleUrl", "Panel in Grafana"),
            r.Link(AlertLinkKinds.Image, imageUrl, "$.imageUrl", "Graph"),
            r.Link(AlertLinkKinds.Runbook, tags.GetValueOrDefault("runbook_url"), "$.tags.runbook_url"),
        };
        var instance = new AlertInstance
        {
            DedupKey = identity,
            Status = status,
            Severity = severity,
            Summary = r.Truncate(summary, r.Options.MaxSummaryLength, "$.ruleName")!,
            Description = r.Truncate(string.IsNullOrWhiteSpace(message) ? null : message, r.Options.MaxDescriptionLength, "$.message"),
            Labels = r.LimitLabels(labels, "$.tags"),
            Links = [.. links.OfType<AlertLink>()],
            AffectedResource = matches.Select(m => m.Key).FirstOrDefault(),
        };

        return new AlertNotification
        {
            Source = AlertSource.Grafana,
            GroupKey = identity,
            Status = status,
            Title = instance.Summary,
            Severity = severity,
            Alerts = [instance],
        };
    }

    /// <summary>Each match as a label <c>{metric}</c> = its value (what crossed the threshold, and by how much).</summary>
    private static List<KeyValuePair<string, string>> EvalMatches(JsonElement root, AlertPayloadReader r)
    {
        var matches = new List<KeyValuePair<string, string>>();
        if (!r.TryGet(root, "$", "evalMatches", JsonValueKind.Array, required: false, out var array))
        {
            return matches;
        }

        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = AlertPayloadReader.Item("$.evalMatches", index++);
            if (!r.ExpectObject(item, path))
            {
                continue;
            }

            var metric = r.String(item, path, "metric");
            var value = item.TryGetProperty("value", out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.String
                ? (v.ValueKind == JsonValueKind.Number ? v.GetRawText() : v.GetString()!)
                : "null";
            if (!string.IsNullOrWhiteSpace(metric))
            {
                matches.Add(new(metric, value));
            }
        }

        return matches;
    }

    private static string FirstNonBlank(params string?[] candidates) =>
        candidates.First(c => !string.IsNullOrWhiteSpace(c))!;
}
