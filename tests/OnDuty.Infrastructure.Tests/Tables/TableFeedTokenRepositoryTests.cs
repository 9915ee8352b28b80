using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TableFeedTokenRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);
    private static readonly FeedOwner Rotation = new(FeedKind.Rotation, "incident-duty");

    private TablesHarness _harness = null!;

    private IFeedTokenRepository Sut => _harness.Services.GetRequiredService<IFeedTokenRepository>();

    public async Task InitializeAsync() => _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "feeds");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    private static FeedToken NewToken(FeedOwner owner, out string secret, string? note = null, int minutes = 0)
    {
        secret = FeedSecret.Generate();
        var hash = FeedSecret.Hash(secret);
        return new FeedToken { Owner = owner, Id = FeedSecret.IdOf(hash), TokenHash = hash, CreatedAt = T0.AddMinutes(minutes), Note = note };
    }

    [Fact]
    public async Task AddAsync_ThenFind_RoundTripsAndStoresOnlyTheHash()
    {
        var token = NewToken(Rotation, out var secret, "Outlook（山田）");

        await Sut.AddAsync(token, None);

        Assert.Equal(token, await Sut.FindAsync(Rotation, token.TokenHash, None));
        var rows = await _harness.Tables.FeedTokens.QueryAsync<TableEntity>().ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal("rotation|incident-duty", row.PartitionKey);
        Assert.Equal(token.TokenHash, row.RowKey);
        Assert.DoesNotContain(rows, r => ((IDictionary<string, object>)r).Values.OfType<string>().Any(v => v.Contains(secret, StringComparison.Ordinal)));
    }

    /// <summary>A URL a member made on their own page keeps saying so (their page lists only those); an admin's stores no flag.</summary>
    [Fact]
    public async Task AddAsync_ByMember_RoundTrips_AdminsStoreNoFlag()
    {
        var owner = new FeedOwner(FeedKind.Member, "suzuki");
        var mine = NewToken(owner, out _, "iPhone", minutes: 1) with { ByMember = true };
        var admins = NewToken(owner, out _, minutes: 2);
        await Sut.AddAsync(mine, None);
        await Sut.AddAsync(admins, None);

        Assert.Equal([(mine.Id, true), (admins.Id, false)], (await Sut.ListAsync(owner, None)).Select(t => (t.Id, t.ByMember)));
        Assert.Equal(mine, await Sut.FindAsync(owner, mine.TokenHash, None));
        var rows = await _harness.Tables.FeedTokens.QueryAsync<TableEntity>().ToListAsync();
        Assert.Equal(true, Assert.Single(rows, r => r.RowKey == mine.TokenHash).GetBoolean("ByMember"));
        Assert.False(Assert.Single(rows, r => r.RowKey == admins.TokenHash).ContainsKey("ByMember"));
    }

    [Fact]
    public async Task FindAsync_OtherOwnerOrUnknownHash_Null()
    {
        var token = NewToken(Rotation, out _);
        await Sut.AddAsync(token, None);

        Assert.Null(await Sut.FindAsync(new FeedOwner(FeedKind.Member, "incident-duty"), token.TokenHash, None));
        Assert.Null(await Sut.FindAsync(new FeedOwner(FeedKind.Rotation, "other"), token.TokenHash, None));
        Assert.Null(await Sut.FindAsync(Rotation, FeedSecret.Hash("nope"), None));
    }

    [Fact]
    public async Task ListAsync_OnlyThatOwnersTokensOldestFirst()
    {
        var owner = new FeedOwner(FeedKind.Member, "sato");
        var later = NewToken(owner, out _, minutes: 5);
        var earlier = NewToken(owner, out _, minutes: 1);
        await Sut.AddAsync(later, None);
        await Sut.AddAsync(earlier, None);
        await Sut.AddAsync(NewToken(new FeedOwner(FeedKind.Member, "yamada"), out _), None);

        Assert.Equal([earlier.Id, later.Id], (await Sut.ListAsync(owner, None)).Select(t => t.Id));
    }

    [Fact]
    public async Task DeleteAsync_ById_RemovesOnlyThatToken()
    {
        var owner = new FeedOwner(FeedKind.Rotation, "maintenance");
        var keep = NewToken(owner, out _);
        var revoke = NewToken(owner, out _);
        await Sut.AddAsync(keep, None);
        await Sut.AddAsync(revoke, None);

        Assert.True(await Sut.DeleteAsync(owner, revoke.Id, None));
        Assert.False(await Sut.DeleteAsync(owner, revoke.Id, None));
        Assert.False(await Sut.DeleteAsync(owner, "not-an-id", None));
        Assert.False(await Sut.DeleteAsync(new FeedOwner(FeedKind.Rotation, "other"), keep.Id, None));

        Assert.Null(await Sut.FindAsync(owner, revoke.TokenHash, None));
        Assert.NotNull(await Sut.FindAsync(owner, keep.TokenHash, None));
    }

    /// <summary>An owner id from a URL longer than a partition key holds (DELETE /api/members/{1,100 characters}/feeds/{id} was a 500).</summary>
    [Fact]
    public async Task FindListDelete_OwnerIdLongerThanAKey_FindNothing()
    {
        var owner = new FeedOwner(FeedKind.Member, new string('x', 1_100));
        var token = NewToken(Rotation, out _);
        await Sut.AddAsync(token, None);

        Assert.False(await Sut.DeleteAsync(owner, token.Id, None));
        Assert.Null(await Sut.FindAsync(owner, token.TokenHash, None));
        Assert.Empty(await Sut.ListAsync(owner, None));
        Assert.NotNull(await Sut.FindAsync(Rotation, token.TokenHash, None));
    }

    [Fact]
    public async Task AddAsync_SameHashTwice_Conflict()
    {
        var token = NewToken(Rotation, out _);
        await Sut.AddAsync(token, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.AddAsync(token, None));
    }
}
