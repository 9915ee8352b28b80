using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Reminds the members who rotate in to a rotation's next shift (not those who continue), by email in their
/// language, from <see cref="ReminderOptions.LocalTime"/> on the working day before the shift's (effective) handoff
/// until the handoff. Exactly once per member and shift: the outbox id is <c>remind:{rotation}:{week}:email:{address}</c>
/// and the outbox refuses a second one. A shift whose label the shift before it (cut short by a cadence change) or a frozen
/// shift of another start has too gets <c>remind:{rotation}:{week}@{yyyy-MM-dd}:…</c>, worked out from the schedule, so a retry
/// gives the same id. The members are computed, not frozen (the announcement at the handoff freezes
/// them), and the reminder says so.
/// </summary>
public sealed class IncomingDutyReminder(
    IRotationRepository rotations,
    IRosterRepository roster,
    OutboxDispatcher outbox,
    IWorkingCalendar workingCalendar,
    INoticeRenderer renderer,
    TimeProvider time,
    IOptions<ReminderOptions> options,
    ILogger<IncomingDutyReminder> logger,
    AnnouncementComposer? links = null)
{
    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    public async Task<IReadOnlyList<ReminderResult>> RemindDueAsync(CancellationToken cancellationToken)
    {
        var results = new List<ReminderResult>();
        TeamRoster? team = null;
        foreach (var rotation in await rotations.ListAsync(cancellationToken))
        {
            using var scope = logger.BeginRotationScope(rotation.Value.Id);
            try
            {
                var due = Due(rotation.Value, time.GetUtcNow());
                if (due is null)
                {
                    results.Add(new ReminderResult(rotation.Value.Id, null, 0));
                    continue;
                }

                team ??= await _schedules.LoadRosterAsync(cancellationToken);
                results.Add(await RemindAsync(rotation.Value, due.Value, team, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One rotation's trouble must not keep the others' members from being reminded; the next run retries.
                logger.LogError(ex, "Reminding the incoming members of {Rotation} failed", rotation.Value.Id);
                results.Add(new ReminderResult(rotation.Value.Id, null, 0, ex.Message));
            }
        }

        return results;
    }

    /// <summary>The shift whose incoming members are due a reminder at <paramref name="now"/>, or null.</summary>
    public int? Due(Rotation rotation, DateTimeOffset now)
    {
        var calendar = _schedules.Calendar(rotation);
        var next = calendar.ShiftIndexAt(now) + 1;
        if (next < 0)
        {
            return null;
        }

        return now >= RemindAt(calendar, next) ? next : null;
    }

    /// <summary>When the reminder for shift <paramref name="index"/> is due: the local reminder time on the working day before its handoff.</summary>
    public DateTimeOffset RemindAt(DutyCalendar calendar, int index) =>
        calendar.ToInstant(WorkingDayBefore(calendar.HandoffDate(index)), options.Value.LocalTime ?? new TimeOnly(10, 0));

    public DateOnly WorkingDayBefore(DateOnly date)
    {
        for (var day = date.AddDays(-1); day >= date.AddDays(-60); day = day.AddDays(-1))
        {
            if (workingCalendar.IsWorkingDay(day))
            {
                return day;
            }
        }

        return date.AddDays(-1);
    }

    private async Task<ReminderResult> RemindAsync(Rotation rotation, int index, TeamRoster team, CancellationToken cancellationToken)
    {
        var input = await _schedules.LoadAsync(rotation, team, cancellationToken);
        var members = input.Roster;
        var shifts = ScheduleCalculator.Compute(input, Math.Max(0, index - 1), index == 0 ? 1 : 2);
        var shift = shifts[^1];
        var previous = index == 0 ? [] : shifts[0].MemberIds;
        var incoming = shift.MemberIds.Where(id => !previous.Contains(id)).ToList();
        var sharedLabel = (index > 0 && shifts[0].Week == shift.Week) || input.State.Frozen.Any(f => f.Week == shift.Week && f.ShiftStart != shift.StartDate);
        var messages = new List<OutboxMessage>();
        var ahead = ScheduleCalculator.Compute(input, index, NextDuty.LookAhead + 1);
        var today = TimeZones.DateAt(time.GetUtcNow(), TimeZones.Find(rotation.TimeZone));
        var handoff = shift.HandoffMoved?.Date ?? shift.StartDate;
        foreach (var id in incoming)
        {
            if (members.TryGetValue(id, out var member) && !string.IsNullOrWhiteSpace(member.Email))
            {
                var partners = shift.MemberIds.Where(other => other != id).Select(other => members.TryGetValue(other, out var m) ? m.DisplayName : other).ToList();
                messages.Add(Compose(renderer, rotation, shift, member, partners, NamedCover.Of(shift, members, rotation.TimeZone), sharedLabel ? shift.StartDate : null, NextDuty.After(ahead, id, members, rotation.TimeZone), nextDutyKnown: true, roster: members, restOfTurn: NextDuty.RestOfTurn(ahead, id),
                    sentDuringLeave: input.Leave.Any(l => l.MemberId == id && l.Includes(today) && l.To < handoff), links: links));
            }
        }

        var queued = await outbox.EnqueueAsync(messages, cancellationToken);
        if (queued.Count > 0)
        {
            logger.LogInformation("Reminded {Members} of {Rotation} {Week}: {Queued} emails queued", string.Join(", ", incoming), rotation.Id, shift.Week, queued.Count);
        }

        return new ReminderResult(rotation.Id, shift.Week, queued.Count);
    }

    /// <summary>The reminder email for one incoming member, in their language; id <c>remind:{rotation}:{week}:email:{address}</c>.</summary>
    public static OutboxMessage Compose(
        INoticeRenderer renderer, Rotation rotation, ScheduledShift shift, Member member, IReadOnlyList<string> partners, IReadOnlyList<NamedCover>? covers = null, DateOnly? shiftStartInId = null,
        NextDuty? nextDuty = null, bool nextDutyKnown = false, IReadOnlyDictionary<string, Member>? roster = null, IReadOnlyList<ScheduledShift>? restOfTurn = null,
        bool sentDuringLeave = false, AnnouncementComposer? links = null)
    {
        var email = renderer.Email(new DutyReminderNotice(member.Language, rotation, shift, member, partners)
        {
            Covers = covers ?? [], NextDuty = nextDuty, NextDutyKnown = nextDutyKnown, Roster = roster ?? new Dictionary<string, Member>(), RestOfTurn = restOfTurn ?? [],
            SentDuringLeave = sentDuringLeave,
            // Where "register a swap" is done, as the announcement links it (trial 48: the reminder asked it and linked nothing).
            BaseUrl = links?.BaseUrl, OwnDutyPage = links?.OwnDutyPage(rotation) ?? false,
        });
        var topic = OutboxIds.ReminderTopic(rotation.Id, shift.Week, shiftStartInId);
        return OutboxMessage.ForEmail(topic, member.Email, member.DisplayName, email);
    }
}
