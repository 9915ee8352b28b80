using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Health;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Degraded while an open, unacknowledged incident owes an escalation step for over <see cref="Late"/>: a step due and not
/// recorded, or recorded and not queued. Then <c>EscalateIncidents</c> is not running (its timer off, the host stopped) or fails
/// on the incident every minute, and nobody hears of the incident any more — which a person must know. Read from the open
/// index's summaries (one query, the escalation run's own), so every instance answers the same, whichever runs the timer.
/// </summary>
public sealed class EscalationBacklogCheck(IIncidentRepository incidents, IOptions<IncidentOptions> options, TimeProvider time) : IDegradationCheck
{
    /// <summary>A step owed this long: the run every minute has missed it several times.</summary>
    public static readonly TimeSpan Late = TimeSpan.FromMinutes(5);

    public string Name => "escalation";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var late = (await incidents.ListBoardAsync(now, cancellationToken))
            .Where(i => i.IsOpen && !i.IsAcknowledged)
            .Select(i => (Incident: i, Since: EscalationPolicy.OwedSince(i, now, options.Value.AckTimeouts)))
            .Where(x => x.Since is { } since && now - since > Late)
            .OrderBy(x => x.Since)
            .ToList();
        if (late.Count == 0)
        {
            return null;
        }

        var (oldest, owed) = late[0];
        return $"{CountText.Of(late.Count, "open incident owes", "open incidents owe")} an escalation step for over {Late.TotalMinutes:0} min; the oldest {oldest.Id} "
            + $"(step {(oldest.StepQueued ? oldest.NotifiedStep + 1 : oldest.NotifiedStep)}, owed {(int)(now - owed!.Value).TotalMinutes} min): "
            + "is EscalateIncidents running? See its log";
    }
}
