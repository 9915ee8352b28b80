using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The "declare an incident" form: empty, or again with what was typed (<see cref="Values"/>, by field name) and the
/// problems next to their fields (<see cref="Errors"/>).
/// </summary>
public sealed record IncidentFormPageNotice(Language Language, FormToken Token, PageVisitor Visitor, string TimeZone) : Notice(Language)
{
    /// <summary>The fields as typed, by their form names (<c>title</c>, <c>severity</c>, <c>userImpact</c> …).</summary>
    public IReadOnlyDictionary<string, string> Values { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string[]> Errors { get; init; } = new Dictionary<string, string[]>();

    /// <summary>A fresh id per form shown: a second submit of the same form (double click, reload) opens nothing new.</summary>
    public required string RequestId { get; init; }

    /// <summary>What each severity means where <c>Incidents__SeverityMeanings__…</c> sets it; the phrase files' wording otherwise.</summary>
    public SeverityMeanings SeverityMeanings { get; init; } = new();

    /// <summary>
    /// The audiences an incident declared at each severity tells (<c>Comms__BySeverity</c>, configured names), their readers and
    /// names: the form says which severities reach readers of another language than the page's, as typed (trial 33, M2).
    /// </summary>
    public IReadOnlyDictionary<Alerts.AlertSeverity, IReadOnlyList<string>> SeverityAudiences { get; init; } = new Dictionary<Alerts.AlertSeverity, IReadOnlyList<string>>();

    /// <summary>Every configured audience's readers, groups not expanded (<see cref="Comms.AudienceRoster.All"/>), each in their own language.</summary>
    public IReadOnlyList<Comms.AudienceReader> Readers { get; init; } = [];

    public IReadOnlyDictionary<string, string> AudienceNames { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Today's active judgement criteria, shown next to the severity choice (the duty PM decides by today's rule).</summary>
    public IReadOnlyList<Retros.Criterion> Criteria { get; init; } = [];

    /// <summary>
    /// Incidents open right now, newest first (at most <see cref="MaxOpenShown"/>): shown above the form, so a PM whose outage is
    /// already being worked on updates that one instead of declaring a duplicate.
    /// </summary>
    public IReadOnlyList<Incidents.Incident> Open { get; init; } = [];

    /// <summary>How many open incidents there are in all (more than <see cref="Open"/> holds when cut).</summary>
    public int OpenCount { get; init; }

    public const int MaxOpenShown = 10;
}
