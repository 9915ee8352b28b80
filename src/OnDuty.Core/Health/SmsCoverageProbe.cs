using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Notifications;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded while pages go to phones (texts, calls, or the duty line) but nobody on duty has a mobile number on the roster:
/// this week every page reaches the pair by email and Teams only, which is what the phones were set up to avoid, and the duty
/// line rings nobody. Said with who to ask to add one. Listed as <c>sms</c>, the name it has had since texts came first.
/// </summary>
public sealed class SmsCoverageProbe(Pager pager, ISmsSender sms, IVoiceCaller? voice = null, IOptions<VoiceOptions>? voiceOptions = null) : IHealthProbe
{
    public string Name => "sms";

    public bool Critical => false;

    public bool Applies => sms.ReachesPhones || Calls || DutyLine;

    private bool Calls => voice is { ReachesPhones: true } && voiceOptions?.Value.Enabled == true;

    private bool DutyLine => voiceOptions?.Value.DutyLine == true;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var duty = await pager.CurrentDutyAsync(cancellationToken);
        if (duty.Count == 0 || duty.Any(m => m.Phone is not null))
        {
            return null;
        }

        string[] lost = [.. new[] { (sms.ReachesPhones, "texts"), (Calls, "calls") }.Where(c => c.Item1).Select(c => c.Item2)];
        return $"nobody on duty has a mobile number ({string.Join(", ", duty.Select(m => m.Id))}): pages reach them by email and Teams only"
            + (lost.Length > 0 ? $" (no {string.Join(" or ", lost)})" : "")
            + (DutyLine ? ", and the duty line rings nobody" : "")
            + "; each can add one at /api/status/me";
    }
}
