using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// 【アラート解消・要確認】 to the person on <see cref="Incident"/> (email): every monitoring alert of it has resolved, but a person runs
/// it (<see cref="Incidents.Incident.RunByPerson"/>), so it stays open — monitoring sees it recovered, and they resolve it if it is over.
/// </summary>
public sealed record AlertsResolvedNotice(Language Language, Incident Incident, string TimeZone) : Notice(Language)
{
    /// <summary>The monitoring source whose alerts resolved (a route name, <c>alertmanager</c>).</summary>
    public required string Source { get; init; }

    /// <summary>
    /// The tools whose alerts resolved, first fired first (<see cref="AlertTool.OfResolved"/>): each source with the name its tool
    /// gave itself (Datadog through the Events v2 format). Empty: <see cref="Source"/> alone, as before.
    /// </summary>
    public IReadOnlyList<AlertTool> Tools { get; init; } = [];

    /// <summary>When the last of its alerts resolved.</summary>
    public required DateTimeOffset ResolvedAt { get; init; }

    /// <summary>The incident page's update form with 復旧済み chosen (one click to the form that resolves it); null without a page address.</summary>
    public string? Link { get; init; }
}
