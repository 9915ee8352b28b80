using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Common;

namespace OnDuty.Core.Health;

/// <summary>
/// While every lead (<c>Incidents__Leads</c>) is on duty this week, the leads' escalation step reaches nobody the first page did
/// not, so it is passed over. When the next step (the organisation's list) still reaches someone new, an unanswered page is
/// backed up all the same: that is only worth knowing (an informative note, health stays healthy; trial day 29: Azure's
/// degraded alert mailed the leads once for every such week). Degraded only when the leads' step is the last to reach anyone
/// new: nobody outside the pair backs them up this week, and someone may want to name another lead for the week.
/// </summary>
public sealed class LeadsCoverageProbe(RotationService rotations, Pager pager, IOptions<IncidentOptions> options, IOptions<TeamOptions> team) : IHealthProbe
{
    public string Name => "leads";

    public bool Critical => false;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken) =>
        await ExamineAsync(cancellationToken) is { Informative: false } problem ? problem.Message : null;

    public async Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken)
    {
        OnCall onCall;
        try
        {
            onCall = await rotations.GetOnCallAsync(options.Value.RotationId, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null; // no rotation: the "duty" check says so
        }

        var duty = await pager.CurrentDutyAsync(cancellationToken);
        var roster = onCall.Roster;
        string? MemberIdAt(string address) => roster.Values.FirstOrDefault(m => m.Active && m.IsMailedAt(address))?.Id;
        if (duty.Count == 0 || !EscalationPolicy.LeadsStepSkippedFor(duty, options.Value, team.Value.TeamLanguage, MemberIdAt))
        {
            return null;
        }

        // The step after the leads' (the organisation's list) still tells someone the duty pair is not: backed up, only a note.
        var after = EscalationPolicy.LeadsStep + 1;
        var backedUp = EscalationPolicy.Reach(
            after, EscalationPolicy.Recipients(duty, after, options.Value, team.Value.TeamLanguage), PagedSoFar.OnDuty(duty, MemberIdAt)) == StepReach.SomeoneNew;

        var week = onCall.Current is { } shift ? $"{shift.Week} ({shift.StartDate:yyyy-MM-dd} to {shift.EndDate:yyyy-MM-dd})" : "this week";
        var next = string.IsNullOrWhiteSpace(options.Value.OrganisationList)
            ? "an unanswered page goes to nobody more"
            : $"an unanswered page goes straight to the organisation's list ({options.Value.OrganisationList})";
        return new HealthFinding($"every lead (Incidents__Leads) is on duty in {week}: the leads' escalation step is skipped and {next}", Informative: backedUp);
    }
}
