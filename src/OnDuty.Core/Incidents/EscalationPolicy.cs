using OnDuty.Core.Team;

namespace OnDuty.Core.Incidents;

/// <summary>
/// Who hears about an unacknowledged incident, and when. Step 0 pages the duty members at once; each ack timeout
/// of the severity without an acknowledgement adds a step: 1 the duty members again, 2 the leads, 3 the whole
/// PM organisation ("if in doubt, shout"). Reached steps are never sent again.
/// </summary>
public static class EscalationPolicy
{
    public const int LastStep = 3;

    /// <summary>The step that goes to the leads (<c>Incidents__Leads</c>).</summary>
    public const int LeadsStep = 2;

    /// <summary>The highest step due at <paramref name="now"/>; -1 when nothing is due (resolved, acknowledged, held by maintenance, or paging nobody).</summary>
    public static int DueStep(Incident incident, DateTimeOffset now, AckTimeouts timeouts)
    {
        if (!incident.IsOpen || incident.IsAcknowledged || incident.PagesHeldAt(now) || incident.PagesNobodyFor is not null)
        {
            return -1;
        }

        var timeout = timeouts.For(incident.Severity);
        var elapsed = now - incident.EscalationStart;
        return elapsed <= TimeSpan.Zero ? 0 : (int)Math.Min(LastStep, elapsed.Ticks / timeout.Ticks);
    }

    /// <summary>
    /// Since when a step is owed: the step recorded and not queued since it was due, or the next step once due. Null when
    /// nothing is owed (acknowledgement and resolution aside: a step recorded and not queued is owed until it is queued).
    /// </summary>
    public static DateTimeOffset? OwedSince(Incident incident, DateTimeOffset now, AckTimeouts timeouts)
    {
        var timeout = timeouts.For(incident.Severity);
        if (!incident.StepQueued)
        {
            return incident.EscalationStart + timeout * Math.Max(0, incident.NotifiedStep);
        }

        return DueStep(incident, now, timeouts) > incident.NotifiedStep ? incident.EscalationStart + timeout * (incident.NotifiedStep + 1) : null;
    }

    /// <summary>
    /// The step that follows <paramref name="step"/> if nobody acknowledges: the next one that tells anyone new (as <see cref="Plan(int, int, Func{int, IReadOnlyList{PageRecipient}}, PagedSoFar)"/>
    /// sends it), and how long after <paramref name="step"/> was due it is due: one ack timeout, as a step passed over (nobody to
    /// page, or nobody not paged already) falls through to the next at once. Null when no later step tells anyone new (this is the last).
    /// </summary>
    /// <param name="memberIdAt">The active roster member who has an address (their id); null: addresses as they are.</param>
    /// <param name="leadsAway">Leads the leads' step will pass over for leave (<see cref="Rotations.LeadsOnLeave.PassedOver"/>), as known
    /// now, before that step recorded them (<see cref="Incident.LeadsOnLeave"/>); null: those it recorded.</param>
    public static (int Step, TimeSpan After)? NextStep(Incident incident, int step, IncidentOptions options, Language teamLanguage, Func<string, string?>? memberIdAt = null,
        IReadOnlyCollection<string>? leadsAway = null)
    {
        var paged = PagedSoFar.Of(incident, options, teamLanguage, memberIdAt);
        for (var s = Math.Max(0, step) + 1; s <= LastStep; s++)
        {
            if (Reach(s, Recipients(incident.Assignees, s, options, teamLanguage, leadsAway ?? incident.LeadsOnLeave), paged) == StepReach.SomeoneNew)
            {
                return (s, options.AckTimeouts.For(incident.Severity));
            }
        }

        return null;
    }

    /// <summary>
    /// Whom step <paramref name="step"/> would tell: nobody, only people <paramref name="paged"/> already, or someone new. Steps 0
    /// and 1 (the duty members, then the same again as a reminder) are meant for the paged; a later step is there to reach someone
    /// else, so one whose people were all paged already (a lead on duty this week) is no escalation and is passed over. So is step
    /// 1 when it goes to one person paged already (the only one on duty: the partner on leave or covered, or off today) — it has
    /// no other duty member to reach, and the leads hear at once instead of an ack timeout later (trial 34 H3).
    /// </summary>
    public static StepReach Reach(int step, IReadOnlyList<PageRecipient> recipients, PagedSoFar paged) =>
        recipients.Count == 0 ? StepReach.Nobody
        : (step > 1 || (step == 1 && recipients.Count == 1)) && recipients.All(paged.Has) ? StepReach.NobodyNew
        : StepReach.SomeoneNew;

    /// <summary>
    /// Whether, with <paramref name="duty"/> on duty, the leads' step reaches nobody new (every lead configured is one of them) and
    /// is passed over: what health, the weekly announcement and the duty page warn about for that week.
    /// </summary>
    public static bool LeadsStepSkippedFor(IReadOnlyList<AssignedMember> duty, IncidentOptions options, Language teamLanguage, Func<string, string?>? memberIdAt = null) =>
        Reach(LeadsStep, Recipients(duty, LeadsStep, options, teamLanguage), PagedSoFar.OnDuty(duty, memberIdAt)) == StepReach.NobodyNew;

    /// <summary>
    /// The step's people, with the incident's duty members (as resolved when the step was recorded) and without the leads its
    /// leads' step passed over for leave (<see cref="Incident.LeadsOnLeave"/>).
    /// </summary>
    public static IReadOnlyList<PageRecipient> Recipients(Incident incident, int step, IncidentOptions options, Language teamLanguage) =>
        Recipients(incident.Assignees, step, options, teamLanguage, incident.LeadsOnLeave);

    /// <param name="leadsAway">Leads (addresses, any case) passed over at the leads' step for being on leave (<see cref="Rotations.LeadsOnLeave.PassedOver"/>).</param>
    public static IReadOnlyList<PageRecipient> Recipients(IReadOnlyList<AssignedMember> duty, int step, IncidentOptions options, Language teamLanguage,
        IReadOnlyCollection<string>? leadsAway = null) => step switch
    {
        0 or 1 => [.. duty.Where(a => !string.IsNullOrWhiteSpace(a.Email)).Select(a => PageRecipient.From(a))],
        LeadsStep => [.. options.Leads.Where(l => !string.IsNullOrWhiteSpace(l) && !(leadsAway ?? []).Any(a => Member.SameAddress(a, l!)))
            .Select(l => PageRecipient.At(l!, teamLanguage))],
        _ => string.IsNullOrWhiteSpace(options.OrganisationList) ? [] : [PageRecipient.At(options.OrganisationList, teamLanguage)],
    };

    /// <summary>
    /// What to send when <paramref name="due"/> is due and <paramref name="notified"/> was the last step sent: only the latest
    /// due step (the ones before it are overdue — the escalation did not run, e.g. after downtime — and are noted, not sent),
    /// and a step with nobody to send to falls through to the next one at once. Step null: nobody for any step left.
    /// </summary>
    public static (int? Step, IReadOnlyList<SkippedStep> Skipped) Plan(int notified, int due, Func<int, int> recipientCount) =>
        Plan(notified, due, s => recipientCount(s) > 0 ? StepReach.SomeoneNew : StepReach.Nobody, _ => []);

    /// <summary>
    /// The same, where a step beyond the duty members whose people were all <paramref name="paged"/> already (by member id or address)
    /// falls through too, noted with who they are (<see cref="SkippedStep.AlreadyPaged"/>): a whole ack timeout must not pass with
    /// nobody new told. A step with anyone new goes to all its people.
    /// </summary>
    public static (int? Step, IReadOnlyList<SkippedStep> Skipped) Plan(int notified, int due, Func<int, IReadOnlyList<PageRecipient>> recipients, PagedSoFar paged) =>
        Plan(notified, due, s => Reach(s, recipients(s), paged), s => recipients(s));

    private static (int? Step, IReadOnlyList<SkippedStep> Skipped) Plan(int notified, int due, Func<int, StepReach> reach, Func<int, IReadOnlyList<PageRecipient>> recipients)
    {
        var skipped = new List<SkippedStep>();
        for (var s = notified + 1; s < due; s++)
        {
            skipped.Add(new SkippedStep(s, SkippedStep.Overdue));
        }

        for (var s = Math.Max(due, notified + 1); s <= LastStep; s++)
        {
            switch (reach(s))
            {
                case StepReach.SomeoneNew:
                    return (s, skipped);
                case StepReach.NobodyNew:
                    skipped.Add(SkippedStep.AlreadyPaged(s, recipients(s).Select(r => r.Email)));
                    break;
                default:
                    skipped.Add(new SkippedStep(s, SkippedStep.NobodyToPage));
                    break;
            }
        }

        return (null, skipped);
    }
}
