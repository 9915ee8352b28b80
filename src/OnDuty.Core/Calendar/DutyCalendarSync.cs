using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;

namespace OnDuty.Core.Calendar;

/// <summary>
/// Keeps each member's Outlook calendar in step with the schedule: an event per member and shift for the current shift and
/// the next <c>Graph__Calendar__WeeksAhead</c> − 1, created once (Graph's transactionId makes a retried create return the
/// same event), updated when its details change (the partner swapped, times moved), cancelled when the week changes hands.
/// A cover for part of a shift that applies gets its own event in its replacement's calendar, for the cover's time (as the feed has it).
/// Runs hourly (<c>SyncDutyCalendars</c>). Past shifts are never touched. One failing change is logged and retried next run.
/// </summary>
public sealed class DutyCalendarSync(
    IRotationRepository rotations,
    IRosterRepository roster,
    ICalendarEventStore store,
    IMemberCalendar calendars,
    IWorkingCalendar workingCalendar,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<DutyCalendarOptions> options,
    ILogger<DutyCalendarSync> logger)
{
    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    private int WeeksAhead => options.Value.WeeksAhead;

    public bool Enabled => calendars.Enabled && WeeksAhead > 0;

    public async Task<CalendarSyncResult> SyncAsync(CancellationToken cancellationToken)
    {
        var result = new CalendarSyncResult(0, 0, 0, []);
        if (!Enabled)
        {
            return result;
        }

        var team = await _schedules.LoadRosterAsync(cancellationToken).ConfigureAwait(false);
        var members = team.Members;
        foreach (var rotation in await rotations.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            // Loaded like mail, feeds and the page (working calendar included): an Outlook event starts at the moved handoff too.
            var input = await _schedules.LoadAsync(rotation.Value, team, cancellationToken).ConfigureAwait(false);
            var desired = Desired(input, out var from);
            if (from is null)
            {
                continue;
            }

            var existing = await store.ListAsync(rotation.Value.Id, from.Value, cancellationToken).ConfigureAwait(false);
            foreach (var change in CalendarReconciler.Diff(desired, existing))
            {
                result = await ApplyAsync(change, input, members, result, cancellationToken).ConfigureAwait(false);
            }
        }

        return result;
    }

    /// <summary>The events the schedule wants from the current shift on; <paramref name="from"/> is the current shift's start.</summary>
    internal IReadOnlyList<DutyEvent> Desired(ScheduleInput input, out DateOnly? from)
    {
        var rotation = input.Rotation;
        var calendar = input.Calendar();
        var index = input.ClampToFirst(calendar.ShiftIndexAt(time.GetUtcNow()));
        from = calendar.ShiftStartDate(index);
        var events = new List<DutyEvent>();
        foreach (var shift in ScheduleCalculator.Compute(input, index, WeeksAhead))
        {
            foreach (var id in shift.MemberIds)
            {
                if (input.Roster.TryGetValue(id, out var member) && EmailAddress.IsValid(member.Email))
                {
                    events.Add(Compose(rotation, shift, member, input.Roster));
                }
            }

            foreach (var cover in NamedCover.Of(shift, input.Roster, input.Rotation.TimeZone).Where(c => EmailAddress.IsValid(c.Replacement.Email)))
            {
                events.Add(ComposeCover(rotation, shift, cover, input.Roster));
            }
        }

        return events;
    }

    internal DutyEvent Compose(Rotation rotation, ScheduledShift shift, Member member, IReadOnlyDictionary<string, Member> roster)
    {
        var rendered = renderer.Email(new DutyCalendarEventNotice(member.Language, rotation, shift, member, roster));
        return new DutyEvent(rotation.Id, shift.StartDate, member.Id, member.Email, shift.Week, shift.StartsAt, shift.EndsAt, rotation.TimeZone, rendered.Subject, rendered.Html);
    }

    /// <summary>The event of a cover in its replacement's calendar: from the cover's start to its end, naming who is on with them (<paramref name="roster"/>).</summary>
    internal DutyEvent ComposeCover(Rotation rotation, ScheduledShift shift, NamedCover cover, IReadOnlyDictionary<string, Member> roster)
    {
        var to = cover.Replacement;
        var rendered = renderer.Email(new DutyCalendarEventNotice(to.Language, rotation, shift, to, roster) { Cover = cover });
        return new DutyEvent(rotation.Id, shift.StartDate, to.Id, to.Email, shift.Week, cover.Cover.From, cover.Cover.To, rotation.TimeZone, rendered.Subject, rendered.Html)
        {
            CoverId = cover.Cover.Id,
        };
    }

    private async Task<CalendarSyncResult> ApplyAsync(CalendarChange change, ScheduleInput input, IReadOnlyDictionary<string, Member> members, CalendarSyncResult result, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            switch (change.Kind)
            {
                case CalendarChangeKind.Create:
                    var duty = change.Desired!;
                    var generation = (change.Existing?.Generation ?? 0) + 1;
                    var eventId = await calendars.CreateAsync(duty, CalendarEventRecord.TransactionId(duty.RotationId, duty.ShiftStart, duty.MemberId, generation, duty.CoverId), cancellationToken).ConfigureAwait(false);
                    await store.SaveAsync(Record(duty, eventId, generation, now), cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Calendar event for {Member} in {Week} of {Rotation} created", duty.MemberId, duty.Week, duty.RotationId);
                    return result with { Created = result.Created + 1 };

                case CalendarChangeKind.Update:
                    var updated = change.Desired!;
                    var existing = change.Existing!;
                    try
                    {
                        await calendars.UpdateAsync(existing.EventId, updated, cancellationToken).ConfigureAwait(false);
                        await store.SaveAsync(Record(updated, existing.EventId, existing.Generation, now), cancellationToken).ConfigureAwait(false);
                        return result with { Updated = result.Updated + 1 };
                    }
                    catch (NotFoundException)
                    {
                        // The member deleted it: put a new one in.
                        var id = await calendars.CreateAsync(updated, CalendarEventRecord.TransactionId(updated.RotationId, updated.ShiftStart, updated.MemberId, existing.Generation + 1, updated.CoverId), cancellationToken).ConfigureAwait(false);
                        await store.SaveAsync(Record(updated, id, existing.Generation + 1, now), cancellationToken).ConfigureAwait(false);
                        return result with { Created = result.Created + 1 };
                    }

                default:
                    var record = change.Existing!;
                    // The shift named as its event was (by the day its handoff really happens), not by its ISO label.
                    var calendar = input.Calendar();
                    var comment = renderer.Text(new DutyEventCancelledNotice(members.TryGetValue(record.MemberId, out var member) ? member.Language : Language.En, record.Week)
                    {
                        Rotation = input.Rotation,
                        ShiftStart = calendar.IndexOfStartDate(record.ShiftStart) is { } index ? calendar.HandoffDate(index) : record.ShiftStart,
                    });
                    await calendars.CancelAsync(record.Mailbox, record.EventId, comment, cancellationToken).ConfigureAwait(false);
                    await store.SaveAsync(record with { Status = CalendarEventStatus.Cancelled, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
                    logger.LogInformation("Calendar event for {Member} in {Week} of {Rotation} cancelled", record.MemberId, record.Week, record.RotationId);
                    return result with { Cancelled = result.Cancelled + 1 };
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var what = change.Desired?.Key ?? change.Existing?.Key;
            logger.LogWarning(ex, "Calendar {Change} for {Key} failed; the next run tries again", change.Kind, what);
            return result with { Errors = [.. result.Errors, $"{change.Kind} {what}: {ex.Message}"] };
        }
    }

    private static CalendarEventRecord Record(DutyEvent duty, string eventId, int generation, DateTimeOffset now) => new()
    {
        RotationId = duty.RotationId,
        ShiftStart = duty.ShiftStart,
        MemberId = duty.MemberId,
        CoverId = duty.CoverId,
        Mailbox = duty.Mailbox,
        Week = duty.Week,
        EventId = eventId,
        Fingerprint = duty.Fingerprint,
        Generation = generation,
        UpdatedAt = now,
    };
}
