using Microsoft.Extensions.Logging;

namespace OnDuty.Core.Common;

/// <summary>
/// Logging scopes that put the incident or rotation on every record written inside them, so telemetry can be
/// filtered by <c>IncidentId</c> / <c>RotationId</c> (Application Insights: customDimensions) whatever the message says.
/// </summary>
public static class LogScopes
{
    public const string IncidentId = "IncidentId";

    public const string RotationId = "RotationId";

    public static IDisposable? BeginIncidentScope(this ILogger logger, string incidentId) =>
        logger.BeginScope(new Dictionary<string, object> { [IncidentId] = incidentId });

    public static IDisposable? BeginRotationScope(this ILogger logger, string rotationId) =>
        logger.BeginScope(new Dictionary<string, object> { [RotationId] = rotationId });
}
