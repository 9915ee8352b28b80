using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Rotations;

public sealed class RotationServiceTests
{
    // Wednesday of 2026-W47: shift 2 of a rotation starting Monday 2026-11-02.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 18, 3, 0, 0, TimeSpan.Zero));

    private async Task<(RotationService Sut, InMemoryRotations Rotations)> CreateSutAsync()
    {
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        return (new RotationService(rotations, roster, _time), rotations);
    }

    [Fact]
    public async Task GetOnCallAsync_MidWeek_AnswersTheCurrentShiftAndTheNext()
    {
        var (sut, _) = await CreateSutAsync();

        var onCall = await sut.GetOnCallAsync("incident-duty", default);

        Assert.Equal("2026-W47", onCall.Current!.Week);
        Assert.Equal("2026-W48", onCall.Next!.Week);
        Assert.Equal(2, onCall.Members.Count);
        Assert.Equal(onCall.Current.MemberIds, onCall.Members.Select(m => m.Id));
    }

    [Fact]
    public async Task AddOverrideAsync_ReplacesTheMemberInThatWeekOnly()
    {
        var (sut, _) = await CreateSutAsync();
        var before = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 3, default);
        var week = before.Shifts[0];
        var outgoing = week.MemberIds[0];
        var replacement = TeamData.Members().Select(m => m.Id).First(id => !week.MemberIds.Contains(id));

        await sut.AddOverrideAsync("incident-duty", "2026-W49", outgoing, replacement, "dentist", default);

        var after = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 3, default);
        Assert.Contains(replacement, after.Shifts[0].MemberIds);
        Assert.DoesNotContain(outgoing, after.Shifts[0].MemberIds);
        Assert.Equal(AssignmentKind.Override, after.Shifts[0].Members.Single(m => m.MemberId == replacement).Kind);
        Assert.Equal(before.Shifts[2].MemberIds, after.Shifts[2].MemberIds);
    }

    [Fact]
    public async Task AddOverrideAsync_Resting_OnAnEarlierOneOfTheSameShift_AppliesAfterIt_EvenFromAnInstanceWhoseClockIsBehind()
    {
        // Two instances (scaled out) of one app: the second one's clock is a second behind the first's.
        var (roster, rotations) = await TeamData.SeedAsync(TeamData.Rotation());
        var first = new RotationService(rotations, roster, _time);
        var behind = new RotationService(rotations, roster, new FakeTimeProvider(_time.GetUtcNow().AddSeconds(-1)));
        var week = (await first.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 1, default)).Shifts[0];
        var (a, b) = (week.MemberIds[0], week.MemberIds[1]);
        var outsider = TeamData.Rotation().Members.First(m => !week.MemberIds.Contains(m));

        // a is replaced by the outsider; then (a now free that week) b by a — accepted because it was checked after the first.
        await first.AddOverrideAsync("incident-duty", "2026-W49", a, outsider, "dentist", default);
        await behind.AddOverrideAsync("incident-duty", "2026-W49", b, a, "training", default);

        var stored = (await rotations.GetStateAsync("incident-duty", default)).Overrides;
        Assert.Equal(2, stored.Count);
        Assert.True(stored.Single(o => o.MemberId == b).CreatedAt > stored.Single(o => o.MemberId == a).CreatedAt);
        var after = (await first.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 1, default)).Shifts[0];
        Assert.Equal(new[] { a, outsider }.Order(StringComparer.Ordinal), after.MemberIds.Order(StringComparer.Ordinal));
        Assert.All(after.Members, m => Assert.Equal(AssignmentKind.Override, m.Kind));
    }

    [Fact]
    public async Task AddOverrideAsync_MemberNotOnDuty_NamesMemberIdAndStoresNothing()
    {
        var (sut, rotations) = await CreateSutAsync();
        var week = (await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 1, default)).Shifts[0];
        var offDuty = TeamData.Members().Select(m => m.Id).First(id => !week.MemberIds.Contains(id));

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.AddOverrideAsync("incident-duty", "2026-11-30", offDuty, week.MemberIds[0], null, default));

        Assert.Contains("memberId", ex.Errors.Keys);
        Assert.Empty((await rotations.GetStateAsync("incident-duty", default)).Overrides);
    }

    [Theory]
    [InlineData("2026-W99")]
    [InlineData("next week")]
    [InlineData("2026-10-01")]
    public async Task AddOverrideAsync_BadWeek_NamesWeek(string week)
    {
        var (sut, _) = await CreateSutAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.AddOverrideAsync("incident-duty", week, "yamada", "sato", null, default));

        Assert.Contains("week", ex.Errors.Keys);
    }

    [Fact]
    public async Task AddSwapAsync_MembersTradeWeeks_AndDeletingOneHalfRestoresBoth()
    {
        var (sut, rotations) = await CreateSutAsync();
        var before = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 6, default);
        var a = before.Shifts[0].MemberIds.First(id => !before.Shifts[2].MemberIds.Contains(id));
        var b = before.Shifts[2].MemberIds.First(id => !before.Shifts[0].MemberIds.Contains(id));

        var halves = await sut.AddSwapAsync("incident-duty", a, before.Shifts[0].Week, b, before.Shifts[2].Week, "wedding", default);

        var after = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 6, default);
        Assert.Contains(b, after.Shifts[0].MemberIds);
        Assert.Contains(a, after.Shifts[2].MemberIds);
        Assert.Equal(2, (await rotations.GetStateAsync("incident-duty", default)).Overrides.Count);

        await sut.DeleteOverrideAsync("incident-duty", halves.Items[1].Id, null, default);

        Assert.Empty((await rotations.GetStateAsync("incident-duty", default)).Overrides);
        var restored = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 6, default);
        Assert.Equal(before.Shifts.Select(s => s.MemberIds), restored.Shifts.Select(s => s.MemberIds));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(105)]
    public async Task GetScheduleAsync_WeeksOutOfRange_NamesWeeks(int weeks)
    {
        var (sut, _) = await CreateSutAsync();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.GetScheduleAsync("incident-duty", null, weeks, default));

        Assert.Contains("weeks", ex.Errors.Keys);
    }

    [Fact]
    public async Task GetScheduleAsync_FromBeforeTheStart_StartsAtTheFirstShift()
    {
        var (sut, _) = await CreateSutAsync();

        var schedule = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 10, 19), 4, default);

        Assert.Equal(["2026-W45", "2026-W46"], schedule.Shifts.Select(s => s.Week));
    }

    [Fact]
    public async Task GetAsync_Unknown_IsNotFound()
    {
        var (sut, _) = await CreateSutAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => sut.GetOnCallAsync("nope", default));
    }

    [Fact]
    public async Task AddSwapAsync_WeekAnnouncedWhileSaving_IsRefusedAndNothingIsKept()
    {
        var (sut, rotations) = await CreateSutAsync();
        var before = await sut.GetScheduleAsync("incident-duty", new DateOnly(2026, 11, 30), 3, default);
        var a = before.Shifts[0].MemberIds.First(id => !before.Shifts[2].MemberIds.Contains(id));
        var b = before.Shifts[2].MemberIds.First(id => !before.Shifts[0].MemberIds.Contains(id));
        rotations.AfterAddOverrides = () => rotations.TryFreezeShiftAsync("incident-duty", new FrozenShift
        {
            ShiftStart = before.Shifts[0].StartDate,
            Week = before.Shifts[0].Week,
            Members = before.Shifts[0].MemberIds,
            Status = FrozenShiftStatus.Announced,
        }, default);

        var ex = await Assert.ThrowsAsync<ValidationException>(() => sut.AddSwapAsync("incident-duty", a, before.Shifts[0].Week, b, before.Shifts[2].Week, null, default));

        Assert.Contains("announced while", ex.Errors["week"][0]);
        Assert.Empty((await rotations.GetStateAsync("incident-duty", default)).Overrides);
    }
}
