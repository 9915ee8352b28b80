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

    /// <summary>The communications lead (連絡担当, <see cref="Comms.ContactHolder.CommsLeadAsync"/>): named first in ■お問い合わせ先; null with none.</summary>
    public AssignedMember? CommsLead { get; init; }

    /// <summary>The incident's read-only view for the audience; null without <c>Team__PublicBaseUrl</c>.</summary>
    public string? Link { get; init; }

    /// <summary>A correction of the final report sent before (【訂正】, what it said and what is right); null: the final report itself.</summary>
    public FinalReportCorrection? Correction { get; init; }
}

/// <summary>
/// A correction of a final report: the first went at <paramref name="ReportedAt"/>, and <paramref name="Was"/> is the text the readers last
/// read (the final report, or the correction before); null when it was too long to keep, then the correction gives the text in full only.
/// </summary>
public sealed record FinalReportCorrection(DateTimeOffset ReportedAt, FinalReportText? Was);
