using OnDuty.Core.Common;
using OnDuty.Core.Team;
namespace OnDuty.Testing.Contracts;

/// <summary>What every <see cref="IRosterRepository"/> does: the table adapter on Azurite and the in-memory fake run these same tests.</summary>
public abstract class RosterRepositoryContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    protected IRosterRepository Sut { get; private set; } = null!;

    /// <summary>A new, empty repository.</summary>
    protected abstract Task<IRosterRepository> CreateRepositoryAsync();

    /// <summary>Stores <paramref name="member"/> as OnDuty did before addresses were claimed: the member alone, duplicates allowed.</summary>
    protected abstract Task StoreAsBeforeClaimsAsync(Member member);

    public virtual async Task InitializeAsync() => Sut = await CreateRepositoryAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task SaveMemberAsync_New_RoundTripsEveryField()
    {
        var member = new Member
        {
            Id = "yamada",
            DisplayName = "山田 太郎",
            Email = "yamada@example.jp",
            Language = Language.Ja,
            TimeZone = "Asia/Tokyo",
            JoinedOn = new DateOnly(2024, 4, 1),
            LeavesOn = new DateOnly(2027, 2, 12),
            Level = ExperienceLevel.Senior,
            Area = Area.Client,
            Active = false,
        };

        var etag = await Sut.SaveMemberAsync(member, ifMatch: null, None);
        var stored = await Sut.GetMemberAsync("yamada", None);

        Assert.NotNull(stored);
        Assert.Equal(member, stored.Value);
        Assert.Equal(etag, stored.ETag);
    }

    /// <summary>A part-timer's days are stored and read back in week order; saved without them, they read as the team's (null).</summary>
    [Fact]
    public async Task SaveMemberAsync_WorkingDays_RoundTrip_AndRemovedReadAsTheTeams()
    {
        var partTimer = NewMember("yamada", "山田 太郎") with { WorkingDays = ["mon", "tue", "wed"] };

        var etag = await Sut.SaveMemberAsync(partTimer, null, None);
        var stored = (await Sut.GetMemberAsync("yamada", None))!;

        Assert.Equal(["mon", "tue", "wed"], stored.Value.WorkingDays);
        Assert.Equal(partTimer with { WorkingDays = null }, stored.Value with { WorkingDays = null });

        await Sut.SaveMemberAsync(stored.Value with { WorkingDays = null }, etag, None);
        Assert.Null((await Sut.GetMemberAsync("yamada", None))!.Value.WorkingDays);
    }

    [Fact]
    public async Task SaveMemberAsync_DefaultsAndNoJoinDate_RoundTrip()
    {
        var member = new Member { Id = "lee", DisplayName = "Lee", Email = "lee@example.com", Level = ExperienceLevel.Junior, TimeZone = TestZones.Tokyo };

        await Sut.SaveMemberAsync(member, null, None);

        Assert.Equal(member, (await Sut.GetMemberAsync("lee", None))!.Value);
    }

    [Fact]
    public async Task SaveMemberAsync_ExistingIdWithoutETag_ThrowsConcurrencyAndKeepsFirst()
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveMemberAsync(NewMember("ann", "Other Ann"), null, None));

        Assert.Equal("Ann", (await Sut.GetMemberAsync("ann", None))!.Value.DisplayName);
    }

    [Fact]
    public async Task SaveMemberAsync_TwoWritersAtSameETag_SecondThrowsAndFirstIsStored()
    {
        var etag = await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        var firstEtag = await Sut.SaveMemberAsync(NewMember("ann", "Ann First"), etag, None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveMemberAsync(NewMember("ann", "Ann Second"), etag, None));

        var stored = await Sut.GetMemberAsync("ann", None);
        Assert.Equal("Ann First", stored!.Value.DisplayName);
        Assert.Equal(firstEtag, stored.ETag);
        Assert.NotEqual(etag, firstEtag);
    }

    [Fact]
    public async Task SaveMemberAsync_WildcardETag_ReplacesWhateverIsStored()
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        await Sut.SaveMemberAsync(NewMember("ann", "Ann Any"), "*", None);

        Assert.Equal("Ann Any", (await Sut.GetMemberAsync("ann", None))!.Value.DisplayName);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("\"garbage\"")]
    [InlineData("W/\"datetime'not-a-time'\"")]
    public async Task SaveMemberAsync_ETagStorageNeverHandsOut_ThrowsConcurrencyAndKeepsTheMember(string ifMatch)
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.SaveMemberAsync(NewMember("ann", "Ann Other"), ifMatch, None));

        Assert.Equal("Ann", (await Sut.GetMemberAsync("ann", None))!.Value.DisplayName);
    }

    [Fact]
    public async Task SaveMemberAsync_ETagForMissingMember_ThrowsNotFound()
    {
        var etag = await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        await Assert.ThrowsAsync<NotFoundException>(() => Sut.SaveMemberAsync(NewMember("ghost", "Ghost"), "*", None));
        await Assert.ThrowsAsync<NotFoundException>(() => Sut.SaveMemberAsync(NewMember("ghost", "Ghost"), etag, None));

        Assert.Null(await Sut.GetMemberAsync("ghost", None));
    }

    [Fact]
    public async Task SaveMemberAsync_ParallelCreatesWithOneAddress_ExactlyOneStoredOthersConflictNamingIt()
    {
        const int Writers = 8;
        using var start = new SemaphoreSlim(0);
        var writes = Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            await start.WaitAsync();
            var member = NewMember($"twin{i}", $"Twin {i}") with { Email = i % 2 == 0 ? "twin@example.com" : " TWIN@Example.com " };
            try
            {
                await Sut.SaveMemberAsync(member, null, None);
                return (Id: member.Id, Error: (ConflictException?)null);
            }
            catch (ConflictException ex)
            {
                return (Id: member.Id, Error: ex);
            }
        })).ToList();
        start.Release(Writers);

        var results = await Task.WhenAll(writes);

        var winner = Assert.Single(results, r => r.Error is null).Id;
        var refused = results.Where(r => r.Error is not null).ToList();
        Assert.Equal(Writers - 1, refused.Count);
        Assert.All(refused, r => Assert.Equal("email", r.Error!.Field));
        Assert.All(refused, r => Assert.Contains($"'{winner}'", r.Error!.Reason, StringComparison.Ordinal));
        Assert.Equal([winner], (await Sut.ListMembersAsync(None)).Select(m => m.Value.Id));
    }

    [Fact]
    public async Task SaveMemberAsync_ChangingToAnAddressAnotherHolds_ConflictAndTheOldAddressKept()
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);
        var bob = await Sut.SaveMemberAsync(NewMember("bob", "Bob"), null, None);

        var error = await Assert.ThrowsAsync<ConflictException>(() => Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "ANN@example.com" }, bob, None));

        Assert.Equal("email", error.Field);
        var stored = await Sut.GetMemberAsync("bob", None);
        Assert.Equal(("bob@example.com", bob), (stored!.Value.Email, stored.ETag));
    }

    [Fact]
    public async Task SaveMemberAsync_AddressChanged_OldAddressFreedNewOneHeld()
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        await Sut.SaveMemberAsync(NewMember("ann", "Ann") with { Email = "ann.new@example.com" }, "*", None);

        await Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "ann@example.com" }, null, None);
        var error = await Assert.ThrowsAsync<ConflictException>(() => Sut.SaveMemberAsync(NewMember("cy", "Cy") with { Email = "ann.new@example.com" }, null, None));
        Assert.Contains("'ann'", error.Reason, StringComparison.Ordinal);
        Assert.Equal(["ann", "bob"], (await Sut.ListMembersAsync(None)).Select(m => m.Value.Id).Order());
    }

    [Fact]
    public async Task DeleteMemberAsync_FreesTheirAddress()
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);

        await Sut.DeleteMemberAsync("ann", None);

        await Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "ann@example.com" }, null, None);
        Assert.Equal("bob", Assert.Single(await Sut.ListMembersAsync(None)).Value.Id);
    }

    /// <summary>
    /// Two members stored with one address before addresses were claimed: each can still be edited keeping it, the first write
    /// claims it (a new member is then refused it here, not only by the roster's check), and one who moves off it cannot take it back.
    /// </summary>
    [Fact]
    public async Task SaveMemberAsync_DuplicatesStoredBeforeClaims_EditsKeepingTheAddressSaved_FirstWriteClaimsIt()
    {
        await StoreAsBeforeClaimsAsync(NewMember("ann", "Ann") with { Email = "shared@example.com" });
        await StoreAsBeforeClaimsAsync(NewMember("bob", "Bob") with { Email = "shared@example.com" });

        await Sut.SaveMemberAsync(NewMember("ann", "Ann A.") with { Email = "shared@example.com" }, "*", None);
        await Sut.SaveMemberAsync(NewMember("bob", "Bob B.") with { Email = "SHARED@example.com" }, "*", None);
        var newcomer = await Assert.ThrowsAsync<ConflictException>(() => Sut.SaveMemberAsync(NewMember("cy", "Cy") with { Email = "shared@example.com" }, null, None));
        await Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "bob@example.com" }, "*", None);
        var back = await Assert.ThrowsAsync<ConflictException>(() => Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "shared@example.com" }, "*", None));

        Assert.Contains("'ann'", newcomer.Reason, StringComparison.Ordinal);
        Assert.Contains("'ann'", back.Reason, StringComparison.Ordinal);
        var members = (await Sut.ListMembersAsync(None)).ToDictionary(m => m.Value.Id, m => (m.Value.DisplayName, m.Value.Email));
        Assert.Equal(("Ann A.", "shared@example.com"), members["ann"]);
        Assert.Equal(("Bob", "bob@example.com"), members["bob"]);
        Assert.False(members.ContainsKey("cy"));
    }

    [Fact]
    public async Task SaveMemberAsync_AddressStoredBeforeClaimsAndItsMemberDeleted_FreeForANewMember()
    {
        await StoreAsBeforeClaimsAsync(NewMember("ann", "Ann"));

        await Sut.DeleteMemberAsync("ann", None);
        await Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "ann@example.com" }, null, None);

        Assert.Equal("bob", Assert.Single(await Sut.ListMembersAsync(None)).Value.Id);
    }

    /// <summary>Table Storage keeps at most 32K characters in a string property: the fake refuses what storage refuses, as the adapter maps it.</summary>
    [Fact]
    public async Task SaveMemberAsync_TextLongerThanStorageHolds_ValidationNamingBodyAndNothingStored()
    {
        var member = NewMember("ann", new string('名', TableStorageRules.MaxStringLength + 1));

        var error = await Assert.ThrowsAsync<ValidationException>(() => Sut.SaveMemberAsync(member, null, None));

        Assert.Contains("PropertyValueTooLarge", Assert.Single(error.Errors["body"]), StringComparison.Ordinal);
        Assert.Null(await Sut.GetMemberAsync("ann", None));
        await Sut.SaveMemberAsync(NewMember("bob", "Bob") with { Email = "ann@example.com" }, null, None); // nor was the address claimed
    }

    /// <summary>A key ("ann|" and the leave id) holds 512 characters once escaped: the adapter refuses a longer one before any request, and so does the fake.</summary>
    [Theory]
    [InlineData(509, "x")] // 513 with "ann|"
    [InlineData(170, "/")] // each escapes to three characters: 514
    public async Task AddLeaveAsync_KeyLongerThanStorageHolds_RefusedAndNothingStored(int length, string c)
    {
        var leave = NewLeave("ann", string.Concat(Enumerable.Repeat(c, length)), 1);

        await Assert.ThrowsAsync<ArgumentException>(() => Sut.AddLeaveAsync(leave, None));

        Assert.Empty(await Sut.ListLeaveAsync(None));
        await Sut.AddLeaveAsync(NewLeave("ann", string.Concat(Enumerable.Repeat(c, length - 1)), 1), None); // one less fits
    }

    [Fact]
    public async Task GetMemberAsync_Missing_ReturnsNull()
    {
        Assert.Null(await Sut.GetMemberAsync("nobody", None));
    }

    [Fact]
    public async Task ListMembersAsync_ReturnsEveryMemberWithItsETag()
    {
        var annEtag = await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);
        var bobEtag = await Sut.SaveMemberAsync(NewMember("bob", "Bob"), null, None);

        var members = await Sut.ListMembersAsync(None);

        Assert.Equal(["ann", "bob"], members.Select(m => m.Value.Id).Order());
        Assert.Equal(annEtag, members.Single(m => m.Value.Id == "ann").ETag);
        Assert.Equal(bobEtag, members.Single(m => m.Value.Id == "bob").ETag);
    }

    [Fact]
    public async Task AddLeaveAsync_New_RoundTripsEveryField()
    {
        var leave = new Leave { Id = "2026-summer", MemberId = "ann", From = new(2026, 8, 10), To = new(2026, 8, 14), Note = "夏休み", By = "佐藤 花子", Source = "graph" };

        await Sut.AddLeaveAsync(leave, None);

        Assert.Equal(leave, Assert.Single(await Sut.ListLeaveForMemberAsync("ann", None)));
    }

    [Fact]
    public async Task AddLeaveAsync_NoNote_RoundTrips()
    {
        var leave = new Leave { Id = "l1", MemberId = "ann", From = new(2026, 1, 5), To = new(2026, 1, 5) };

        await Sut.AddLeaveAsync(leave, None);

        Assert.Equal(leave, Assert.Single(await Sut.ListLeaveAsync(None)));
    }

    [Fact]
    public async Task AddLeaveAsync_ExistingId_ThrowsConcurrency()
    {
        await Sut.AddLeaveAsync(NewLeave("ann", "l1", 1), None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.AddLeaveAsync(NewLeave("ann", "l1", 2), None));

        Assert.Equal(new DateOnly(2026, 3, 1), Assert.Single(await Sut.ListLeaveAsync(None)).From);
    }

    [Fact]
    public async Task ListLeaveForMemberAsync_MembersSharingAPrefix_ReturnsOnlyThatMembersLeave()
    {
        await Sut.AddLeaveAsync(NewLeave("ann", "l1", 1), None);
        await Sut.AddLeaveAsync(NewLeave("ann", "l2", 2), None);
        await Sut.AddLeaveAsync(NewLeave("ann-marie", "l1", 3), None);
        await Sut.AddLeaveAsync(NewLeave("an", "l1", 4), None);

        var annLeave = await Sut.ListLeaveForMemberAsync("ann", None);
        var allLeave = await Sut.ListLeaveAsync(None);

        Assert.Equal(["l1", "l2"], annLeave.Select(l => l.Id));
        Assert.All(annLeave, l => Assert.Equal("ann", l.MemberId));
        Assert.Equal([("an", "l1"), ("ann", "l1"), ("ann", "l2"), ("ann-marie", "l1")], allLeave.Select(l => (l.MemberId, l.Id)).Order());
    }

    [Fact]
    public async Task DeleteLeaveAsync_Existing_RemovesItThenReportsNothingToDelete()
    {
        await Sut.AddLeaveAsync(NewLeave("ann", "l1", 1), None);
        await Sut.AddLeaveAsync(NewLeave("ann", "l2", 2), None);

        Assert.True(await Sut.DeleteLeaveAsync("ann", "l1", None));
        Assert.False(await Sut.DeleteLeaveAsync("ann", "l1", None));

        Assert.Equal("l2", Assert.Single(await Sut.ListLeaveForMemberAsync("ann", None)).Id);
    }

    [Fact]
    public async Task DeleteMemberAsync_RemovesTheMemberAndAllTheirLeave_KeepsOthersSharingAPrefix()
    {
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);
        await Sut.SaveMemberAsync(NewMember("ann-marie", "Ann-Marie"), null, None);
        await Sut.AddLeaveAsync(NewLeave("ann", "l1", 1), None);
        await Sut.AddLeaveAsync(NewLeave("ann", "l2", 2), None);
        await Sut.AddLeaveAsync(NewLeave("ann-marie", "l1", 3), None);

        Assert.Equal(2, await Sut.DeleteMemberAsync("ann", None));

        Assert.Null(await Sut.GetMemberAsync("ann", None));
        Assert.Empty(await Sut.ListLeaveForMemberAsync("ann", None));
        Assert.Equal("ann-marie", Assert.Single(await Sut.ListMembersAsync(None)).Value.Id);
        Assert.Equal(("ann-marie", "l1"), Assert.Single(await Sut.ListLeaveAsync(None)) is var l ? (l.MemberId, l.Id) : default);
        Assert.Equal(0, await Sut.DeleteMemberAsync("ann", None)); // again: nothing left, not an error
    }

    /// <summary>
    /// Who was taken off the roster round-trips — with the name they had, or without it (erased) — apart from the members: no
    /// roster read sees them, a member of the same id (re-added) is read as before, and a second record of an id replaces the first.
    /// </summary>
    [Fact]
    public async Task SaveFormerMemberAsync_RoundTrips_ApartFromTheMembers_AndReplacesAnEarlierRecord()
    {
        var removedAt = new DateTimeOffset(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);
        Assert.Empty(await Sut.ListFormerMembersAsync(None)); // a store from before they were kept: none, not an error
        await Sut.SaveMemberAsync(NewMember("ann", "Ann"), null, None);
        await Sut.SaveFormerMemberAsync(new FormerMember("suzuki", "鈴木 一郎", Language.Ja, removedAt), None);
        await Sut.SaveFormerMemberAsync(new FormerMember("erin", null, Language.En, removedAt), None);
        await Sut.SaveFormerMemberAsync(new FormerMember("ann", "Ann", Language.En, removedAt.AddDays(-1)), None);
        await Sut.SaveFormerMemberAsync(new FormerMember("ann", "Ann B.", Language.En, removedAt), None);

        var former = (await Sut.ListFormerMembersAsync(None)).OrderBy(f => f.Id, StringComparer.Ordinal).ToList();

        Assert.Equal(
            [new FormerMember("ann", "Ann B.", Language.En, removedAt), new FormerMember("erin", null, Language.En, removedAt), new FormerMember("suzuki", "鈴木 一郎", Language.Ja, removedAt)],
            former);
        Assert.Equal("ann", Assert.Single(await Sut.ListMembersAsync(None)).Value.Id);
        Assert.Equal("Ann", (await Sut.GetMemberAsync("ann", None))!.Value.DisplayName);
        Assert.Null(await Sut.GetMemberAsync("suzuki", None));
    }

    private static Member NewMember(string id, string name) =>
        new() { Id = id, DisplayName = name, Email = $"{id}@example.com", JoinedOn = new DateOnly(2020, 1, 6), TimeZone = TestZones.Tokyo };

    private static Leave NewLeave(string memberId, string id, int day) =>
        new() { Id = id, MemberId = memberId, From = new DateOnly(2026, 3, day), To = new DateOnly(2026, 3, day + 1) };
}
