using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Entering leave (<c>POST /api/members/{id}/leave</c> and the duty page's leave form): stored as given, past days included (a sick
/// day reported afterwards is real history), then what it leaves as it is is said for the days from today (the team's date,
/// <c>Incidents__TimeZone</c>) on only: nobody can be replaced for a day already past. Leave in a current or announced shift of
/// the member's, or that takes her off a week not yet announced which nobody else is free to take, is also told to the others on
/// that shift and to the leads (<see cref="LeaveDutyNotifier"/>, as leave read from Outlook is).
/// </summary>
public sealed class LeaveEntry(
    RosterService roster,
    RotationService rotations,
    IRosterRepository leaveStore,
    IOptions<IncidentOptions> incidentOptions,
    LeaveDutyNotifier notifier)
{
    public async Task<LeaveEntered> AddAsync(string memberId, DateOnly from, DateOnly to, string? note, string? by, CancellationToken cancellationToken)
    {
        var before = await notifier.BeforeAsync(memberId, from, to, cancellationToken);
        var leave = await roster.AddLeaveAsync(memberId, from, to, note, by, cancellationToken);
        if (before.Days.Coming is not { } coming)
        {
            return new LeaveEntered(leave, before.Days, [], [], []);
        }

        // Said to whoever entered it: each announced week (replace her for it), each week not yet announced it leaves with one
        // person (or nobody) on duty, naming it (trial 34 H3); the others on them and the leads are told by mail.
        var shifts = await notifier.TellAsync(leave, before, cancellationToken);
        var announced = shifts.Announced.Select(x => RotationService.AnnouncedDutyWarning(memberId, x.Rotation, x.Shift)).ToList();
        var shortHanded = shifts.ShortHanded.Select(x => RotationService.ShortHandedWarningOf(x.Rotation, x.Shift)).ToList();
        var kept = shifts.Kept.Select(x => RotationService.KeptOnWarning(memberId, x.Rotation, x.Shift)).ToList();

        // A lead's leave that leaves days with every lead away: said with who an unanswered page goes to then.
        var leadsAway = LeadsOnLeave.WarningsFor(
            memberId, coming.From, coming.To, incidentOptions.Value, (await rotations.RosterAsync(cancellationToken)).Values, await leaveStore.ListLeaveAsync(cancellationToken));
        return new LeaveEntered(leave, before.Days, announced, shortHanded, leadsAway)
        {
            ShortHandedTold = [.. shifts.ShortHandedTold.Select(x => (x.Rotation.Id, x.Shift.Week))],
            KeptOn = kept,
            KeptWeeks = [.. shifts.Kept.Select(x => (x.Rotation.Id, x.Shift.Week))],
        };
    }
}

/// <summary>Leave just stored, its days split at today, and what it leaves as it is from today on (said, never refused).</summary>
public sealed record LeaveEntered(
    Leave Leave, LeaveDays Days, IReadOnlyList<string> AnnouncedDuty, IReadOnlyList<string> ShortHanded, IReadOnlyList<string> LeadsAway)
{
    /// <summary>
    /// The weeks not yet announced (rotation, week label) of <see cref="ShortHanded"/> the leave took the member off: the others on
    /// them and the leads are mailed. A week short without her is not among them.
    /// </summary>
    public IReadOnlyList<(string RotationId, string Week)> ShortHandedTold { get; init; } = [];

    /// <summary>
    /// Each week not yet announced the leave meets but keeps the member on (its handoff morning after the week's dates, session 62),
    /// as a warning: its announcement asks for a cover of those hours.
    /// </summary>
    public IReadOnlyList<string> KeptOn { get; init; } = [];

    /// <summary>The weeks of <see cref="KeptOn"/> (rotation, week label).</summary>
    public IReadOnlyList<(string RotationId, string Week)> KeptWeeks { get; init; } = [];

    /// <summary>Every warning, as the API answers them (<c>warnings</c>).</summary>
    public IReadOnlyList<string> Warnings => [.. AnnouncedDuty, .. KeptOn, .. ShortHanded, .. LeadsAway];
}
