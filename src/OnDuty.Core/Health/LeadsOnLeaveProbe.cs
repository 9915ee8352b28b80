using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Health;

/// <summary>
/// A shift of the paging rotation within the next <see cref="ShortHandedProbe.Weeks"/> (the running one included) with days on
/// which every lead (<c>Incidents__Leads</c>) is on leave: the leads' escalation step then passes them over and an unanswered
/// page goes straight to the organisation's list (trial 34 H3: 1/1 03:00 went to the only lead, on a family trip). Only worth
/// knowing before the week: an informative note (<c>notes.leadsOnLeave</c>), health stays as it is.
/// </summary>
public sealed class LeadsOnLeaveProbe(RotationService rotations, IRosterRepository roster, IOptions<IncidentOptions> options) : IHealthProbe
{
    public string Name => "leadsOnLeave";

    public bool Critical => false;

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Leads.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        RotationSchedule schedule;
        try
        {
            schedule = await rotations.GetScheduleAsync(options.Value.RotationId, null, ShortHandedProbe.Weeks, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null; // no rotation: the "duty" check says so
        }

        var members = (await rotations.RosterAsync(cancellationToken)).Values.ToList();
        var leave = await roster.ListLeaveAsync(cancellationToken);
        var weeks = schedule.Shifts
            .Select(s => (Shift: s, Days: LeadsOnLeave.AllAway(s.StartDate, s.EndDate, options.Value, members, leave)))
            .Where(w => w.Days is not null)
            .Select(w => $"{w.Shift.Week} ({w.Days!.Value.First:yyyy-MM-dd} to {w.Days.Value.Last:yyyy-MM-dd})")
            .ToList();
        return weeks.Count == 0
            ? null
            : new HealthFinding($"every lead (Incidents__Leads) is on leave in {string.Join("; ", weeks)}: the leads' escalation step is passed over and an unanswered page goes {LeadsOnLeave.NextText(options.Value)}", Informative: true);
    }
}
