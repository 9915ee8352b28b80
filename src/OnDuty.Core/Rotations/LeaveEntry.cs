using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Entering leave (<c>POST /api/members/{id}/leave</c> and the duty page's leave form): stored as given, past days included (a sick
/// day reported afterwards is real history), then what it leaves as it is is said for the days from today (the team's date,
/// <c>Incidents__TimeZone</c>) on only: nobody can be replaced for a day already past. Leave in a current or announced shift of
/// the member's is also told to the others on that shift and to the leads, who can put someone in their place; so is leave that
/// takes her off a week not yet announced which nobody else is free to take (the week stays short-handed).
/// </summary>
public sealed class LeaveEntry(
    RosterService roster,
    RotationService rotations,
    IRosterRepository leaveStore,
    IOptions<IncidentOptions> incidentOptions,
    TimeProvider time,
    OutboxDispatcher outbox,
    AnnouncementComposer composer,
    IOptions<TeamOptions> team,
    ILogger<LeaveEntry> logger)
{
    public async Task<LeaveEntered> AddAsync(string memberId, DateOnly from, DateOnly to, string? note, string? by, CancellationToken cancellationToken)
    {
        var days = LeaveDays.At(from, to, time.GetUtcNow(), incidentOptions.Value.Zone);

        // The weeks not yet announced she is on before the leave: a week it leaves short is told only when it took her off it.
        var before = days.Coming is { } ahead && from <= to
            ? await rotations.ComingShiftsOfDuringAsync(memberId, ahead.From, ahead.To, cancellationToken)
            : [];
        var leave = await roster.AddLeaveAsync(memberId, from, to, note, by, cancellationToken);
        if (days.Coming is not { } coming)
        {
            return new LeaveEntered(leave, days, [], [], []);
        }

        // Leave does not change an announced week: whoever entered it is told to replace them for it, and so are the others on
        // it and the leads (a PM off sick enters leave from her phone; her partner and the lead heard nothing, session 51).
        var shifts = await rotations.AnnouncedShiftsDuringAsync(memberId, coming.From, coming.To, cancellationToken);
        var announced = shifts.Select(x => RotationService.AnnouncedDutyWarning(memberId, x.Rotation, x.Shift)).ToList();

        // A week not yet announced it leaves with one person (or nobody) on duty is said, naming it (trial 34 H3), and told too:
        // she is off it already, but nobody is free to take her place (session 52: only whoever entered it read that).
        var shortShifts = await rotations.ShortHandedShiftsDuringAsync(memberId, coming.From, coming.To, cancellationToken);
        var shortHanded = shortShifts.Select(x => RotationService.ShortHandedWarningOf(x.Rotation, x.Shift)).ToList();
        var wasOn = shortShifts.Where(x => before.Any(b => b.Rotation.Id == x.Rotation.Id && b.Shift.StartDate == x.Shift.StartDate)).ToList();
        await TellOthersAsync(leave, coming, shifts, wasOn, cancellationToken);

        // A lead's leave that leaves days with every lead away: said with who an unanswered page goes to then.
        var leadsAway = LeadsOnLeave.WarningsFor(
            memberId, coming.From, coming.To, incidentOptions.Value, (await rotations.RosterAsync(cancellationToken)).Values, await leaveStore.ListLeaveAsync(cancellationToken));
        return new LeaveEntered(leave, days, announced, shortHanded, leadsAway) { ShortHandedTold = [.. wasOn.Select(x => (x.Rotation.Id, x.Shift.Week))] };
    }

    /// <summary>
    /// One mail per shift to the others on it and to the leads (not the member on leave), each in their language: per announced
    /// shift she is on (<paramref name="shifts"/>) and per shift not yet announced she is off but nobody took her place in
    /// (<paramref name="shortShifts"/>). The leave is stored either way: a failure to tell is logged, never turned into an error
    /// the person would retry.
    /// </summary>
    private async Task TellOthersAsync(
        Leave leave,
        (DateOnly From, DateOnly To) coming,
        IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> shifts,
        IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> shortShifts,
        CancellationToken cancellationToken)
    {
        if (shifts.Count == 0 && shortShifts.Count == 0)
        {
            return;
        }

        try
        {
            var members = await rotations.RosterAsync(cancellationToken);
            var onLeave = members.TryGetValue(leave.MemberId, out var m) ? m : Member.Missing(leave.MemberId);
            var teamLanguage = team.Value.TeamLanguage;
            var leads = incidentOptions.Value.LeadRecipients(members.Values, teamLanguage);
            var messages = new List<OutboxMessage>();
            foreach (var (rotation, shift, announced) in shifts.Select(x => (x.Rotation, x.Shift, true)).Concat(shortShifts.Select(x => (x.Rotation, x.Shift, false))))
            {
                var zone = TimeZones.Find(rotation.TimeZone);
                var from = coming.From > shift.StartDate ? coming.From : shift.StartDate;
                var to = coming.To < shift.EndDate ? coming.To : shift.EndDate;

                // Already covered for all of those days (someone was put in their place first): nothing to ask of anyone.
                var away = (From: Max(TimeZones.StartOfDay(from, zone), shift.StartsAt), To: Min(TimeZones.StartOfDay(to.AddDays(1), zone), shift.EndsAt));
                if (shift.Covers.Any(c => c.Applies && c.MemberId == leave.MemberId && c.From <= away.From && c.To >= away.To))
                {
                    continue;
                }

                // Whoever is on the shift with them (a cover's replacement included), then the leads; never the member on leave.
                var others = shift.MemberIds.Concat(shift.Covers.Where(c => c.Applies).Select(c => c.ReplacementId))
                    .Where(id => id != leave.MemberId).Distinct(StringComparer.Ordinal)
                    .Select(id => members.TryGetValue(id, out var x) ? x : null).OfType<Member>()
                    .Select(x => new AudienceRecipient(x.Email, x.DisplayName, x.Language));
                var readers = others.Concat(leads).Where(r => !onLeave.IsMailedAt(r.Address)).ToList();
                var notice = new LeaveDuringDutyNotice(teamLanguage, rotation, shift.Week, onLeave, from, to)
                {
                    HandoffDate = shift.HandoffMoved?.Date,
                    Paged = rotation.Id == incidentOptions.Value.RotationId,
                    // Said only when someone else entered it (a colleague for someone sick).
                    By = onLeave.IsRecordedAs(leave.By) ? null : leave.By,
                    ShortHanded = announced ? null : ShortHandedWeek.For(
                        rotation, shift, [.. shift.MemberIds.Select(id => members.TryGetValue(id, out var x) ? x : Member.Missing(id))], members, incidentOptions.Value, teamLanguage),
                };
                messages.AddRange(composer.ComposeLeaveDuringDuty(notice, leave.Id, readers));
            }

            if (messages.Count > 0)
            {
                await outbox.EnqueueAsync(messages, cancellationToken);
                logger.LogInformation("Leave {LeaveId} of {MemberId} falls in an announced shift or leaves one short: the others on it and the leads told ({Count} mails)", leave.Id, leave.MemberId, messages.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Telling the others on duty of leave {LeaveId} of {MemberId} failed", leave.Id, leave.MemberId);
        }

        static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
        static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
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

    /// <summary>Every warning, as the API answers them (<c>warnings</c>).</summary>
    public IReadOnlyList<string> Warnings => [.. AnnouncedDuty, .. ShortHanded, .. LeadsAway];
}
