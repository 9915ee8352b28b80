using OnDuty.Core.Common;
using OnDuty.Core.Rotations;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Team;

public sealed class RosterServiceTests
{
    private readonly InMemoryRoster _roster = new();

    private RosterService CreateSut() => new(_roster);

    /// <summary>Leave keeps when it was entered: what tells a later entry with the same id from this one.</summary>
    [Fact]
    public async Task AddLeaveAsync_KeepsWhenItWasEntered()
    {
        var now = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero);
        var sut = new RosterService(_roster, null, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        await sut.SaveMemberAsync(Member("sato", "sato@onduty.example"), null, default);

        var leave = await sut.AddLeaveAsync("sato", new DateOnly(2026, 12, 14), new DateOnly(2026, 12, 18), null, null, default);

        Assert.Equal(now, leave.EnteredAt);
        Assert.Equal(now, (await _roster.ListLeaveForMemberAsync("sato", default)).Single().EnteredAt);
    }

    /// <summary>
    /// The schedule-change mail about leave is keyed by the entry: the same entry (a retry, a sync run again) gives one id;
    /// the same leave id cancelled and entered again gives another, so it is told again; Outlook's note is not shown as a reason.
    /// </summary>
    [Fact]
    public void ForLeave_SameEntrySameId_EnteredAgainNewId_CancelledItsOwn()
    {
        var entry = new Leave { Id = "20261214-20261218", MemberId = "sato", From = new DateOnly(2026, 12, 14), To = new DateOnly(2026, 12, 18), Note = "夏季休暇", EnteredAt = new DateTimeOffset(2026, 12, 3, 7, 0, 0, TimeSpan.Zero) };
        var again = entry with { EnteredAt = entry.EnteredAt!.Value.AddMinutes(10) };

        var id = ScheduleChangeCause.ForLeave(entry, cancelled: false, "高橋").Id;

        Assert.Equal(id, ScheduleChangeCause.ForLeave(entry with { }, cancelled: false, null).Id);
        Assert.StartsWith("leave-sato-20261214-20261218-", id, StringComparison.Ordinal);
        Assert.NotEqual(id, ScheduleChangeCause.ForLeave(again, cancelled: false, "高橋").Id);
        Assert.Equal(id + "-cancelled", ScheduleChangeCause.ForLeave(entry, cancelled: true, null).Id);
        var outlook = ScheduleChangeCause.ForLeave(entry with { Source = Leave.OutlookSource, Note = "Outlook: out of office 100% of the working hours" }, cancelled: false, null);
        Assert.True(outlook.Outlook);
        Assert.Null(outlook.Reason);
        Assert.Equal("夏季休暇", ScheduleChangeCause.ForLeave(entry, cancelled: false, null).Reason);
    }

    [Theory]
    [InlineData("sato@onduty.example")]
    [InlineData("SATO@onduty.example")]
    public async Task SaveMemberAsync_NewMemberWithAnAddressAnotherHas_ConflictNamingEmailAndNothingStored(string email)
    {
        var sut = CreateSut();
        await sut.SaveMemberAsync(Member("sato", "sato@onduty.example"), null, default);

        var error = await Assert.ThrowsAsync<ConflictException>(() => sut.SaveMemberAsync(Member("sato2", email), null, default));

        Assert.Equal("email", error.Field);
        Assert.Contains("'sato'", error.Reason, StringComparison.Ordinal);
        Assert.Null(await _roster.GetMemberAsync("sato2", default));
    }

    [Fact]
    public async Task SaveMemberAsync_ChangingToAnAddressAnotherHas_ConflictAndTheOldAddressKept()
    {
        var sut = CreateSut();
        await sut.SaveMemberAsync(Member("sato", "sato@onduty.example"), null, default);
        await sut.SaveMemberAsync(Member("ito", "ito@onduty.example"), null, default);

        await Assert.ThrowsAsync<ConflictException>(() => sut.SaveMemberAsync(Member("ito", "Sato@onduty.example"), "*", default));

        Assert.Equal("ito@onduty.example", (await _roster.GetMemberAsync("ito", default))!.Value.Email);
    }

    [Fact]
    public async Task SaveMemberAsync_MemberKeepsItsOwnAddress_Saved()
    {
        var sut = CreateSut();
        await sut.SaveMemberAsync(Member("sato", "sato@onduty.example"), null, default);

        await sut.SaveMemberAsync(Member("sato", "SATO@onduty.example") with { DisplayName = "佐藤 花子 (改)" }, "*", default);

        Assert.Equal("佐藤 花子 (改)", (await _roster.GetMemberAsync("sato", default))!.Value.DisplayName);
    }

    /// <summary>
    /// Two members stored with one address before duplicates were refused: each can still be edited while it keeps its address
    /// (a phone number added for pages), and neither can take the other's once it has moved off it.
    /// </summary>
    [Fact]
    public async Task SaveMemberAsync_DuplicateStoredBefore_EditKeepingTheAddressSaved_TakingItBackRefused()
    {
        var sut = CreateSut();
        _roster.StoreAsBeforeClaims(Member("sato", "sato@onduty.example"));
        _roster.StoreAsBeforeClaims(Member("sato2", "sato@onduty.example"));

        await sut.SaveMemberAsync(Member("sato2", "sato@onduty.example") with { Phone = "+819012345678" }, "*", default);
        await sut.SaveMemberAsync(Member("sato2", "sato2@onduty.example"), "*", default);
        var error = await Assert.ThrowsAsync<ConflictException>(() => sut.SaveMemberAsync(Member("sato2", "sato@onduty.example"), "*", default));

        Assert.Equal("email", error.Field);
        Assert.Equal("sato2@onduty.example", (await _roster.GetMemberAsync("sato2", default))!.Value.Email);
    }

    [Theory]
    [InlineData("  佐藤 花子 ", "佐藤 花子")]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    public async Task AddLeaveAsync_WhoEnteredIt_IsStored(string? by, string? stored)
    {
        var sut = CreateSut();
        await sut.SaveMemberAsync(Member("ito", "ito@onduty.example"), null, default);

        var leave = await sut.AddLeaveAsync("ito", new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 25), "年末", by, default);

        Assert.Equal(stored, leave.By);
        Assert.Equal(stored, Assert.Single(await _roster.ListLeaveForMemberAsync("ito", default)).By);
    }

    [Fact]
    public async Task AddLeaveAsync_WhoEnteredItTooLong_400NamingByAndNothingStored()
    {
        var sut = CreateSut();
        await sut.SaveMemberAsync(Member("ito", "ito@onduty.example"), null, default);

        var error = await Assert.ThrowsAsync<ValidationException>(() => sut.AddLeaveAsync("ito", new DateOnly(2026, 12, 21), new DateOnly(2026, 12, 25), null, new string('x', 101), default));

        Assert.True(error.Errors.ContainsKey("by"));
        Assert.Empty(await _roster.ListLeaveForMemberAsync("ito", default));
    }

    /// <summary>
    /// Leave for days already past is taken (a sick day reported afterwards), but not leave that ended longer ago than leave is
    /// kept (Retention__Leave, 365 days by default): the purge would delete it at once. Refused naming <c>to</c>, nothing stored.
    /// </summary>
    [Fact]
    public async Task AddLeaveAsync_EndedLongerAgoThanKept_400NamingToAndNothingStored_WithinKept_Stored()
    {
        var now = new DateTimeOffset(2027, 1, 13, 1, 0, 0, TimeSpan.Zero);
        var sut = new RosterService(_roster, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now), retention: Microsoft.Extensions.Options.Options.Create(new RetentionOptions()));
        await sut.SaveMemberAsync(Member("ito", "ito@onduty.example"), null, default);

        var error = await Assert.ThrowsAsync<ValidationException>(() => sut.AddLeaveAsync("ito", new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 12), null, null, default));

        Assert.Equal(["is more than 365 days ago: leave is kept 365 days after it ends (Retention__Leave)"], error.Errors["to"]);
        Assert.Single(error.Errors);
        Assert.Empty(await _roster.ListLeaveForMemberAsync("ito", default));

        await sut.AddLeaveAsync("ito", new DateOnly(2026, 1, 12), new DateOnly(2026, 1, 13), null, null, default);
        Assert.Equal("20260112-20260113", Assert.Single(await _roster.ListLeaveForMemberAsync("ito", default)).Id);
    }

    /// <summary>The last day before the first, long ago too: refused naming <c>to</c> for the order, as before.</summary>
    [Fact]
    public async Task AddLeaveAsync_EndBeforeStart_400NamingToSaysTheOrder()
    {
        var now = new DateTimeOffset(2027, 1, 13, 1, 0, 0, TimeSpan.Zero);
        var sut = new RosterService(_roster, time: new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now));
        await sut.SaveMemberAsync(Member("ito", "ito@onduty.example"), null, default);

        var error = await Assert.ThrowsAsync<ValidationException>(() => sut.AddLeaveAsync("ito", new DateOnly(2026, 1, 12), new DateOnly(2026, 1, 11), null, null, default));

        Assert.Equal(["must not be before from"], error.Errors["to"]);
        Assert.Empty(await _roster.ListLeaveForMemberAsync("ito", default));
    }

    private static Member Member(string id, string email) => new() { Id = id, DisplayName = id, Email = email, JoinedOn = new DateOnly(2024, 4, 1), TimeZone = TestZones.Tokyo };
}
