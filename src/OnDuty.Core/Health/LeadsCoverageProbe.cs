using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Common;

namespace OnDuty.Core.Health;

/// <summary>
/// Degraded while every lead (<c>Incidents__Leads</c>) is on duty this week: the leads' escalation step then reaches nobody the
/// first page did not, so it is passed over and an unanswered page goes straight to the organisation's list (or nowhere more).
/// It works, but nobody outside the pair backs them up this week: someone may want to name another lead for the week.
/// </summary>
public sealed class LeadsCoverageProbe(RotationService rotations, Pager pager, IOptions<IncidentOptions> options, IOptions<TeamOptions> team) : IHealthProbe
{
    public string Name => "leads";

    public bool Critical => false;

    public async Task<string?> CheckAsync(CancellationToken cancellationToken)
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
        if (duty.Count == 0 || !EscalationPolicy.LeadsStepSkippedFor(duty, options.Value, team.Value.TeamLanguage, a => roster.Values.FirstOrDefault(m => m.Active && m.IsMailedAt(a))?.Id))
        {
            return null;
        }

        var week = onCall.Current is { } shift ? $"{shift.Week} ({shift.StartDate:yyyy-MM-dd} to {shift.EndDate:yyyy-MM-dd})" : "this week";
        var next = string.IsNullOrWhiteSpace(options.Value.OrganisationList)
            ? "an unanswered page goes to nobody more"
            : $"an unanswered page goes straight to the organisation's list ({options.Value.OrganisationList})";
        return $"every lead (Incidents__Leads) is on duty in {week}: the leads' escalation step is skipped and {next}";
    }
}
