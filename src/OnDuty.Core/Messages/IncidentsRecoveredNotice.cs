using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// Several incidents nobody took that monitoring resolved within a storm (<see cref="IncidentOptions.StormPages"/>): one notice
/// to each person their pages reached, and one card, listing them, instead of one "recovered" notice per incident.
/// </summary>
public sealed record IncidentsRecoveredNotice(Language Language, IReadOnlyList<Incident> Incidents, string StatusLink) : Notice(Language)
{
    /// <summary>Incidents listed one per line; the rest are counted.</summary>
    public const int MaxListed = IncidentsAcknowledgedNotice.MaxListed;

    /// <summary>The team's zone (<c>Incidents__TimeZone</c>): a heartbeat's line says when it was heard and how late; null: not said.</summary>
    public string? TimeZone { get; init; }
}

/// <summary>The same as a text, to a member texted a page about any of them: how many recovered, the first, and that nothing is needed.</summary>
public sealed record IncidentsRecoveredTextNotice(Language Language, IReadOnlyList<Incident> Incidents) : Notice(Language);
