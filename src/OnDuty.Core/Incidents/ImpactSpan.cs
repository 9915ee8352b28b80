namespace OnDuty.Core.Incidents;

/// <summary>
/// 影響時間: how long users were affected by a recovered incident, computed once for every place that says it — the recovery
/// notice, 障害の状況 and the 障害報告書 — so they never disagree. From its start, or its detection when that was earlier (a
/// person may give a start after the alert fired), to its last recovery: a reopened incident counts the time after its reopen
/// (it was not over at the first recovery), and the range said 「16:00〜16:40」 is the duration said 「約40分」.
/// </summary>
public sealed record ImpactSpan(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The span's length, never negative.</summary>
    public TimeSpan Length => To > From ? To - From : TimeSpan.Zero;

    /// <summary>The span of <paramref name="incident"/>; null while it is open (not recovered, or reopened and not recovered again).</summary>
    public static ImpactSpan? Of(Incident incident)
    {
        if (incident.IsOpen || incident.ResolvedAt is not { } resolved)
        {
            return null;
        }

        var from = incident.StartedAt < incident.DetectedAt ? incident.StartedAt : incident.DetectedAt;
        return new ImpactSpan(from, resolved);
    }
}
