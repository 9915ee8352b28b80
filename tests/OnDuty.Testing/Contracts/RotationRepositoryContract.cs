using OnDuty.Core.Common;
using OnDuty.Core.Rotations;

namespace OnDuty.Testing.Contracts;

/// <summary>What every <see cref="IRotationRepository"/> does: the table adapter on Azurite and the in-memory fake run these same tests.</summary>
public abstract class RotationRepositoryContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly DateOnly Week49 = new(2026, 11, 30);
    protected static readonly DateOnly Week50 = new(2026, 12, 7);
    protected static readonly DateTimeOffset At = new(2026, 11, 20, 9, 30, 0, TimeSpan.FromHours(9));

    protected IRotationRepository Sut { get; private set; } = null!;

    /// <summary>A new, empty repository.</summary>
    protected abstract Task<IRotationRepository> CreateRepositoryAsync();

    public virtual async Task InitializeAsync() => Sut = await CreateRepositoryAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SaveAsync_New_RoundTripsEveryField()
    {
        var rotation = new Rotation
        {
            Id = "incident-duty",
            Name = "Incident duty",
            NameJa = "障害当番",
            Strategy = RotationStrategy.Block,
            PeoplePerShift = 3,
            ShiftWeeks = 2,
            HandoffDay = DayOfWeek.Tuesday,
            HandoffTime = new TimeOnly(9, 45, 30),
            TimeZone = "Europe/Berlin",
            StartDate = new DateOnly(2026, 1, 6),
            Members = ["ann", "bob", "carol", "dai"],
            NotifyEmails = ["pm-team@example.com", "support@example.com"],
            MixExperience = false,
            MoveHandoffOffHolidays = false,
        };

        var etag = await Sut.SaveAsync(rotation, null, None);
        var stored = await Sut.GetAsync("incident-duty", None);

        Assert.NotNull(stored);
        Assert.Equal(etag, stored.ETag);
        AssertSame(rotation, stored.Value);
    }

    [Fact]
    public async Task SaveAsync_Defaults_RoundTrip()
    {
        var rotation = NewRotation("ops", "Ops");

        await Sut.SaveAsync(rotation, null, None);

        AssertSame(rotation, (await Sut.GetAsync("ops", None))!.Value);
    }

    [Fact]
    public async Task SaveAsync_ExistingIdWithoutETag_ThrowsConcurrency()
    {
        await Sut.SaveAsync(NewRotation("ops", "Ops"), null, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveAsync(NewRotation("ops", "Ops again"), null, None));

        Assert.Equal("Ops", (await Sut.GetAsync("ops", None))!.Value.Name);
    }

    [Fact]
    public async Task SaveAsync_TwoWritersAtSameETag_SecondThrowsAndFirstIsStored()
    {
        var etag = await Sut.SaveAsync(NewRotation("ops", "Ops"), null, None);

        await Sut.SaveAsync(NewRotation("ops", "Ops first"), etag, None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveAsync(NewRotation("ops", "Ops second"), etag, None));

        Assert.Equal("Ops first", (await Sut.GetAsync("ops", None))!.Value.Name);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Sut.GetAsync("nope", None));
    }

    [Fact]
    public async Task ListAsync_ReturnsEveryRotationWithItsETag()
    {
        var opsEtag = await Sut.SaveAsync(NewRotation("ops", "Ops"), null, None);
        await Sut.SaveAsync(NewRotation("incident-duty", "Incident"), null, None);

        var all = await Sut.ListAsync(None);

        Assert.Equal(["incident-duty", "ops"], all.Select(r => r.Value.Id).Order());
        Assert.Equal(opsEtag, all.Single(r => r.Value.Id == "ops").ETag);
    }

    [Fact]
    public async Task GetStateAsync_UnknownRotation_ReturnsEmpty()
    {
        var state = await Sut.GetStateAsync("nope", None);

        Assert.Empty(state.Overrides);
        Assert.Empty(state.Frozen);
    }

    [Fact]
    public async Task AddOverridesAsync_ReplaceAndSwap_RoundTripEveryFieldInState()
    {
        var replace = new RotationOverride
        {
            Id = "ovr-1", Kind = OverrideKind.Replace, ShiftStart = Week49, MemberId = "ann", ReplacementId = "bob",
            Reason = "通院", By = "佐藤 <b>花子</b>", CreatedAt = At,
        };
        var (swapA, swapB) = Swap("swap-1", "carol", Week49, "dai", Week50);
        swapB = swapB with { By = "Dai" };

        await Sut.AddOverridesAsync("incident-duty", [replace], None);
        await Sut.AddOverridesAsync("incident-duty", [swapA, swapB], None);
        await Sut.AddOverridesAsync("other", [replace with { Id = "elsewhere" }], None);

        var state = await Sut.GetStateAsync("incident-duty", None);

        Assert.Equal([replace, swapA, swapB], state.Overrides.OrderBy(o => o.Id));
        Assert.Empty(state.Frozen);
    }

    /// <summary>A cover keeps its range; a whole-shift override (as rows stored before covers) reads back without one.</summary>
    [Fact]
    public async Task AddOverridesAsync_CoverForPartOfTheShift_RoundTripsFromAndTo_WholeShiftReadsWithout()
    {
        var cover = new RotationOverride
        {
            Id = "cov-1", Kind = OverrideKind.Replace, ShiftStart = Week49, MemberId = "ann", ReplacementId = "bob",
            Reason = "通院", By = "Liam", CreatedAt = At,
            From = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero), To = new DateTimeOffset(2026, 12, 3, 14, 0, 0, TimeSpan.Zero),
        };
        var whole = new RotationOverride { Id = "ovr-2", ShiftStart = Week49, MemberId = "carol", ReplacementId = "dai", CreatedAt = At };

        await Sut.AddOverridesAsync("incident-duty", [cover, whole], None);
        var state = await Sut.GetStateAsync("incident-duty", None);

        Assert.Equal([cover, whole], state.Overrides.OrderBy(o => o.Id));
        var stored = state.Overrides.Single(o => o.Id == "cov-1");
        Assert.True(stored.IsCover);
        Assert.Equal((cover.From, cover.To), (stored.From, stored.To));
        Assert.Equal(TimeSpan.Zero, stored.From!.Value.Offset);
        var wholeStored = state.Overrides.Single(o => o.Id == "ovr-2");
        Assert.False(wholeStored.IsCover);
        Assert.Null(wholeStored.From);
        Assert.Null(wholeStored.To);

        Assert.True(await Sut.DeleteOverrideAsync("incident-duty", "cov-1", None));
        Assert.Equal(["ovr-2"], (await Sut.GetStateAsync("incident-duty", None)).Overrides.Select(o => o.Id));
    }

    [Fact]
    public async Task AddOverridesAsync_OneHalfOfSwapConflicts_NeitherHalfIsStored()
    {
        var existing = new RotationOverride { Id = "swap-1-b", ShiftStart = Week50, MemberId = "x", ReplacementId = "y", CreatedAt = At };
        await Sut.AddOverridesAsync("incident-duty", [existing], None);
        var (swapA, swapB) = Swap("swap-1", "carol", Week49, "dai", Week50);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.AddOverridesAsync("incident-duty", [swapA, swapB], None));

        var state = await Sut.GetStateAsync("incident-duty", None);
        Assert.Equal(existing, Assert.Single(state.Overrides));
    }

    [Fact]
    public async Task DeleteOverrideAsync_SwapHalf_DeletesBothHalves()
    {
        var (swapA, swapB) = Swap("swap-1", "carol", Week49, "dai", Week50);
        var other = new RotationOverride { Id = "ovr-1", ShiftStart = Week50, MemberId = "ann", ReplacementId = "bob", CreatedAt = At };
        await Sut.AddOverridesAsync("incident-duty", [swapA, swapB, other], None);

        Assert.True(await Sut.DeleteOverrideAsync("incident-duty", swapB.Id, None));

        Assert.Equal(other, Assert.Single((await Sut.GetStateAsync("incident-duty", None)).Overrides));
    }

    [Fact]
    public async Task DeleteOverrideAsync_Replace_DeletesOnlyItThenReportsNothingToDelete()
    {
        var first = new RotationOverride { Id = "ovr-1", ShiftStart = Week49, MemberId = "ann", ReplacementId = "bob", CreatedAt = At };
        var second = first with { Id = "ovr-2", ShiftStart = Week50 };
        await Sut.AddOverridesAsync("incident-duty", [first, second], None);

        Assert.True(await Sut.DeleteOverrideAsync("incident-duty", "ovr-1", None));
        Assert.False(await Sut.DeleteOverrideAsync("incident-duty", "ovr-1", None));

        Assert.Equal(second, Assert.Single((await Sut.GetStateAsync("incident-duty", None)).Overrides));
    }

    [Fact]
    public async Task TryFreezeShiftAsync_Twice_SecondReturnsNullAndFirstMembersStay()
    {
        var first = NewShift(Week49, ["ann", "bob"]);

        var etag = await Sut.TryFreezeShiftAsync("incident-duty", first, None);
        var second = await Sut.TryFreezeShiftAsync("incident-duty", first with { Members = ["carol", "dai"] }, None);

        Assert.NotNull(etag);
        Assert.Null(second);
        var stored = await Sut.GetFrozenShiftAsync("incident-duty", Week49, None);
        Assert.Equal(etag, stored!.ETag);
        AssertSame(first, stored.Value);
    }

    [Fact]
    public async Task GetStateAsync_OverridesAndFrozenShifts_ReturnsBothFromOnePartition()
    {
        var shift49 = NewShift(Week49, ["ann", "bob"]);
        var shift50 = NewShift(Week50, ["bob", "carol"]) with { Status = FrozenShiftStatus.Announced };
        var ovr = new RotationOverride { Id = "ovr-1", ShiftStart = Week50, MemberId = "ann", ReplacementId = "bob", CreatedAt = At };
        await Sut.TryFreezeShiftAsync("incident-duty", shift50, None);
        await Sut.TryFreezeShiftAsync("incident-duty", shift49, None);
        await Sut.AddOverridesAsync("incident-duty", [ovr], None);

        var state = await Sut.GetStateAsync("incident-duty", None);

        Assert.Equal(ovr, Assert.Single(state.Overrides));
        Assert.Equal([Week49, Week50], state.Frozen.Select(f => f.ShiftStart));
        AssertSame(shift50, state.Frozen[1]);
    }

    [Fact]
    public async Task UpdateFrozenShiftAsync_CurrentETag_ReplacesStatus()
    {
        var shift = NewShift(Week49, ["ann", "bob"]);
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", shift, None);

        await Sut.UpdateFrozenShiftAsync("incident-duty", shift with { Status = FrozenShiftStatus.Announced }, etag!, None);

        Assert.Equal(FrozenShiftStatus.Announced, (await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value.Status);
    }

    [Fact]
    public async Task UpdateFrozenShiftAsync_PeoplesChanges_RoundTripEveryFieldWhoMadeThemIncluded()
    {
        var shift = NewShift(Week49, ["ann", "bob"]);
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", shift, None);
        var change = new DutyChange
        {
            Id = "c1", Kind = OverrideKind.Swap, MemberId = "ann", ReplacementId = "carol", SwapId = "s1", Reason = "体調不良", By = "佐藤 <b>花子</b>",
            At = At, Announced = true, UndoneBy = "c2", UndoneAt = At.AddHours(2),
        };
        var undo = new DutyChange { Id = "c2", MemberId = "carol", ReplacementId = "ann", Reason = "", By = "Liam", At = At.AddHours(2), Undoes = "c1" };
        var anonymous = new DutyChange { Id = "c3", MemberId = "bob", ReplacementId = "dai", Reason = "通院", At = At.AddHours(3) };
        var changed = shift with { Members = ["dai", "ann"], Status = FrozenShiftStatus.Announced, Changes = [change, undo, anonymous] };

        await Sut.UpdateFrozenShiftAsync("incident-duty", changed, etag!, None);

        AssertSame(changed, (await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value);
        AssertSame(changed, Assert.Single((await Sut.GetStateAsync("incident-duty", None)).Frozen));
    }

    /// <summary>A cover on an announced shift (and its taking-back) keeps its range; the shift's members are as written.</summary>
    [Fact]
    public async Task UpdateFrozenShiftAsync_CoverChanges_RoundTripFromAndTo()
    {
        var shift = NewShift(Week49, ["ann", "bob"]);
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", shift, None);
        var from = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var cover = new DutyChange { Id = "c1", MemberId = "ann", ReplacementId = "carol", Reason = "歯医者", At = At, From = from, To = from.AddHours(4), Announced = true };
        var changed = shift.With(cover);
        var undo = cover.UndoneAs("c2", "", At.AddHours(1), "Liam");
        changed = changed.With(undo);

        await Sut.UpdateFrozenShiftAsync("incident-duty", changed, etag!, None);
        var stored = (await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value;

        AssertSame(changed, stored);
        Assert.Equal(["ann", "bob"], stored.Members);
        Assert.All(stored.Changes, c => Assert.Equal((from, from.AddHours(4)), (c.From, c.To)));
        Assert.Equal("c2", stored.Changes[0].UndoneBy);
    }

    /// <summary>A whole-shift change keeps the covers it made unneeded (their replacements are told from them, after a crash too).</summary>
    [Fact]
    public async Task UpdateFrozenShiftAsync_ChangeCancellingACover_RoundTripsTheCover()
    {
        var shift = NewShift(Week49, ["ann", "bob"]);
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", shift, None);
        var from = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var cover = new Cover { Id = "cv1", MemberId = "ann", ReplacementId = "carol", From = from, To = from.AddHours(4), Reason = "歯医者", By = "Liam", CreatedAt = At };
        var change = new DutyChange { Id = "c1", MemberId = "ann", ReplacementId = "dai", Reason = "入院", At = At.AddHours(1), CancelsCovers = [cover] };

        await Sut.UpdateFrozenShiftAsync("incident-duty", shift.With(change), etag!, None);
        var stored = Assert.Single((await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value.Changes);

        Assert.Equal([cover], stored.CancelsCovers!);
        Assert.Equal(change with { CancelsCovers = null }, stored with { CancelsCovers = null });
    }

    /// <summary>
    /// An undo keeps the covers it made apply again (their replacements are told from them); a change stored before
    /// <see cref="DutyChange.RestoresCovers"/> existed reads back with none.
    /// </summary>
    [Fact]
    public async Task UpdateFrozenShiftAsync_UndoRestoringACover_RoundTripsTheCover_AndAChangeWithoutReadsNone()
    {
        var shift = NewShift(Week49, ["ann", "bob"]);
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", shift, None);
        var from = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
        var cover = new Cover { Id = "cv1", MemberId = "ann", ReplacementId = "carol", From = from, To = from.AddHours(4), Reason = "歯医者", By = "Liam", CreatedAt = At };
        var change = new DutyChange { Id = "c1", MemberId = "ann", ReplacementId = "dai", Reason = "入院", At = At.AddHours(1), CancelsCovers = [cover] };
        var undo = change.UndoneAs("c2", "退院", At.AddHours(2)) with { RestoresCovers = [cover] };

        await Sut.UpdateFrozenShiftAsync("incident-duty", shift.With(change).With(undo), etag!, None);
        var stored = (await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value.Changes;

        Assert.Equal(2, stored.Count);
        Assert.Null(stored[0].RestoresCovers);
        Assert.Equal([cover], stored[1].RestoresCovers!);
        Assert.Null(stored[1].CancelsCovers);
        Assert.Equal(undo with { RestoresCovers = null }, stored[1] with { RestoresCovers = null });
    }

    [Fact]
    public async Task UpdateFrozenShiftAsync_StaleETag_ThrowsConcurrencyAndFirstUpdateStays()
    {
        var shift = NewShift(Week49, ["ann", "bob"]);
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", shift, None);
        await Sut.UpdateFrozenShiftAsync("incident-duty", shift with { Status = FrozenShiftStatus.Announced }, etag!, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() =>
            Sut.UpdateFrozenShiftAsync("incident-duty", shift with { Week = "changed" }, etag!, None));

        var stored = (await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value;
        Assert.Equal(FrozenShiftStatus.Announced, stored.Status);
        Assert.Equal(shift.Week, stored.Week);
    }

    [Fact]
    public async Task GetFrozenShiftAsync_NotFrozen_ReturnsNull()
    {
        Assert.Null(await Sut.GetFrozenShiftAsync("incident-duty", Week49, None));
    }

    [Fact]
    public async Task SaveAsync_WildcardETag_ReplacesWhateverIsStored()
    {
        await Sut.SaveAsync(NewRotation("ops", "Ops"), null, None);

        var etag = await Sut.SaveAsync(NewRotation("ops", "Ops overwritten"), "*", None);

        var stored = (await Sut.GetAsync("ops", None))!;
        Assert.Equal("Ops overwritten", stored.Value.Name);
        Assert.Equal(etag, stored.ETag);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("W/\"datetime'2020-01-01T00%3A00%3A00.0000000Z'\"")]
    public async Task SaveAsync_ETagThatIsNotCurrent_ThrowsConcurrencyAndKeepsTheRotation(string ifMatch)
    {
        await Sut.SaveAsync(NewRotation("ops", "Ops"), null, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveAsync(NewRotation("ops", "Ops again"), ifMatch, None));

        Assert.Equal("Ops", (await Sut.GetAsync("ops", None))!.Value.Name);
    }

    [Fact]
    public async Task SaveAsync_ETagForMissingRotation_ThrowsNotFound()
    {
        var etag = await Sut.SaveAsync(NewRotation("ops", "Ops"), null, None);

        await Assert.ThrowsAsync<NotFoundException>(() => Sut.SaveAsync(NewRotation("gone", "Gone"), etag, None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.SaveAsync(NewRotation("gone", "Gone"), "*", None));

        Assert.Null(await Sut.GetAsync("gone", None));
    }

    [Fact]
    public async Task AddOverridesAsync_NoneOrTheSameIdTwice_StoresNothingOrThrows()
    {
        var ovr = new RotationOverride { Id = "ovr-1", ShiftStart = Week49, MemberId = "ann", ReplacementId = "bob", CreatedAt = At };

        await Sut.AddOverridesAsync("incident-duty", [], None);
        await Assert.ThrowsAsync<ArgumentException>(() => Sut.AddOverridesAsync("incident-duty", [ovr, ovr with { ReplacementId = "carol" }], None));

        Assert.Empty((await Sut.GetStateAsync("incident-duty", None)).Overrides);
    }

    [Fact]
    public async Task DeleteOverrideAsync_OtherRotationsOverride_ReportsNothingToDelete()
    {
        var ovr = new RotationOverride { Id = "ovr-1", ShiftStart = Week49, MemberId = "ann", ReplacementId = "bob", CreatedAt = At };
        await Sut.AddOverridesAsync("incident-duty", [ovr], None);

        Assert.False(await Sut.DeleteOverrideAsync("other", "ovr-1", None));

        Assert.Equal(ovr, Assert.Single((await Sut.GetStateAsync("incident-duty", None)).Overrides));
    }

    [Fact]
    public async Task UpdateFrozenShiftAsync_NotFrozen_ThrowsNotFound()
    {
        var etag = await Sut.TryFreezeShiftAsync("incident-duty", NewShift(Week49, ["ann", "bob"]), None);

        await Assert.ThrowsAsync<NotFoundException>(() => Sut.UpdateFrozenShiftAsync("incident-duty", NewShift(Week50, ["ann", "bob"]), etag!, None));

        Assert.Null(await Sut.GetFrozenShiftAsync("incident-duty", Week50, None));
    }

    [Fact]
    public async Task TryFreezeShiftAsync_ParallelFirstFreezes_ExactlyOneWins()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Sut.TryFreezeShiftAsync("incident-duty", NewShift(Week49, [$"m{i}", "bob"]), None)));

        var winner = Assert.Single(results.Select((etag, i) => (etag, i)), r => r.etag is not null);
        Assert.Equal([$"m{winner.i}", "bob"], (await Sut.GetFrozenShiftAsync("incident-duty", Week49, None))!.Value.Members);
    }

    protected static Rotation NewRotation(string id, string name) =>
        new() { Id = id, Name = name, StartDate = new DateOnly(2026, 1, 5), Members = ["ann", "bob", "carol"], TimeZone = TestZones.Tokyo };

    protected static FrozenShift NewShift(DateOnly start, string[] members) => new()
    {
        ShiftStart = start,
        Week = "2026-W" + System.Globalization.ISOWeek.GetWeekOfYear(start.ToDateTime(TimeOnly.MinValue)),
        Members = members,
        NextMembers = ["bob", "carol"],
        FrozenAt = At,
    };

    protected static (RotationOverride A, RotationOverride B) Swap(string swapId, string a, DateOnly aShift, string b, DateOnly bShift) =>
    (
        new RotationOverride { Id = swapId + "-a", Kind = OverrideKind.Swap, SwapId = swapId, ShiftStart = aShift, MemberId = a, ReplacementId = b, Reason = "swap", CreatedAt = At },
        new RotationOverride { Id = swapId + "-b", Kind = OverrideKind.Swap, SwapId = swapId, ShiftStart = bShift, MemberId = b, ReplacementId = a, Reason = "swap", CreatedAt = At }
    );

    protected static void AssertSame(Rotation expected, Rotation actual)
    {
        Assert.Equal(expected.Members, actual.Members);
        Assert.Equal(expected.NotifyEmails, actual.NotifyEmails);
        Assert.Equal(expected with { Members = [], NotifyEmails = [] }, actual with { Members = [], NotifyEmails = [] });
    }

    protected static void AssertSame(FrozenShift expected, FrozenShift actual)
    {
        Assert.Equal(expected.Members, actual.Members);
        Assert.Equal(expected.NextMembers, actual.NextMembers);
        Assert.Equal(expected.Changes, actual.Changes);
        Assert.Equal(expected with { Members = [], NextMembers = [], Changes = [] }, actual with { Members = [], NextMembers = [], Changes = [] });
    }
}
