using Microsoft.Extensions.Options;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Entering leave (<c>POST /api/members/{id}/leave</c> and the duty page's leave form): stored as given, past days included (a sick
/// day reported afterwards is real history), then what it leaves as it is is said for the days from today (the team's date,
/// <c>Incidents__TimeZone</c>) on only: nobody can be replaced for a day already past.
/// </summary>
public sealed class LeaveEntry(RosterService roster, RotationService rotations, IRosterRepository leaveStore, IOptions<IncidentOptions> incidentOptions, TimeProvider time)
{
    public async Task<LeaveEntered> AddAsync(string memberId, DateOnly from, DateOnly to, string? note, string? by, CancellationToken cancellationToken)
    {
        var leave = await roster.AddLeaveAsync(memberId, from, to, note, by, cancellationToken);
        var days = LeaveDays.At(from, to, time.GetUtcNow(), incidentOptions.Value.Zone);
        if (days.Coming is not { } coming)
        {
            return new LeaveEntered(leave, days, [], [], []);
        }

        // Leave does not change an announced week: whoever entered it is told to replace them for it.
        var announced = await rotations.AnnouncedDutyDuringAsync(memberId, coming.From, coming.To, cancellationToken);

        // A week it leaves with one person (or nobody) on duty is said, naming it (trial 34 H3).
        var shortHanded = await rotations.ShortHandedDuringAsync(memberId, coming.From, coming.To, cancellationToken);

        // A lead's leave that leaves days with every lead away: said with who an unanswered page goes to then.
        var leadsAway = LeadsOnLeave.WarningsFor(
            memberId, coming.From, coming.To, incidentOptions.Value, (await rotations.RosterAsync(cancellationToken)).Values, await leaveStore.ListLeaveAsync(cancellationToken));
        return new LeaveEntered(leave, days, announced, shortHanded, leadsAway);
    }
}

/// <summary>Leave just stored, its days split at today, and what it leaves as it is from today on (said, never refused).</summary>
public sealed record LeaveEntered(
    Leave Leave, LeaveDays Days, IReadOnlyList<string> AnnouncedDuty, IReadOnlyList<string> ShortHanded, IReadOnlyList<string> LeadsAway)
{
    /// <summary>Every warning, as the API answers them (<c>warnings</c>).</summary>
    public IReadOnlyList<string> Warnings => [.. AnnouncedDuty, .. ShortHanded, .. LeadsAway];
}
