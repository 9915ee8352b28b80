using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// Several incidents acknowledged at once by <paramref name="By"/> (a name): one notice to the others on them instead of one
/// per incident, listing each with a link to the status page.
/// </summary>
public sealed record IncidentsAcknowledgedNotice(Language Language, string By, IReadOnlyList<Incident> Incidents, string StatusLink) : Notice(Language)
{
    /// <summary>Incidents listed one per line; the rest are counted.</summary>
    public const int MaxListed = 50;
}
