namespace OnDuty.Core.Alerts;

/// <summary>The monitoring tools that may post to <c>POST /api/alerts/{source}</c>.</summary>
public enum AlertSource
{
    AzureMonitor,
    Alertmanager,
    Grafana,
    Generic,

    /// <summary>PagerDuty Events API v2: any tool that can page PagerDuty can page OnDuty by changing the URL.</summary>
    PagerDuty,

    /// <summary>
    /// OnDuty's own heartbeats (<c>/api/heartbeats</c>): an alert OnDuty raises when something expected stopped arriving. Not a
    /// webhook route (<see cref="AlertSources.Names"/> leaves it out); a maintenance window and the intake settings may name it.
    /// </summary>
    Heartbeat,

    /// <summary>
    /// Datadog's Webhooks integration, posting the payload template README documents (<see cref="DatadogWebhookPayload"/>).
    /// Last so the values before it keep their numbers.
    /// </summary>
    Datadog,
}
