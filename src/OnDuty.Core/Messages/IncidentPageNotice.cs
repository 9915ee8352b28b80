using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// A page, an escalation step or "acknowledged by" about one incident, for one reader (or the channel).
/// <see cref="AckLink"/> is the reader's own signed acknowledge link (null for the channel and for acknowledgements).
/// </summary>
public sealed record IncidentPageNotice(Language Language, Incident Incident, IncidentNotice Stage, string TimeZone, string? AckLink)
    : Notice(Language)
{
    /// <summary>
    /// The reader's own zone when it is not the team's (a duty member abroad, trial 59): the mail says when it was detected and started
    /// there, the team's time beside it; null: the team's zone (the channel's card, lists, leads not on the roster).
    /// </summary>
    public string? ReaderTimeZone { get; init; }

    /// <summary>What the severity means where <c>Incidents__SeverityMeanings__…</c> sets it; null = the phrase files' wording.</summary>
    public string? SeverityMeaning { get; init; }

    /// <summary>Who the channel card mentions (the duty members); empty in email.</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>What fired: the first few alerts of the incident (see <see cref="FiredAlert.MaxShown"/>).</summary>
    public IReadOnlyList<FiredAlert> Alerts { get; init; } = [];

    /// <summary>Alerts of the incident not in <see cref="Alerts"/>.</summary>
    public int MoreAlerts { get; init; }

    /// <summary>
    /// The incident's PM page (<c>/api/incidents/{id}/page</c>), where the duty members acknowledge and post updates and a call
    /// for help asks people to join (a merge's: the page of the incident it went into); null = not shown.
    /// </summary>
    public string? PageLink { get; init; }

    /// <summary>
    /// The page that acknowledges every waiting incident at once (<c>/api/status/ack</c>), on pages and escalations: when a
    /// storm opened many, one link stops them all; null = not shown.
    /// </summary>
    public string? AckTogetherLink { get; init; }

    /// <summary>Who reported an incident opened by hand, as the readers know them (a display name, else as typed); null = not known or not by hand.</summary>
    public string? ReportedBy { get; init; }

    /// <summary>Whose acknowledgement lapsed unanswered, as the readers know them (a display name, else as recorded); null = none, or not the current round's.</summary>
    public string? LapsedHolder { get; init; }

    /// <summary>On an escalation step: the step that follows if nobody acknowledges; null when none does (see <see cref="IsLastStep"/>) or not said.</summary>
    public NextEscalation? Next { get; init; }

    /// <summary>
    /// On a step after the pair's (the leads', the organisation's), worded as it goes out: the duty members nothing of this round has
    /// reached yet (their mail still retried through an outage), by name — so the reader knows the pair was not reached, rather than
    /// silent (trial 36 H1); null or empty = not said.
    /// </summary>
    public IReadOnlyList<string>? NotReached { get; init; }

    /// <summary>On the leads' step, to a lead not on duty: whose silence it is and for how long; null = the general escalation wording.</summary>
    public LeadsStep? AsLead { get; init; }

    /// <summary>
    /// On the leads' step, in the channel's card: whose silence for how long made it page which leads (<see cref="LeadsStep.Leads"/>);
    /// null = the general escalation wording.
    /// </summary>
    public LeadsStep? LeadsPaged { get; init; }

    /// <summary>
    /// On escalation 1 to a member who took the incident over unanswered (the handoff, a replacement): the display names of the
    /// previous members paged about it, who did not answer; null = not handed over (the general escalation wording).
    /// </summary>
    public IReadOnlyList<string>? HandedOverFrom { get; init; }

    /// <summary>
    /// A staggered handover (one member changed, one stayed), on the handed-over mails: the display names of the members still on
    /// duty through it, the reader left out (「山田さんは引き続き当番です」); null or empty = the whole pair changed, or not known.
    /// </summary>
    public IReadOnlyList<string>? StillOnDuty { get; init; }

    /// <summary>
    /// On the leads' step and after: the leads it passed over because they were on leave (display names where the roster has
    /// their address, else addresses), so the mail says 「リーダーの山田さんは休暇中のため、連絡していません」; null or empty = none.
    /// </summary>
    public IReadOnlyList<string>? LeadsOnLeave { get; init; }

    /// <summary>On an escalation step: no later step has anyone to tell, so nothing more is sent on its own.</summary>
    public bool IsLastStep { get; init; }

    /// <summary>
    /// Reopened after the stakeholders were told it recovered (<see cref="Incident.ReopenedAfterRecoveryTold"/>): when their update
    /// is due (the severity's interval from the reopen); null otherwise, or with update reminders off for the severity.
    /// </summary>
    public DateTimeOffset? StakeholderUpdateBy { get; init; }

    /// <summary>
    /// On a new incident's first page: the other incidents open as it goes out, named under the lead so the reader knows the outage
    /// may be in hand before acknowledging (trial 39 M1); null = none, or they could not be read.
    /// </summary>
    public OtherOpenIncidents? OtherOpen { get; init; }

    /// <summary>The team's incident bridge to join (<c>Incidents__BridgeUrl</c>), while the incident is being worked on; null = not shown.</summary>
    public string? BridgeLink { get; init; }
}
