using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

/// <summary>
/// A cadence change from a date (<c>effectiveFrom</c>): the weeks before keep the old cadence exactly (times, labels, pairs,
/// changes), the new cadence starts on the date with the pair that would have come next, and a shift of the old cadence
/// running over the new start ends at it.
/// </summary>
public sealed class CadenceChangeTests
{
    // Monday 2026-11-30 10:05 in Tokyo: 2026-W49 (shift 4) was handed off five minutes ago.
    private static readonly DateOnly W49 = new(2026, 11, 30);
    private static readonly DateOnly Thursday = new(2027, 1, 7);
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 1, 5, 0, TimeSpan.Zero));

    private async Task<(RotationService Service, InMemoryRotations Rotations)> CreateAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        return (new RotationService(rotations, roster, _time), rotations);
    }

    private static Rotation ThursdaysAt19(Rotation stored) => stored with { HandoffDay = DayOfWeek.Thursday, HandoffTime = new TimeOnly(19, 0) };

    [Fact]
    public async Task SaveAsync_WithEffectiveFrom_KeepsEarlierWeeks_NewCadenceContinuesTheOrder_OverlappingShiftEndsAtTheNewStart()
    {
        var (service, rotations) = await CreateAsync();
        var before = (await service.GetScheduleAsync("incident-duty", W49, 12, default)).Shifts;
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        var saved = await service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, Thursday, "鈴木 一郎", default);

        Assert.Equal(Thursday, saved.Value.StartDate);
        Assert.Equal([Cadence.Of(stored.Value)], saved.Value.PreviousCadences);
        Assert.Equal(TeamData.Start, saved.Value.FirstStartDate);
        var after = (await service.GetScheduleAsync("incident-duty", W49, 12, default)).Shifts;

        // 11/30 … 1/4: the old cadence exactly.
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal((before[i].Week, before[i].StartsAt), (after[i].Week, after[i].StartsAt));
            Assert.Equal(before[i].MemberIds, after[i].MemberIds);
        }

        Assert.Equal(before[4].EndsAt, after[4].EndsAt);

        // The Monday 1/4 shift ends at the first Thursday handoff; from it, the pairs that would have come next, weekly.
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 19, 0, 0, Tokyo), after[5].EndsAt);
        for (var i = 6; i < 12; i++)
        {
            Assert.Equal(before[i].MemberIds, after[i].MemberIds);
            Assert.Equal(new DateTimeOffset(Thursday.AddDays(7 * (i - 6)).ToDateTime(new TimeOnly(19, 0)), Tokyo), after[i].StartsAt);
            Assert.Equal(after[i].StartsAt.AddDays(7), after[i].EndsAt);
        }

        Assert.Equal("2027-W02", after[7].Week);
    }

    [Fact]
    public async Task GetOnCallAsync_AtTheNewCadencesFirstHandoff_SwitchesFromTheShortenedShiftToTheNextPair()
    {
        var (service, rotations) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, Thursday, null, default);
        var schedule = (await service.GetScheduleAsync("incident-duty", new DateOnly(2027, 1, 4), 2, default)).Shifts;

        _time.SetUtcNow(new DateTimeOffset(2027, 1, 7, 18, 59, 0, Tokyo));
        var last = await service.GetOnCallAsync("incident-duty", default);
        _time.SetUtcNow(new DateTimeOffset(2027, 1, 7, 19, 0, 0, Tokyo));
        var first = await service.GetOnCallAsync("incident-duty", default);

        Assert.Equal(new DateOnly(2027, 1, 4), last.Current!.StartDate);
        Assert.Equal(schedule[0].MemberIds, last.Current.MemberIds);
        Assert.Equal(Thursday, first.Current!.StartDate);
        Assert.Equal(schedule[1].MemberIds, first.Current.MemberIds);
        Assert.Equal(new DateTimeOffset(2027, 1, 14, 19, 0, 0, Tokyo), first.Current.EndsAt);
    }

    [Fact]
    public async Task SaveAsync_WithEffectiveFrom_OverrideBeforeTheDateStays_OverrideAfterItIsKeyedToTheNewCadence()
    {
        var (service, rotations) = await CreateAsync();
        var weeks = (await service.GetScheduleAsync("incident-duty", W49, 4, default)).Shifts;
        var outsider = TeamData.Rotation().Members.First(m => !weeks[2].MemberIds.Contains(m));
        await service.AddOverrideAsync("incident-duty", weeks[2].Week, weeks[2].MemberIds[0], outsider, "休暇のため", default);
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        await service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, Thursday, null, default);
        var later = (await service.GetScheduleAsync("incident-duty", new DateOnly(2027, 1, 21), 1, default)).Shifts[0].MemberIds;
        var stranger = TeamData.Rotation().Members.First(m => !later.Contains(m));
        await service.AddOverrideAsync("incident-duty", "2027-W03", later[0], stranger, "出張のため", default);

        var after = (await service.GetScheduleAsync("incident-duty", W49, 12, default)).Shifts;
        Assert.Contains(after[2].Members, a => a.MemberId == outsider && a.Kind == AssignmentKind.Override);
        var w03 = Assert.Single(after, s => s.StartDate == new DateOnly(2027, 1, 21));
        Assert.Equal(new DateTimeOffset(2027, 1, 21, 19, 0, 0, Tokyo), w03.StartsAt);
        Assert.Contains(w03.Members, a => a.MemberId == stranger && a.Kind == AssignmentKind.Override);
    }

    [Fact]
    public async Task SaveAsync_EffectiveFromCuttingIntoTheRunningShift_Is409NamingItAndTheEarliestDate_StoresNothing()
    {
        var (service, rotations) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        var ex = await Assert.ThrowsAsync<ConflictException>(() => service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, new DateOnly(2026, 12, 3), null, default));

        Assert.Equal("effectiveFrom", ex.Field);
        Assert.Contains("would cut short 2026-W49 (2026-11-30T10:00+09:00 to 2026-12-07T10:00+09:00", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("The earliest date allowed is 2026-12-10 (Thursday)", ex.Reason, StringComparison.Ordinal);
        Assert.Equal(stored.ETag, (await rotations.GetAsync("incident-duty", default))!.ETag);
    }

    [Fact]
    public async Task SaveAsync_EffectiveFromBeforeAWeekWithASwap_Is409NamingThatWeek()
    {
        var (service, rotations) = await CreateAsync();
        var weeks = (await service.GetScheduleAsync("incident-duty", W49, 8, default)).Shifts;
        var (first, second) = (weeks[3], weeks[5]);
        await service.AddSwapAsync("incident-duty", first.MemberIds.First(m => !second.MemberIds.Contains(m)), first.Week, second.MemberIds.First(m => !first.MemberIds.Contains(m)), second.Week, null, default);
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        var ex = await Assert.ThrowsAsync<ConflictException>(() => service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, new DateOnly(2026, 12, 24), null, default));

        Assert.Contains($"would cut short {second.Week} (", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("; swap)", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("The earliest date allowed is 2027-01-14", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_EffectiveFromNotOnTheNewHandoffDay_Is400()
    {
        var (service, rotations) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, new DateOnly(2027, 1, 4), null, default));

        Assert.Contains("effectiveFrom", ex.Message, StringComparison.Ordinal);
        Assert.Equal(stored.ETag, (await rotations.GetAsync("incident-duty", default))!.ETag);
    }

    [Fact]
    public async Task SaveAsync_CadenceChangeInPlace_409SuggestsEffectiveFromWithTheEarliestDate()
    {
        var (service, rotations) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;

        var ex = await Assert.ThrowsAsync<ConflictException>(() => service.SaveAsync(stored.Value with { HandoffTime = new TimeOnly(9, 0) }, stored.ETag, default));

        Assert.Contains("\"effectiveFrom\": \"2026-12-14\"", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveAsync_LaterEditWithoutEffectiveFrom_KeepsTheEarlierCadences()
    {
        var (service, rotations) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        var saved = await service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, Thursday, null, default);

        var again = await service.SaveAsync(saved.Value with { PreviousCadences = [], Name = "Incident duty (PM)" }, saved.ETag, default);

        Assert.Equal(saved.Value.PreviousCadences, again.Value.PreviousCadences);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, Tokyo), (await service.GetOnCallAsync("incident-duty", default)).Current!.StartsAt);
    }

    [Fact]
    public async Task AddOverrideAsync_ByTheLabelTheShortenedShiftSharesWithTheNewFirstShift_GoesToTheShiftTheMemberIsOn_OnBothIs400NamingBothDates()
    {
        var (service, rotations) = await CreateAsync();
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(ThursdaysAt19(stored.Value), stored.ETag, Thursday, null, default);
        var shifts = (await service.GetScheduleAsync("incident-duty", new DateOnly(2027, 1, 4), 2, default)).Shifts;
        var (shortened, first) = (shifts[0], shifts[1]);
        Assert.Equal(("2027-W01", "2027-W01"), (shortened.Week, first.Week));
        var onlyShortened = shortened.MemberIds.First(m => !first.MemberIds.Contains(m));
        var onlyFirst = first.MemberIds.First(m => !shortened.MemberIds.Contains(m));
        var both = Assert.Single(shortened.MemberIds, first.MemberIds.Contains);
        var outsider = TeamData.Rotation().Members.Single(m => !shortened.MemberIds.Contains(m) && !first.MemberIds.Contains(m));

        // A lead replacing someone "in 2027-W01" means the shift that person serves then.
        await service.AddOverrideAsync("incident-duty", "2027-W01", onlyShortened, outsider, "休暇のため", default);
        await service.AddOverrideAsync("incident-duty", "2027-W01", onlyFirst, outsider, "出張のため", default);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => service.AddOverrideAsync("incident-duty", "2027-W01", both, onlyFirst, "通院のため", default));

        var after = (await service.GetScheduleAsync("incident-duty", new DateOnly(2027, 1, 4), 2, default)).Shifts;
        Assert.Equal(new DateOnly(2027, 1, 4), after[0].StartDate);
        Assert.Contains(after[0].Members, a => a.MemberId == outsider && a.Kind == AssignmentKind.Override);
        Assert.DoesNotContain(onlyShortened, after[0].MemberIds);
        Assert.Contains(after[1].Members, a => a.MemberId == outsider && a.Kind == AssignmentKind.Override);
        Assert.DoesNotContain(onlyFirst, after[1].MemberIds);

        // On both: which one is not guessed; the answer names both by date, and nothing was stored.
        var said = Assert.Single(ex.Errors["week"]);
        Assert.StartsWith("2027-W01 names 2 shifts since the cadence changed: 2027-01-04 (2027-01-04T10:00+09:00 to 2027-01-07T19:00+09:00) and 2027-01-07", said, StringComparison.Ordinal);
        Assert.EndsWith("give the date of the one you mean (2027-01-04 or 2027-01-07)", said, StringComparison.Ordinal);
        Assert.Equal(DutyRefusals.AmbiguousWeek, ex.Refusals["week"].Code);
        Assert.Equal("2027-W01には、交代の周期を変えたため当番が複数あります（1月4日(月)、1月7日(木)から）。どちらの当番か日付で指定してください。",
            OnDuty.Messages.RefusalText.Say(ex.Refusals["week"], OnDuty.Core.Team.Language.Ja, OnDuty.Messages.RefusalReader.Api));
        Assert.Contains(both, after[0].MemberIds);
        Assert.Contains(both, after[1].MemberIds);
        Assert.Equal(2, (await rotations.GetStateAsync("incident-duty", default)).Overrides.Count);

        // By date, the one on both is replaced in the shift meant.
        await service.AddOverrideAsync("incident-duty", "2027-01-07", both, onlyFirst, "通院のため", default);
        Assert.Equal(new[] { outsider, onlyFirst }.Order(StringComparer.Ordinal), (await service.GetScheduleAsync("incident-duty", Thursday, 1, default)).Shifts[0].MemberIds.Order(StringComparer.Ordinal));
    }
    /// <summary>
    /// Trial 37 H1 as run: a swap of the W50 member's week for a later member's first week (W53, before its turn's second, W01),
    /// then the handoff time changed from W01 (the week after the swapped week), then W53 frozen at its start. The weeks after stay as
    /// computed before the freeze: the swapped-in member does not carry on into W01, the swapped-out one still serves it.
    /// </summary>
    [Fact]
    public async Task SwapIntoAWeek_HandoffTimeChangedFromTheWeekAfter_ThatWeekFrozen_TheWeekAfterStays()
    {
        // Seven, as the trial's team: each member's turn comes every three or four weeks.
        Member[] seven = [.. TeamData.Members(), TeamData.Member("ito", "伊藤 さくら"), TeamData.Member("liam", "Liam Chen", OnDuty.Core.Team.Language.En), TeamData.Member("takahashi", "高橋 美咲")];
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation() with { Members = [.. seven.Select(m => m.Id)] }, seven);
        var service = new RotationService(rotations, roster, _time);
        var weeks = (await service.GetScheduleAsync("incident-duty", W49, 8, default)).Shifts;
        var turnStarts = weeks[4].MemberIds.First(m => !weeks[3].MemberIds.Contains(m) && weeks[5].MemberIds.Contains(m));
        Assert.DoesNotContain(turnStarts, weeks[1].MemberIds);
        var swapper = weeks[1].MemberIds.First(m => !weeks[4].MemberIds.Contains(m));
        await service.AddSwapAsync("incident-duty", swapper, weeks[1].Week, turnStarts, weeks[4].Week, "年末に帰省するため", default);
        var stored = (await rotations.GetAsync("incident-duty", default))!;
        await service.SaveAsync(stored.Value with { HandoffTime = new TimeOnly(11, 0) }, stored.ETag, new DateOnly(2027, 1, 4), "鈴木 一郎", default);
        var planned = (await service.GetScheduleAsync("incident-duty", W49, 8, default)).Shifts;
        Assert.Contains(swapper, planned[4].MemberIds);
        Assert.Contains(turnStarts, planned[5].MemberIds);

        _time.SetUtcNow(new DateTimeOffset(2027, 1, 4, 10, 2, 0, Tokyo));
        await new StartedShiftFreezer(rotations, roster, _time).FreezeStartedAsync(default);
        var after = (await service.GetScheduleAsync("incident-duty", W49, 8, default)).Shifts;

        Assert.True(after[4].Frozen);
        Assert.Equal(planned.Select(s => string.Join(",", s.MemberIds)), after.Select(s => string.Join(",", s.MemberIds)));
    }

    /// <summary>
    /// Trial 37 H1, the trial's whole sequence: seven members, one joining on 2027-01-12 and one leaving on 2027-01-22, the running
    /// week frozen, the pair size edited 2→3, the next week frozen, 2 again, the handoff time changed from 2027-01-04 (a new cadence),
    /// a swap of a member's week for a later member's week, then each week frozen at its start one by one. After each, every week
    /// stays as it was computed before.
    /// </summary>
    [Theory]
    [InlineData(RotationStrategy.Staggered)]
    [InlineData(RotationStrategy.Block)]
    public async Task TrialSequence_PairSizeEditsJoinerLeaverCadenceChangeAndSwap_FreezingWeekByWeek_MovesNoLaterWeek(RotationStrategy strategy)
    {
        Member[] seven =
        [
            .. TeamData.Members(),
            TeamData.Member("ito", "伊藤 さくら") with { LeavesOn = new DateOnly(2027, 1, 22) },
            TeamData.Member("liam", "Liam Chen", OnDuty.Core.Team.Language.En),
            TeamData.Member("takahashi", "高橋 美咲") with { JoinedOn = new DateOnly(2027, 1, 12) },
        ];
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation() with { Strategy = strategy, Members = [.. seven.Select(m => m.Id)] }, seven);
        var service = new RotationService(rotations, roster, _time);
        var freezer = new StartedShiftFreezer(rotations, roster, _time);
        async Task<IReadOnlyList<ScheduledShift>> WeeksAsync() => (await service.GetScheduleAsync("incident-duty", W49, 12, default)).Shifts;
        async Task EditAsync(Func<Rotation, Rotation> change, DateOnly? from = null)
        {
            var stored = (await rotations.GetAsync("incident-duty", default))!;
            await service.SaveAsync(change(stored.Value), stored.ETag, from, "鈴木 一郎", default);
        }

        await freezer.FreezeStartedAsync(default);
        await EditAsync(r => r with { PeoplePerShift = 3 });
        _time.SetUtcNow((await WeeksAsync())[1].StartsAt.AddMinutes(2));
        await freezer.FreezeStartedAsync(default);
        await EditAsync(r => r with { PeoplePerShift = 2 });
        await EditAsync(r => r with { HandoffTime = new TimeOnly(11, 0) }, new DateOnly(2027, 1, 4));
        var weeks = await WeeksAsync();
        var swapper = weeks[3].MemberIds.First(m => !weeks[5].MemberIds.Contains(m));
        var later = weeks[5].MemberIds.First(m => !weeks[3].MemberIds.Contains(m));
        await service.AddSwapAsync("incident-duty", swapper, weeks[3].Week, later, weeks[5].Week, "年末に帰省するため", default);
        var planned = (await WeeksAsync()).Select(s => $"{s.Week} {string.Join(",", s.MemberIds)}").ToList();
        Assert.Contains(later, (await WeeksAsync())[3].MemberIds);
        Assert.Contains(swapper, (await WeeksAsync())[5].MemberIds);

        for (var k = 2; k < 10; k++)
        {
            _time.SetUtcNow((await WeeksAsync())[k].StartsAt.AddMinutes(2));
            await freezer.FreezeStartedAsync(default);
            var now = await WeeksAsync();

            Assert.True(now[k].Frozen);
            Assert.Equal(planned, now.Select(s => $"{s.Week} {string.Join(",", s.MemberIds)}"));
        }
    }
}
