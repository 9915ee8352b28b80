using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>
/// One severity's incidents (by the severity they have now) and their times. The times to acknowledge are of the
/// <see cref="Acknowledged"/> ones only: read them with <see cref="Unacknowledged"/>, the incidents nobody acknowledged
/// (resolved before anyone did — by monitoring, <see cref="UnacknowledgedAutoResolved"/>, or by a person — or still waiting).
/// </summary>
public sealed record SeverityStats(
    AlertSeverity Severity,
    int Incidents,
    int Acknowledged,
    double? AckMinutesP50,
    double? AckMinutesP90,
    int Resolved,
    double? ResolveMinutesP50,
    double? ResolveMinutesP90,
    int Escalated,
    int UnacknowledgedAutoResolved)
{
    /// <summary>Incidents nobody acknowledged: not in the times to acknowledge.</summary>
    public int Unacknowledged => Incidents - Acknowledged;

    /// <summary>The longest time to acknowledge and to resolve of this severity's incidents; null when none was measured.</summary>
    public double? AckMinutesMax { get; init; }

    /// <inheritdoc cref="AckMinutesMax"/>
    public double? ResolveMinutesMax { get; init; }

    /// <summary>
    /// Of <see cref="Unacknowledged"/>, the ones only a monitoring tool acknowledged (its sender's <c>acknowledge</c>): not a person's
    /// acknowledgement, so neither in <see cref="Acknowledged"/> nor in the times to acknowledge.
    /// </summary>
    public int AcknowledgedByTool { get; init; }
}
