using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Tells the others on duty and the leads of new leave, wherever it came from — typed on the duty page or the API
/// (<see cref="LeaveEntry"/>) or read from Outlook (<see cref="OutlookLeaveSync"/>): a sick day booked in Outlook told nobody, and
/// pages kept going to a sick PM (session 52). Leave in a current or announced shift of the member's is told to the others on it
/// and the leads, who can put someone in her place; so is leave that takes her off a week not yet announced which nobody else is
/// free to take (the week stays short-handed). One mail per shift and reader, never to her, not when she is covered for those
/// days; keyed by the leave's dates (<see cref="Leave.IdOf"/>), not its id, so a leave typed in and seen in Outlook too, or taken
/// out of Outlook and put back, is told once.
/// </summary>
/// <remarks>
/// Reads the schedule through a <see cref="RotationService"/> of its own (no announcer, no cache): the rotation service's
/// announcer reads Outlook leave before an announcement, so taking the shared one would make a cycle.
/// </remarks>
public sealed class LeaveDutyNotifier(
    IRotationRepository rotationStore,
    IRosterRepository rosterStore,
    TimeProvider time,
    OutboxDispatcher outbox,
    AnnouncementComposer composer,
    IOptions<IncidentOptions> incidentOptions,
    IOptions<TeamOptions> team,
    ILogger<LeaveDutyNotifier> logger,
    IWorkingCalendar? workingCalendar = null)
{
    private readonly RotationService _rotations = new(rotationStore, rosterStore, time, workingCalendar);

    /// <summary>
    /// Asked before leave from <paramref name="from"/> to <paramref name="to"/> (the member's own dates) is stored: the team's dates
    /// it touches (<c>Incidents__TimeZone</c>; <see cref="Leave.DatesIn(Member?, TimeZoneInfo)"/>) split at today there, and the weeks
    /// not yet announced the member is on in its coming days (a week it leaves short is told only when it took her off it).
    /// </summary>
    public async Task<LeaveDutyBefore> BeforeAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        if (from <= to)
        {
            var member = (await _rotations.RosterAsync(cancellationToken)).GetValueOrDefault(memberId);
            var teamDates = new Leave { Id = Leave.IdOf(from, to), MemberId = memberId, From = from, To = to }.DatesIn(member, zone);
            (from, to) = (teamDates.From, teamDates.To);
        }

        var days = LeaveDays.At(from, to, time.GetUtcNow(), zone);
        var shifts = days.Coming is { } ahead && from <= to
            ? await _rotations.ComingShiftsOfDuringAsync(memberId, ahead.From, ahead.To, cancellationToken)
            : [];
        return new LeaveDutyBefore(days, shifts);
    }

    /// <summary>
    /// After <paramref name="leave"/> is stored: the current or announced shifts of the member's it falls in and the weeks not yet
    /// announced it leaves short, from today on, with the ones told. A failure to tell is logged, never thrown: the leave is stored.
    /// </summary>
    public async Task<LeaveDutyShifts> TellAsync(Leave leave, LeaveDutyBefore before, CancellationToken cancellationToken)
    {
        if (before.Days.Coming is not { } coming)
        {
            return new LeaveDutyShifts([], [], []);
        }

        // Leave does not change an announced week: the others on it and the leads are told to replace her for it (a PM off sick
        // enters leave from her phone; her partner and the lead heard nothing, session 51).
        var announced = await _rotations.AnnouncedShiftsDuringAsync(leave.MemberId, coming.From, coming.To, cancellationToken);

        // The weeks not yet announced it reaches, read once for both questions below.
        var notAnnounced = await _rotations.ComingShiftsDuringAsync(leave.MemberId, coming.From, coming.To, cancellationToken);

        // A week not yet announced it leaves with one person (or nobody) on duty: she is off it already, but nobody is free to take
        // her place (session 52: only whoever entered it read that). Told only when it took her off it.
        var shortHanded = notAnnounced.Where(x => RotationService.IsShortHanded(x.Shift)).ToList();
        var tookOff = shortHanded.Where(x => !x.Shift.MemberIds.Contains(leave.MemberId) && before.Shifts.Any(b => b.Rotation.Id == x.Rotation.Id && b.Shift.StartDate == x.Shift.StartDate)).ToList();
        await TellOthersAsync(leave, coming, announced, tookOff, cancellationToken);

        // A week not yet announced it keeps her on: leave for its handoff morning alone, the day after its dates (session 62). Its
        // announcement asks for a cover of those hours (DutyWeekAnnouncer); whoever entered it is told now.
        var kept = notAnnounced.Where(x => x.Shift.MemberIds.Contains(leave.MemberId)).ToList();
        return new LeaveDutyShifts(announced, shortHanded, tookOff) { Kept = kept };
    }

    /// <summary>
    /// Leave of a member of <paramref name="shift"/> that meets its hours though she stays on it, each as entered with the hours it
    /// meets: eligibility takes a member off a week for leave on its dates only (<see cref="Eligibility"/>), so leave for the
    /// handoff morning after them — 00:00 to the handoff of the day after its last date — leaves her on the week (it must: not the
    /// whole week for ten hours). Hours a cover of hers takes already are left out. Session 62: entered before the week was
    /// announced, nobody was ever told of that morning.
    /// </summary>
    public static IReadOnlyList<(Leave Leave, DateTimeOffset From, DateTimeOffset To)> KeptOn(ScheduleInput input, ScheduledShift shift)
    {
        var zone = TimeZones.Find(input.Rotation.TimeZone);
        var last = shift.LastDay(zone);
        var found = new List<(Leave, DateTimeOffset, DateTimeOffset)>();
        foreach (var dated in input.Leave.Where(l => shift.MemberIds.Contains(l.MemberId) && l.From <= last && l.To >= shift.StartDate).OrderBy(l => l.From))
        {
            var (leaveFrom, leaveTo) = input.SpanOf(dated);
            var (from, to) = (Max(leaveFrom, shift.StartsAt), Min(leaveTo, shift.EndsAt));
            if (from < to && !shift.Covers.Any(c => c.Applies && c.MemberId == dated.MemberId && c.From <= from && c.To >= to))
            {
                found.Add((input.OwnOf(dated), from, to));
            }
        }

        return found;
    }

    /// <summary>
    /// At the announcement of <paramref name="shift"/> (<see cref="DutyWeekAnnouncer"/>): leave entered before it that its member is
    /// kept on it through (<see cref="KeptOn"/>, e.g. the handoff morning) is told as leave entered in an announced shift is — one
    /// mail to the others on it and the leads asking for a cover of those hours, under the id that leave would have had (a rerun of
    /// the announcement, a second instance or the same leave entered again adds nothing). Unlike <see cref="TellAsync"/>, a
    /// failure to queue is thrown: the shift stays to be announced and the next run tells them.
    /// </summary>
    public async Task TellAnnouncedAsync(Rotation rotation, ScheduledShift shift, IReadOnlyList<Leave> kept, CancellationToken cancellationToken)
    {
        var zone = incidentOptions.Value.Zone;
        var members = await _rotations.RosterAsync(cancellationToken);
        var messages = new List<OutboxMessage>();
        foreach (var leave in kept)
        {
            var team = leave.DatesIn(members.GetValueOrDefault(leave.MemberId), zone);
            if (LeaveDays.At(team.From, team.To, time.GetUtcNow(), zone).Coming is { } coming)
            {
                messages.AddRange(ComposeOthers(leave, coming, [(rotation, shift)], [], members));
            }
        }

        if (messages.Count > 0)
        {
            var queued = await outbox.EnqueueAsync(messages, cancellationToken);
            logger.LogInformation("Leave entered before {Week} of {Rotation} was announced keeps its member on it for some hours: the others on it and the leads told ({Count} mails, {Queued} new)", shift.Week, rotation.Id, messages.Count, queued.Count);
        }
    }

    /// <summary>
    /// One mail per shift to the others on it and to the leads (not the member on leave), each in their language: per announced
    /// shift she is on (<paramref name="shifts"/>) and per shift not yet announced she is off but nobody took her place in
    /// (<paramref name="shortShifts"/>).
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
            var messages = ComposeOthers(leave, coming, shifts, shortShifts, await _rotations.RosterAsync(cancellationToken));
            if (messages.Count > 0)
            {
                var queued = await outbox.EnqueueAsync(messages, cancellationToken);
                logger.LogInformation("Leave {LeaveId} ({Source}) of {MemberId} falls in an announced shift or leaves one short: the others on it and the leads told ({Count} mails, {Queued} new)", leave.Id, leave.Source, leave.MemberId, messages.Count, queued.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Telling the others on duty of leave {LeaveId} of {MemberId} failed", leave.Id, leave.MemberId);
        }
    }

    /// <summary>The mails <see cref="TellOthersAsync"/> queues, composed from <paramref name="members"/> (the roster).</summary>
    private List<OutboxMessage> ComposeOthers(
        Leave leave,
        (DateOnly From, DateOnly To) coming,
        IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> shifts,
        IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)> shortShifts,
        IReadOnlyDictionary<string, Member> members)
    {
        var onLeave = members.TryGetValue(leave.MemberId, out var m) ? m : Member.Missing(leave.MemberId, incidentOptions.Value.TimeZone);
        var teamLanguage = team.Value.TeamLanguage;
        var leads = incidentOptions.Value.LeadRecipients(members.Values, teamLanguage);
        var messages = new List<OutboxMessage>();
        foreach (var (rotation, shift, announced) in shifts.Select(x => (x.Rotation, x.Shift, true)).Concat(shortShifts.Select(x => (x.Rotation, x.Shift, false))))
        {
            var zone = TimeZones.Find(rotation.TimeZone);
            var from = coming.From > shift.StartDate ? coming.From : shift.StartDate;
            // To the handoff's morning, the day after the shift's dates (session 61: leave for that Monday alone).
            var lastDay = shift.LastDay(zone);
            var to = coming.To < lastDay ? coming.To : lastDay;

            // Her leave's instants (its days in her zone, trial 59) in those days of the shift. Already covered for all of them
            // (someone was put in their place first): nothing to ask of anyone.
            var (leaveFrom, leaveTo) = leave.Span(onLeave, zone);
            // To its last day: to the handoff, the morning of the day after its last date included (session 61: her Sunday runs
            // to 16:00 on Tokyo's Monday, the shift to 10:00).
            var away = (From: Max(leaveFrom, Max(TimeZones.StartOfDay(from, zone), shift.StartsAt)), To: Min(leaveTo, to >= shift.EndDate ? shift.EndsAt : Min(TimeZones.StartOfDay(to.AddDays(1), zone), shift.EndsAt)));
            var ownZone = TimeZones.TryFind(onLeave.TimeZone, out var own) && !Leave.SameZone(own, zone) ? own : null;
            if (ownZone is not null && away.From >= away.To
                || shift.Covers.Any(c => c.Applies && c.MemberId == leave.MemberId && c.From <= away.From && c.To >= away.To))
            {
                continue;
            }

            // Said in her dates: the days of her leave in this shift (the text gives the team's hours beside them).
            if (ownZone is not null)
            {
                (from, to) = (TimeZones.DateAt(away.From, ownZone), TimeZones.DateAt(away.To.AddTicks(-1), ownZone));
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
                // Hours for a member of the rotation's zone only when her leave in the shift is the handoff's morning alone:
                // her whole day is not what a replacement is booked for (00:00〜10:00).
                Hours = ownZone is not null || from > shift.EndDate ? away : null,
                Paged = rotation.Id == incidentOptions.Value.RotationId,
                // Said only when someone else entered it (a colleague for someone sick).
                By = onLeave.IsRecordedAs(leave.By) ? null : leave.By,
                FromOutlook = leave.Source == Leave.OutlookSource,
                ShortHanded = announced ? null : ShortHandedWeek.For(
                    rotation, shift, [.. shift.MemberIds.Select(id => members.TryGetValue(id, out var x) ? x : Member.Missing(id, rotation.TimeZone))], members, incidentOptions.Value, teamLanguage),
            };
            messages.AddRange(composer.ComposeLeaveDuringDuty(notice, Leave.IdOf(leave.From, leave.To), readers));
        }

        return messages;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
