using OnDuty.Core.Common;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Team;

public sealed class RosterServiceTests
{
    private readonly InMemoryRoster _roster = new();

    private RosterService CreateSut() => new(_roster);

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

    private static Member Member(string id, string email) => new() { Id = id, DisplayName = id, Email = email, JoinedOn = new DateOnly(2024, 4, 1) };
}
