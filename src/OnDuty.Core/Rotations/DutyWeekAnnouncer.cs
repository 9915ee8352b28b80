using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Core.Messages;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;

namespace OnDuty.Core.Rotations;

/// <summary>
/// Announces each rotation's current shift once its handoff has passed in the rotation's time zone.
/// Exactly once, on any number of runs and instances:
/// 1. the shift is frozen with a conditional insert (status Announcing) — the winner's members are final;
/// 2. one message per recipient is queued under a deterministic id (a second queue of the same id is a no-op);
/// 3. the frozen shift is marked Announced.
/// A run that finds a shift still Announcing (a crash between 1 and 3) re-queues from the frozen members,
/// which adds only what is missing. A missed handoff is caught up by the next run; past shifts are not.
/// A shift held over past a start moved later (<see cref="ScheduleInput.FirstIndex"/>) is announced like any other, from the record
/// the move froze (so once, under the week's ids), with the next shift that has people; before the first start otherwise, nothing.
/// </summary>
public sealed class DutyWeekAnnouncer(
    IRotationRepository rotations,
    IRosterRepository roster,
    OutboxDispatcher outbox,
    ITeamsChannel teams,
    AnnouncementComposer composer,
    TimeProvider time,
    IOptions<TeamOptions> teamOptions,
    ILogger<DutyWeekAnnouncer> logger,
    IWorkingCalendar? workingCalendar = null,
    AudienceExpander? audience = null,
    OutlookLeaveSync? outlookLeave = null,
    IHandoffBriefs? briefs = null,
    IOptions<Incidents.IncidentOptions>? incidents = null,
    LeaveDutyNotifier? leaveTold = null)
{
    private readonly ScheduleLoader _schedules = new(rotations, roster, workingCalendar);

    public async Task<IReadOnlyList<AnnouncementResult>> AnnounceDueAsync(CancellationToken cancellationToken)
    {
        var results = new List<AnnouncementResult>();
        foreach (var rotation in await rotations.ListAsync(cancellationToken))
        {
            using var scope = logger.BeginRotationScope(rotation.Value.Id);
            try
            {
                results.Add(await AnnounceAsync(rotation.Value, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One rotation's trouble must not keep the others from being announced; the next run retries it.
                logger.LogError(ex, "Announcing rotation {Rotation} failed", rotation.Value.Id);
                results.Add(new AnnouncementResult(rotation.Value.Id, null, AnnouncementOutcome.Failed, 0, ex.Message));
            }
        }

        var failed = results.Where(r => r.Outcome == AnnouncementOutcome.Failed).ToList();
        if (failed.Count > 0 && failed.Count == results.Count)
        {
            throw new InvalidOperationException("Every rotation failed to announce: " + string.Join("; ", failed.Select(f => $"{f.RotationId}: {f.Error}")));
        }

        return results;
    }

    private async Task<AnnouncementResult> AnnounceAsync(Rotation rotation, CancellationToken cancellationToken)
    {
        var calendar = _schedules.Calendar(rotation);
        var now = time.GetUtcNow();
        var index = calendar.ShiftIndexAt(now);
        var start = calendar.ShiftStartDate(index);
        var week = calendar.WeekLabel(index);
        var frozen = await rotations.GetFrozenShiftAsync(rotation.Id, start, cancellationToken);
        if (index < 0 && frozen is null)
        {
            // Before the rotation's first start, and no shift held over from before it (ScheduleInput.FirstIndex) runs now.
            return new AnnouncementResult(rotation.Id, null, AnnouncementOutcome.NotStarted, 0, null);
        }

        if (frozen?.Value.Status == FrozenShiftStatus.Announced)
        {
            // A change a person made whose messages a crash kept from the outbox is announced now.
            var changes = frozen.Value.Changes.Any(c => !c.Announced) ? await AnnounceChangesAsync(rotation, start, cancellationToken) : 0;
            return new AnnouncementResult(rotation.Id, week, AnnouncementOutcome.AlreadyAnnounced, changes, null);
        }

        if ((frozen is null || index < 0) && outlookLeave?.Enabled == true)
        {
            // Last look at Outlook before the members become final; an unreachable Graph does not hold the announcement up. A shift
            // held over past a start moved later was frozen by the move, not by its announcement: it is looked at now, as any
            // other shift is (leave found in it is noted and replaces nobody: its pair keeps it).
            await outlookLeave.SyncShiftAsync(rotation, index, cancellationToken);
        }

        var input = await _schedules.LoadAsync(rotation, null, cancellationToken);
        var members = input.Roster;
        var from = input.ClampToFirst(index - 1);
        var shifts = ScheduleCalculator.Compute(input, from, index - from + 1);
        var previous = from < index ? shifts[0] : null;
        var current = shifts[^1];
        // The next shift with people: after a shift held over past a start moved later, the rotation's first (nobody is on duty in
        // between, ScheduleInput.FirstIndex); otherwise the one after.
        var nextIndex = input.NextWithPeople(index);
        var next = ScheduleCalculator.ComputeShift(input, nextIndex);

        if (frozen is null)
        {
            var shift = new FrozenShift
            {
                ShiftStart = start,
                Week = week,
                Members = current.MemberIds,
                NextMembers = next.MemberIds,
                Status = FrozenShiftStatus.Announcing,
                FrozenAt = now,
            };
            var etag = await rotations.TryFreezeShiftAsync(rotation.Id, shift, cancellationToken);
            frozen = etag is null
                ? await rotations.GetFrozenShiftAsync(rotation.Id, start, cancellationToken)
                : new Versioned<FrozenShift>(shift, etag);
            if (frozen is null || frozen.Value.Status == FrozenShiftStatus.Announced)
            {
                return new AnnouncementResult(rotation.Id, week, AnnouncementOutcome.AlreadyAnnounced, 0, null);
            }
        }

        var announced = frozen.Value;
        if (!current.MemberIds.SequenceEqual(announced.Members, StringComparer.Ordinal))
        {
            // Another run froze the shift from another view of the roster: its members are final, read as the schedule has them.
            input = await _schedules.LoadAsync(rotation, null, cancellationToken);
            current = ScheduleCalculator.ComputeShift(input, index);
        }

        // Leave entered before now that keeps a member on the shift for some of its hours — the handoff morning after its dates,
        // which do not take her off it (session 62): said in the announcement, and the others on it and the leads are asked to
        // cover those hours as for leave entered in an announced week.
        var away = LeaveDutyNotifier.KeptOn(input, current).Where(k => k.To > now).ToList();
        var ahead = ScheduleCalculator.Compute(input, index, NextDuty.LookAhead + 1);
        var announcement = new DutyAnnouncement(
            rotation,
            week,
            calendar.ShiftStartsAt(index),
            calendar.ShiftEndsAt(index),
            Lookup(members, rotation.TimeZone, announced.Members),
            announced.Members.Where(id => previous?.MemberIds.Contains(id) == true).ToList(),
            calendar.WeekLabel(nextIndex),
            Lookup(members, rotation.TimeZone, announced.NextMembers.Count > 0 ? announced.NextMembers : next.MemberIds))
        {
            HandoffMoved = calendar.HandoffMoveOf(index),
            NextHandoffMoved = calendar.HandoffMoveOf(nextIndex),
            NobodyUntil = next.StartsAt > current.EndsAt ? next.StartsAt : null,
            Covers = NamedCover.Of(current, members, rotation.TimeZone),
            Away = [.. away.Select(k => new AwayInShift(Lookup(members, rotation.TimeZone, [k.Leave.MemberId])[0], k.From, k.To))],
            DaysOff = [.. current.Notes.Where(n => n.Kind is NoteKind.IncludesClosure or NoteKind.IncludesHolidays)],
            ThinDays = [.. current.Notes.Where(n => n.Kind == NoteKind.WorkingDaysThin)],
            LeadsOnDuty = LeadsOnDutyIn(rotation, Lookup(members, rotation.TimeZone, announced.Members), members),
            LeadsOnLeave = incidents?.Value is { } paging && string.Equals(rotation.Id, paging.RotationId, StringComparison.Ordinal)
                ? LeadsOnLeave.Days(current.StartDate, current.EndDate, paging, members.Values, input.OwnLeave)
                : null,
            ShortHanded = ShortHandedWeek.For(rotation, current, Lookup(members, rotation.TimeZone, announced.Members), members, incidents?.Value, teamOptions.Value.TeamLanguage),
            NoExperienced = rotation.LacksExperience([.. announced.Members.Select(id => members.GetValueOrDefault(id))], start),
            // Deterministic on every retry: the other shift's frozen record stays.
            ShiftStartInId = input.State.Frozen.Any(f => f.Week == week && f.ShiftStart != start) ? start : null,
            NextDuties = NextDuties(ahead, input, announced.Members.Concat(current.Covers.Where(c => c.Applies).Select(c => c.ReplacementId))),
            RestOfTurns = announced.Members.Distinct(StringComparer.Ordinal)
                .Select(id => (Id: id, Turn: NextDuty.RestOfTurn(ahead, id)))
                .Where(r => r.Turn.Count > 0)
                .ToDictionary(r => r.Id, r => r.Turn, StringComparer.Ordinal),
        };
        var expansion = audience is null
            ? null
            : await audience.ExpandAsync(rotation.NotifyEmails, members.Values.ToList(), cancellationToken);
        var language = teamOptions.Value.TeamLanguage;
        var recipients = expansion?.Recipients;
        if (announcement.ShortHanded is not null && incidents?.Value is { } pagingOptions
            && string.Equals(rotation.Id, pagingOptions.RotationId, StringComparison.Ordinal))
        {
            // A week of the paging rotation with one person (or nobody) on duty: an unanswered page goes to the leads at once, so
            // they hear of it with the week, not only the team lists (leave entered weeks ahead that nobody could fill, session 52).
            recipients = [.. recipients ?? [.. rotation.NotifyEmails.Select(a => new AudienceRecipient(a, null, null))], .. pagingOptions.LeadRecipients(members.Values, language)];
        }

        announcement = announcement with { Audience = recipients };
        var queued = await outbox.EnqueueAsync(composer.Compose(announcement, language, teams.Enabled), cancellationToken);
        if (leaveTold is not null && away.Count > 0)
        {
            // Before the shift is marked announced: a failure leaves it to the next run, which adds only what is missing.
            await leaveTold.TellAnnouncedAsync(rotation, current, [.. away.Select(k => k.Leave)], cancellationToken);
        }

        if (expansion?.Failures.Count > 0)
        {
            // Everyone reachable is told now; the shift stays Announcing so the next run adds the group's members (once each).
            var error = "groups not expanded: " + string.Join("; ", expansion.Failures);
            logger.LogWarning("Announced {Week} of {Rotation} without some groups, will retry: {Error}", week, rotation.Id, error);
            return new AnnouncementResult(rotation.Id, week, AnnouncementOutcome.Failed, queued.Count, error);
        }

        try
        {
            await rotations.UpdateFrozenShiftAsync(rotation.Id, announced with { Status = FrozenShiftStatus.Announced }, frozen.ETag, cancellationToken);
        }
        catch (ConcurrencyException)
        {
            // Another instance finished the same announcement; every message is queued once either way.
            logger.LogInformation("Shift {Week} of {Rotation} was marked announced by another run", week, rotation.Id);
        }

        logger.LogInformation("Announced {Week} of {Rotation}: {Members}; {Queued} messages queued", week, rotation.Id, string.Join(", ", announced.Members), queued.Count);
        if (announced.Changes.Any(c => !c.Announced))
        {
            await AnnounceChangesAsync(rotation, start, cancellationToken);
        }

        return new AnnouncementResult(rotation.Id, week, AnnouncementOutcome.Announced, queued.Count, null);
    }

    /// <summary>
    /// Each of <paramref name="memberIds"/>' next turn after shift <paramref name="index"/> (those with none in the next
    /// <see cref="NextDuty.LookAhead"/> shifts are left out): their own announcement mail says when it is.
    /// </summary>
    private static Dictionary<string, NextDuty> NextDuties(IReadOnlyList<ScheduledShift> ahead, ScheduleInput input, IEnumerable<string> memberIds)
    {
        var next = new Dictionary<string, NextDuty>(StringComparer.Ordinal);
        foreach (var id in memberIds.Distinct(StringComparer.Ordinal))
        {
            if (NextDuty.After(ahead, id, input.Roster, input.Rotation.TimeZone) is { } duty)
            {
                next[id] = duty;
            }
        }

        return next;
    }

    /// <summary>
    /// Announces the changes people made to a frozen shift that are not announced yet: the replacement, the replaced member,
    /// the team lists and the channel are told, once each (ids from the change id), then the changes are marked announced. Returns the
    /// messages queued.
    /// </summary>
    public async Task<int> AnnounceChangesAsync(Rotation rotation, DateOnly shiftStart, CancellationToken cancellationToken)
    {
        var frozen = await rotations.GetFrozenShiftAsync(rotation.Id, shiftStart, cancellationToken);
        var pending = frozen?.Value.Changes.Where(c => !c.Announced).ToList() ?? [];
        if (frozen is null || pending.Count == 0)
        {
            return 0;
        }

        var calendar = _schedules.Calendar(rotation);
        var index = calendar.IndexOfStartDate(shiftStart) ?? calendar.ShiftIndexOn(shiftStart);
        var members = await roster.LoadRosterAsync(cancellationToken);
        var language = teamOptions.Value.TeamLanguage;
        var queued = new List<string>();

        // The team lists hear of the change as they heard of the week; a group that cannot be expanded now leaves its
        // members out of this change's mail (the people concerned and the channel are still told).
        var expansion = audience is null ? null : await audience.ExpandAsync(rotation.NotifyEmails, members.Values.ToList(), cancellationToken);
        if (expansion?.Failures.Count > 0)
        {
            logger.LogWarning("Change to {Week} of {Rotation} announced without some groups: {Error}", frozen.Value.Week, rotation.Id, string.Join("; ", expansion.Failures));
        }

        // The schedule as it stands with the changes (they are stored on the frozen shift): how long a run each replacement now serves.
        var input = await _schedules.LoadAsync(rotation, null, cancellationToken);
        foreach (var change in pending)
        {
            var run = change.IsCover || !frozen.Value.Members.Contains(change.ReplacementId) ? null : RotationService.Run(input, [], index, change.ReplacementId);
            var notice = new DutyChangeNotice(
                rotation,
                frozen.Value.Week,
                calendar.ShiftStartsAt(index),
                calendar.ShiftEndsAt(index),
                // Who made it, as the mail names them: a member id given to the API as the member's name (the stored change keeps the id).
                change with { By = change.By is { } by && members.TryGetValue(by, out var who) && !string.IsNullOrWhiteSpace(who.DisplayName) ? who.DisplayName : change.By },
                Lookup(members, rotation.TimeZone, [change.MemberId])[0],
                Lookup(members, rotation.TimeZone, [change.ReplacementId])[0],
                Lookup(members, rotation.TimeZone, frozen.Value.Members))
            {
                ReplacementWeeksInARow = run is { Weeks: >= RotationService.LongRunWeeks } r ? r.Weeks : null,
                Trade = TradedShiftOf(change, input.State, calendar),
            };
            queued.AddRange(await outbox.EnqueueAsync(composer.ComposeChange(notice, language, teams.Enabled, expansion?.Recipients), cancellationToken));
        }

        // Whoever was to cover part of the shift hears what the changes made of their cover: unneeded, or applying again (once:
        // the id names change and cover). Of changes announced together (a change and its undo, after a crash or a failed run)
        // only the last word on each cover is told, so nobody is left with 「不要」 for a cover that applies in the end.
        foreach (var (change, cover, restored) in LastWordOnEachCover(pending))
        {
            var named = new NamedCover(cover, Lookup(members, rotation.TimeZone, [cover.MemberId])[0], Lookup(members, rotation.TimeZone, [cover.ReplacementId])[0]);
            var told = change with { By = change.By is { } by && members.TryGetValue(by, out var who) && !string.IsNullOrWhiteSpace(who.DisplayName) ? who.DisplayName : change.By };
            queued.AddRange(await outbox.EnqueueAsync(
                restored
                    ? composer.ComposeCoverRestored(new CoverRestoredNotice(named.Replacement.Language, rotation, frozen.Value.Week, named, told) { HandoffDate = calendar.HandoffDate(index) })
                    : composer.ComposeCoverCancelled(new CoverCancelledNotice(named.Replacement.Language, rotation, frozen.Value.Week, named, Lookup(members, rotation.TimeZone, [change.ReplacementId])[0], told) { HandoffDate = calendar.HandoffDate(index) }),
                cancellationToken));
        }

        for (var attempt = 1; ; attempt++)
        {
            var current = await rotations.GetFrozenShiftAsync(rotation.Id, shiftStart, cancellationToken);
            if (current is null || current.Value.Changes.Where(c => pending.Any(p => p.Id == c.Id)).All(c => c.Announced))
            {
                break;
            }

            var marked = current.Value with { Changes = [.. current.Value.Changes.Select(c => pending.Any(p => p.Id == c.Id) ? c with { Announced = true } : c)] };
            try
            {
                await rotations.UpdateFrozenShiftAsync(rotation.Id, marked, current.ETag, cancellationToken);
                break;
            }
            catch (ConcurrencyException) when (attempt < 10)
            {
                // Another change or run wrote the shift meanwhile: mark against the fresh record.
            }
        }

        logger.LogInformation("Announced changes (count: {Changes}) to {Week} of {Rotation}: {Members}; messages queued: {Queued}", pending.Count, frozen.Value.Week, rotation.Id, string.Join(", ", frozen.Value.Members), queued.Count);
        if (briefs is not null && pending.Any(c => frozen.Value.Members.Contains(c.ReplacementId)))
        {
            // Whoever took over mid-shift hears now which incidents are open, not with the next escalation step or the
            // timer's next run (which still sends a brief this one could not: it is once per shift and member).
            try
            {
                await briefs.BriefAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Handoff brief after the change to {Week} of {Rotation} failed; the next AnnounceDutyWeek run sends it", frozen.Value.Week, rotation.Id);
            }
        }

        return queued.Count;
    }

    /// <summary>
    /// Per cover the changes of <paramref name="changes"/> (oldest first) cancel or restore, the last of them: what the cover's
    /// replacement must believe in the end. A change that both cancels and restores covers says each once.
    /// </summary>
    internal static IReadOnlyList<(DutyChange Change, Cover Cover, bool Restored)> LastWordOnEachCover(IReadOnlyList<DutyChange> changes)
    {
        var last = new Dictionary<string, (DutyChange, Cover, bool)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var change in changes)
        {
            foreach (var (cover, restored) in (change.CancelsCovers ?? []).Select(c => (c, false)).Concat((change.RestoresCovers ?? []).Select(c => (c, true))))
            {
                if (!last.ContainsKey(cover.Id))
                {
                    order.Add(cover.Id);
                }

                last[cover.Id] = (change, cover, restored);
            }
        }

        return [.. order.Select(id => last[id])];
    }

    /// <summary>
    /// The other shift of the trade <paramref name="change"/> is half of: the other half's shift, announced (a change on its frozen
    /// shift) or not yet (an override); null for a plain replacement or when the other half is gone.
    /// </summary>
    private static TradedShift? TradedShiftOf(DutyChange change, RotationState state, DutyCalendar calendar)
    {
        if (change.SwapId is not { } swapId || change.Undoes is not null)
        {
            return null;
        }

        var start = state.Frozen.SelectMany(f => f.Changes.Where(c => c.SwapId == swapId && c.Id != change.Id).Select(_ => (DateOnly?)f.ShiftStart)).FirstOrDefault()
            ?? state.Overrides.Where(o => o.SwapId == swapId && o.Id != change.Id).Select(o => (DateOnly?)o.ShiftStart).FirstOrDefault();
        if (start is not { } day)
        {
            return null;
        }

        var index = calendar.IndexOfStartDate(day) ?? calendar.ShiftIndexOn(day);
        return new TradedShift(calendar.WeekLabel(index), calendar.ShiftStartsAt(index));
    }

    /// <summary>The members of <paramref name="ids"/>, one no longer on the roster in <paramref name="timeZone"/> (the rotation's).</summary>
    private static IReadOnlyList<Member> Lookup(IReadOnlyDictionary<string, Member> members, string timeZone, IEnumerable<string> ids) =>
        ids.Select(id => members.TryGetValue(id, out var m) ? m : Member.Missing(id, timeZone)).ToList();

    /// <summary>When <paramref name="rotation"/> is the one pages go to, whether every lead is among <paramref name="onDuty"/>.</summary>
    private LeadsOnDuty? LeadsOnDutyIn(Rotation rotation, IReadOnlyList<Member> onDuty, IReadOnlyDictionary<string, Member> roster) =>
        incidents?.Value is { } options && string.Equals(rotation.Id, options.RotationId, StringComparison.Ordinal)
            ? LeadsOnDuty.For(onDuty, roster.Values, options, teamOptions.Value.TeamLanguage)
            : null;
}
