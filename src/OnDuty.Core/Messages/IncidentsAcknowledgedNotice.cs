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

    /// <summary>
    /// The ids of those a monitoring tool alone had acknowledged before, each with the name that tool gave itself ("" when none):
    /// each is marked so in the list, as the single mail says it (「監視ツール（Datadog）で受付済みだった障害を…」).
    /// </summary>
    public IReadOnlyDictionary<string, string> OverTool { get; init; } = new Dictionary<string, string>();
}
