namespace OnDuty.Core.Alerts;

/// <summary>Route names of <see cref="AlertSource"/>, as they appear in <c>/api/alerts/{source}</c>.</summary>
public static class AlertSources
{
    public const string AzureMonitor = "azure-monitor";
    public const string Alertmanager = "alertmanager";
    public const string Grafana = "grafana";
    public const string Generic = "generic";
    public const string PagerDuty = "pagerduty";
    public const string Datadog = "datadog";
    public const string Heartbeat = "heartbeat";

    /// <summary>The webhook routes: the sources a monitoring tool posts to.</summary>
    public static IReadOnlyList<string> Names { get; } = [AzureMonitor, Alertmanager, Grafana, Generic, PagerDuty, Datadog];

    /// <summary>Every source an incident can come from: the webhook routes and OnDuty's heartbeats.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names, Heartbeat];

    /// <summary>True for a name in <see cref="All"/> (ignoring case): what a maintenance window or an intake setting may name.</summary>
    public static bool IsKnown(string? name) =>
        TryParse(name, out _) || string.Equals(name?.Trim(), Heartbeat, StringComparison.OrdinalIgnoreCase);

    /// <summary>Matches a route name case-insensitively.</summary>
    public static bool TryParse(string? name, out AlertSource source)
    {
        switch (name?.Trim().ToLowerInvariant())
        {
            case AzureMonitor: source = AlertSource.AzureMonitor; return true;
            case Alertmanager: source = AlertSource.Alertmanager; return true;
            case Grafana: source = AlertSource.Grafana; return true;
            case Generic: source = AlertSource.Generic; return true;
            case PagerDuty: source = AlertSource.PagerDuty; return true;
            case Datadog: source = AlertSource.Datadog; return true;
            default: source = default; return false;
        }
    }

    /// <summary>
    /// The source's name in setting names (<c>Incidents__Sources__azure_monitor__SharedSecret</c>): the route name with <c>_</c>
    /// for <c>-</c>, as an app setting's name cannot hold a <c>-</c> (the options read either).
    /// </summary>
    public static string ToSettingName(this AlertSource source) => source.ToRouteName().Replace('-', '_');

    public static string ToRouteName(this AlertSource source) => source switch
    {
        AlertSource.AzureMonitor => AzureMonitor,
        AlertSource.Alertmanager => Alertmanager,
        AlertSource.Grafana => Grafana,
        AlertSource.Generic => Generic,
        AlertSource.PagerDuty => PagerDuty,
        AlertSource.Datadog => Datadog,
        AlertSource.Heartbeat => Heartbeat,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
