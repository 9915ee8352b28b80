using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Rotations;

namespace OnDuty.Core.Health;

/// <summary>
/// A shift of the paging rotation within the next <see cref="Weeks"/> (the running one included) with fewer members on duty than
/// its pair size — leave or covers leaving one person, e.g. over 年末年始 (trial 34 H3). Only worth knowing: an informative note
/// (<c>notes.shortHanded</c>), health stays as it is; escalation 1 then goes on to the leads at once.
/// </summary>
public sealed class ShortHandedProbe(RotationService rotations, IOptions<IncidentOptions> options) : IHealthProbe
{
    /// <summary>How many shifts ahead, the running one included, are looked at.</summary>
    public const int Weeks = 4;

    public string Name => "shortHanded";

    public bool Critical => false;

    public Task<string?> CheckAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public async Task<HealthFinding?> ExamineAsync(CancellationToken cancellationToken)
    {
        RotationSchedule schedule;
        try
        {
            schedule = await rotations.GetScheduleAsync(options.Value.RotationId, null, Weeks, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null; // no rotation: the "duty" check says so
        }

        var size = schedule.Rotation.PeoplePerShift;
        var weeks = schedule.Shifts.Where(s => s.MemberIds.Count < size)
            .Select(s => $"{s.Week} ({s.StartDate:yyyy-MM-dd} to {s.EndDate:yyyy-MM-dd}: {(s.MemberIds.Count == 0 ? "nobody" : string.Join(", ", s.MemberIds))})")
            .ToList();
        return weeks.Count == 0
            ? null
            : new HealthFinding($"fewer than {size} members on duty (peoplePerShift) in {string.Join("; ", weeks)}: escalation 1 goes on to the leads at once", Informative: true);
    }
}
