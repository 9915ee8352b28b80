using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// The one way to assemble what a schedule is computed from: the rotation, its stored state (overrides, frozen shifts), the
/// roster, leave and the working calendar. Mail, feeds, the page, reminders and Outlook events all load through here, so a
/// moved handoff is the same instant everywhere.
/// </summary>
public sealed class ScheduleLoader(IRotationRepository rotations, IRosterRepository roster, IWorkingCalendar? workingCalendar)
{
    /// <summary>The rotation's calendar with the same working days as every schedule loaded here.</summary>
    public DutyCalendar Calendar(Rotation rotation) => new(rotation, workingCalendar);

    /// <exception cref="NotFoundException">No rotation <paramref name="rotationId"/>.</exception>
    public async Task<ScheduleInput> LoadAsync(string rotationId, CancellationToken cancellationToken)
    {
        if (!Slug.IsValid(rotationId))
        {
            // Rotation ids are slugs: anything else (a URL's id) names none, and may not even fit a table key.
            throw new NotFoundException("Rotation", rotationId);
        }

        var rotationTask = rotations.GetAsync(rotationId, cancellationToken);
        var stateTask = rotations.GetStateAsync(rotationId, cancellationToken);
        var teamTask = LoadRosterAsync(cancellationToken);
        await Task.WhenAll(rotationTask, stateTask, teamTask).ConfigureAwait(false);
        var rotation = (await rotationTask.ConfigureAwait(false))?.Value ?? throw new NotFoundException("Rotation", rotationId);
        return Input(rotation, await teamTask.ConfigureAwait(false), await stateTask.ConfigureAwait(false));
    }

    /// <summary>For a rotation already read; <paramref name="team"/> when several rotations share one read of the roster.</summary>
    public async Task<ScheduleInput> LoadAsync(Rotation rotation, TeamRoster? team, CancellationToken cancellationToken)
    {
        var stateTask = rotations.GetStateAsync(rotation.Id, cancellationToken);
        var teamTask = team is null ? LoadRosterAsync(cancellationToken) : Task.FromResult(team);
        await Task.WhenAll(stateTask, teamTask).ConfigureAwait(false);
        return Input(rotation, await teamTask.ConfigureAwait(false), await stateTask.ConfigureAwait(false));
    }

    public async Task<TeamRoster> LoadRosterAsync(CancellationToken cancellationToken)
    {
        var membersTask = roster.LoadRosterAsync(cancellationToken);
        var leaveTask = roster.ListLeaveAsync(cancellationToken);
        await Task.WhenAll(membersTask, leaveTask).ConfigureAwait(false);
        return new TeamRoster(await membersTask.ConfigureAwait(false), await leaveTask.ConfigureAwait(false));
    }

    private ScheduleInput Input(Rotation rotation, TeamRoster team, RotationState state) =>
        new(rotation, team.Members, team.LeaveIn(TimeZones.Find(rotation.TimeZone)), state) { WorkingCalendar = workingCalendar, OwnLeave = team.Leave };
}
