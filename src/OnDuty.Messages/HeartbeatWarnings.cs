using OnDuty.Core.Heartbeats;
using OnDuty.Core.Team;

namespace OnDuty.Messages;

/// <summary>
/// What a heartbeat is defined with that is accepted, as asked, but may not be what its owner meant: said back in the
/// <c>warnings</c> of <c>PUT /api/heartbeats/{name}</c> in the caller's language (trial 58: Grafana every 5 minutes with an
/// hour's grace was taken silently, so its silence paged nobody for 65 minutes).
/// </summary>
public static class HeartbeatWarnings
{
    public static IReadOnlyList<string> Of(Heartbeat heartbeat, Language language)
    {
        var p = Phrases.For(language);
        return heartbeat.Grace > heartbeat.Interval
            ? [p.Format("Heartbeat.Warning.GraceOverInterval", DurationText.Exact(heartbeat.Grace, p), DurationText.Exact(heartbeat.Interval, p), DurationText.Exact(heartbeat.Interval + heartbeat.Grace, p))]
            : [];
    }
}
