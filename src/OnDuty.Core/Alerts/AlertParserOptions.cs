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
