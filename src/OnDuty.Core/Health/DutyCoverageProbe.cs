using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded while the paging rotation has nobody on duty: pages then skip straight to the leads, which works but is not
/// how the team means to be reached, so someone should fix the rotation (it does not exist, has not started, or has nobody).
/// A rotation that does not exist is said so, with the call that creates it: a new team that turned the demo roster off
/// reads this first.
/// </summary>
public sealed class DutyCoverageProbe(Pager pager, RotationService rotations, IOptions<IncidentOptions> options) : IHealthProbe
{
    public string Name => "duty";

    public bool Critical => false;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var duty = await pager.CurrentDutyAsync(cancellationToken);
        if (duty.Count > 0)
        {
            return null;
        }

        var id = options.Value.RotationId;
        try
        {
            await rotations.GetOnCallAsync(id, cancellationToken);
        }
        catch (NotFoundException)
        {
            return $"rotation '{id}' (Incidents__RotationId) does not exist: create it with PUT /api/rotations/{id}, or name an existing rotation; pages go to the leads";
        }

        return $"nobody is on duty in rotation '{id}' (Incidents__RotationId): pages go to the leads";
    }
}
