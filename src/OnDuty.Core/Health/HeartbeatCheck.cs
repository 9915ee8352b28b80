using OnDuty.Core.Heartbeats;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded when a heartbeat cannot do its job: one defined longer ago than its interval and grace and never heard (its sender
/// points elsewhere, or lacks the key: it would never page), or one whose alert was decided and has not reached the intake for
/// five minutes (the check keeps failing to send it), or one stopped five minutes ago whose alert nobody raised (the
/// <c>CheckHeartbeats</c> timer is not running: nothing else would notice, since the heartbeats are what watch the silence). Reported by <c>/api/health</c> as degraded only then.
/// </summary>
public sealed class HeartbeatCheck(IHeartbeatStore store, TimeProvider time) : IDegradationCheck
{
    /// <summary>A report pending longer than this means the check is failing to send it.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(5);

    public string Name => "heartbeats";

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var heartbeats = (await store.ListAsync(cancellationToken)).Select(h => h.Value).ToList();
        var neverHeard = heartbeats.Where(h => h.NeverHeardAt(now)).Select(h => h.Name).ToList();
        var stuck = heartbeats.Where(h => h.ReportPending && now - (h.DownSince ?? h.LastPingAt ?? h.CreatedAt) > StuckAfter).Select(h => h.Name).ToList();
        var unraised = heartbeats
            .Where(h => h.ReportAt(now) == HeartbeatReport.Firing && h.Reported != HeartbeatReport.Firing && now - (h.StoppedSince(now) ?? now) > StuckAfter)
            .Select(h => h.Name).ToList();
        var problems = new List<string>();
        if (neverHeard.Count > 0)
        {
            problems.Add($"never heard since defined, so they cannot page: {Names(neverHeard)} (check the sender's URL and key)");
        }

        if (stuck.Count > 0)
        {
            problems.Add($"an alert decided and not yet sent to the incident intake: {Names(stuck)} (CheckHeartbeats retries each minute; see its log)");
        }

        if (unraised.Count > 0)
        {
            problems.Add($"stopped over 5 minutes ago and no alert raised: {Names(unraised)} (the CheckHeartbeats timer is not running, or fails before it gets to them)");
        }

        return problems.Count == 0 ? null : "heartbeats " + string.Join("; ", problems);
    }

    private static string Names(List<string> names) => names.Count <= 5 ? string.Join(", ", names) : string.Join(", ", names.Take(5)) + $" and {names.Count - 5} more";
}
