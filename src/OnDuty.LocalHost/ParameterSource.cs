namespace OnDuty.LocalHost;

internal enum ParameterSource
{
    HttpRequest,
    RouteValue,
    CancellationToken,
    TimerInfo,
    QueueMessage,
}
