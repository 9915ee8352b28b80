using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// The final report (最終報) to one audience's readers after the retro: 【障害報告】{id} {title}（最終報）with the record's times and the
/// duty PM's <see cref="Text"/>. Internal register: factual, no apology.
/// </summary>
public sealed record FinalReportNotice(Language Language, Incident Incident, string TimeZone, FinalReportText Text) : Notice(Language)
{
    /// <summary>The readers' zone where their audience sets another than the team's; null: the team's.</summary>
    public string? ReaderTimeZone { get; init; }

    /// <summary>Their audience's own contact (<c>Comms__Audiences__{name}__Contact</c>); null: the incident's duty members.</summary>
    public string? Contact { get; init; }

    /// <summary>
    /// Who holds the incident when not one of its duty members (a lead who took it over, <see cref="Comms.ContactHolder"/>): named
    /// first in ■お問い合わせ先, before the pair; null when a duty member holds it (they come first among the pair).
    /// </summary>
    public AssignedMember? Holder { get; init; }

    /// <summary>The incident's read-only view for the audience; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }
}
