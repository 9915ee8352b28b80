using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A saved retro as a formal post-incident report (障害報告書) to print or paste into a document: the incident's facts, then
/// the retro's sections, timeline, action items (再発防止策) and criteria changes. <paramref name="Members"/> names owners and
/// authors; <paramref name="Criteria"/> titles the criteria changed.
/// </summary>
public sealed record RetroReportNotice(
    Language Language, Incident Incident, StoredRetro Retro, IReadOnlyList<Member> Members, IReadOnlyList<Criterion> Criteria, string TimeZone) : Notice(Language)
{
    /// <summary>Stakeholder audiences' display names by configured name, for the lines that say which notice went to whom.</summary>
    public IReadOnlyDictionary<string, string> AudienceNames { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Those taken off the roster since (<see cref="FormerMember"/>): an author, owner or actor the roster no longer has, by the name they had.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];

    /// <summary>Who responded (対応者: those who acted, by first action) and the duty members paged who did not; none: the facts leave both out.</summary>
    public IncidentResponders Responders { get; init; } = IncidentResponders.None;

    /// <summary>The severities it held, when it changed (<see cref="SeverityStep.History"/>); empty: 発生概要 gives the final one alone.</summary>
    public IReadOnlyList<SeverityStep> SeverityHistory { get; init; } = [];

    /// <summary>Whether 対応経緯 lists the rows saying which channel reached whom (<c>?deliveries=true</c>); left out by default, as noise on paper.</summary>
    public bool Deliveries { get; init; }
}
