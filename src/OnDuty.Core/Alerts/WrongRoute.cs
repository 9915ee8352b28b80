using System.Text.Json;

namespace OnDuty.Core.Alerts;

/// <summary>
/// A body another source's route takes, refused by this one: the first error says which tool's it looks like and where to post it,
/// so whoever wires the tool reads "post it to /api/alerts/azure-monitor" instead of three missing fields of a format they never meant
/// (trial 50: an Azure Monitor body on the Alertmanager URL listed <c>$.version</c>, <c>$.status</c>, <c>$.alerts</c> missing, and an
/// Alertmanager body on the PagerDuty URL was called a PagerDuty change event).
/// </summary>
internal static class WrongRoute
{
    /// <summary>The same hint the Alertmanager and Grafana routes already gave each other's bodies.</summary>
    private const string Marker = "/api/alerts/";

    /// <summary><paramref name="errors"/> with the hint on the first, when the body looks like another source's (<paramref name="looksLike"/>) and no error names a route yet.</summary>
    public static IReadOnlyList<AlertParseError> WithHint(IReadOnlyList<AlertParseError> errors, (AlertSource Source, string What)? looksLike)
    {
        if (errors.Count == 0 || errors.Any(e => e.Message.Contains(Marker, StringComparison.Ordinal)) || looksLike is not { } other)
        {
            return errors;
        }

        var first = errors[0];
        return [first with { Message = $"{first.Message} (this looks like {other.What} body; post it to {Marker}{other.Source.ToRouteName()})" }, .. errors.Skip(1)];
    }

    /// <summary>The source whose documented shape the body has, by the members only that shape has; null when none is clear.</summary>
    internal static (AlertSource Source, string What)? LooksLike(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (Is(root, "schemaId", JsonValueKind.String) && root.GetProperty("schemaId").GetString() == "azureMonitorCommonAlertSchema"
            || Is(root, "data", JsonValueKind.Object) && Is(root.GetProperty("data"), "essentials", JsonValueKind.Object))
        {
            return (AlertSource.AzureMonitor, "an Azure Monitor (common alert schema)");
        }

        if (GrafanaLegacyPayload.IsLegacy(root))
        {
            return (AlertSource.Grafana, "a Grafana (legacy alerting)");
        }

        if (Is(root, "alerts", JsonValueKind.Array))
        {
            return root.TryGetProperty("orgId", out _) || Is(root, "title", JsonValueKind.String) && Is(root, "state", JsonValueKind.String)
                ? (AlertSource.Grafana, "a Grafana")
                : root.TryGetProperty("groupKey", out _) || root.TryGetProperty("receiver", out _) || root.TryGetProperty("version", out _)
                    ? (AlertSource.Alertmanager, "a Prometheus Alertmanager")
                    : null;
        }

        if (root.TryGetProperty("routing_key", out _) || Is(root, "payload", JsonValueKind.Object) && root.TryGetProperty("event_action", out _))
        {
            return (AlertSource.PagerDuty, "a PagerDuty Events API v2");
        }

        if (root.TryGetProperty("transition", out _) && (root.TryGetProperty("monitor", out _) || root.TryGetProperty("aggregate", out _)))
        {
            return (AlertSource.Datadog, "a Datadog webhook");
        }

        // Our generic format is PagerDuty's made flat: event_action beside summary and dedup_key, no routing_key, no payload.
        return root.TryGetProperty("event_action", out _)
            ? (AlertSource.Generic, "a generic event")
            : null;
    }

    private static bool Is(JsonElement e, string name, JsonValueKind kind) => e.TryGetProperty(name, out var v) && v.ValueKind == kind;
}
