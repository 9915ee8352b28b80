using OnDuty.Core.Alerts;

namespace OnDuty.Core.Retros;

/// <summary>
/// One incident found by a lessons search, with how well it matched and where; <see cref="RetroVersion"/> is null while it has no
/// retro. <see cref="Partial"/>: it leaves a word of the query out, or matches a long Japanese run only in part.
/// </summary>
public sealed record LessonHit(
    string IncidentId,
    string Title,
    AlertSeverity Severity,
    IReadOnlyList<string> Areas,
    DateTimeOffset At,
    int? RetroVersion,
    int MatchedTerms,
    double Score,
    LessonSnippet? Snippet,
    bool Partial = false)
{
    /// <summary>
    /// When the incident started (発生) as it is stored now, where <see cref="At"/> is when it was detected; a person may give an
    /// earlier start, or a merge move it. Null for a retro whose incident is gone.
    /// </summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>The incident this one was merged into as a duplicate (where its lessons are written); null: not merged.</summary>
    public string? MergedInto { get; init; }

    /// <summary>The retro version of <see cref="MergedInto"/>'s incident; null: it has none yet (or this one was not merged).</summary>
    public int? MergedIntoRetroVersion { get; init; }

    /// <summary>
    /// The incident is confidential as stored now (<see cref="Incidents.Incident.Confidential"/>): the search page and other incidents'
    /// 「似た障害」 name it 「非公開の障害」 with its link, without its title, areas or the words it matched.
    /// </summary>
    public bool Confidential { get; init; }
}
