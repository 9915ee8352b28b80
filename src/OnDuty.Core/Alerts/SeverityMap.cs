namespace OnDuty.Core.Alerts;

/// <summary>Maps a source's own severity words (<c>Sev0</c>, <c>critical</c>, ...) onto <see cref="AlertSeverity"/>.</summary>
/// <remarks>
/// Lookups ignore case, whatever comparer a configuration binder leaves on <see cref="Values"/>.
/// Entries added through configuration are merged over the defaults.
/// </remarks>
public sealed class SeverityMap
{
    public Dictionary<string, AlertSeverity> Values { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Used when the payload carries no severity at all.</summary>
    public AlertSeverity Missing { get; set; } = AlertSeverity.Sev3;

    /// <summary>Used when a free-form severity (a label) holds a word not in <see cref="Values"/>.</summary>
    public AlertSeverity Unrecognised { get; set; } = AlertSeverity.Sev3;

    public static SeverityMap AzureMonitorDefault() => new()
    {
        Values = Map(("Sev0", AlertSeverity.Sev1), ("Sev1", AlertSeverity.Sev2), ("Sev2", AlertSeverity.Sev3),
            ("Sev3", AlertSeverity.Sev4), ("Sev4", AlertSeverity.Sev4)),
    };

    /// <summary>
    /// Alertmanager's and Grafana's <c>severity</c> label: kube-prometheus' words, and <c>page</c> — the Prometheus and Alertmanager
    /// docs' example rule's word for "wake someone", so SEV2 (paged at night as SEV2 is), not the unrecognised SEV3.
    /// </summary>
    public static SeverityMap LabelDefault() => new()
    {
        Values = Map(("critical", AlertSeverity.Sev1), ("error", AlertSeverity.Sev2), ("high", AlertSeverity.Sev2), ("page", AlertSeverity.Sev2),
            ("warning", AlertSeverity.Sev3), ("info", AlertSeverity.Sev4), ("low", AlertSeverity.Sev4)),
    };

    public static SeverityMap GenericDefault() => new()
    {
        Values = Map(("critical", AlertSeverity.Sev1), ("error", AlertSeverity.Sev2),
            ("warning", AlertSeverity.Sev3), ("info", AlertSeverity.Sev4)),
    };

    /// <summary>
    /// Datadog: the monitor's priority (<c>$ALERT_PRIORITY</c>, P1 … P5), and <c>warning</c> for a Warn or Re-Warn notification
    /// (<see cref="DatadogWebhookPayload"/>) — or the priority's, when that is less urgent.
    /// </summary>
    public static SeverityMap DatadogDefault() => new()
    {
        Values = Map(("P1", AlertSeverity.Sev1), ("P2", AlertSeverity.Sev2), ("P3", AlertSeverity.Sev3),
            ("P4", AlertSeverity.Sev4), ("P5", AlertSeverity.Sev4), ("warning", AlertSeverity.Sev3)),
    };

    /// <summary>Maps <paramref name="raw"/>; false (with <see cref="Unrecognised"/>) when the word is not in the map.</summary>
    public bool TryMap(string? raw, out AlertSeverity severity)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            severity = Missing;
            return true;
        }

        var key = raw.Trim();
        if (Values.TryGetValue(key, out severity))
        {
            return true;
        }

        foreach (var (word, mapped) in Values)
        {
            if (string.Equals(word, key, StringComparison.OrdinalIgnoreCase))
            {
                severity = mapped;
                return true;
            }
        }

        severity = Unrecognised;
        return false;
    }

    private static Dictionary<string, AlertSeverity> Map(params (string Word, AlertSeverity Severity)[] entries) =>
        entries.ToDictionary(e => e.Word, e => e.Severity, StringComparer.OrdinalIgnoreCase);
}
