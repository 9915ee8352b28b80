using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded while pages go by SMS (a provider is configured) but nobody on duty has a mobile number on the roster: this week
/// every page reaches the pair by email and Teams only, which is what SMS was set up to avoid. Said with who to ask to add one.
/// </summary>
public sealed class SmsCoverageProbe(Pager pager, ISmsSender sms) : IHealthProbe
{
    public string Name => "sms";

    public bool Critical => false;

    public bool Applies => sms.ReachesPhones;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var duty = await pager.CurrentDutyAsync(cancellationToken);
        return duty.Count == 0 || duty.Any(m => m.Phone is not null)
            ? null
            : $"nobody on duty has a mobile number ({string.Join(", ", duty.Select(m => m.Id))}): pages reach them by email and Teams only; each can add one at /api/status/me";
    }
}
