using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// 「過去の教訓を探す」: the lessons search (the same as <c>GET /api/retros?q=</c>) as a page — the query, its hits with the
/// matched words marked in each snippet, each linking to its retro (or its incident, before a retro is written). With no
/// query, the newest incidents. <see cref="QueryError"/>: the search refused the query (the form says why, nothing found).
/// Above the incidents, the judgement criteria the query finds (<see cref="Criteria"/>, <see cref="CriteriaSearch"/>).
/// </summary>
public sealed record LessonsPageNotice(Language Language, string Query, IReadOnlyList<LessonHit> Hits, string TimeZone) : Notice(Language)
{
    /// <summary>Why the query was refused, as a form error code (<c>tooLong:200</c>, <c>searchNothing</c>).</summary>
    public string? QueryError { get; init; }

    /// <summary>The active criteria matching the query, best first (at most <see cref="CriteriaSearch.Shown"/>); none: no section.</summary>
    public IReadOnlyList<CriterionHit> Criteria { get; init; } = [];

    /// <summary>More incidents match than <see cref="Hits"/> holds (the page shows the most relevant ones): said under the count.</summary>
    public bool More { get; init; }

    /// <summary>
    /// The visitor may read confidential incidents (<see cref="Incidents.ConfidentialAccess.ReadsConfidentialBySetting"/>): a confidential
    /// hit is shown whole, with the 「非公開」 badge; false (the default): named 「非公開の障害」, without its areas or snippet.
    /// </summary>
    public bool ReadsConfidential { get; init; }

    /// <summary>
    /// The confidential incidents the visitor was added on (<see cref="Incidents.IIncidentReaders.AddedOnAsync"/>): listed whole to them
    /// although they do not read every one (<see cref="ReadsConfidential"/>).
    /// </summary>
    public IReadOnlySet<string> AddedOn { get; init; } = new HashSet<string>();

    /// <summary>The visitor may read confidential incident <paramref name="incidentId"/> here: every one, or one they were added on.</summary>
    public bool Reads(string incidentId) => ReadsConfidential || AddedOn.Contains(incidentId);
}
