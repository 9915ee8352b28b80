using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded while the paging rotation has nobody on duty: pages then skip straight to the leads, which works but is not
/// how the team means to be reached, so someone should fix the rotation (it does not exist, has not started, or has nobody).
/// </summary>
public sealed class DutyCoverageProbe(Pager pager, IOptions<IncidentOptions> options) : IHealthProbe
{
    public string Name => "duty";

    public bool Critical => false;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var duty = await pager.CurrentDutyAsync(cancellationToken);
        return duty.Count > 0
            ? null
            : $"nobody is on duty in rotation '{options.Value.RotationId}' (Incidents__RotationId): pages go to the leads";
    }
}
