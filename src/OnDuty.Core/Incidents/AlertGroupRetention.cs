using OnDuty.Core.Alerts;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Deletes the alert-group rows nothing reads any more (the <c>PurgeExpiredData</c> timer): a group's last incident once no
/// reopen window (at most 7 days) can reach it, and an alert-grouping row once no grouping window (at most a day) can, each
/// with a day to spare. A group still claimed by an open incident is never touched; a group fired again after its row is gone
/// opens a new incident, as it would then anyway.
/// </summary>
public sealed class AlertGroupRetention(IIncidentRepository incidents, TimeProvider time)
{
    /// <summary>How long after its incident resolved a group's last-incident row is kept.</summary>
    public static TimeSpan LastIncidentKept { get; } = IncidentOptions.LongestReopenWindow + TimeSpan.FromDays(1);

    /// <summary>How long after its incident opened an alert-grouping row is kept.</summary>
    public static TimeSpan GroupingKept { get; } = AlertSourceOptions.LongestGroupWindow + TimeSpan.FromDays(1);

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purged = 0;
        foreach (var source in AlertSources.All)
        {
            purged += await incidents.PurgeGroupsAsync(source, now - LastIncidentKept, now - GroupingKept, cancellationToken);
        }

        return purged;
    }
}
