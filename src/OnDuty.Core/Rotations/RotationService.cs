using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>Use cases for rotations: settings, the computed schedule, who is on call, overrides and swaps.</summary>
public sealed class RotationService(
    IRotationRepository rotations,
    IRosterRepository roster,
    TimeProvider time,
    IWorkingCalendar? workingCalendar = null,
    IGroupDirectory? groups = null,
    DutyWeekAnnouncer? announcer = null,
    ScheduleInputCache? onCallCache = null,
    ILogger<RotationService>? logger = null,
    ScheduleChangeNotifier? scheduleChanges = null,
    IDutyChangeObserver? dutyChanges = null)
{
    public const int MaxScheduleWeeks = 104;

    /// <summary>Longest name kept as who made a change (as a page's name field takes).</summary>
    public const int MaxByLength = 100;

    /// <summary>Longest reason kept with a change.</summary>
    public const int MaxReasonLength = 500;

    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    private readonly StartedShiftFreezer _freezer = new(rotations, roster, time, workingCalendar);

    /// <summary>
    /// The last answer per rotation with what it was computed from: the same cached input (by reference: a change or a reload
    /// makes a new one) at the same shift gives the same answer, so a storm of pages does not simulate the rotation from its
    /// first week for each of them.
    /// </summary>
    /// The covers active now are part of the key: a cover starting or ending within the shift gives a new answer at once.
    private readonly ConcurrentDictionary<string, (ScheduleInput Input, int Index, IReadOnlyList<ScheduledShift> Shifts, string Covers, OnCall OnCall)> _onCall = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<Versioned<Rotation>>> ListAsync(CancellationToken cancellationToken) =>
        rotations.ListAsync(cancellationToken);

    /// <summary>The whole roster by member id (one single-partition query), for when there is no on-call answer to take it from.</summary>
    public Task<IReadOnlyDictionary<string, Member>> RosterAsync(CancellationToken cancellationToken) => roster.LoadRosterAsync(cancellationToken);

    public async Task<Versioned<Rotation>> GetAsync(string id, CancellationToken cancellationToken) =>
        await rotations.GetAsync(id, cancellationToken) ?? throw new NotFoundException("Rotation", id);

    public async Task<Versioned<Rotation>> SaveAsync(Rotation rotation, string? ifMatch, CancellationToken cancellationToken) =>
        (await SaveAsync(rotation, ifMatch, null, null, cancellationToken)).Saved;

    /// <summary>
    /// Creates or replaces a rotation. With <paramref name="effectiveFrom"/>, the edited handoff day, time and shift length apply
    /// from that date on (see <see cref="WithCadenceFromAsync"/>); the weeks before it keep the cadence they had.
    /// </summary>
    /// <param name="by">Who made the edit (named in the schedule-change mail as 変更者); null when nobody says.</param>
    /// <returns>The rotation as saved and, for a replacement, the shifts its start was moved later past that have not ended (the answer's <c>heldOver</c>).</returns>
    public async Task<RotationSaved> SaveAsync(Rotation rotation, string? ifMatch, DateOnly? effectiveFrom, string? by, CancellationToken cancellationToken)
    {
        var texts = new ValidationErrors();
        CheckTexts(texts, null, by);
        texts.When(effectiveFrom is not null && ifMatch is null, "effectiveFrom", "changes the cadence of a rotation that exists: PUT it with If-Match");
        texts.ThrowIfAny();

        var members = await roster.LoadRosterAsync(cancellationToken);
        var stored = ifMatch is null ? null : await rotations.GetAsync(rotation.Id, cancellationToken);

        // A request body never carries the earlier cadences: they stay as stored, or a change from a date adds one.
        if (stored is not null)
        {
            rotation = effectiveFrom is { } from
                ? await WithCadenceFromAsync(stored.Value, rotation, from, cancellationToken)
                : rotation with { PreviousCadences = stored.Value.PreviousCadences };
        }

        rotation.Validate(members, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
        if (groups?.Enabled != true && rotation.NotifyEmails.FirstOrDefault(e => AudienceEntry.IsGroup(e, out _)) is { } group)
        {
            throw new ValidationException("notifyEmails", $"'{group}' names a group, which needs Microsoft Graph (Graph__TenantId) to be configured");
        }

        Versioned<Rotation>? previous = null;
        if (stored is not null)
        {
            if (effectiveFrom is null)
            {
                await RefuseCadenceMovingStartedOrKeyedShiftsAsync(stored.Value, rotation, cancellationToken);
            }

            // The running shift keeps the pair it has had since its handoff: frozen as the stored settings make it before the
            // edit applies (the timer may not have frozen it yet), so the edit moves only shifts not yet started.
            await _freezer.FreezeStartedAsync(stored.Value, cancellationToken);
            previous = stored;
        }

        // An edit of the settings (pair size, members and their order …) may move any week not yet started: the schedule as it
        // was, the running shift frozen, to tell those it moves — and, with the edited settings, what the edit holds over.
        var beforeInput = previous is null ? null : await _schedules.LoadAsync(previous.Value, null, cancellationToken);
        var before = beforeInput is null || scheduleChanges is null ? null : scheduleChanges.Take(beforeInput, []);

        var etag = await rotations.SaveAsync(rotation, ifMatch, cancellationToken);

        // Shifts before the (new) start still running or announced keep their pair until they end (the engine holds them over):
        // the same frozen shifts, roster and leave as just read, with the settings as saved — the save writes none of them.
        var heldOver = beforeInput is null ? null : HeldOverShifts.Of(beforeInput with { Rotation = rotation }, time.GetUtcNow());
        if (before is not null)
        {
            // A start moved later past the running (or an announced) shift: the mail says until when that shift goes on and
            // whether nobody is on duty after it.
            var moved = rotation.FirstStartDate > previous!.Value.FirstStartDate ? heldOver : null;
            await scheduleChanges!.TellAsync(before, SettingsChange(previous.Value, rotation, etag, Who(by), effectiveFrom is null ? null : ShortenedBy(beforeInput!, rotation)) with { HeldOver = moved }, cancellationToken);
        }

        return new RotationSaved(new Versioned<Rotation>(rotation, etag), heldOver);
    }

    /// <summary>
    /// An edit of <paramref name="old"/>'s settings as the change the mail names; its id carries the new version (each save is
    /// its own change). Members taken out of its members are always told (their weeks are gone, or only announced ones stay).
    /// A cadence change from a date names that date; the members of a shift it shortens are always told (their shift keeps
    /// its pair but ends at the new cadence's first handoff).
    /// </summary>
    private static ScheduleChangeCause SettingsChange(Rotation old, Rotation now, string etag, string? by, ScheduledShift? shortened)
    {
        var removed = old.Members.Except(now.Members, StringComparer.Ordinal).ToList();
        var cadenceFrom = now.PreviousCadences.Count > old.PreviousCadences.Count || now.StartDate != old.StartDate && now.PreviousCadences.Count > 0 ? now.StartDate : (DateOnly?)null;
        return new ScheduleChangeCause
        {
            Id = $"rotation-{now.Id}-{ScheduleChangeCause.SaveVersion(etag)}",
            Kind = removed.Count > 0 ? ScheduleChangeKind.MemberRemoved : ScheduleChangeKind.Settings,
            MemberId = removed.Count > 0 ? removed[0] : "",
            Removed = removed,
            Details = ScheduleChangeDetail.OfRotation(old, now, cadenceFrom is not null),
            AlwaysTell = [.. removed.Concat(shortened?.MemberIds ?? []).Distinct(StringComparer.Ordinal)],
            By = by,
            EffectiveFrom = cadenceFrom,
            ShortenedWeek = shortened?.Week,
            ShortenedShiftStart = shortened?.StartsAt,
        };
    }

    /// <summary>
    /// The last shift of the cadence before <paramref name="now"/>'s when the new first handoff moves its end (it ends at the
    /// new first handoff instead of its own next handoff), as it was before; null when it ends as it would have.
    /// </summary>
    private ScheduledShift? ShortenedBy(ScheduleInput before, Rotation now)
    {
        var after = _schedules.Calendar(now);
        var last = after.CurrentCadenceFirstIndex - 1;
        return last >= 0 && after.ShiftEndsAt(last) != before.Calendar().ShiftEndsAt(last) ? ScheduleCalculator.ComputeShift(before, last) : null;
    }

    /// <summary>
    /// <paramref name="edited"/>'s handoff day, time and shift length applied from <paramref name="from"/> on, the weeks before
    /// it kept in <paramref name="stored"/>'s cadence (<see cref="Rotation.PreviousCadences"/>): shifts are counted on, so the
    /// pair that would have come next is the first pair of the new cadence. A shift of the old cadence running over the new
    /// start ends at it. Refused (400) unless <paramref name="from"/> is on the new handoff day and after the rotation's first
    /// shift, or when the time zone or holiday setting changes with it (they apply to the whole rotation); refused (409) when
    /// the new start would cut into the running shift, an announced one, or one with an override, swap or cover: the answer
    /// names that shift and the earliest date allowed.
    /// </summary>
    private async Task<Rotation> WithCadenceFromAsync(Rotation stored, Rotation edited, DateOnly from, CancellationToken cancellationToken)
    {
        new ValidationErrors()
            .When(from.DayOfWeek != edited.HandoffDay, "effectiveFrom", $"must fall on the new handoff day ({edited.HandoffDay})")
            .When(from <= stored.FirstStartDate, "effectiveFrom", $"must be after the rotation's first shift ({stored.FirstStartDate:yyyy-MM-dd}); change startDate instead")
            .When(edited.StartDate != stored.StartDate && edited.StartDate != from, "startDate", $"with effectiveFrom, leave it as stored ({stored.StartDate:yyyy-MM-dd}) or give effectiveFrom: the rotation keeps its first shift")
            .When(!string.Equals(stored.TimeZone, edited.TimeZone, StringComparison.Ordinal), "timeZone", "applies to the whole rotation and cannot change with effectiveFrom")
            .When(stored.MoveHandoffOffHolidays != edited.MoveHandoffOffHolidays, "moveHandoffOffHolidays", "applies to the whole rotation and cannot change with effectiveFrom")
            .ThrowIfAny();

        var input = await _schedules.LoadAsync(stored, null, cancellationToken);
        var before = input.Calendar();
        var now = time.GetUtcNow();
        var keyed = KeyedShifts(input, before, now);
        var newStart = before.ToInstant(from, edited.HandoffTime);
        var blocking = keyed.Where(k => before.ShiftEndsAt(k.Key) > newStart).Select(k => k.Key).DefaultIfEmpty(-1).Max();
        if (newStart <= now || blocking >= 0)
        {
            var zone = TimeZones.Find(stored.TimeZone);
            var earliest = EarliestEffectiveFrom(before, edited.HandoffDay, edited.HandoffTime, keyed.Count == 0 ? now : before.ShiftEndsAt(keyed.Keys.Max()), now, zone);
            var why = blocking < 0
                ? $"is not in the future (the new cadence's first handoff would be {Local(newStart, zone)})"
                : $"would cut short {Describe(input, before, blocking, keyed[blocking], zone)}";
            throw new ConflictException("effectiveFrom",
                $"{why}: the weeks that have started, were announced or have an override, swap or cover keep their times. "
                + $"The earliest date allowed is {earliest:yyyy-MM-dd} ({edited.HandoffDay}).");
        }

        var kept = stored.PreviousCadences.Append(Cadence.Of(stored)).Where(c => c.StartDate < from).ToList();
        return edited with { StartDate = from, PreviousCadences = kept };
    }

    /// <summary>First date on <paramref name="day"/> whose handoff at <paramref name="at"/> is not before <paramref name="notBefore"/> and after <paramref name="now"/>.</summary>
    private static DateOnly EarliestEffectiveFrom(DutyCalendar calendar, DayOfWeek day, TimeOnly at, DateTimeOffset notBefore, DateTimeOffset now, TimeZoneInfo zone)
    {
        var date = TimeZones.DateAt(notBefore > now ? notBefore : now, zone);
        while (date.DayOfWeek != day || calendar.ToInstant(date, at) < notBefore || calendar.ToInstant(date, at) <= now)
        {
            date = date.AddDays(1);
        }

        return date;
    }

    private static string Describe(ScheduleInput input, DutyCalendar calendar, int index, string why, TimeZoneInfo zone)
    {
        var shift = ScheduleCalculator.ComputeShift(input, index);
        return $"{shift.Week} ({Local(shift.StartsAt, zone)} to {Local(shift.EndsAt, zone)}: {string.Join(", ", shift.MemberIds)}; {why})";
    }

    /// <summary>Shifts that must keep their times and label: the running one, announced ones not over, and those with changes keyed to them.</summary>
    private static SortedDictionary<int, string> KeyedShifts(ScheduleInput input, DutyCalendar before, DateTimeOffset now)
    {
        var keyed = new SortedDictionary<int, string>();
        var current = before.ShiftIndexAt(now);
        if (current >= 0)
        {
            keyed[current] = "on duty now";
        }

        foreach (var f in input.State.Frozen)
        {
            if (before.IndexOfStartDate(f.ShiftStart) is { } i && before.ShiftEndsAt(i) > now)
            {
                keyed[i] = keyed.TryGetValue(i, out var why) ? why : "announced";
            }
        }

        foreach (var o in input.State.Overrides)
        {
            if (before.IndexOfStartDate(o.ShiftStart) is { } i && before.ShiftEndsAt(i) > now)
            {
                var what = o.IsCover ? "cover" : o.Kind == OverrideKind.Swap ? "swap" : "override";
                keyed[i] = keyed.TryGetValue(i, out var why) && !why.Contains(what, StringComparison.Ordinal) ? $"{why}, {what}" : keyed.GetValueOrDefault(i, what);
            }
        }

        return keyed;
    }

    /// <summary>
    /// A change of the cadence (handoff day, time, start date, shift length, time zone, moving handoffs off holidays) in place
    /// re-maps shifts: the running one would get other times and another pair, and a week label (the key of overrides, swaps,
    /// covers and announcements) would come to mean another shift. So it is refused (<see cref="ConflictException"/>, 409)
    /// while it would move the running shift, an announced shift not yet over, or a shift that has an override, swap or cover:
    /// the answer says who is on duty now until when, lists the weeks, and suggests <c>effectiveFrom</c> with the earliest date.
    /// <c>peoplePerShift</c> and <c>members</c> are not cadence: they apply from the next shift (the running one is frozen first).
    /// </summary>
    private async Task RefuseCadenceMovingStartedOrKeyedShiftsAsync(Rotation stored, Rotation edited, CancellationToken cancellationToken)
    {
        var field = stored.HandoffDay != edited.HandoffDay ? "handoffDay"
            : stored.HandoffTime != edited.HandoffTime ? "handoffTime"
            : stored.StartDate != edited.StartDate ? "startDate"
            : stored.ShiftWeeks != edited.ShiftWeeks ? "shiftWeeks"
            : !string.Equals(stored.TimeZone, edited.TimeZone, StringComparison.Ordinal) ? "timeZone"
            : stored.MoveHandoffOffHolidays != edited.MoveHandoffOffHolidays ? "moveHandoffOffHolidays"
            : null;
        if (field is null)
        {
            return;
        }

        var input = await _schedules.LoadAsync(stored, null, cancellationToken);
        var before = input.Calendar();
        var after = _schedules.Calendar(edited);
        var now = time.GetUtcNow();
        var current = before.ShiftIndexAt(now);
        var keyed = KeyedShifts(input, before, now);

        var moved = keyed.Where(k =>
            after.IndexOfStartDate(before.ShiftStartDate(k.Key)) is not { } j
            || after.ShiftStartsAt(j) != before.ShiftStartsAt(k.Key)
            || after.ShiftEndsAt(j) != before.ShiftEndsAt(k.Key)).ToList();
        if (moved.Count == 0)
        {
            return;
        }

        // The first few weeks are named with their pairs (the running one first); the rest are counted.
        const int Named = 8;
        var zone = TimeZones.Find(stored.TimeZone);
        var listed = moved.Take(Named).ToList();
        var shifts = ScheduleCalculator.Compute(input, listed[0].Key, Math.Min(ScheduleCalculator.MaxCount, listed[^1].Key - listed[0].Key + 1));
        string Describe(int index)
        {
            if (index - listed[0].Key >= shifts.Count)
            {
                return $"{before.WeekLabel(index)} ({keyed[index]})";
            }

            var shift = shifts[index - listed[0].Key];
            return $"{shift.Week} ({Local(shift.StartsAt, zone)} to {Local(shift.EndsAt, zone)}: {string.Join(", ", shift.MemberIds)}; {keyed[index]})";
        }

        var onDutyNow = current >= 0 && moved.Any(m => m.Key == current) ? $"On duty now: {Describe(current)}. " : "";
        var cadenceOnly = field is "handoffDay" or "handoffTime" or "startDate" or "shiftWeeks";
        var earliest = EarliestEffectiveFrom(before, edited.HandoffDay, edited.HandoffTime, before.ShiftEndsAt(keyed.Keys.Max()), now, zone);
        throw new ConflictException(field,
            "was not changed: it would move shifts that have started, were announced or have an override, swap or cover keyed to their week "
            + $"(their pairs and changes would be lost or come to mean another shift). {onDutyNow}"
            + $"Would move: {string.Join("; ", listed.Select(m => Describe(m.Key)))}{(moved.Count > Named ? $"; and {moved.Count - Named} more" : "")}. "
            + (cadenceOnly
                ? $"To change the cadence from a date on, PUT the same body with \"effectiveFrom\": \"{earliest:yyyy-MM-dd}\" (the earliest date allowed, a {edited.HandoffDay}) or later: "
                  + "the weeks before it keep the cadence they have, and the member order continues."
                : $"{field} applies to the whole rotation: keep it, or set up a new rotation starting on or after {Local(before.ShiftEndsAt(moved[^1].Key), zone)} and page that one from then."));
    }

    /// <summary>
    /// Deletes a rotation made by mistake or no longer used (trial 32b M6): its settings, overrides, swaps, covers and frozen
    /// shifts, so it is no longer announced, reminded, scheduled or in anyone's calendar (its own feed secrets are revoked by the
    /// caller). Refused with <see cref="ConflictException"/> (409, <c>id</c>) while a shift of it that was announced has not
    /// ended — its pair was told they are on duty — saying until when, unless <paramref name="force"/>. 404 when there is none.
    /// </summary>
    /// <param name="before">Run after the checks and before anything of the rotation is deleted (its feed secrets).</param>
    public async Task DeleteAsync(string id, bool force, Func<Task>? before, CancellationToken cancellationToken)
    {
        var input = await LoadInputAsync(id, cancellationToken);
        var calendar = input.Calendar();
        var zone = TimeZones.Find(input.Rotation.TimeZone);
        var now = time.GetUtcNow();
        var announced = input.State.Frozen
            .Select(f => (Shift: f, Ends: calendar.ShiftEndsAt(calendar.ShiftIndexOn(f.ShiftStart))))
            .Where(f => f.Ends > now)
            .OrderBy(f => f.Ends)
            .ToList();
        if (announced.Count > 0 && !force)
        {
            var last = announced[^1];
            throw new ConflictException("id",
                $"Rotation '{id}' has {string.Join(", ", announced.Select(a => $"{a.Shift.Week} ({string.Join(", ", a.Shift.Members)})"))} announced until {Local(last.Ends, zone)}: "
                + "its members were told they are on duty (a rotation not announced yet is deleted at once). "
                + "DELETE with ?force=true deletes it anyway: announcements, reminders and calendar events stop, and nobody is told.");
        }

        if (before is not null)
        {
            await before();
        }

        await rotations.DeleteAsync(id, cancellationToken);
        _onCall.TryRemove(id, out _);
    }

    /// <summary>Shifts from the one containing <paramref name="from"/> (default: now), with the reason for each choice.</summary>
    public async Task<RotationSchedule> GetScheduleAsync(string id, DateOnly? from, int weeks, CancellationToken cancellationToken)
    {
        if (weeks is < 1 or > MaxScheduleWeeks)
        {
            throw new ValidationException("weeks", $"must be between 1 and {MaxScheduleWeeks}");
        }

        var input = await LoadInputAsync(id, cancellationToken);
        var calendar = input.Calendar();
        var first = from is { } date
            ? calendar.ShiftIndexOn(date)
            : calendar.ShiftIndexAt(time.GetUtcNow());
        var skipped = Math.Max(0, input.FirstIndex() - first);
        first = input.ClampToFirst(first);
        var count = Math.Max(0, weeks - skipped);
        var shifts = count == 0 ? [] : ScheduleCalculator.Compute(input, first, count);
        return new RotationSchedule(input.Rotation, shifts, input.Roster) { MovedStarts = calendar.MovedStarts(shifts) };
    }

    /// <summary>
    /// <paramref name="memberId"/>'s coming duty in the rotation: the shift on now when they are on it, and up to
    /// <paramref name="count"/> shifts not started yet that they are on, in the next <see cref="NextDuty.LookAhead"/>, each with
    /// their partners. 404 for a member not on the roster; a member the rotation does not list has none.
    /// </summary>
    public async Task<MemberNextDuties> NextDutiesAsync(string id, string memberId, int count, CancellationToken cancellationToken)
    {
        if (count is < 1 or > 10)
        {
            throw new ValidationException("count", "must be between 1 and 10");
        }

        var input = await LoadInputAsync(id, cancellationToken);
        if (!input.Roster.TryGetValue(memberId, out var member))
        {
            throw new NotFoundException("Member", memberId);
        }

        var now = time.GetUtcNow();
        var index = input.Calendar().ShiftIndexAt(now);
        var first = input.ClampToFirst(index);
        var shifts = ScheduleCalculator.Compute(input, first, NextDuty.LookAhead + 1);
        var current = shifts.FirstOrDefault(s => s.StartsAt <= now && now < s.EndsAt && s.MemberIds.Contains(memberId));
        var next = NextDuty.Coming(shifts, memberId, input.Roster, now, input.Rotation.TimeZone).Take(count).ToList();
        return new MemberNextDuties(input.Rotation, member, current, next);
    }

    /// <summary>
    /// Who could take over <paramref name="memberId"/> (optional) in the shift <paramref name="week"/> names (default: the one on
    /// now), best first with what speaks for or against each (<see cref="ReplacementList"/>). A member not on that shift → 400.
    /// </summary>
    public async Task<ReplacementList> ReplacementsAsync(string id, string? week, string? memberId, CancellationToken cancellationToken)
    {
        var input = await LoadInputAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        var shift = string.IsNullOrWhiteSpace(week) ? ShiftAt(input, now, "week") : ResolveShift(input, week, "week", memberId);
        if (!string.IsNullOrWhiteSpace(memberId) && !shift.MemberIds.Contains(memberId))
        {
            throw new ValidationException("memberId", $"'{memberId}' is not on duty in {shift.Week}", DutyRefusals.Of(DutyRefusals.NotOnShift, shift, ("member", memberId)));
        }

        return ReplacementList.For(input, shift, string.IsNullOrWhiteSpace(memberId) ? null : memberId, RemainingFrom(input, shift), shift.StartsAt <= now && now < shift.EndsAt, now);
    }

    /// <summary>
    /// Leave moves weeks not yet announced, never an announced one: what a member's new leave from <paramref name="from"/> to
    /// <paramref name="to"/> leaves as it is — each current or announced shift of theirs it falls in, in every rotation — as
    /// warnings for whoever entered it (someone off sick this week is still paged until they are replaced).
    /// </summary>
    public async Task<IReadOnlyList<string>> AnnouncedDutyDuringAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        [.. (await AnnouncedShiftsDuringAsync(memberId, from, to, cancellationToken)).Select(x => AnnouncedDutyWarning(memberId, x.Rotation, x.Shift))];

    /// <summary>What <see cref="AnnouncedDutyDuringAsync"/> says of one current or announced shift a member's leave falls in.</summary>
    internal static string AnnouncedDutyWarning(string memberId, Rotation rotation, ScheduledShift shift) =>
        $"'{memberId}' is on duty in {shift.Week} of {rotation.Id}, which was announced: leave does not change it; replace them for that week";

    /// <summary>
    /// What new leave says of a week not yet announced it keeps the member on (its handoff morning after the week's dates, session
    /// 62): the hours, and that the week's announcement asks for a cover of them.
    /// </summary>
    internal static string KeptOnWarning(string memberId, Rotation rotation, ScheduledShift shift)
    {
        var zone = TimeZones.Find(rotation.TimeZone);
        var from = TimeZones.StartOfDay(shift.EndDate.AddDays(1), zone);
        return string.Format(CultureInfo.InvariantCulture, KeptOnWarningText, memberId, shift.Week, rotation.Id, Local(from > shift.StartsAt ? from : shift.StartsAt, zone), Local(shift.EndsAt, zone));
    }

    /// <summary>{0} the member, {1} the week, {2} the rotation, {3}–{4} the hours (local, with the zone): <see cref="KeptOnWarning"/>.</summary>
    public const string KeptOnWarningText = "'{0}' stays on duty in {1} of {2} (not announced yet) from {3} to {4}: leave for the handoff morning does not take them off the week; when it is announced, the others on it and the leads are asked to cover those hours";

    /// <summary>
    /// Each current or announced shift of a member that their leave from <paramref name="from"/> to <paramref name="to"/> falls
    /// in, in every rotation they are in, with the rotation.
    /// </summary>
    public async Task<IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)>> AnnouncedShiftsDuringAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var found = new List<(Rotation, ScheduledShift)>();
        var now = time.GetUtcNow();
        // The announced shifts are the current one and at most a few ahead: the schedule from the day before the leave's first (or
        // today), as a shift's last morning is the day after its dates (leave for the handoff Monday alone falls in the week before).
        foreach (var (rotation, start) in await RotationsDuringAsync(memberId, from, to, now, cancellationToken))
        {
            var schedule = await GetScheduleAsync(rotation.Id, start.AddDays(-1), 5, cancellationToken);
            var zone = TimeZones.Find(rotation.TimeZone);
            found.AddRange(schedule.Shifts
                .Where(s => s.Frozen && s.EndsAt > now && s.StartDate <= to && s.LastDay(zone) >= from && s.MemberIds.Contains(memberId))
                .Select(s => (schedule.Rotation, s)));
        }

        return found;
    }

    /// <summary>
    /// What a member's new leave from <paramref name="from"/> to <paramref name="to"/> leaves short: each coming shift not yet
    /// announced that falls in it, in every rotation they are in, with fewer members on duty than its pair size (one, or nobody) —
    /// as warnings naming the week for whoever entered it (trial 34 H3: 年末年始 went to one member and nobody was told). Said, never
    /// refused. Looks at most <see cref="ShortHandedLookAhead"/> shifts ahead.
    /// </summary>
    public async Task<IReadOnlyList<string>> ShortHandedDuringAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        [.. (await ShortHandedShiftsDuringAsync(memberId, from, to, cancellationToken)).Select(x => ShortHandedWarningOf(x.Rotation, x.Shift))];

    /// <summary>What <see cref="ShortHandedDuringAsync"/> says of one short-handed shift.</summary>
    internal static string ShortHandedWarningOf(Rotation rotation, ScheduledShift shift)
    {
        var note = shift.Notes.First(n => n.Kind == NoteKind.ShortHanded);
        return string.Format(CultureInfo.InvariantCulture, ShortHandedWarning, shift.Week, rotation.Id, note.Count, note.Of);
    }

    /// <summary>
    /// The shifts behind <see cref="ShortHandedDuringAsync"/>: each coming shift not yet announced that a member's leave from
    /// <paramref name="from"/> to <paramref name="to"/> falls in and that has fewer members than its pair size, with its rotation.
    /// </summary>
    public Task<IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)>> ShortHandedShiftsDuringAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ComingShiftsDuringAsync(memberId, from, to, IsShortHanded, cancellationToken);

    /// <summary>Whether <paramref name="shift"/> has fewer members on duty than its pair size (<see cref="NoteKind.ShortHanded"/>).</summary>
    internal static bool IsShortHanded(ScheduledShift shift) => shift.Notes.Any(n => n.Kind == NoteKind.ShortHanded);

    /// <summary>
    /// Every coming shift not yet announced from <paramref name="from"/> to <paramref name="to"/> in the rotations
    /// <paramref name="memberId"/> is in, with its rotation: what <see cref="ShortHandedShiftsDuringAsync"/> and
    /// <see cref="ComingShiftsOfDuringAsync"/> pick from, for a caller asking both (one schedule read per rotation, not two).
    /// </summary>
    public Task<IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)>> ComingShiftsDuringAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ComingShiftsDuringAsync(memberId, from, to, _ => true, cancellationToken);

    /// <summary>
    /// Each coming shift not yet announced from <paramref name="from"/> to <paramref name="to"/> that <paramref name="memberId"/> is
    /// on, with its rotation: asked before their leave is stored, what it will take them off.
    /// </summary>
    public Task<IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)>> ComingShiftsOfDuringAsync(string memberId, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        ComingShiftsDuringAsync(memberId, from, to, s => s.MemberIds.Contains(memberId), cancellationToken);

    /// <summary>The coming shifts not yet announced, at most <see cref="ShortHandedLookAhead"/> ahead, from <paramref name="from"/> to <paramref name="to"/> in the rotations <paramref name="memberId"/> is in, that <paramref name="which"/> picks.</summary>
    private async Task<IReadOnlyList<(Rotation Rotation, ScheduledShift Shift)>> ComingShiftsDuringAsync(string memberId, DateOnly from, DateOnly to, Func<ScheduledShift, bool> which, CancellationToken cancellationToken)
    {
        var found = new List<(Rotation, ScheduledShift)>();
        var now = time.GetUtcNow();
        foreach (var (rotation, start) in await RotationsDuringAsync(memberId, from, to, now, cancellationToken))
        {
            // From the day before, to its last day: a shift's handoff morning is the day after its dates (session 62).
            var weeks = Math.Min(ShortHandedLookAhead, ((to.DayNumber - start.DayNumber + 1) / (7 * rotation.ShiftWeeks)) + 2);
            var schedule = await GetScheduleAsync(rotation.Id, start.AddDays(-1), weeks, cancellationToken);
            var zone = TimeZones.Find(rotation.TimeZone);
            found.AddRange(schedule.Shifts
                .Where(s => !s.Frozen && s.EndsAt > now && s.StartDate <= to && s.LastDay(zone) >= from && which(s))
                .Select(s => (schedule.Rotation, s)));
        }

        return found;
    }

    /// <summary>
    /// The rotations <paramref name="memberId"/> is in whose coming days the leave from <paramref name="from"/> to
    /// <paramref name="to"/> reaches, each with the first such day (the leave's first, or today in the rotation's time zone).
    /// </summary>
    private async Task<List<(Rotation Rotation, DateOnly Start)>> RotationsDuringAsync(string memberId, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var found = new List<(Rotation, DateOnly)>();
        foreach (var rotation in await rotations.ListAsync(cancellationToken))
        {
            var today = TimeZones.DateAt(now, TimeZones.Find(rotation.Value.TimeZone));
            var start = from > today ? from : today;
            if (rotation.Value.Members.Contains(memberId) && start <= to)
            {
                found.Add((rotation.Value, start));
            }
        }

        return found;
    }

    /// <summary>How many shifts ahead <see cref="ShortHandedDuringAsync"/> looks (half a year of weekly shifts).</summary>
    public const int ShortHandedLookAhead = 26;

    /// <summary>{0} the week, {1} the rotation, {2} how many are on duty, {3} the pair size: the warning a leave leaving a week short gives.</summary>
    public const string ShortHandedWarning = "{0} of {1} has only {2} of {3} members on duty with this leave: an unanswered page goes on to the leads at once; replace or swap to fill it";

    /// <summary>
    /// The shift containing now in the rotation's time zone (null before the rotation starts). Read from
    /// <see cref="ScheduleInputCache"/> when there is one: paging asks this on every step, people and tools poll it.
    /// </summary>
    public async Task<OnCall> GetOnCallAsync(string id, CancellationToken cancellationToken)
    {
        var input = onCallCache is null
            ? await LoadInputAsync(id, cancellationToken)
            : await onCallCache.GetAsync(id, ct => LoadInputAsync(id, ct), cancellationToken);
        var calendar = input.Calendar();
        var now = time.GetUtcNow();
        var index = calendar.ShiftIndexAt(now);
        IReadOnlyList<ScheduledShift>? shifts = null;
        if (onCallCache is not null && _onCall.TryGetValue(id, out var known) && ReferenceEquals(known.Input, input) && known.Index == index)
        {
            if (known.Covers == ActiveCovers(known.Shifts, now, input))
            {
                return known.OnCall;
            }

            shifts = known.Shifts;
        }

        OnCall onCall;
        // In a shift held over past a start moved later, up to the next shift with people (the shifts between are nobody's).
        shifts ??= index < input.FirstIndex() ? [] : ScheduleCalculator.Compute(input, index, input.NextWithPeople(index) - index + 1);
        if (shifts.Count == 0 || index < 0 && !shifts[0].Frozen)
        {
            // Before the rotation's first start, or between a shift held over from before it and the first start: nobody.
            shifts = [];
            onCall = new OnCall(input.Rotation, null, null, [], input.Roster) { Leave = input.OwnLeave };
        }
        else
        {
            var duty = shifts[0].DutyAt(now);
            var members = Members(input, duty.Select(a => a.MemberId));
            // A part-timer's partner is paged on the days they do not work; everyone on duty when nobody works that day. A public
            // holiday or closure day is nobody's working day: as on weekends, everyone on duty is paged (trial 34 H4). Whether a
            // part-timer works is judged on their own date (trial 59: her Monday is not Tokyo's); the team's holidays on the team's.
            var zone = TimeZones.Find(input.Rotation.TimeZone);
            var today = TimeZones.DateAt(now, zone);
            var off = input.WorkingCalendar?.IsWorkingDay(today) == false ? [] : members.Where(m => m.IsOffOn(m.DateAt(now, zone))).ToList();
            onCall = new OnCall(input.Rotation, shifts[0], shifts[^1], off.Count == members.Count ? members : [.. members.Except(off)], input.Roster) { Duty = duty, NotWorkingToday = off, Leave = input.OwnLeave };
            foreach (var gone in shifts[0].Covers.Where(c => c.NotApplied == NoteKind.CoverReplacementGone && c.Includes(now)))
            {
                // Paging never reaches nobody: the covered member stays on duty, and the schedule's note says why.
                logger?.LogWarning(
                    "Cover {CoverId} of {Rotation} {Week}: replacement {ReplacementId} is no longer an active member of the roster; {MemberId} stays on duty and is paged",
                    gone.Id, id, shifts[0].Week, gone.ReplacementId, gone.MemberId);
            }
        }

        if (onCallCache is not null)
        {
            // Only inputs from the cache are kept: anything else is loaded anew per call and would never be asked again.
            _onCall[id] = (input, index, shifts, ActiveCovers(shifts, now, input), onCall);
        }

        return onCall;
    }

    /// <summary>The covers of the current shift that include <paramref name="now"/>, as a key (those that do not apply too: they are logged once each).</summary>
    /// <remarks>
    /// The key starts with today's date in the rotation's zone and in each zone of the roster's: who works today (a part-timer's days,
    /// on their own date) changes with them.
    /// </remarks>
    private static string ActiveCovers(IReadOnlyList<ScheduledShift> shifts, DateTimeOffset now, ScheduleInput input) =>
        shifts.Count == 0 ? "" : string.Join(",", new[] { input.Rotation.TimeZone }.Concat(input.Roster.Values.Select(m => m.TimeZone)).Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(z => TimeZones.TryFind(z, out var zone) ? $"{TimeZones.DateAt(now, zone):yyyy-MM-dd}" : "")) + "|" + string.Join(",", shifts[0].Covers.Where(c => c.Includes(now)).Select(c => c.Id));

    /// <summary>
    /// Overrides of weeks not yet announced and the changes people made to announced weeks (taken back ones too, saying by
    /// what), by shift then time.
    /// </summary>
    public async Task<IReadOnlyList<OverrideEntry>> ListOverridesAsync(string id, CancellationToken cancellationToken)
    {
        var rotation = await GetAsync(id, cancellationToken);
        var state = await rotations.GetStateAsync(id, cancellationToken);
        var calendar = _schedules.Calendar(rotation.Value);
        var entries = state.Overrides
            .Select(o => OverrideEntry.Of(o, calendar.IndexOfStartDate(o.ShiftStart) is { } index ? calendar.WeekLabel(index) : DutyCalendar.IsoWeekLabel(o.ShiftStart)))
            .Concat(state.Frozen.SelectMany(f => f.Changes.Select(c => OverrideEntry.Of(f, c))));
        return [.. entries.OrderBy(e => e.ShiftStart).ThenBy(e => e.CreatedAt).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Puts <paramref name="replacementId"/> on the shift containing <paramref name="week"/> instead of <paramref name="memberId"/>.
    /// A shift not yet announced gets an override; the current or an announced shift is changed at once (a reason is required)
    /// and the change is announced. Never refused for the experience mix: the answer says so instead.
    /// </summary>
    public Task<DutyChangeResult> AddOverrideAsync(string id, string week, string memberId, string replacementId, string? reason, CancellationToken cancellationToken) =>
        AddOverrideAsync(id, week, memberId, replacementId, reason, null, cancellationToken);

    /// <inheritdoc cref="AddOverrideAsync(string, string, string, string, string?, CancellationToken)"/>
    /// <param name="by">Who makes it (kept with it, listed and told); null when nobody says.</param>
    public Task<DutyChangeResult> AddOverrideAsync(string id, string week, string memberId, string replacementId, string? reason, string? by, CancellationToken cancellationToken) =>
        AddOverrideAsync(id, week, memberId, replacementId, reason, by, force: false, cancellationToken);

    /// <inheritdoc cref="AddOverrideAsync(string, string, string, string, string?, CancellationToken)"/>
    /// <param name="by">Who makes it (kept with it, listed and told); null when nobody says.</param>
    /// <param name="force">Puts the replacement on the shift although they have leave in what is left of it or leave the company
    /// before it ends (then warned); without it that is refused (<see cref="ConflictException"/>, 409). Someone who has not joined
    /// yet is refused either way.</param>
    public async Task<DutyChangeResult> AddOverrideAsync(string id, string week, string memberId, string replacementId, string? reason, string? by, bool force, CancellationToken cancellationToken)
    {
        var input = await LoadInputAsync(id, cancellationToken);
        var shift = ResolveShift(input, week, "week", memberId);
        var errors = new ValidationErrors();
        CheckChangeable(errors, shift, "week", reason);
        CheckReplacement(errors, input, shift, memberId, replacementId);
        CheckTexts(errors, reason, by);
        errors.ThrowIfAny();
        CheckAvailable(input, shift, replacementId, "replacementId", force, RemainingFrom(input, shift), LastDay(input, shift));

        var created = NewReplacement(shift, memberId, replacementId, reason, by, CreatedAfter(input.State, time.GetUtcNow()));
        var warnings = Warnings(input, [(shift, memberId, replacementId)]);
        warnings.AddRange(RestoredWarnings(input, [(shift, CoversRestoredBy(input, shift, created))]));
        var before = scheduleChanges?.Take(input, [shift.StartDate]);
        if (shift.Frozen)
        {
            await ChangeFrozenAsync(input, [(shift, created)], cancellationToken);
        }
        else
        {
            await StoreUnlessFrozenMeanwhileAsync(id, [created], cancellationToken);
        }

        if (before is not null)
        {
            // Whoever the replacement moves (the replaced member, the replacement, anyone the queue now puts elsewhere) hears of it.
            await scheduleChanges!.TellAsync(before, new ScheduleChangeCause
            {
                Id = created.Id,
                Kind = ScheduleChangeKind.Replace,
                MemberId = memberId,
                OtherMemberId = replacementId,
                Week = shift.Week,
                Reason = created.Reason,
                By = created.By,
            }, cancellationToken);
        }

        // The replacement of an announced week serves that week only, so the weeks after it stay (trial 34 H1); should a change
        // to it still move a week not yet announced, whoever it moves hears of it above, as for any change.
        return new DutyChangeResult([created], shift.Frozen ? [shift.Week] : [], warnings);
    }

    /// <summary>
    /// With <paramref name="from"/> and <paramref name="to"/> (ISO 8601; without an offset in the rotation's time zone): a cover
    /// for part of one shift (the one <paramref name="week"/> names, else the one containing <paramref name="from"/>) — from
    /// <paramref name="from"/> to <paramref name="to"/> <paramref name="replacementId"/> is on duty (paged, called, listed) in
    /// <paramref name="memberId"/>'s place; the shift's pair and the rotation queue stay as they are. A cover of the current,
    /// announced shift is stored on it and announced like a change to it (a reason is required). Without them: the whole shift,
    /// as <see cref="AddOverrideAsync(string, string, string, string, string?, string?, CancellationToken)"/>.
    /// </summary>
    public Task<DutyChangeResult> AddOverrideAsync(
        string id, string? week, string memberId, string replacementId, string? reason, string? by, string? from, string? to, CancellationToken cancellationToken) =>
        AddOverrideAsync(id, week, memberId, replacementId, reason, by, from, to, force: false, cancellationToken);

    /// <inheritdoc cref="AddOverrideAsync(string, string?, string, string, string?, string?, string?, string?, CancellationToken)"/>
    /// <param name="force">As for a whole shift: leave or a leaving date in the range is refused without it.</param>
    public async Task<DutyChangeResult> AddOverrideAsync(
        string id, string? week, string memberId, string replacementId, string? reason, string? by, string? from, string? to, bool force, CancellationToken cancellationToken)
    {
        if (from is null && to is null)
        {
            if (string.IsNullOrWhiteSpace(week))
            {
                throw new ValidationException("week", "is required (2026-W49 or a date), unless from and to are given", Refusal.Of(DutyRefusals.WeekRequired));
            }

            return await AddOverrideAsync(id, week, memberId, replacementId, reason, by, force, cancellationToken);
        }

        var input = await LoadInputAsync(id, cancellationToken);
        var zone = TimeZones.Find(input.Rotation.TimeZone);
        var errors = new ValidationErrors();
        errors.When(string.IsNullOrWhiteSpace(from), "from", "is required with to (give both, or neither for the whole shift)", Refusal.Of(DutyRefusals.CoverBoth));
        errors.When(string.IsNullOrWhiteSpace(to), "to", "is required with from (give both, or neither for the whole shift)", Refusal.Of(DutyRefusals.CoverBoth));
        errors.ThrowIfAny();
        var start = CoverTime.Parse(from!, zone, "from", errors);
        var end = CoverTime.Parse(to!, zone, "to", errors);
        errors.ThrowIfAny();
        var (f, t) = (start!.Value, end!.Value);
        if (f >= t)
        {
            throw new ValidationException("to", $"must be after from ({Local(f, zone)})", Refusal.Of(DutyRefusals.CoverOrder, ("from", Local(f, zone)), ("timeZone", zone.Id)));
        }

        var now = time.GetUtcNow();
        var shift = string.IsNullOrWhiteSpace(week) ? ShiftAt(input, f, "from") : ResolveShift(input, week, "week", memberId);
        errors.When(f < shift.StartsAt || f >= shift.EndsAt, "from", $"must be within {shift.Week} ({Local(shift.StartsAt, zone)} to {Local(shift.EndsAt, zone)}): a cover is for part of one shift",
            DutyRefusals.Of(DutyRefusals.CoverWithin, shift, ("starts", Local(shift.StartsAt, zone)), ("ends", Local(shift.EndsAt, zone)), ("timeZone", zone.Id)));
        errors.When(t > shift.EndsAt, "to", $"must be at most the end of {shift.Week} ({Local(shift.EndsAt, zone)}): make one cover per shift",
            DutyRefusals.Of(DutyRefusals.CoverEnd, shift, ("ends", Local(shift.EndsAt, zone)), ("timeZone", zone.Id)));
        errors.When(t <= now, "to", "is in the past: a cover cannot change who was on duty then", Refusal.Of(DutyRefusals.CoverPast));
        CheckReasonIfAnnounced(errors, shift, reason);
        CheckReplacement(errors, input, shift, memberId, replacementId);
        var covers = shift.Covers.Where(c => c.Applies).ToList();
        if (covers.FirstOrDefault(c => c.MemberId == memberId && c.Overlaps(f, t)) is { } overlap)
        {
            errors.Add("from", $"'{memberId}' is already covered by '{overlap.ReplacementId}' from {Local(overlap.From, zone)} to {Local(overlap.To, zone)} (override {overlap.Id}): covers of one member must not overlap",
                Refusal.Of(DutyRefusals.CoverOverlap, ("member", memberId), ("replacement", overlap.ReplacementId), ("from", Local(overlap.From, zone)), ("to", Local(overlap.To, zone)), ("timeZone", zone.Id), ("override", overlap.Id)));
        }

        if (covers.FirstOrDefault(c => c.ReplacementId == replacementId && c.Overlaps(f, t)) is { } busy)
        {
            errors.Add("replacementId", $"'{replacementId}' is already on duty from {Local(busy.From, zone)} to {Local(busy.To, zone)}, covering '{busy.MemberId}' (override {busy.Id})",
                Refusal.Of(DutyRefusals.CoverBusy, ("member", replacementId), ("covered", busy.MemberId), ("from", Local(busy.From, zone)), ("to", Local(busy.To, zone)), ("timeZone", zone.Id), ("override", busy.Id)));
        }

        CheckTexts(errors, reason, by);
        errors.ThrowIfAny();
        CheckAvailable(input, shift, replacementId, "replacementId", force, TimeZones.DateAt(f > now ? f : now, zone), TimeZones.DateAt(t.AddTicks(-1), zone), (f, t));

        var created = NewReplacement(shift, memberId, replacementId, reason, by, CreatedAfter(input.State, now)) with
        {
            // Kept as instants in UTC: every store gives them back alike, and each reader sees them in their own zone.
            From = f.ToUniversalTime(),
            To = t.ToUniversalTime(),
        };
        List<string> warnings = [.. MixWarnings(input, [(shift, memberId, replacementId)]), .. CoverLeaveWarnings(input, shift, replacementId, f > now ? f : now, t, zone)];
        if (shift.Frozen)
        {
            await ChangeFrozenAsync(input, [(shift, created)], cancellationToken);
            return new DutyChangeResult([created], [shift.Week], warnings);
        }

        await StoreUnlessFrozenMeanwhileAsync(id, [created], cancellationToken);
        return new DutyChangeResult([created], [], warnings);
    }

    /// <summary>The replacement of a cover on leave during it: warned, never refused (as for a whole shift).</summary>
    private static IEnumerable<string> CoverLeaveWarnings(ScheduleInput input, ScheduledShift shift, string replacementId, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
    {
        var first = TimeZones.DateAt(from, zone);
        var last = TimeZones.DateAt(to.AddTicks(-1), zone);
        foreach (var leave in input.Leave.Where(l => l.MemberId == replacementId && l.From <= last && l.To >= first && input.SpanOf(l).From < to && from < input.SpanOf(l).To)
            .OrderBy(l => l.From).Select(input.OwnOf))
        {
            yield return $"'{replacementId}' is on leave {leave.From:yyyy-MM-dd} to {leave.To:yyyy-MM-dd} during the cover in {shift.Week}; the change was made anyway";
        }
    }

    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="memberId"/> (on duty in <paramref name="week"/>) and <paramref name="otherMemberId"/> (on duty in
    /// <paramref name="otherWeek"/>) trade shifts. A half in the current or an announced shift applies at once (with a reason)
    /// and is announced; a half in a later shift is an override.
    /// </summary>
    public Task<DutyChangeResult> AddSwapAsync(string id, string memberId, string week, string otherMemberId, string otherWeek, string? reason, CancellationToken cancellationToken) =>
        AddSwapAsync(id, memberId, week, otherMemberId, otherWeek, reason, null, cancellationToken);

    /// <inheritdoc cref="AddSwapAsync(string, string, string, string, string, string?, CancellationToken)"/>
    /// <param name="by">Who makes it (kept with both halves); null when nobody says.</param>
    public Task<DutyChangeResult> AddSwapAsync(
        string id, string memberId, string week, string otherMemberId, string otherWeek, string? reason, string? by, CancellationToken cancellationToken) =>
        AddSwapAsync(id, memberId, week, otherMemberId, otherWeek, reason, by, force: false, cancellationToken);

    /// <inheritdoc cref="AddSwapAsync(string, string, string, string, string, string?, string?, CancellationToken)"/>
    /// <param name="force">Either member may be put on a shift with their leave in it, or one running past their leaving date
    /// (then warned); without it that is refused (409 naming <c>otherMemberId</c> or <c>memberId</c>). Not joined yet: refused.</param>
    public async Task<DutyChangeResult> AddSwapAsync(
        string id, string memberId, string week, string otherMemberId, string otherWeek, string? reason, string? by, bool force, CancellationToken cancellationToken)
    {
        var input = await LoadInputAsync(id, cancellationToken);
        var shift = ResolveShift(input, week, "week", memberId);
        var other = ResolveShift(input, otherWeek, "otherWeek", otherMemberId);
        var errors = new ValidationErrors();
        errors.When(shift.Index == other.Index, "otherWeek", "must be a different shift from week", Refusal.Of(DutyRefusals.SameShift));
        CheckChangeable(errors, shift, "week", reason);
        CheckChangeable(errors, other, "otherWeek", reason);
        errors.When(!shift.MemberIds.Contains(memberId), "memberId", $"'{memberId}' is not on duty in {shift.Week}", DutyRefusals.Of(DutyRefusals.NotOnShift, shift, ("member", memberId)));
        errors.When(!other.MemberIds.Contains(otherMemberId), "otherMemberId", $"'{otherMemberId}' is not on duty in {other.Week}", DutyRefusals.Of(DutyRefusals.NotOnShift, other, ("member", otherMemberId)));
        errors.When(shift.MemberIds.Contains(otherMemberId), "otherMemberId", $"'{otherMemberId}' is already on duty in {shift.Week}", DutyRefusals.Of(DutyRefusals.AlreadyOn, shift, ("member", otherMemberId)));
        errors.When(other.MemberIds.Contains(memberId), "memberId", $"'{memberId}' is already on duty in {other.Week}", DutyRefusals.Of(DutyRefusals.AlreadyOn, other, ("member", memberId)));
        CheckTexts(errors, reason, by);
        errors.ThrowIfAny();
        CheckAvailable(input, shift, otherMemberId, "otherMemberId", force, RemainingFrom(input, shift), LastDay(input, shift));
        CheckAvailable(input, other, memberId, "memberId", force, RemainingFrom(input, other), LastDay(input, other));

        var swapId = NewId();
        var createdAt = CreatedAfter(input.State, time.GetUtcNow());
        var note = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        var who = Who(by);
        RotationOverride[] halves =
        [
            new() { Id = swapId + "-a", Kind = OverrideKind.Swap, SwapId = swapId, ShiftStart = shift.StartDate, MemberId = memberId, ReplacementId = otherMemberId, Reason = note, By = who, CreatedAt = createdAt },
            new() { Id = swapId + "-b", Kind = OverrideKind.Swap, SwapId = swapId, ShiftStart = other.StartDate, MemberId = otherMemberId, ReplacementId = memberId, Reason = note, By = who, CreatedAt = createdAt },
        ];
        var warnings = Warnings(input, [(shift, memberId, otherMemberId), (other, otherMemberId, memberId)]);
        warnings.AddRange(RestoredWarnings(input, [(shift, CoversRestoredBy(input, shift, halves[0])), (other, CoversRestoredBy(input, other, halves[1]))]));
        var frozen = new List<(ScheduledShift, RotationOverride)>();
        var later = new List<RotationOverride>();
        foreach (var (s, half) in new[] { (shift, halves[0]), (other, halves[1]) })
        {
            if (s.Frozen)
            {
                frozen.Add((s, half));
            }
            else
            {
                later.Add(half);
            }
        }

        var before = scheduleChanges?.Take(input, [shift.StartDate, other.StartDate]);
        if (later.Count > 0)
        {
            await StoreUnlessFrozenMeanwhileAsync(id, later, cancellationToken);
        }

        try
        {
            await ChangeFrozenAsync(input, frozen, cancellationToken);
        }
        catch when (later.Count > 0)
        {
            // Half a swap is no swap: take the stored half back.
            await rotations.DeleteOverrideAsync(id, later[0].Id, CancellationToken.None);
            throw;
        }

        if (before is not null)
        {
            // The weeks not yet announced it moves are told here (an announced half has its change notice). When neither half
            // was announced, both parties hear of it even if their weeks fall outside what is compared.
            await scheduleChanges!.TellAsync(before, new ScheduleChangeCause
            {
                Id = swapId,
                Kind = ScheduleChangeKind.Swap,
                MemberId = memberId,
                OtherMemberId = otherMemberId,
                Week = shift.Week,
                OtherWeek = other.Week,
                Reason = note,
                By = who,
                AlwaysTell = frozen.Count == 0 ? [memberId, otherMemberId] : [],
            }, cancellationToken);
        }

        return new DutyChangeResult(halves, [.. frozen.Select(f => f.Item1.Week)], warnings);
    }

    /// <summary>
    /// Rewrites each announced shift with its change (ETag-guarded: an announcement run or another PM changing it at the same
    /// time is retried against the fresh record), then announces the changes. The change ids make the announcement once.
    /// </summary>
    private Task ChangeFrozenAsync(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, RotationOverride Half)> changes, CancellationToken cancellationToken) =>
        ApplyToFrozenAsync(
            input.Rotation,
            [.. changes.Select(c => (c.Shift.StartDate, c.Shift.Week, new DutyChange
            {
                Id = c.Half.Id,
                Kind = c.Half.Kind,
                MemberId = c.Half.MemberId,
                ReplacementId = c.Half.ReplacementId,
                SwapId = c.Half.SwapId,
                Reason = c.Half.Reason ?? "",
                By = c.Half.By,
                At = c.Half.CreatedAt,
                From = c.Half.From,
                To = c.Half.To,
                CancelsCovers = c.Half.IsCover || CoversCancelledBy(c.Shift, c.Half.MemberId, c.Half.ReplacementId) is not { Count: > 0 } cancelled ? null : cancelled,
                RestoresCovers = CoversRestoredBy(input, c.Shift, c.Half) is { Count: > 0 } restored ? restored : null,
            }))],
            cancellationToken);

    /// <summary>
    /// Writes each change onto its frozen shift, checked against the stored shift at its ETag (a member already gone, a
    /// replacement already there, or a change already taken back is refused, naming the field), then announces them.
    /// </summary>
    private async Task ApplyToFrozenAsync(Rotation rotation, IReadOnlyList<(DateOnly Start, string Week, DutyChange Change)> changes, CancellationToken cancellationToken)
    {
        var rotationId = rotation.Id;
        var field = changes.Any(c => c.Change.Undoes is not null) ? "overrideId" : null;
        foreach (var (start, week, change) in changes)
        {
            for (var attempt = 1; ; attempt++)
            {
                var current = await rotations.GetFrozenShiftAsync(rotationId, start, cancellationToken)
                    ?? throw new ConcurrencyException($"{week} was being announced; try again", DutyRefusals.Of(DutyRefusals.BeingAnnounced, week, start));
                var errors = new ValidationErrors();
                if (!change.IsCover || change.Undoes is null)
                {
                    errors.When(!current.Value.Members.Contains(change.MemberId), field ?? "memberId", $"'{change.MemberId}' is no longer on duty in {week} ({string.Join(", ", current.Value.Members)})",
                        DutyRefusals.Of(DutyRefusals.NoLongerOnShift, week, start, ("member", change.MemberId)));
                    errors.When(current.Value.Members.Contains(change.ReplacementId), field ?? "replacementId", $"'{change.ReplacementId}' is already on duty in {week}",
                        DutyRefusals.Of(DutyRefusals.AlreadyOn, week, start, ("member", change.ReplacementId)));
                }

                if (change.IsCover && change.Undoes is null)
                {
                    // Checked again at the stored shift's ETag: two people covering the same evening at once.
                    var covers = current.Value.Changes.Where(c => c.InEffect && c.IsCover && c.From < change.To && change.From < c.To).ToList();
                    var zone = TimeZones.Find(rotation.TimeZone);
                    if (covers.FirstOrDefault(c => c.MemberId == change.MemberId) is { } overlap)
                    {
                        errors.Add("from", $"'{change.MemberId}' is already covered then in {week}: covers of one member must not overlap",
                            Refusal.Of(DutyRefusals.CoverOverlap, ("member", change.MemberId), ("replacement", overlap.ReplacementId), ("from", Local(overlap.From!.Value, zone)), ("to", Local(overlap.To!.Value, zone)), ("timeZone", zone.Id), ("override", overlap.Id)));
                    }

                    if (covers.FirstOrDefault(c => c.ReplacementId == change.ReplacementId) is { } busy)
                    {
                        errors.Add("replacementId", $"'{change.ReplacementId}' is already on duty then in {week}, covering someone else",
                            Refusal.Of(DutyRefusals.CoverBusy, ("member", change.ReplacementId), ("covered", busy.MemberId), ("from", Local(busy.From!.Value, zone)), ("to", Local(busy.To!.Value, zone)), ("timeZone", zone.Id), ("override", busy.Id)));
                    }
                }

                errors.When(current.Value.Changes.Count >= FrozenShift.MaxChanges, field ?? "week", $"{week} was changed {FrozenShift.MaxChanges} times already",
                    DutyRefusals.Of(DutyRefusals.TooManyChanges, week, start, ("count", FrozenShift.MaxChanges)));
                errors.When(change.Undoes is { } undone && current.Value.Changes.FirstOrDefault(c => c.Id == undone) is not { UndoneBy: null }, "overrideId", $"'{change.Undoes}' was already taken back",
                    Refusal.Of(DutyRefusals.TakenBack, ("override", change.Undoes)));
                errors.ThrowIfAny();
                try
                {
                    await rotations.UpdateFrozenShiftAsync(rotationId, current.Value.With(change), current.ETag, cancellationToken);
                    break;
                }
                catch (ConcurrencyException) when (attempt < 10)
                {
                }
            }
        }

        if (announcer is not null)
        {
            foreach (var start in changes.Select(c => c.Start).Distinct())
            {
                await announcer.AnnounceChangesAsync(rotation, start, cancellationToken);
            }
        }

        if (dutyChanges is not null)
        {
            // The pair on duty now may have changed: an incident waiting unanswered is handed to them now, not at the next timer run.
            await dutyChanges.DutyChangedAsync(rotationId, cancellationToken);
        }
    }

    /// <summary>
    /// An announced shift may still be changed by a person while it runs (a sick PM is replaced at once) — with a reason, so the
    /// people told know why. A shift that is over is history.
    /// </summary>
    private void CheckChangeable(ValidationErrors errors, ScheduledShift shift, string field, string? reason)
    {
        // Over is over, announced or not: a change cannot alter who was on duty then (nor the load report and feeds after the fact).
        errors.When(shift.EndsAt <= time.GetUtcNow(), field, $"{shift.Week} is over", DutyRefusals.Of(DutyRefusals.Over, shift));
        CheckReasonIfAnnounced(errors, shift, reason);
    }

    /// <summary>A change to an announced shift says why: the people told read it.</summary>
    private static void CheckReasonIfAnnounced(ValidationErrors errors, ScheduledShift shift, string? reason) =>
        errors.When(shift.Frozen && string.IsNullOrWhiteSpace(reason), "reason", $"is required to change {shift.Week}, which was already announced (the people told read it)", DutyRefusals.Of(DutyRefusals.ReasonRequired, shift));

    /// <summary>A replacement of <paramref name="memberId"/> on <paramref name="shift"/>, for the whole of it or part: the member is on it, the replacement is an active member not on it yet.</summary>
    private static void CheckReplacement(ValidationErrors errors, ScheduleInput input, ScheduledShift shift, string memberId, string replacementId)
    {
        errors.When(!shift.MemberIds.Contains(memberId), "memberId", $"'{memberId}' is not on duty in {shift.Week} ({string.Join(", ", shift.MemberIds)})", DutyRefusals.Of(DutyRefusals.NotOnShift, shift, ("member", memberId)));
        errors.When(!IsActiveMember(input, replacementId), "replacementId", $"'{replacementId}' is not an active member of the roster", Refusal.Of(DutyRefusals.NotActive, ("member", replacementId)));
        errors.When(shift.MemberIds.Contains(replacementId), "replacementId", $"'{replacementId}' is already on duty in {shift.Week}", DutyRefusals.Of(DutyRefusals.AlreadyOn, shift, ("member", replacementId)));
    }

    /// <summary>
    /// Whether <paramref name="memberId"/> can be put on <paramref name="shift"/> from <paramref name="first"/> to
    /// <paramref name="last"/> (local dates): not before they join (refused, force or not: their mailbox may not exist yet), and
    /// without leave or their leaving date in it unless <paramref name="force"/> (pages would reach someone away; with force it is
    /// made and warned about, and the shift keeps a note). Refused with <see cref="ConflictException"/> naming <paramref name="field"/>.
    /// A <paramref name="cover"/> (its instants) is named by its own range, not the whole week (trial 34 M5); leave that meets the
    /// duty for part of a day (the handoff day) names the hours it overlaps (trial 34 L1).
    /// </summary>
    private static void CheckAvailable(ScheduleInput input, ScheduledShift shift, string memberId, string field, bool force, DateOnly first, DateOnly last, (DateTimeOffset From, DateTimeOffset To)? cover = null)
    {
        if (!input.Roster.TryGetValue(memberId, out var member))
        {
            return;
        }

        if (member.JoinedOn != default && first < member.JoinedOn)
        {
            // A change made in a running week starts today, not when the week began (trial 37 L3).
            var starts = first == shift.StartDate ? $"after {shift.Week} begins ({first:yyyy-MM-dd})" : $"after {first:yyyy-MM-dd}, when they would start in {shift.Week}";
            throw new ConflictException(field, $"'{memberId}' joins on {member.JoinedOn:yyyy-MM-dd}, {starts}: someone who has not joined cannot be put on duty",
                DutyRefusals.Of(DutyRefusals.NotJoined, shift, ("member", memberId), ("joinedOn", member.JoinedOn), ("first", first)));
        }

        if (force)
        {
            return;
        }

        var zone = TimeZones.Find(input.Rotation.TimeZone);
        if (member.LeavesOn is { } leaves && leaves < last)
        {
            var during = cover is { } c ? $"the cover in {shift.Week} ends ({Local(c.To, zone)})" : $"{shift.Week} ends ({last:yyyy-MM-dd})";
            throw new ConflictException(field, $"'{memberId}' leaves on {leaves:yyyy-MM-dd} (their last day), before {during}; send \"force\": true to make the change anyway",
                DutyRefusals.Of(DutyRefusals.Leaving, shift, [("member", memberId), ("leavesOn", leaves), ("last", last), .. cover is { } range ? CoverRangeArgs(range, zone) : []]));
        }

        var (dutyFrom, dutyTo) = cover ?? (shift.StartsAt, shift.EndsAt);
        foreach (var dated in input.Leave.Where(l => l.MemberId == memberId && l.From <= last && l.To >= first).OrderBy(l => l.From))
        {
            // The duty's instants against the leave's instants (its days in its member's zone): a shift handed over at 10:00 on the
            // first day of leave still has its member on duty from 00:00 to 10:00 of it. Leave of a member abroad that only touches
            // these dates in the rotation's zone may miss the duty's hours: then it is not in the way.
            var leave = input.OwnOf(dated);
            var (leaveFrom, leaveTo) = input.SpanOf(dated);
            var overlapFrom = Max(leaveFrom, Max(dutyFrom, TimeZones.StartOfDay(first, zone)));
            var overlapTo = Min(leaveTo, dutyTo);
            if (overlapFrom >= overlapTo && TimeZones.TryFind(member.TimeZone, out var own) && !Leave.SameZone(own, zone))
            {
                continue;
            }

            var partDay = !IsMidnight(overlapFrom, zone) || !IsMidnight(overlapTo, zone);
            var hours = partDay ? $" (on duty {Local(overlapFrom, zone)} to {Local(overlapTo, zone)})" : "";
            throw new ConflictException(field, $"'{memberId}' is on leave {leave.From:yyyy-MM-dd} to {leave.To:yyyy-MM-dd} during {shift.Week}{hours}: pages would reach someone away; send \"force\": true to make the change anyway",
                DutyRefusals.Of(DutyRefusals.OnLeave, shift, [("member", memberId), ("from", leave.From), ("to", leave.To),
                    .. partDay ? [("overlapFrom", (object?)TimeZoneInfo.ConvertTime(overlapFrom, zone)), ("overlapTo", TimeZoneInfo.ConvertTime(overlapTo, zone)), ("timeZone", zone.Id)] : Array.Empty<(string, object?)>()]));
        }
    }

    /// <summary>A cover's range as a person says it: its first day (or time), and the last day it includes (or the time it ends).</summary>
    private static (string Name, object? Value)[] CoverRangeArgs((DateTimeOffset From, DateTimeOffset To) cover, TimeZoneInfo zone)
    {
        var from = TimeZoneInfo.ConvertTime(cover.From, zone);
        var to = TimeZoneInfo.ConvertTime(cover.To, zone);
        return
        [
            ("coverFrom", IsMidnight(from, zone) ? DateOnly.FromDateTime(from.DateTime) : from),
            // The end is exclusive: a cover until 1/2 00:00 is said 「1月1日(金)まで」.
            ("coverUntil", IsMidnight(to, zone) ? DateOnly.FromDateTime(to.DateTime).AddDays(-1) : to),
            // The zone its times are in, said after them (「19:00〜23:00（JST）」).
            ("timeZone", zone.Id),
        ];
    }

    private static bool IsMidnight(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).TimeOfDay == TimeSpan.Zero;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>
    /// The last local day <paramref name="shift"/> has anyone on duty: the handoff day it ends on (until the handoff time) included
    /// (<see cref="ScheduledShift.LastDay"/> in the rotation's zone, the one rule for it).
    /// </summary>
    private static DateOnly LastDay(ScheduleInput input, ScheduledShift shift) => shift.LastDay(TimeZones.Find(input.Rotation.TimeZone));

    /// <summary>The first date of what is left of <paramref name="shift"/>: its start, or today once it runs.</summary>
    private DateOnly RemainingFrom(ScheduleInput input, ScheduledShift shift)
    {
        var today = TimeZones.DateAt(time.GetUtcNow(), TimeZones.Find(input.Rotation.TimeZone));
        return shift.StartDate > today ? shift.StartDate : today;
    }

    /// <summary>A replacement of <paramref name="memberId"/> for the whole of <paramref name="shift"/> (a cover adds its range).</summary>
    /// <summary>
    /// The creation time of a new override: now, but after every override and change already stored. Overrides apply in
    /// creation order and the new one was checked against the schedule with all of them applied, so it must apply after
    /// them: a clock equal to (two requests in one instant) or behind (another instance) the last one's would otherwise
    /// let it apply first, where it may do nothing (its replacement still on duty) while the lead was told it was made.
    /// </summary>
    private static DateTimeOffset CreatedAfter(RotationState state, DateTimeOffset now)
    {
        var latest = state.Overrides.Select(o => o.CreatedAt)
            .Concat(state.Frozen.SelectMany(f => f.Changes.Select(c => c.At)))
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        return latest < now ? now : latest.AddMilliseconds(1);
    }

    private static RotationOverride NewReplacement(ScheduledShift shift, string memberId, string replacementId, string? reason, string? by, DateTimeOffset createdAt) => new()
    {
        Id = NewId(),
        Kind = OverrideKind.Replace,
        ShiftStart = shift.StartDate,
        MemberId = memberId,
        ReplacementId = replacementId,
        Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
        By = Who(by),
        CreatedAt = createdAt,
    };

    /// <summary>The texts a person types with a change: each within its length.</summary>
    private static void CheckTexts(ValidationErrors errors, string? reason, string? by)
    {
        errors.When(reason?.Trim().Length > MaxReasonLength, "reason", $"must be at most {MaxReasonLength} characters");
        errors.When(by?.Trim().Length > MaxByLength, "by", $"must be at most {MaxByLength} characters");
        errors.CheckLine("reason", reason).CheckLine("by", by);
    }

    private static string? Who(string? by) => string.IsNullOrWhiteSpace(by) ? null : by.Trim();

    /// <summary>What a change should make its author look again at, said and never refused: the experience mix, and leave.</summary>
    private List<string> Warnings(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes) =>
        [.. MixWarnings(input, changes), .. LeaveWarnings(input, changes), .. CoverWarnings(input, changes), .. RunWarnings(input, changes)];

    /// <summary>Weeks in a row from which a replacement is warned about (trial 32b M4: 高橋 took 佐藤's week between his own two).</summary>
    public const int LongRunWeeks = 3;

    /// <summary>
    /// Someone put on a shift next to their own turns would serve <see cref="LongRunWeeks"/> or more weeks in a row: warned,
    /// never refused (a lead may have no one else), e.g. "'takahashi' now serves 3 weeks in a row (2026-W49 to 2026-W51)".
    /// The neighbouring shifts are read as they are now (a replacement does not move the queue).
    /// </summary>
    private static IEnumerable<string> RunWarnings(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes)
    {
        foreach (var (shift, _, @in) in changes)
        {
            if (Run(input, changes, shift.Index, @in) is { } run && run.Weeks >= LongRunWeeks)
            {
                yield return $"'{@in}' now serves {run.Weeks} weeks in a row ({run.From} to {run.To}); the change was made anyway";
            }
        }
    }

    /// <summary>The shifts next to <paramref name="index"/> that <paramref name="memberId"/> serves after <paramref name="changes"/>, as weeks and their first and last labels.</summary>
    internal static (int Weeks, string From, string To)? Run(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes, int index, string memberId)
    {
        const int around = 8;
        var first = input.ClampToFirst(index - around);
        var shifts = ScheduleCalculator.Compute(input, first, index - first + around + 1).ToDictionary(s => s.Index);
        return Run(shifts, changes, index, memberId, input.Rotation.ShiftWeeks);
    }

    /// <inheritdoc cref="Run(ScheduleInput, IReadOnlyList{ValueTuple{ScheduledShift, string, string}}, int, string)"/>
    /// <param name="shifts">The shifts around <paramref name="index"/> by index, worked out once for several members.</param>
    internal static (int Weeks, string From, string To)? Run(
        IReadOnlyDictionary<int, ScheduledShift> shifts, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes, int index, string memberId, int shiftWeeks)
    {
        bool Serves(ScheduledShift s) =>
            changes.Any(c => c.Shift.Index == s.Index && c.In == memberId)
            || (s.MemberIds.Contains(memberId) && !changes.Any(c => c.Shift.Index == s.Index && c.Out == memberId));
        if (!shifts.TryGetValue(index, out var here) || !Serves(here))
        {
            return null;
        }

        var (from, to) = (here, here);
        while (shifts.TryGetValue(from.Index - 1, out var before) && Serves(before))
        {
            from = before;
        }

        while (shifts.TryGetValue(to.Index + 1, out var after) && Serves(after))
        {
            to = after;
        }

        var weeks = (to.EndDate.DayNumber - from.StartDate.DayNumber + 1) / 7;
        return (weeks, from.Week, DutyCalendar.LastWeekOf(to.Week, shiftWeeks));
    }

    /// <summary>
    /// The covers of <paramref name="shift"/> a whole-shift change of <paramref name="out"/> for <paramref name="in"/> makes
    /// unneeded (not over yet, applying until now): the covered member is replaced, or the cover's replacement joins the shift.
    /// </summary>
    private IReadOnlyList<Cover> CoversCancelledBy(ScheduledShift shift, string @out, string @in)
    {
        var now = time.GetUtcNow();
        return [.. shift.Covers.Where(c => c.Applies && c.To > now && (c.MemberId == @out || c.ReplacementId == @in))];
    }

    /// <summary>
    /// A whole-shift change that makes a cover unneeded says so, naming the cover (its replacement is told when the shift was
    /// announced); the cover is not deleted: taking the change back brings it back.
    /// </summary>
    private IEnumerable<string> CoverWarnings(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes)
    {
        var zone = TimeZones.Find(input.Rotation.TimeZone);
        foreach (var (shift, @out, @in) in changes)
        {
            foreach (var c in CoversCancelledBy(shift, @out, @in))
            {
                var why = c.MemberId == @out
                    ? $"'{c.MemberId}' is replaced by '{@in}' for {shift.Week}"
                    : $"'{c.ReplacementId}' is now on duty for all of {shift.Week}, and '{c.MemberId}' stays on duty then";
                var told = shift.Frozen ? $"; '{c.ReplacementId}' is told" : "";
                yield return $"cover {c.Id} ('{c.ReplacementId}' for '{c.MemberId}' from {Local(c.From, zone)} to {Local(c.To, zone)}) no longer applies: {why}{told}";
            }
        }
    }

    /// <summary>
    /// The covers of <paramref name="shift"/> (not over yet) that do not apply now and do once <paramref name="change"/> is made:
    /// the schedule is worked out with it (onto the announced shift, or as an override of one not announced), so whatever makes
    /// a cover apply again is seen — the covered member back, its replacement off the shift, an overlapping cover gone.
    /// </summary>
    private IReadOnlyList<Cover> CoversRestoredBy(ScheduleInput input, ScheduledShift shift, RotationOverride change) =>
        CoversRestoredBy(input, shift, shift.Frozen
            ? input.State with { Frozen = [.. input.State.Frozen.Select(f => f.ShiftStart == shift.StartDate ? f.With(AsChange(change)) : f)] }
            : input.State with { Overrides = [.. input.State.Overrides, change] });

    /// <inheritdoc cref="CoversRestoredBy(ScheduleInput, ScheduledShift, RotationOverride)"/>
    private IReadOnlyList<Cover> CoversRestoredBy(ScheduleInput input, ScheduledShift shift, RotationState after)
    {
        var now = time.GetUtcNow();
        var off = shift.Covers.Where(c => !c.Applies).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (off.Count == 0)
        {
            return [];
        }

        var changed = ScheduleCalculator.Compute(input with { State = after }, shift.Index, 1)[0];
        return [.. changed.Covers.Where(c => c.Applies && c.To > now && off.Contains(c.Id))];
    }

    /// <summary>An override as the change it makes to an announced shift (what is worked out from, not what is stored).</summary>
    private static DutyChange AsChange(RotationOverride o) => new()
    {
        Id = o.Id,
        Kind = o.Kind,
        MemberId = o.MemberId,
        ReplacementId = o.ReplacementId,
        SwapId = o.SwapId,
        Reason = o.Reason ?? "",
        By = o.By,
        At = o.CreatedAt,
        From = o.From,
        To = o.To,
    };

    /// <summary>
    /// A change that makes a cover apply again says so, naming the cover: from then its replacement is on duty in the member's
    /// place (and is told when the shift was announced, since they may have been told it was not needed).
    /// </summary>
    private static IEnumerable<string> RestoredWarnings(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, IReadOnlyList<Cover> Restored)> changes)
    {
        var zone = TimeZones.Find(input.Rotation.TimeZone);
        foreach (var (shift, restored) in changes)
        {
            foreach (var c in restored)
            {
                var told = shift.Frozen ? $"; '{c.ReplacementId}' is told" : "";
                yield return $"cover {c.Id} ('{c.ReplacementId}' for '{c.MemberId}' from {Local(c.From, zone)} to {Local(c.To, zone)}) applies again: '{c.ReplacementId}' is on duty then in '{c.MemberId}'s place in {shift.Week}{told}";
            }
        }
    }

    /// <summary>
    /// Someone put on a shift while on leave during what is left of it (a sick PM replaced by one off sick too): their pages,
    /// texts and calls would go to a person who is away. Warned, never refused (they may have offered to cover from home).
    /// </summary>
    private IEnumerable<string> LeaveWarnings(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes)
    {
        var today = TimeZones.DateAt(time.GetUtcNow(), TimeZones.Find(input.Rotation.TimeZone));
        foreach (var (shift, _, @in) in changes)
        {
            var from = shift.StartDate > today ? shift.StartDate : today;
            // The handoff day the shift ends on counts, as when the change was checked (CheckAvailable).
            var last = LastDay(input, shift);
            if (input.Roster.TryGetValue(@in, out var member) && member.LeavesOn is { } leaves && leaves < last)
            {
                yield return $"'{@in}' leaves on {leaves:yyyy-MM-dd} (their last day), before {shift.Week} ends; the change was made anyway";
            }

            foreach (var leave in input.Leave.Where(l => l.MemberId == @in && l.Overlaps(from, last)).OrderBy(l => l.From))
            {
                yield return $"'{@in}' is on leave {leave.From:yyyy-MM-dd} to {leave.To:yyyy-MM-dd} during {shift.Week}; the change was made anyway";
            }
        }
    }

    /// <summary>The experience mix is the schedule's aim, not a rule a person is held to: warned about, never refused.</summary>
    private static List<string> MixWarnings(ScheduleInput input, IReadOnlyList<(ScheduledShift Shift, string Out, string In)> changes)
    {
        var warnings = new List<string>();
        foreach (var (shift, @out, @in) in changes)
        {
            var after = shift.MemberIds.Select(m => m == @out ? @in : m).ToList();
            // A week of one member in a rotation of pairs counts too: a cover or replacement can leave only a junior there (trial 34 M6).
            if (input.Rotation.LacksExperience([.. after.Select(m => input.Roster.TryGetValue(m, out var member) ? member : null)], shift.StartDate))
            {
                warnings.Add($"{shift.Week} now has no experienced member ({string.Join(", ", after)}); the change was made anyway");
            }
        }

        return warnings;
    }

    /// <summary>
    /// The frozen check above and the write are two requests: an announcement can freeze the shift in between. Checking
    /// again after the write and taking the override back keeps the promise that a frozen week never changes, and
    /// tells the PM instead of storing an override that silently does nothing.
    /// </summary>
    private async Task StoreUnlessFrozenMeanwhileAsync(string id, IReadOnlyList<RotationOverride> overrides, CancellationToken cancellationToken)
    {
        await rotations.AddOverridesAsync(id, overrides, cancellationToken);
        foreach (var o in overrides)
        {
            if (await rotations.GetFrozenShiftAsync(id, o.ShiftStart, cancellationToken) is { } frozen)
            {
                await rotations.DeleteOverrideAsync(id, overrides[0].Id, CancellationToken.None);
                throw new ValidationException("week", $"{frozen.Value.Week} was announced while the change was being saved; it is frozen now and the change was not kept",
                    DutyRefusals.Of(DutyRefusals.FrozenMeanwhile, frozen.Value.Week, o.ShiftStart));
            }
        }
    }

    /// <summary>
    /// Takes an override back. One of a week not yet announced is deleted (both halves of a swap). A person's change to an
    /// announced week is undone: a new change puts the replaced member back on the frozen shift at once and is announced like
    /// the change was (the member returning, the one leaving and the channel, once each, under the undo's own id), so
    /// <c>oncall</c> and pages go to the announced pair again. A swap is taken back whole, each half the way its week needs.
    /// An override announced with its week is part of the announced pair: replace the member with a new change instead.
    /// </summary>
    public Task<OverrideRemoval> DeleteOverrideAsync(string id, string overrideId, string? reason, CancellationToken cancellationToken) =>
        DeleteOverrideAsync(id, overrideId, reason, null, cancellationToken);

    /// <inheritdoc cref="DeleteOverrideAsync(string, string, string?, CancellationToken)"/>
    /// <param name="by">Who takes it back (kept with the undo of an announced week's change); null when nobody says.</param>
    public async Task<OverrideRemoval> DeleteOverrideAsync(string id, string overrideId, string? reason, string? by, CancellationToken cancellationToken)
    {
        var input = await LoadInputAsync(id, cancellationToken);
        var state = input.State;
        var target = state.Overrides.FirstOrDefault(o => o.Id == overrideId);
        var change = state.Frozen.SelectMany(f => f.Changes.Select(c => (Shift: f, Change: c))).FirstOrDefault(c => c.Change.Id == overrideId);
        if (target is null && change.Change is null)
        {
            throw new NotFoundException("Override", overrideId);
        }

        var swapId = target?.SwapId ?? change.Change?.SwapId;
        var overrides = swapId is null ? (target is null ? [] : [target]) : state.Overrides.Where(o => o.SwapId == swapId).ToList();
        var changes = swapId is null
            ? (change.Change is null ? [] : [change])
            : state.Frozen.SelectMany(f => f.Changes.Where(c => c.SwapId == swapId).Select(c => (Shift: f, Change: c))).ToList();

        var calendar = input.Calendar();
        var now = time.GetUtcNow();
        var zone = TimeZones.Find(input.Rotation.TimeZone);
        var errors = new ValidationErrors();
        CheckTexts(errors, reason, by);
        // A cover stored before its week was announced is not part of the announced pair: it can be deleted until it ends.
        errors.When(overrides.Any(o => !o.IsCover && state.Frozen.Any(f => f.ShiftStart == o.ShiftStart)), "overrideId", "was announced with its week and is part of the announced pair; replace the member with a new override (with a reason) instead", Refusal.Of(DutyRefusals.AnnouncedPair, ("override", overrideId)));
        errors.When(overrides.Any(o => o.IsCover && o.To <= now) || changes.Any(c => c.Change.IsCover && c.Change.To <= now), "overrideId", "is a cover that is over: it cannot change who was on duty then", Refusal.Of(DutyRefusals.CoverOver, ("override", overrideId)));
        foreach (var (shift, c) in changes)
        {
            errors.When(c.Undoes is not null, "overrideId", $"'{c.Id}' takes back '{c.Undoes}'; make a new change instead", Refusal.Of(DutyRefusals.IsUndo, ("override", c.Id), ("undoes", c.Undoes)));
            // When it was taken back, in the team's zone (as the duty page lists it), not in UTC: the API says it with the zone's
            // name in English too (「12月7日(月) 10:30（JST）に取り消されています」, "on Mon 7 Dec 10:30 (JST)").
            var undoneAt = c.UndoneAt is { } at ? TimeZoneInfo.ConvertTime(at, zone) : (DateTimeOffset?)null;
            errors.When(c.UndoneBy is not null, "overrideId", $"'{c.Id}' was already taken back by '{c.UndoneBy}'{(undoneAt is { } local ? $" at {Local(local, zone)}" : "")}",
                Refusal.Of(DutyRefusals.TakenBack, ("override", c.Id), ("at", undoneAt), ("timeZone", undoneAt is null ? null : zone.Id)));
            var index = calendar.IndexOfStartDate(shift.ShiftStart) ?? calendar.ShiftIndexOn(shift.ShiftStart);
            errors.When(calendar.ShiftEndsAt(index) <= now, "overrideId", $"{shift.Week} is over", DutyRefusals.Of(DutyRefusals.Over, shift.Week, shift.ShiftStart));
        }

        errors.ThrowIfAny();

        // Taking back a whole-week change can make a cover unneeded too (one of the replacement leaving, or by the member
        // coming back), or make one apply again (the cover of the member it had replaced): its replacement is told with the
        // undo, as with any change. Taking back a cover can make an overlapping one apply again.
        var warnings = new List<string>();
        DutyChange Undo(FrozenShift shift, DutyChange change)
        {
            var undo = change.UndoneAs(NewId(), string.IsNullOrWhiteSpace(reason) ? "" : reason.Trim(), now, Who(by));
            if (calendar.IndexOfStartDate(shift.ShiftStart) is not { } index)
            {
                return undo;
            }

            var before = ScheduleCalculator.Compute(input, index, 1)[0];
            var restored = CoversRestoredBy(input, before, input.State with { Frozen = [.. input.State.Frozen.Select(f => f.ShiftStart == shift.ShiftStart ? f.With(undo) : f)] });
            warnings.AddRange(RestoredWarnings(input, [(before, restored)]));
            undo = restored.Count == 0 ? undo : undo with { RestoresCovers = restored };
            if (change.IsCover)
            {
                return undo;
            }

            warnings.AddRange(CoverWarnings(input, [(before, undo.MemberId, undo.ReplacementId)]));
            var cancelled = CoversCancelledBy(before, undo.MemberId, undo.ReplacementId);
            return cancelled.Count == 0 ? undo : undo with { CancelsCovers = cancelled };
        }

        var undos = changes.Select(c => (c.Shift.ShiftStart, c.Shift.Week, Undo(c.Shift, c.Change))).ToList();
        if (undos.Count > 0)
        {
            await ApplyToFrozenAsync(input.Rotation, undos, cancellationToken);
        }

        // Deleting an override of a week not yet announced can do the same to that week's covers: said on the duty page and in
        // the API's answer (200 with the warnings), nobody told (the announcement lists the week's covers as they are then).
        foreach (var start in overrides.Select(o => o.ShiftStart).Distinct())
        {
            if (calendar.IndexOfStartDate(start) is not { } index || state.Frozen.Any(f => f.ShiftStart == start))
            {
                continue;
            }

            var before = ScheduleCalculator.Compute(input, index, 1)[0];
            warnings.AddRange(RestoredWarnings(input, [(before, CoversRestoredBy(input, before, state with { Overrides = [.. state.Overrides.Where(o => !overrides.Contains(o))] }))]));
            warnings.AddRange(CoverWarnings(input, [.. overrides.Where(o => o.ShiftStart == start && !o.IsCover).Select(o => (before, o.ReplacementId, o.MemberId))]));
        }

        var deleted = new List<string>();
        var moved = overrides.Where(o => !o.IsCover && !state.Frozen.Any(f => f.ShiftStart == o.ShiftStart)).ToList();
        var untaken = moved.Count > 0 || undos.Count > 0 ? scheduleChanges?.Take(input, [.. moved.Select(o => o.ShiftStart)]) : null;
        if (overrides.Count > 0)
        {
            if (!await rotations.DeleteOverrideAsync(id, overrides[0].Id, cancellationToken) && undos.Count == 0)
            {
                throw new NotFoundException("Override", overrideId);
            }

            deleted.AddRange(overrides.Select(o => o.Id));
        }

        if (untaken is not null)
        {
            // Taking back a change of a week not yet announced moves the weeks back: whoever it moves hears of it (a swap's
            // parties always). Taking back a change of an announced week has its own notice; a week not yet announced it would
            // still move is told here too.
            var (firstId, firstStart, firstMember, firstReplacement) = moved.Count > 0
                ? (moved[0].SwapId ?? moved[0].Id, moved[0].ShiftStart, moved[0].MemberId, moved[0].ReplacementId)
                : (changes[0].Change.SwapId ?? changes[0].Change.Id, changes[0].Shift.ShiftStart, changes[0].Change.MemberId, changes[0].Change.ReplacementId);
            await scheduleChanges!.TellAsync(untaken, new ScheduleChangeCause
            {
                Id = firstId + "-undone",
                Kind = ScheduleChangeKind.Undo,
                MemberId = firstMember,
                OtherMemberId = firstReplacement,
                Week = calendar.IndexOfStartDate(firstStart) is { } at ? calendar.WeekLabel(at) : DutyCalendar.IsoWeekLabel(firstStart),
                Reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
                By = Who(by),
                AlwaysTell = swapId is not null && changes.Count == 0 ? [firstMember, firstReplacement] : [],
            }, cancellationToken);
        }

        return new OverrideRemoval(
            deleted,
            [.. undos.Select(u => OverrideEntry.Of(new FrozenShift { ShiftStart = u.ShiftStart, Week = u.Week, Members = [] }, u.Item3))],
            [.. undos.Select(u => u.Week).Distinct()])
        {
            Warnings = warnings,
        };
    }

    internal Task<ScheduleInput> LoadInputAsync(string id, CancellationToken cancellationToken) => _schedules.LoadAsync(id, cancellationToken);


    /// <summary>
    /// Accepts an ISO week (<c>2026-W49</c>) or a date (<c>2026-12-01</c>) and finds the shift containing it. A week label names
    /// the shift that starts in that week, by the handoff day of the cadence it started under (a week of an earlier cadence keeps
    /// its own day). A cadence change's shortened shift and the new cadence's first shift can start in the same week and share
    /// its label: the label then names the one of the two <paramref name="memberId"/> is on (a team lead replacing someone in
    /// 2027-W01 means the shift that person serves then); when they are on both or neither, it is refused naming both shifts'
    /// dates, so nothing goes to a shift the lead did not mean.
    /// </summary>
    private static ScheduledShift ResolveShift(ScheduleInput input, string week, string field, string? memberId = null)
    {
        var calendar = input.Calendar();
        DateOnly date;
        if (TryParseIsoWeek(week, out var monday))
        {
            var label = DutyCalendar.IsoWeekLabel(monday);
            var starting = input.Rotation.Cadences
                .Select(c => calendar.IndexOfStartDate(Rotation.DayIn(monday, c.HandoffDay)))
                .OfType<int>()
                .Where(i => i >= 0 && calendar.WeekLabel(i) == label)
                .Distinct()
                .Order()
                .ToList();
            if (starting.Count > 1)
            {
                var shifts = ScheduleCalculator.Compute(input, starting[0], starting[^1] - starting[0] + 1).Where(s => starting.Contains(s.Index)).ToList();
                var hers = shifts.Where(s => memberId is not null && s.MemberIds.Contains(memberId)).ToList();
                if (hers.Count == 1)
                {
                    return hers[0];
                }

                var zone = TimeZones.Find(input.Rotation.TimeZone);
                throw new ValidationException(field, $"{label} names {shifts.Count} shifts since the cadence changed: "
                    + string.Join(" and ", shifts.Select(s => $"{s.StartDate:yyyy-MM-dd} ({Local(s.StartsAt, zone)} to {Local(s.EndsAt, zone)})"))
                    + $"; give the date of the one you mean ({string.Join(" or ", shifts.Select(s => s.StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))})",
                    Refusal.Of(DutyRefusals.AmbiguousWeek, ("week", label), ("starts", shifts.Select(s => s.StartDate))));
            }

            date = starting.Count == 1 ? calendar.ShiftStartDate(starting[0]) : Rotation.DayIn(monday, input.Rotation.CadenceOfWeek(monday).HandoffDay);
        }
        else if (!DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            throw new ValidationException(field, "must be an ISO week like 2026-W49 or a date like 2026-12-01", Refusal.Of(DutyRefusals.Week));
        }

        // By nominal dates, so a week label names its shift even when the handoff moved off a holiday.
        return ShiftOrRefused(input, calendar.ShiftIndexOn(date), field);
    }

    /// <summary>The shift containing the instant <paramref name="at"/>.</summary>
    private static ScheduledShift ShiftAt(ScheduleInput input, DateTimeOffset at, string field) =>
        ShiftOrRefused(input, input.Calendar().ShiftIndexAt(at), field);

    /// <summary>Shift <paramref name="index"/>; refused (400) before the rotation starts, unless a shift held over from before it (its pair can be changed).</summary>
    private static ScheduledShift ShiftOrRefused(ScheduleInput input, int index, string field)
    {
        if (index >= input.FirstIndex() && ScheduleCalculator.Compute(input, index, 1)[0] is var shift && (index >= 0 || shift.Frozen))
        {
            return shift;
        }

        throw new ValidationException(field, $"is before the rotation starts ({input.Rotation.FirstStartDate:yyyy-MM-dd})", Refusal.Of(DutyRefusals.BeforeStart, ("firstStart", input.Rotation.FirstStartDate)));
    }

    internal static bool TryParseIsoWeek(string value, out DateOnly monday)
    {
        monday = default;
        if (value.Length is < 7 or > 8 || value[4] != '-' || (value[5] != 'W' && value[5] != 'w')
            || !int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(value.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out var weekNumber)
            || year < 2000 || year > 2200 || weekNumber < 1 || weekNumber > ISOWeek.GetWeeksInYear(year))
        {
            return false;
        }

        monday = DateOnly.FromDateTime(ISOWeek.ToDateTime(year, weekNumber, DayOfWeek.Monday));
        return true;
    }

    private static bool IsActiveMember(ScheduleInput input, string memberId) =>
        input.Roster.TryGetValue(memberId, out var member) && member.Active;

    private static IReadOnlyList<Member> Members(ScheduleInput input, IEnumerable<string> ids) =>
        ids.Select(id => input.Roster.TryGetValue(id, out var m) ? m : Member.Missing(id, input.Rotation.TimeZone)).ToList();

    private static string NewId() => Guid.NewGuid().ToString("n")[..12];
}
