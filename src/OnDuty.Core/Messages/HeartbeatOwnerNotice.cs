using OnDuty.Core.Heartbeats;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// To a heartbeat's owner, for her information (not a page): 「【OnDuty】ハートビート途絶：夜間バッチ」 when it went silent or said it
/// failed, and 「【OnDuty】ハートビート復旧：夜間バッチ」 when it is heard again; what was expected and heard, and the incident the duty
/// pair work on (<paramref name="Incident"/>, when the intake named one: a return says how late it was, as the pair's recovery mail does).
/// </summary>
public sealed record HeartbeatOwnerNotice(Language Language, Heartbeat Heartbeat, DateTimeOffset Now, string TimeZone, Incidents.Incident? Incident) : Notice(Language)
{
    /// <summary>The status page at its heartbeats (<c>/api/status#h-heartbeats</c>), which lists every heartbeat with its state; null without a base URL: not linked.</summary>
    public string? StatusLink { get; init; }

    /// <summary>The incident's page (<see cref="Incident"/>), as the pair's mails link it; null without a base URL or an incident.</summary>
    public string? PageLink { get; init; }
}
