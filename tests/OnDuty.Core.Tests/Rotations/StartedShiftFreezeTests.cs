using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// Trial 30 H1, H2, M2: a shift counts as frozen from its start (not from the timer's next announcement run), so an edit of the
/// rotation, a member or leave never changes who is on duty now; a cadence change that would move it is refused.
/// </summary>
public sealed class StartedShiftFreezeTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 (shift 4) was handed off five minutes ago; AnnounceDutyWeek has not run yet.
    private static readonly DateOnly W49 = new(2026, 11, 30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero));

    private async Task<(RotationService Service, RosterService Roster, InMemoryRotations Rotations, IReadOnlyList<string> Pair)> CreateAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var service = new RotationService(rotations, roster, _time);
        var members = new RosterService(roster, null, new StartedShiftFreezer(rotations, roster, _time));
        var pair = (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds;
        Assert.Null(await rotations.GetFrozenShiftAsync("incident-duty", W49, default));
        return (service, members, rotations, pair);
    }

    private static async Task<List<IReadOnlyList<string>>> WeeksAsync(RotationService service, int weeks = 8) =>
        [.. (await service.GetScheduleAsync("incident-duty", W49, weeks, default)).Shifts.Select(s => s.MemberIds)];

    [Fact]
    public async Task SaveAsync_MemberOfTheRunningPairTakenOutBeforeTheTimerRan_RunningShiftKeepsItsPairAndIsFrozen()
    {
        var (service, _, rotations, pair) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        await service.SaveAsync(stored.Value with { Members = [.. stored.Value.Members.Where(m => m != pair[0])] }, stored.ETag, default);

        var onCall = await service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(pair, onCall.Current!.MemberIds);
        Assert.True(onCall.Current.Frozen);
        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value;
        Assert.Equal(pair, frozen.Members);
        Assert.Equal("2026-W49", frozen.Week);
        // Still to be announced by the timer's next run, with exactly this pair.
        Assert.Equal(FrozenShiftStatus.Announcing, frozen.Status);
        // The edit applies from the next shift.
        Assert.All((await WeeksAsync(service)).Skip(1), w => Assert.DoesNotContain(pair[0], w));
    }

    [Fact]
    public async Task AddLeaveAsync_ForAMemberOfTheRunningPairBeforeTheTimerRan_RunningShiftKeepsItsPair()
    {
        var (service, roster, rotations, pair) = await CreateAsync();

        await roster.AddLeaveAsync(pair[1], W49.AddDays(2), W49.AddDays(3), "sick", "lead", default);

        Assert.Equal(pair, (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
        Assert.Equal(pair, (await rotations.GetFrozenShiftAsync("incident-duty", W49, default))!.Value.Members);
    }

    [Fact]
    public async Task SaveMemberAsync_MemberOfTheRunningPairMadeInactive_RunningShiftKeepsItsPair()
    {
        var (service, roster, _, pair) = await CreateAsync();
        var member = await roster.GetMemberAsync(pair[0], default);

        await roster.SaveMemberAsync(member.Value with { Active = false }, member.ETag, default);

        Assert.Equal(pair, (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Theory]
    [InlineData("handoffTime")]
    [InlineData("handoffDay")]
    [InlineData("shiftWeeks")]
    public async Task SaveAsync_CadenceChangeMovingTheRunningShift_Is409NamingThePairOnDutyAndStoresNothing(string field)
    {
        var (service, _, rotations, pair) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        var edited = field switch
        {
            "handoffTime" => stored.Value with { HandoffTime = new TimeOnly(19, 4) },
            "handoffDay" => stored.Value with { HandoffDay = DayOfWeek.Thursday, StartDate = TeamData.Start.AddDays(3) },
            _ => stored.Value with { ShiftWeeks = 2 },
        };

        var ex = await Assert.ThrowsAsync<ConflictException>(() => service.SaveAsync(edited, stored.ETag, default));

        Assert.Equal(field, ex.Field);
        Assert.Contains($"On duty now: 2026-W49 (2026-11-30T10:00+09:00 to 2026-12-07T10:00+09:00: {pair[0]}, {pair[1]}; on duty now)", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(stored.ETag, (await rotations.GetAsync("incident-duty", default))!.ETag);
        Assert.Null(await rotations.GetFrozenShiftAsync("incident-duty", W49, default));
    }

    [Fact]
    public async Task SaveAsync_StartDateMovedByWholeShifts_MovesNoShiftAndIsAccepted_TheRunningPairStays()
    {
        var (service, _, rotations, pair) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        await service.SaveAsync(stored.Value with { StartDate = TeamData.Start.AddDays(-7) }, stored.ETag, default);

        var onCall = await service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(pair, onCall.Current!.MemberIds);
        Assert.Equal("2026-W49", onCall.Current.Week);
    }

    /// <summary>
    /// Session 47 (brief I): the start moved later past the running shift (a postponement, accepted). That shift keeps its pair,
    /// frozen before the edit, on call until it ends — in the on-call answer and the schedule alike; then nobody (pages go to the
    /// leads) until the new first handoff, whose pair is the new start's first, as the schedule said at the edit.
    /// </summary>
    [Fact]
    public async Task SaveAsync_StartMovedLaterPastTheRunningShift_ItsPairStaysOnCallUntilItEnds_ThenNobody_ThenTheNewFirstPair()
    {
        var (service, _, rotations, pair) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        var w51 = new DateOnly(2026, 12, 14);

        await service.SaveAsync(stored.Value with { StartDate = w51 }, stored.ETag, default);

        var running = await service.GetOnCallAsync("incident-duty", default);
        Assert.Equal(pair, running.Current!.MemberIds);
        Assert.Equal(pair, running.Members.Select(m => m.Id));
        Assert.True(running.Current.Frozen);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.FromHours(9)), running.Current.EndsAt);
        var schedule = (await service.GetScheduleAsync("incident-duty", null, 3, default)).Shifts;
        Assert.Equal(["2026-W49", "2026-W50", "2026-W51"], schedule.Select(s => s.Week));
        Assert.Equal(pair, schedule[0].MemberIds);
        Assert.Empty(schedule[1].MemberIds);
        Assert.Contains(schedule[1].Notes, n => n.Kind == NoteKind.BeforeStart);
        Assert.Equal(0, schedule[2].Index);
        Assert.Equal(2, schedule[2].MemberIds.Count);
        Assert.Equal(pair, (await service.NextDutiesAsync("incident-duty", pair[0], 1, default)).Now!.MemberIds);
        // Next is the first shift with people, the new start's, not the empty W50; and the answer says nobody is on duty between.
        Assert.Equal("2026-W51", running.Next!.Week);
        Assert.Equal(schedule[2].MemberIds, running.Next.MemberIds);
        Assert.True(running.NobodyBeforeNext);

        // In the gap: nobody, as before a rotation starts.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 7, 1, 0, 0, TimeSpan.Zero));
        var gap = await service.GetOnCallAsync("incident-duty", default);
        Assert.Null(gap.Current);
        Assert.Empty(gap.Members);
        Assert.Empty(gap.Duty);

        // From the new start: its first pair.
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 14, 1, 0, 0, TimeSpan.Zero));
        var first = await service.GetOnCallAsync("incident-duty", default);
        Assert.Equal("2026-W51", first.Current!.Week);
        Assert.Equal(schedule[2].MemberIds, first.Current.MemberIds);
        Assert.Equal(schedule[2].MemberIds, first.Members.Select(m => m.Id));
    }

    /// <summary>Session 49 (brief G): the start moved later by one shift, to the running one's end: next is the new first shift, no gap.</summary>
    [Fact]
    public async Task GetOnCallAsync_StartMovedToTheRunningShiftsEnd_NextIsTheFirstShift_NoGap()
    {
        var (service, _, rotations, pair) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 7) }, stored.ETag, default);
        var w50 = (await service.GetScheduleAsync("incident-duty", new DateOnly(2026, 12, 7), 1, default)).Shifts[0];

        var onCall = await service.GetOnCallAsync("incident-duty", default);

        Assert.Equal(pair, onCall.Current!.MemberIds);
        Assert.Equal((0, "2026-W50"), (onCall.Next!.Index, onCall.Next.Week));
        Assert.Equal(w50.MemberIds, onCall.Next.MemberIds);
        Assert.NotEmpty(onCall.Next.MemberIds);
        Assert.False(onCall.NobodyBeforeNext);
    }

    /// <summary>A member of a shift held over from before the new start can still be replaced (someone off sick is paged until then).</summary>
    [Fact]
    public async Task AddOverrideAsync_InTheShiftHeldOverPastAMovedStart_TheReplacementIsOnCall()
    {
        var (service, _, rotations, pair) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(stored.Value with { StartDate = new DateOnly(2026, 12, 14) }, stored.ETag, default);
        var other = TeamData.Rotation().Members.First(m => !pair.Contains(m));

        await service.AddOverrideAsync("incident-duty", "2026-W49", pair[0], other, "sick", default);

        Assert.Equal([other, pair[1]], (await service.GetOnCallAsync("incident-duty", default)).Current!.MemberIds);
    }

    [Fact]
    public async Task SaveAsync_CadenceChangeMovingAWeekWithASwap_Is409ListingIt()
    {
        var (service, _, rotations, _) = await CreateAsync();
        // A swap between two later weeks: the cadence change would make their labels mean other shifts.
        var weeks = (await service.GetScheduleAsync("incident-duty", W49, 8, default)).Shifts;
        var (first, second) = (weeks[3], weeks[5]);
        await service.AddSwapAsync("incident-duty", first.MemberIds.First(m => !second.MemberIds.Contains(m)), first.Week, second.MemberIds.First(m => !first.MemberIds.Contains(m)), second.Week, null, default);
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        var ex = await Assert.ThrowsAsync<ConflictException>(() => service.SaveAsync(stored.Value with { HandoffTime = new TimeOnly(9, 0) }, stored.ETag, default));

        Assert.Contains($"{first.Week} (", ex.Reason, StringComparison.Ordinal);
        Assert.Contains($"{second.Week} (", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("; swap)", ex.Reason, StringComparison.Ordinal);
    }

    /// <summary>Trial 30 M2: override 伊藤→高橋 in the announced week, leave for 伊藤 inside it, in either order: later weeks stay.</summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LeaveInsideAnAnnouncedWeekWhoseMemberWasReplaced_EitherOrder_LeavesLaterWeeksAsTheOverrideAlone(bool overrideFirst)
    {
        var (service, roster, rotations, pair) = await CreateAsync();
        await rotations.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = W49, Week = "2026-W49", Members = pair, Status = FrozenShiftStatus.Announced, FrozenAt = _time.GetUtcNow() }, default);
        var before = await WeeksAsync(service);
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !pair.Contains(id) && !before[1].Contains(id));
        // The member whose turn ends with this week (the other continues into the next one), as 伊藤 in the trial.
        var sick = pair.First(m => !before[1].Contains(m));

        if (overrideFirst)
        {
            await service.AddOverrideAsync("incident-duty", "2026-W49", sick, replacement, "fever", default);
            await roster.AddLeaveAsync(sick, W49.AddDays(3), W49.AddDays(4), "fever", "lead", default);
        }
        else
        {
            await roster.AddLeaveAsync(sick, W49.AddDays(3), W49.AddDays(4), "fever", "lead", default);
            await service.AddOverrideAsync("incident-duty", "2026-W49", sick, replacement, "fever", default);
        }

        var after = await WeeksAsync(service);
        Assert.Equal(pair.Select(m => m == sick ? replacement : m), after[0]);
        Assert.Equal(before.Skip(1), after.Skip(1));
    }
    /// <summary>
    /// A week label that another frozen shift had first (the cadence was changed before such edits were refused: W49 from Monday
    /// 11/30 announced, then W49 from Thursday 12/3): the new shift's announcement ids carry its start date, so it is announced
    /// to everyone rather than taken for the one sent; a second run queues nothing new.
    /// </summary>
    [Fact]
    public async Task AnnounceDueAsync_WeekLabelAnotherFrozenShiftHad_IdsCarryTheShiftStart_OnceEach()
    {
        var thursdays = TeamData.Rotation() with { HandoffDay = DayOfWeek.Thursday, HandoffTime = new TimeOnly(19, 4), StartDate = new DateOnly(2026, 1, 8) };
        var (roster, rotations) = await TeamData.SeedAsync(thursdays);
        await rotations.TryFreezeShiftAsync("incident-duty", new FrozenShift { ShiftStart = W49, Week = "2026-W49", Members = ["yamada", "sato"], Status = FrozenShiftStatus.Announced }, default);
        _time.SetUtcNow(new DateTimeOffset(2026, 12, 3, 10, 10, 0, TimeSpan.Zero)); // Thursday 19:10 in Tokyo
        var outbox = new InMemoryOutbox();
        var queue = new InMemoryOutboxQueue(_time);
        var email = new RecordingEmailSender();
        var teams = new RecordingTeamsChannel();
        var dispatcher = new OutboxDispatcher(outbox, queue, [], email, teams, _time, Options.Create(new OutboxOptions()), NullLogger<OutboxDispatcher>.Instance);
        var announcer = new DutyWeekAnnouncer(rotations, roster, dispatcher, teams, new AnnouncementComposer(TestRenderer.Instance), _time, Options.Create(new TeamOptions { Language = "ja" }), NullLogger<DutyWeekAnnouncer>.Instance);

        await announcer.AnnounceDueAsync(default);
        await announcer.AnnounceDueAsync(default);

        var frozen = (await rotations.GetFrozenShiftAsync("incident-duty", new DateOnly(2026, 12, 3), default))!.Value;
        Assert.Equal("2026-W49", frozen.Week);
        var ids = outbox.All.Select(m => m.Id).Where(id => id.StartsWith("duty:incident-duty:2026-W49", StringComparison.Ordinal) && id.Contains(":email:", StringComparison.Ordinal)).ToList();
        Assert.Equal(frozen.Members.Select(m => $"duty:incident-duty:2026-W49@2026-12-03:email:{m}@example.com").Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.Equal("duty:incident-duty:2026-W49:email:sato@example.com", OutboxIds.Email(OutboxIds.DutyTopic("incident-duty", "2026-W49", null), "sato@example.com"));
    }
}
