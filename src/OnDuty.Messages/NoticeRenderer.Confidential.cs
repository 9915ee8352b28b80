using OnDuty.Core.Comms;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Retros;

namespace OnDuty.Messages;

/// <summary>
/// Confidential incidents (<see cref="Incident.Confidential"/>): what the team's channel, the status pages and the other incidents'
/// lists read of one — 「非公開の障害」 for its title, no impact, details, alerts or update texts; its id, severity, status and link stay.
/// The people paged, the holder and its own page read it whole (they render the notice as it is).
/// </summary>
public sealed partial class NoticeRenderer
{
    /// <summary>The title where readers outside the incident read it: 「非公開の障害」 for a confidential one, else its title.</summary>
    internal static string ShownTitle(Incident i, Phrases p) => ShownTitle(i.Confidential, i.Title, i.Refusal, p);

    /// <summary>The same for an incident a report or a list names by its stored title (and the refusal it was opened about).</summary>
    private static string ShownTitle(bool confidential, string title, RefusedDelivery? refusal, Phrases p) =>
        confidential ? p["Confidential.Title"] : IncidentTitle(title, refusal, p);

    /// <summary>「非公開の障害 INC-2026-0042（SEV2）」: how a confidential incident is named where its title is not shown.</summary>
    internal static string ConfidentialName(Incident i, Phrases p) => p.Format("Confidential.Name", i.Id, SevLabel(i.Severity));

    /// <summary>The line a withheld card opens with (「非公開の障害 INC-2026-0042（SEV2）です。タイトルと内容は…」); null for any other incident.</summary>
    private static string? ConfidentialCardLine(Incident i, Phrases p) => i.Confidential ? p.Format("Confidential.Card", ConfidentialName(i, p)) : null;

    /// <summary>
    /// <paramref name="i"/> as readers outside it read it: a confidential one with <see cref="ShownTitle"/> for its title and none of
    /// the texts that say what happened (impact, areas, platforms, workaround, cause, next steps, bridge, the alert's own title, what
    /// stakeholders were told); any other as it is.
    /// </summary>
    internal static Incident Withheld(Incident i, Phrases p) => !i.Confidential ? i : Incident.Restore(i.ToSnapshot() with
    {
        Title = p["Confidential.Title"],
        UserImpact = null,
        Workaround = null,
        Cause = null,
        NextSteps = null,
        AffectedAreas = [],
        Platforms = [],
        BridgeUrl = null,
        MonitoringTitle = null,
        Refusal = null,
        LastPersonUpdate = null,
        Comms = i.Comms with { Told = null, Changes = [] },
    });

    /// <summary>
    /// The notice as the team's channel reads it: every confidential incident in it <see cref="Withheld"/>, and the notice's own texts
    /// about it (alerts, the update said, corrections) left out. The one place a card learns the incident is confidential.
    /// </summary>
    private static Notice ForChannel(Notice notice)
    {
        var p = Phrases.For(notice.Language);
        return notice switch
        {
            IncidentPageNotice n when n.Incident.Confidential => n with { Incident = Withheld(n.Incident, p), Alerts = [], MoreAlerts = 0, BridgeLink = null },
            StakeholderNotice n when n.Incident.Confidential => n with
            {
                Incident = Withheld(n.Incident, p), Update = null, EarlierUpdate = null, Changes = [], Corrections = [], StartMoved = null, Cause = null, NextSteps = null,
            },
            RecoveryNoticeOwedNotice n when n.Incident.Confidential => n with { Incident = Withheld(n.Incident, p) },
            RecoveryAskWithdrawnNotice n when n.Incident.Confidential => n with { Incident = Withheld(n.Incident, p) },
            AlertsResolvedNotice n when n.Incident.Confidential => n with { Incident = Withheld(n.Incident, p) },
            IncidentsAcknowledgedNotice n => n with { Incidents = [.. n.Incidents.Select(i => Withheld(i, p))] },
            IncidentsRecoveredNotice n => n with { Incidents = [.. n.Incidents.Select(i => Withheld(i, p))] },
            IncidentsMergedNotice n => n with { Into = Withheld(n.Into, p), Duplicates = [.. n.Duplicates.Select(i => Withheld(i, p))] },
            IncidentsEscalatedNotice n => n with
            {
                Incidents = [.. n.Incidents.Select(e => e with { Incident = Withheld(e.Incident, p) })],
                BridgeLink = n.Incidents.Any(e => e.Incident.Confidential) ? null : n.BridgeLink,
            },
            _ => notice,
        };
    }

    /// <summary>
    /// A lessons search hit (the search page, another incident's 「似た障害」) as its readers read a confidential incident: 「非公開の障害」
    /// for its title, no areas and no snippet of what it matched; its id, severity, times and link stay.
    /// </summary>
    private static LessonHit Withheld(LessonHit h, Phrases p) =>
        h.Confidential ? h with { Title = p["Confidential.Title"], Areas = [], Snippet = null } : h;

    /// <summary>The status page's rows with each confidential incident <see cref="Withheld"/> and its last update's words left out.</summary>
    private static IReadOnlyList<StatusBoardEntry> Withheld(IReadOnlyList<StatusBoardEntry> rows, Phrases p) =>
        [.. rows.Select(e => e.Incident.Confidential ? e with { Incident = Withheld(e.Incident, p), LastUpdate = null } : e)];

    /// <summary>An incident's overview (障害の状況) as its readers read a confidential one: no title, details, notices or cause.</summary>
    private static IncidentOverview Withheld(IncidentOverview o, Phrases p) =>
        o.Incident.Confidential ? o with { Incident = Withheld(o.Incident, p), Notices = [], Cause = null } : o;
}
