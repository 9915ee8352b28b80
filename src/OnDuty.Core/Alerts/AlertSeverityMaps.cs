namespace OnDuty.Core.Alerts;

/// <summary>One <see cref="SeverityMap"/> per source, each with the documented defaults.</summary>
public sealed class AlertSeverityMaps
{
    public SeverityMap AzureMonitor { get; set; } = SeverityMap.AzureMonitorDefault();

    public SeverityMap Alertmanager { get; set; } = SeverityMap.LabelDefault();

    public SeverityMap Grafana { get; set; } = SeverityMap.LabelDefault();

    public SeverityMap Generic { get; set; } = SeverityMap.GenericDefault();

    public SeverityMap PagerDuty { get; set; } = SeverityMap.GenericDefault();

    public SeverityMap Datadog { get; set; } = SeverityMap.DatadogDefault();

    public SeverityMap For(AlertSource source) => source switch
    {
        AlertSource.AzureMonitor => AzureMonitor,
        AlertSource.Alertmanager => Alertmanager,
        AlertSource.Grafana => Grafana,
        AlertSource.Generic => Generic,
        AlertSource.PagerDuty => PagerDuty,
        AlertSource.Datadog => Datadog,
        _ => throw new ArgumentOutOfRangeException(nameof(source), source, null),
    };
}
