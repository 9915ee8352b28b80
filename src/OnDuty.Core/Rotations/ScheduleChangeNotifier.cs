using Microsoft.Extensions.Logging;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Tells the people a change moved. A swap, a replacement or leave in a week not yet announced reshuffles the coming weeks
/// (someone skipped for leave is on later, someone else earlier); nobody would hear of it before the weekly reminder. The
/// schedule of the next <see cref="Horizon"/> shifts (the schedule page's default) is taken before the change and worked out
/// again after it; every member whose weeks differ gets one mail (ja/en by member) with their weeks before and after and what
/// was changed by whom — id <c>schedule:{rotation}:change:{change id}:email:{address}</c>, so once per change. A member who stays
/// on a week starting within <see cref="PartnerNotice"/> whose partner it replaced gets a short mail of their own (id
/// <c>…:partner:email:{address}</c>): their weeks did not move, so they would hear of their new partner only at the announcement
/// (one whose weeks moved too reads it in their schedule-change mail).
/// </summary>
/// <remarks>
/// Announced weeks change only by a person's change to them, which has its own notices (<see cref="DutyWeekAnnouncer.AnnounceChangesAsync"/>):
/// a member whose weeks differ only there is not mailed again; announced weeks are listed as they stand for context.
/// </remarks>
public sealed class ScheduleChangeNotifier(
    IRotationRepository rotations,
    IRosterRepository roster,
    OutboxDispatcher outbox,
    AnnouncementComposer composer,
    TimeProvider time,
    ILogger<ScheduleChangeNotifier> logger,
    IWorkingCalendar? workingCalendar = null)
{
    /// <summary>Shifts compared from the current one: what the schedule page shows by default.</summary>
    public const int Horizon = 8;

    /// <summary>
    /// How far ahead the member who stays on a week is told that its partner changed: weeks starting within the next two weeks.
    /// Those pairs are about to work together — they agree the handoff and who watches what, and are the ones who notice a wrong
    /// pair — and nothing else tells them before the announcement. Further out a pair is likely to change again (each leave and
    /// swap reshuffles the coming weeks), so a mail per change would be noise; the announcement names the partner once settled.
    /// </summary>
    public static readonly TimeSpan PartnerNotice = TimeSpan.FromDays(14);

    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    /// <summary>The coming shifts of every rotation (before leave or a roster change, which may move any of them).</summary>
    public async Task<ScheduleSnapshot> TakeAsync(CancellationToken cancellationToken)
    {
        var all = await rotations.ListAsync(cancellationToken);
        var team = await _schedules.LoadRosterAsync(cancellationToken);
        var shifts = new Dictionary<string, IReadOnlyList<ScheduledShift>>(StringComparer.Ordinal);
        foreach (var rotation in all)
        {
            shifts[rotation.Value.Id] = Coming(await _schedules.LoadAsync(rotation.Value, team, cancellationToken), []);
        }

        return new ScheduleSnapshot(shifts);
    }

    /// <summary>The coming shifts of the rotation <paramref name="input"/> is for, through the shifts starting on <paramref name="through"/> too (a swap of a later week).</summary>
    public ScheduleSnapshot Take(ScheduleInput input, IReadOnlyList<DateOnly> through) =>
        new(new Dictionary<string, IReadOnlyList<ScheduledShift>>(StringComparer.Ordinal) { [input.Rotation.Id] = Coming(input, through) });

    /// <summary>
    /// Works the schedule of each rotation in <paramref name="before"/> out again and queues a mail to every member whose weeks
    /// differ (and to <see cref="ScheduleChangeCause.AlwaysTell"/>). Never throws for a failure to tell (the change is made;
    /// the failure is logged): returns the messages queued.
    /// </summary>
    public async Task<int> TellAsync(ScheduleSnapshot before, ScheduleChangeCause cause, CancellationToken cancellationToken)
    {
        var queued = 0;
        foreach (var (rotationId, old) in before.Shifts)
        {
            if (old.Count == 0)
            {
                continue;
            }

            try
            {
                var input = await _schedules.LoadAsync(rotationId, cancellationToken);
                var now = Again(input, old);
                var messages = new List<OutboxMessage>();

                // A member's edit is compared in every rotation: the member it always tells (a leaving date) hears of it in
                // the rotations they are on, not in each other one with "none → none".
                var told = cause.Kind != ScheduleChangeKind.Roster ? cause
                    : cause with { AlwaysTell = [.. cause.AlwaysTell.Where(id => input.Rotation.Members.Contains(id) || old.Any(s => s.MemberIds.Contains(id)))] };
                var by = cause.By is { } named && input.Roster.TryGetValue(named, out var who) && !string.IsNullOrWhiteSpace(who.DisplayName) ? who.DisplayName : cause.By;

                // Who stays on a week soon whose partner it replaced, with those weeks: told in their own mail, or in the one below.
                var partners = PartnersChanged(old, now, time.GetUtcNow()).ToDictionary(
                    x => x.MemberId,
                    x => (IReadOnlyList<PartnerChange>)[.. x.Weeks.Select(w => new PartnerChange(
                        w.Shift.Week, w.Shift.HandoffMoved?.Date, [.. w.Left.Select(id => Named(input, id))], [.. w.Joined.Select(id => Named(input, id))]))],
                    StringComparer.Ordinal);
                var moved = Moved(old, now, told);
                foreach (var memberId in moved)
                {
                    var reader = Named(input, memberId);
                    if (string.IsNullOrWhiteSpace(reader.Email))
                    {
                        continue;
                    }

                    var weeksBefore = WeeksOf(old, memberId, input.Rotation);
                    var weeksAfter = WeeksOf(now, memberId, input.Rotation);
                    var notice = new ScheduleChangedNotice(
                        reader.Language,
                        input.Rotation,
                        cause with { By = by },
                        reader,
                        Named(input, cause.MemberId),
                        cause.OtherMemberId is { } other ? Named(input, other) : null,
                        weeksBefore,
                        weeksAfter,
                        old.Count)
                    {
                        // No shift before, some now: their first (a newcomer added to the rotation, welcomed before they were on it).
                        FirstDuty = weeksBefore.Count == 0 && weeksAfter.Count > 0 ? NextDuty.Coming(now, memberId, input.Roster, time.GetUtcNow(), input.Rotation.TimeZone).FirstOrDefault() : null,
                        Removed = [.. cause.Removed.Select(id => Named(input, id))],
                        People = cause.Details.SelectMany(d => d.OldMembers.Concat(d.NewMembers)).Distinct(StringComparer.Ordinal).ToDictionary(id => id, id => Named(input, id), StringComparer.Ordinal),
                        // A week of theirs soon whose partner changed too (leave reshuffles the next weeks): said here, one mail each.
                        Partners = partners.GetValueOrDefault(memberId) ?? [],
                    };
                    messages.AddRange(composer.ComposeScheduleChange(notice));
                }

                // The others who stay on a week soon whose partner it replaced: their own weeks did not move, so nothing above reached
                // them (not the one who made the change, who knows).
                foreach (var (memberId, weeks) in partners.Where(x => !moved.Contains(x.Key, StringComparer.Ordinal)))
                {
                    var reader = Named(input, memberId);
                    if (!reader.IsRecordedAs(cause.By))
                    {
                        messages.AddRange(composer.ComposePartnerChange(new PartnerChangedNotice(reader.Language, input.Rotation, reader, weeks) { By = by }, cause.Id));
                    }
                }

                if (messages.Count > 0)
                {
                    queued += (await outbox.EnqueueAsync(messages, cancellationToken)).Count;
                    logger.LogInformation("Change {ChangeId} ({Kind}) of {Rotation} moved duty weeks; members told: {Count}", cause.Id, cause.Kind, rotationId, messages.Count);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The change is stored: a failure to tell must not turn it into an error the person would retry.
                logger.LogError(ex, "Telling the members moved by change {ChangeId} of {Rotation} failed", cause.Id, rotationId);
            }
        }

        return queued;
    }

    /// <summary>
    /// Members who stay on a week not yet announced starting before <paramref name="now"/> + <see cref="PartnerNotice"/> whose
    /// partners differ between <paramref name="before"/> and <paramref name="after"/> (the same days compared), with those weeks
    /// and who left and joined each, ordered by id. A week someone only left (nobody free to join) is not here: the leave mail
    /// tells the one left that the week is short (<see cref="LeaveDutyNotifier"/>).
    /// </summary>
    internal static IReadOnlyList<(string MemberId, IReadOnlyList<(ScheduledShift Shift, IReadOnlyList<string> Left, IReadOnlyList<string> Joined)> Weeks)> PartnersChanged(
        IReadOnlyList<ScheduledShift> before, IReadOnlyList<ScheduledShift> after, DateTimeOffset now)
    {
        var soon = now + PartnerNotice;
        var changed = new List<(string MemberId, (ScheduledShift Shift, IReadOnlyList<string> Left, IReadOnlyList<string> Joined) Week)>();
        foreach (var shift in after.Where(s => !s.Frozen && s.EndsAt > now && s.StartsAt < soon))
        {
            if (before.FirstOrDefault(b => !b.Frozen && b.StartsAt == shift.StartsAt && b.EndsAt == shift.EndsAt) is not { } old)
            {
                continue;
            }

            var left = old.MemberIds.Except(shift.MemberIds, StringComparer.Ordinal).ToList();
            var joined = shift.MemberIds.Except(old.MemberIds, StringComparer.Ordinal).ToList();
            if (left.Count > 0 && joined.Count > 0)
            {
                changed.AddRange(shift.MemberIds.Intersect(old.MemberIds, StringComparer.Ordinal).Select(id => (id, (shift, (IReadOnlyList<string>)left, (IReadOnlyList<string>)joined))));
            }
        }

        return [.. changed.GroupBy(x => x.MemberId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<(ScheduledShift, IReadOnlyList<string>, IReadOnlyList<string>)>)[.. g.Select(x => x.Week)]))];
    }

    /// <summary>
    /// Members whose weeks not yet announced differ between <paramref name="before"/> and <paramref name="after"/> — by when
    /// each shift starts and ends, so a changed start or cadence compares the same days, and a handoff time changed from a date
    /// tells everyone on duty from then, whose hours moved even where their weeks did not (trial 37 M7) — and those the cause
    /// always tells, ordered by id.
    /// </summary>
    internal static IReadOnlyList<string> Moved(IReadOnlyList<ScheduledShift> before, IReadOnlyList<ScheduledShift> after, ScheduleChangeCause cause)
    {
        var ids = before.Concat(after).SelectMany(s => s.MemberIds).Concat(cause.AlwaysTell).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var announced = after.Where(s => s.Frozen).Select(s => s.StartDate).ToHashSet();
        IEnumerable<(DateTimeOffset, DateTimeOffset)> Open(IReadOnlyList<ScheduledShift> shifts, string id) =>
            shifts.Where(s => !announced.Contains(s.StartDate) && !s.Frozen && s.MemberIds.Contains(id)).Select(s => (s.StartsAt, s.EndsAt));
        return [.. ids.Where(id => cause.AlwaysTell.Contains(id) || !Open(before, id).SequenceEqual(Open(after, id)))];
    }

    /// <summary>
    /// The span of <paramref name="old"/> worked out again from <paramref name="input"/>: the same shifts when the rotation's
    /// calendar is unchanged. After an edit of its start or cadence, the shifts of the new calendar from the one running now
    /// (or its first) through the days <paramref name="old"/> covered, at least as many as before: a start moved later drops
    /// everyone's coming weeks and gives its first ones (after the shifts held over from before it, <see cref="ScheduleInput.FirstIndex"/>,
    /// which do not count); a start moved back from later gives the weeks from now again.
    /// </summary>
    private IReadOnlyList<ScheduledShift> Again(ScheduleInput input, IReadOnlyList<ScheduledShift> old)
    {
        var calendar = input.Calendar();
        var first = input.ClampToFirst(Math.Min(calendar.ShiftIndexOn(old[0].StartDate), calendar.ShiftIndexAt(time.GetUtcNow())));
        var last = Math.Max(Math.Max(first, 0) + old.Count - 1, calendar.ShiftIndexOn(old[^1].StartDate));
        return ScheduleCalculator.Compute(input, first, Math.Min(last - first + 1, RotationService.MaxScheduleWeeks));
    }

    private static IReadOnlyList<DutyWeek> WeeksOf(IReadOnlyList<ScheduledShift> shifts, string memberId, Rotation rotation) =>
        [.. shifts.Where(s => s.MemberIds.Contains(memberId)).Select(s => new DutyWeek(s.Week, s.HandoffMoved?.Date, s.Frozen)
        {
            EndsOn = TimeZones.DateAt(s.EndsAt, TimeZones.Find(rotation.TimeZone)),
        })];

    private static Member Named(ScheduleInput input, string id) => input.Roster.TryGetValue(id, out var m) ? m : Member.Missing(id, input.Rotation.TimeZone);

    /// <summary>
    /// From the current shift (or the first, or one held over from before it), <see cref="Horizon"/> shifts from the current or first
    /// one or through the latest of <paramref name="through"/>.
    /// </summary>
    private List<ScheduledShift> Coming(ScheduleInput input, IReadOnlyList<DateOnly> through)
    {
        var calendar = input.Calendar();
        var first = input.ClampToFirst(calendar.ShiftIndexAt(time.GetUtcNow()));
        var last = Math.Max(first, 0) + Horizon - 1;
        foreach (var day in through)
        {
            last = Math.Max(last, calendar.ShiftIndexOn(day));
        }

        return [.. ScheduleCalculator.Compute(input, first, Math.Min(last - first + 1, RotationService.MaxScheduleWeeks))];
    }
}
