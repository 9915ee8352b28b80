using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Calendar;

/// <summary>
/// Reads members' Outlook free/busy for the coming shifts that are not frozen yet and keeps <see cref="Leave"/> rows with
/// <see cref="Leave.OutlookSource"/> in step: a member out of office for at least the threshold share of a shift's working
/// hours gets leave over the shift's dates (id <c>outlook-{week}</c>, so repeated runs change nothing), and loses it
/// again when the out-of-office is gone. The schedule then treats it like any leave ("on leave … (Outlook)").
/// Manual leave always wins: a shift already covered by other leave is left alone. Excluded members are never read.
/// Runs daily (<c>SyncOutlookLeave</c>) and for the shift about to be frozen, just before the announcement.
/// Leave it adds or removes moves weeks as leave entered in OnDuty does: with a <see cref="ScheduleChangeNotifier"/>, the members
/// it moves get the same mail, keyed by the leave's entry (<see cref="ScheduleChangeCause.ForLeave"/>), so a run that finds
/// nothing to change mails nobody, and two runs adding the same leave mail once (only one of them stores it).
/// Rotation state, roster and leave come through <see cref="ScheduleLoader"/> with the working calendar, so "the shift
/// running now" is the one mail, feeds and the page show: a handoff moved by a holiday moves here too.
/// Like any other edit, leave it adds or removes never changes who is on duty now: with a <see cref="StartedShiftFreezer"/>, the
/// running shift of each rotation is frozen with its pair first (a shift counts as frozen from its start, even in the minutes
/// before the first announcement run).
/// Leave it adds is told as leave typed in is (<see cref="LeaveDutyNotifier"/>): in a current or announced shift (the running one
/// it froze first, another rotation's) to the others on it and the leads, who must put someone in her place; a week not yet
/// announced it leaves short, to the one left and the leads. Keyed by the leave's dates, so the next run, a leave typed in too,
/// or the out-of-office taken out and put back, tells nobody twice.
/// </summary>
public sealed class OutlookLeaveSync(
    IRotationRepository rotations,
    IRosterRepository roster,
    IAvailabilitySource availability,
    IOptions<OutlookLeaveOptions> options,
    TimeProvider time,
    ILogger<OutlookLeaveSync> logger,
    IWorkingCalendar? workingCalendar = null,
    ScheduleChangeNotifier? scheduleChanges = null,
    StartedShiftFreezer? freezer = null,
    LeaveDutyNotifier? leaveTold = null)
{
    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    public bool Enabled => availability.Enabled && options.Value.WeeksAhead > 0;

    /// <summary>Every rotation's unfrozen shifts from now to <see cref="OutlookLeaveOptions.WeeksAhead"/> ahead.</summary>
    public async Task<LeaveSyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var total = new LeaveSyncResult(0, 0, 0, []);
        if (!Enabled)
        {
            return total;
        }

        foreach (var rotation in await rotations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var input = await _schedules.LoadAsync(rotation.Value, null, cancellationToken).ConfigureAwait(false);
            var calendar = _schedules.Calendar(rotation.Value);
            // From the shift running now as every reader has it: one held over past a start moved later included, not the new start.
            var first = input.ClampToFirst(calendar.ShiftIndexAt(time.GetUtcNow()));
            var frozen = input.State.Frozen.Select(f => f.ShiftStart).ToHashSet();
            for (var index = first; index < first + options.Value.WeeksAhead; index++)
            {
                // Frozen shifts are left alone; before the first start, shifts not held over are nobody's: no leave to read.
                if (!frozen.Contains(calendar.ShiftStartDate(index)) && index >= 0)
                {
                    total = Add(total, await SyncShiftAsync(rotation.Value, index, cancellationToken).ConfigureAwait(false));
                }
            }
        }

        return total;
    }

    /// <summary>One shift of one rotation; never throws for an unreachable calendar service (the result lists the error).</summary>
    public async Task<LeaveSyncResult> SyncShiftAsync(Rotation rotation, int index, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return new LeaveSyncResult(0, 0, 0, []);
        }

        var settings = options.Value;
        var calendar = _schedules.Calendar(rotation);
        var (from, to, week) = (calendar.ShiftStartDate(index), calendar.ShiftEndDate(index), calendar.WeekLabel(index));
        var leaveId = Leave.OutlookId(week);
        var team = await _schedules.LoadRosterAsync(cancellationToken).ConfigureAwait(false);
        var members = team.Members.Values
            .Where(m => m.Active && rotation.Members.Contains(m.Id) && !settings.ExcludedMembers.Contains(m.Id, StringComparer.OrdinalIgnoreCase))
            .ToList();
        if (members.Count == 0)
        {
            return new LeaveSyncResult(0, 0, 0, []);
        }

        // Ask for the whole span in UTC with a day's margin either side: members' time zones differ.
        var start = new DateTimeOffset(from.AddDays(-1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        IReadOnlyDictionary<string, IReadOnlyList<TimeRange>> outOfOffice;
        try
        {
            outOfOffice = await availability.GetOutOfOfficeAsync(members.Select(m => m.Email).ToList(), start, end, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DependencyUnavailableException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Could not read Outlook free/busy for {Week} of {Rotation}", week, rotation.Id);
            return new LeaveSyncResult(0, 0, 0, [$"{rotation.Id} {week}: {ex.Message}"]);
        }

        var all = team.Leave;
        var (added, removed) = (0, 0);
        foreach (var member in members)
        {
            var ranges = outOfOffice.TryGetValue(member.Email, out var found) ? found : [];
            var zone = TimeZones.TryFind(member.TimeZone, out var z) ? z : TimeZones.Find(rotation.TimeZone);
            var share = OutOfOfficeRule.OutOfOfficeShare(from, to, zone, settings.WorkdayStart, settings.WorkdayEnd, ranges, workingCalendar);
            var wanted = OutOfOfficeRule.CountsAsLeave(share, settings.OutOfOfficeThreshold);
            var memberLeave = all.Where(l => l.MemberId == member.Id).ToList();
            var existing = memberLeave.FirstOrDefault(l => l.Id == leaveId);
            if (wanted && existing is null && !memberLeave.Any(l => l.Overlaps(from, to)))
            {
                try
                {
                    var leave = new Leave
                    {
                        Id = leaveId,
                        MemberId = member.Id,
                        From = from,
                        To = to,
                        Note = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Outlook: out of office {share:P0} of the working hours"),
                        Source = Leave.OutlookSource,
                        EnteredAt = time.GetUtcNow(),
                    };
                    await FreezeStartedAsync(cancellationToken).ConfigureAwait(false);
                    var before = scheduleChanges is null ? null : await scheduleChanges.TakeAsync(cancellationToken).ConfigureAwait(false);
                    var onDuty = leaveTold is null ? null : await leaveTold.BeforeAsync(member.Id, from, to, cancellationToken).ConfigureAwait(false);
                    await roster.AddLeaveAsync(leave, cancellationToken).ConfigureAwait(false);
                    added++;
                    logger.LogInformation("Outlook leave for {Member} in {Week} ({Share:P0} out of office)", member.Id, week, share);
                    if (before is not null)
                    {
                        await scheduleChanges!.TellAsync(before, ScheduleChangeCause.ForLeave(leave, cancelled: false, by: null), cancellationToken).ConfigureAwait(false);
                    }

                    if (onDuty is not null)
                    {
                        await TellOnDutyAsync(leave, onDuty, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (ConcurrencyException)
                {
                    // Another run added it first.
                }
            }
            else if (!wanted && existing is { Source: Leave.OutlookSource } && existing.From == from)
            {
                await FreezeStartedAsync(cancellationToken).ConfigureAwait(false);
                var before = scheduleChanges is null ? null : await scheduleChanges.TakeAsync(cancellationToken).ConfigureAwait(false);
                if (await roster.DeleteLeaveAsync(member.Id, leaveId, cancellationToken).ConfigureAwait(false))
                {
                    removed++;
                    logger.LogInformation("Outlook leave of {Member} in {Week} removed ({Share:P0} out of office now)", member.Id, week, share);
                    if (before is not null)
                    {
                        await scheduleChanges!.TellAsync(before, ScheduleChangeCause.ForLeave(existing, cancelled: true, by: null), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }

        return new LeaveSyncResult(added, removed, members.Count, []);
    }

    /// <summary>The leave is stored: a failure to read whom to tell is logged, and the run goes on with the other members.</summary>
    private async Task TellOnDutyAsync(Leave leave, LeaveDutyBefore before, CancellationToken cancellationToken)
    {
        try
        {
            await leaveTold!.TellAsync(leave, before, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Telling the others on duty of Outlook leave {LeaveId} of {Member} failed", leave.Id, leave.MemberId);
        }
    }

    /// <summary>Before leave is written: each rotation's running shift keeps the pair it has had since its handoff.</summary>
    private async Task FreezeStartedAsync(CancellationToken cancellationToken)
    {
        if (freezer is not null && await freezer.FreezeStartedAsync(cancellationToken).ConfigureAwait(false) is { Count: > 0 } frozen)
        {
            logger.LogInformation("Froze the running shift before Outlook leave was written: {Shifts}", string.Join(", ", frozen));
        }
    }

    private static LeaveSyncResult Add(LeaveSyncResult a, LeaveSyncResult b) =>
        new(a.Added + b.Added, a.Removed + b.Removed, a.Checked + b.Checked, [.. a.Errors, .. b.Errors]);
}
