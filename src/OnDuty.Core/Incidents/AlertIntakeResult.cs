namespace OnDuty.Core.Incidents;

/// <param name="IgnoredReason">Why an <see cref="AlertIntakeOutcome.Ignored"/> delivery changed nothing (<see cref="IgnoredReasons"/>); null otherwise.</param>
public sealed record AlertIntakeResult(AlertIntakeOutcome Outcome, string? IncidentId, int Fired, int Repeated, int ResolvedAlerts, string? IgnoredReason = null);

/// <summary>
/// Why a delivery was answered <c>ignored</c>: a stable code (the 202's <c>reason</c>, the delivery list's) and its English
/// <c>detail</c>; the delivery page says it in the reader's language (<c>Deliveries.Ignored.{code}</c>).
/// </summary>
public static class IgnoredReasons
{
    /// <summary>Only resolves, for a group that never had an incident (or none OnDuty still knows): nothing to close.</summary>
    public const string ResolveWithoutIncident = "resolveWithoutIncident";

    /// <summary>Only resolves, for a group whose last incident is resolved and already had these alerts resolved (a resolve sent again).</summary>
    public const string AlreadyResolved = "alreadyResolved";

    /// <summary>An acknowledge (PagerDuty) for a group with no open incident.</summary>
    public const string AcknowledgeWithoutIncident = "acknowledgeWithoutIncident";

    /// <summary>An acknowledge that arrived after the group's incident was resolved (they race when the alert clears at once).</summary>
    public const string AcknowledgeAfterResolve = "acknowledgeAfterResolve";

    /// <summary>The 202's <c>detail</c> for a reason: English, as the other 202 bodies are; null with no reason (not ignored).</summary>
    public static string? Detail(string? reason) => reason switch
    {
        null => null,
        ResolveWithoutIncident => "A resolve for an alert group with no open or recent incident: there was nothing to close.",
        AlreadyResolved => "A resolve for an incident that was already resolved (sent again?): nothing changed.",
        AcknowledgeWithoutIncident => "An acknowledge for an alert group with no open incident: there was nothing to acknowledge.",
        AcknowledgeAfterResolve => "An acknowledge that arrived after the incident was resolved: nothing was acknowledged.",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Not a reason an ignored delivery is given."),
    };
}
