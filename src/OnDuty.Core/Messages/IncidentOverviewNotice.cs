using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The read-only view of an incident for stakeholders (「障害の状況」): the facts their notices give, where it stands, when the
/// next update is due, and every notice they were sent. No forms, nothing of the duty pair's working.
/// </summary>
public sealed record IncidentOverviewNotice(Language Language, IncidentOverview Overview, string TimeZone, DateTimeOffset Now) : Notice(Language)
{
    /// <summary>What each severity means where <c>Incidents__SeverityMeanings__…</c> sets it; the phrase files' wording otherwise.</summary>
    public SeverityMeanings SeverityMeanings { get; init; } = new();

    /// <summary>
    /// The zone of the audience the view is for (<c>?for=</c>, its <c>Comms__Audiences__{name}__TimeZone</c>) when it is not the
    /// team's: each time is given there with the team's beside it, as their notices give it; null: in <see cref="TimeZone"/> only.
    /// </summary>
    public string? ReaderTimeZone { get; init; }

    /// <summary>
    /// The view was asked for an audience's readers (<c>?for=</c>, as every stakeholder notice links it), whether or not that audience
    /// was told: what only the responders need (the recovery time told differing from the record) is left out. False: the general
    /// view, which the incident page links for the duty pair.
    /// </summary>
    public bool ForReaders { get; init; }

    /// <summary>
    /// Whom the view's readers ask, as their audience configures it (<c>Comms__Audiences__{name}__Contact</c>), the ■お問い合わせ先
    /// their notices end with; null: the incident's duty pair by name and mail. Said only on an audience's own view (<c>?for=</c>).
    /// </summary>
    public string? Contact { get; init; }

    /// <summary>
    /// Who holds the incident when not one of its duty members (a lead who took it over, <see cref="Comms.ContactHolder"/>): named
    /// first in ■お問い合わせ先, before the pair; null when a duty member holds it (they come first among the pair).
    /// </summary>
    public AssignedMember? Holder { get; init; }

    /// <summary>The communications lead (連絡担当, <see cref="Comms.ContactHolder.CommsLeadAsync"/>): named first in ■お問い合わせ先; null with none.</summary>
    public AssignedMember? CommsLead { get; init; }

    /// <summary>Display names of the roster's members by id, for who posted each update.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>Those taken off the roster since, named by the name they had (「小林 次郎（退任）」) where <see cref="Names"/> has none.</summary>
    public IReadOnlyList<FormerMember> Former { get; init; } = [];
}
