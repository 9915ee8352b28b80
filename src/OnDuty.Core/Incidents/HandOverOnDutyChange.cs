using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Incidents;

/// <summary>
/// A change to the paging rotation's running shift was saved: unanswered incidents are handed to the pair on duty now at once
/// (<see cref="Pager.HandOverUnansweredAsync"/>). The pager is asked lazily: it reads who is on duty from the rotation service,
/// which tells this. Never in the way of the change: a failure is logged, and the next escalation run hands them over.
/// </summary>
public sealed class HandOverOnDutyChange(Func<Pager> pager, IOptions<IncidentOptions> options, ILogger<HandOverOnDutyChange> logger) : IDutyChangeObserver
{
    public async Task DutyChangedAsync(string rotationId, CancellationToken cancellationToken)
    {
        try
        {
            // Inside the try: the incident settings are read here only (a host without them — a rotation-only set-up, or
            // settings found invalid — must still save the change; the start-up check names them).
            if (!string.Equals(rotationId, options.Value.RotationId, StringComparison.Ordinal))
            {
                return; // a rotation that never pages
            }

            await pager().HandOverUnansweredAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Handing unanswered incidents to the pair on duty after a change to {Rotation} failed; the next EscalateIncidents run does it", rotationId);
        }
    }
}
