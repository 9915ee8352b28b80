using System.ComponentModel.DataAnnotations;

namespace OnDuty.Core.Alerts;

/// <summary>Limits and severity mapping for incoming alert webhooks (section <c>Alerts</c>).</summary>
/// <remarks>
/// The text limits keep one alert well inside a Table Storage entity (64 KiB per string property, 1 MiB per entity).
/// The body limit (<see cref="MaxBodyBytes"/>) is enforced by the HTTP layer while it streams the body in.
/// </remarks>
public sealed class AlertParserOptions
{
    public const string SectionName = "Alerts";

    /// <summary>
    /// Largest webhook body read (bytes; default 8 MiB). Alertmanager sends a whole group in one notification (800 alerts
    /// are about 1 MiB) and does not retry a 4xx, so this is generous: a legitimate notification never meets it.
    /// </summary>
    [Range(64 * 1024, 64 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>A delivery with more alerts than this is rejected rather than half-processed; far above what fits in <see cref="MaxBodyBytes"/>.</summary>
    [Range(1, 100_000, ErrorMessage = "Alerts__MaxAlertsPerNotification must be between 1 and 100000.")]
    public int MaxAlertsPerNotification { get; set; } = 20_000;

    [Range(1, 64, ErrorMessage = "Alerts__MaxDepth must be between 1 and 64.")]
    public int MaxDepth { get; set; } = 64;

    [Range(16, 16_384, ErrorMessage = "Alerts__MaxSummaryLength must be between 16 and 16384.")]
    public int MaxSummaryLength { get; set; } = 1024;

    [Range(16, 16_384, ErrorMessage = "Alerts__MaxDescriptionLength must be between 16 and 16384.")]
    public int MaxDescriptionLength { get; set; } = 8 * 1024;

    [Range(0, 256, ErrorMessage = "Alerts__MaxLabels must be between 0 and 256.")]
    public int MaxLabels { get; set; } = 64;

    [Range(16, 8192, ErrorMessage = "Alerts__MaxLabelValueLength must be between 16 and 8192.")]
    public int MaxLabelValueLength { get; set; } = 1024;

    /// <summary>
    /// Budget for all label names and values of one alert together. 64 values of 1 KiB would already
    /// overflow a 64 KiB Table Storage string (32K UTF-16 characters) once stored as one JSON property.
    /// </summary>
    [Range(1024, 30_000, ErrorMessage = "Alerts__MaxLabelsTotalLength must be between 1024 and 30000.")]
    public int MaxLabelsTotalLength { get; set; } = 16 * 1024;

    /// <summary>Label names longer than this are dropped: they are keys downstream, not text.</summary>
    [Range(16, 1024, ErrorMessage = "Alerts__MaxLabelNameLength must be between 16 and 1024.")]
    public int MaxLabelNameLength { get; set; } = 256;

    /// <summary>Label that carries severity in Alertmanager and Grafana alerts.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Alerts__SeverityLabel must not be empty.")]
    public string SeverityLabel { get; set; } = "severity";

    public AlertSeverityMaps Severity { get; set; } = new();
}

/// <summary>One <see cref="SeverityMap"/> per source, each with the documented defaults.</summary>
public sealed class AlertSeverityMaps
{
    public SeverityMap AzureMonitor { get; set; } = SeverityMap.AzureMonitorDefault();

    public SeverityMap Alertmanager { get; set; } = SeverityMap.LabelDefault();

    public SeverityMap Grafana { get; set; } = SeverityMap.LabelDefault();

    public SeverityMap Generic { get; set; } = SeverityMap.GenericDefault();

    public SeverityMap PagerDuty { get; set; } = SeverityMap.GenericDefault();

    public SeverityMap For(AlertSource source) => source switch
    {
        AlertSource.AzureMonitor => AzureMonitor,
        AlertSource.Alertmanager => Alertmanager,
        AlertSource.Grafana => Grafana,
        AlertSource.Generic => Generic,
        AlertSource.PagerDuty => PagerDuty,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}

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

    public static SeverityMap LabelDefault() => new()
    {
        Values = Map(("critical", AlertSeverity.Sev1), ("error", AlertSeverity.Sev2), ("high", AlertSeverity.Sev2),
            ("warning", AlertSeverity.Sev3), ("info", AlertSeverity.Sev4), ("low", AlertSeverity.Sev4)),
    };

    public static SeverityMap GenericDefault() => new()
    {
        Values = Map(("critical", AlertSeverity.Sev1), ("error", AlertSeverity.Sev2),
            ("warning", AlertSeverity.Sev3), ("info", AlertSeverity.Sev4)),
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
