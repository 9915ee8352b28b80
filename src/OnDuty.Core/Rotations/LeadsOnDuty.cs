using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Every lead is on duty in a shift of the paging rotation: the leads' escalation step reaches nobody new and is passed over, so an
/// unanswered page goes to <paramref name="Next"/> (the organisation's list), or to nobody more when it is null.
/// </summary>
public sealed record LeadsOnDuty(string? Next)
{
    /// <summary>The team has one lead (<see cref="IncidentOptions.OneLead"/>): said as "the lead is on duty", not "every lead".</summary>
    public bool OneLead { get; init; }

    /// <summary>
    /// With <paramref name="onDuty"/> on duty: set when every lead (<c>Incidents__Leads</c>) is one of them, by address (any case) or
    /// as the roster member who has the lead's address; null otherwise (or nobody on duty: pages then go to the leads first).
    /// </summary>
    public static LeadsOnDuty? For(IEnumerable<Member> onDuty, IEnumerable<Member> roster, IncidentOptions options, Language teamLanguage)
    {
        var duty = onDuty.Where(m => !string.IsNullOrWhiteSpace(m.Email)).Select(AssignedMember.From).ToList();
        var active = roster.Where(m => m.Active).ToList();
        return duty.Count > 0 && EscalationPolicy.LeadsStepSkippedFor(duty, options, teamLanguage, a => active.FirstOrDefault(m => m.IsMailedAt(a))?.Id)
            ? new LeadsOnDuty(options.OrganisationListAddress) { OneLead = options.OneLead }
            : null;
    }
}
