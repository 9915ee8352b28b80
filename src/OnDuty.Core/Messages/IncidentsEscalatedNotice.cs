using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Messages;

/// <summary>
/// Several unacknowledged incidents that reached escalation step <paramref name="Step"/> in one run (0: their first page, queued
/// late after a crash): one notice per recipient instead of one per incident, listing each, most severe first, with its own
/// acknowledge link where the reader has one, its page and, on an escalation, its own next step; and the page that acknowledges them
/// together.
/// </summary>
public sealed record IncidentsEscalatedNotice(Language Language, int Step, IReadOnlyList<EscalatedIncident> Incidents, string TimeZone, string StatusLink) : Notice(Language)
{
    /// <summary>Incidents listed; the rest are counted (the status page lists them all).</summary>
    public const int MaxListed = 50;

    /// <summary>
    /// The reader's own zone when it is not the team's (a duty member abroad, trial 59): each incident's detection (and a held page's
    /// end) is said in it first, the team's beside it, as the single page mail says it; null: the team's zone (the channel, lists, leads).
    /// </summary>
    public string? ReaderTimeZone { get; init; }

    /// <summary>The page that acknowledges every waiting incident at once.</summary>
    public string? AckTogetherLink { get; init; }

    /// <summary>The team's incident bridge to join (<c>Incidents__BridgeUrl</c>); null = not shown.</summary>
    public string? BridgeLink { get; init; }

    /// <summary>
    /// Incidents the step was told for that someone acknowledged (or that were resolved) before this went out: left off the list,
    /// and the lead says how many of all are still unanswered (「3 件のうち 2 件に、まだ誰も応答していません」). 0 = none.
    /// </summary>
    public int Answered { get; init; }

    /// <summary>
    /// On the leads' step, to a lead not on duty for any of them: the pair that has not answered (empty when the incidents have
    /// different pairs) and for how long at least, so the lead reads the mail as theirs, as the single mail and the grouped text
    /// say it (「リーダー宛てのエスカレーションです。…」). Null otherwise.
    /// </summary>
    public LeadsStep? AsLead { get; init; }

    /// <summary>
    /// The channel's card on the leads' step: the pair that has not answered (empty when the incidents have different pairs), for
    /// how long at least, and the leads paged now (<see cref="LeadsStep.Leads"/>, by name), so the card says who is paged and why,
    /// as each incident's single card does (「…ため、リーダー（鈴木さん）に連絡しました。」). Null otherwise.
    /// </summary>
    public LeadsStep? LeadsPaged { get; init; }

    /// <summary>
    /// On first pages told together (step 0, a storm's held pages): the other incidents open, not listed — those paged on their own
    /// just before the hold, often the cause — as a single first page names them (trial 51). Null = none, or not a first page.
    /// </summary>
    public OtherOpenIncidents? OtherOpen { get; init; }

    /// <summary>Teams: the duty members the card mentions.</summary>
    public IReadOnlyList<Mention> Mentions { get; init; } = [];

    /// <summary>
    /// Escalation 1 of incidents handed over unanswered at a change of the pair (trial 36 L6): the display names of the members taken
    /// off them, whose silence it was; the subject and the opening then say these were open and unanswered when duty passed to the
    /// reader, and from whom. Null = not handed over (each incident's own <see cref="EscalatedIncident.HandedOverFrom"/> still says it).
    /// </summary>
    public IReadOnlyList<string>? HandedOverFrom { get; init; }

    /// <summary>
    /// With <see cref="HandedOverFrom"/> or <see cref="HandedOverAway"/>, a staggered handover: the partner(s) who stay on duty
    /// (display names, the reader left out).
    /// </summary>
    public IReadOnlyList<string>? StillOnDuty { get; init; }

    /// <summary>
    /// To a member taken off these incidents at a change of the pair, nobody having answered their escalation 1: they were handed
    /// over to the pair on duty now (each incident's assignees), and from now on their pages go there — one mail listing them instead
    /// of one per incident, worded as that one is; listed with their pages, without acknowledge links or next steps.
    /// </summary>
    public bool HandedOverAway { get; init; }
}

/// <param name="AckLink">The reader's signed acknowledge link for this incident (none on a channel card).</param>
public sealed record EscalatedIncident(Incident Incident, string? AckLink)
{
    /// <summary>The incident's own page, where it is acknowledged and its first update posted.</summary>
    public string? PageLink { get; init; }

    /// <summary>On an escalation step: this incident's next step if nobody acknowledges it (its severity's timeout); null when none or not said.</summary>
    public NextEscalation? Next { get; init; }

    /// <summary>On an escalation step: no later step follows for this incident.</summary>
    public bool IsLastStep { get; init; }

    /// <summary>
    /// On escalation 1 to a member new to it (the pair changed since it was paged): the display names of the members paged about it
    /// and taken off it, who did not answer; null = not handed over.
    /// </summary>
    public IReadOnlyList<string>? HandedOverFrom { get; init; }
}
