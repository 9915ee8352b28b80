using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>Followers on Azurite: rows in the incident's own partition, one per member, however many press at once.</summary>
public sealed class TableIncidentFollowersTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);

    private TablesHarness _harness = null!;

    private IIncidentFollowers Sut => _harness.Services.GetRequiredService<IIncidentFollowers>();

    public async Task InitializeAsync() => _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "followers");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task FollowAsync_ThenListAndUnfollow_RoundTripsInTheIncidentsPartition()
    {
        Assert.True(await Sut.FollowAsync("INC-2026-0042", "sato", At, default));
        Assert.True(await Sut.FollowAsync("INC-2026-0042", "emma", At, default));
        Assert.True(await Sut.FollowAsync("INC-2026-0043", "tanaka", At, default));

        Assert.Equal(["emma", "sato"], await Sut.ListAsync("INC-2026-0042", default));
        // Stored beside the incident's record and timeline, keyed by member: what the query reads.
        var row = await _harness.Tables.Incidents.GetEntityAsync<TableEntity>("INC-2026-0042", "follower|sato");
        Assert.Equal(At, row.Value.GetDateTimeOffset("Since"));

        Assert.True(await Sut.UnfollowAsync("INC-2026-0042", "sato", default));
        Assert.False(await Sut.UnfollowAsync("INC-2026-0042", "sato", default));
        Assert.Equal(["emma"], await Sut.ListAsync("INC-2026-0042", default));
        Assert.Equal(["tanaka"], await Sut.ListAsync("INC-2026-0043", default));
    }

    [Fact]
    public async Task ListAsync_IncidentWithRecordAndTimelineRows_OnlyFollowersRead()
    {
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0044", "incident") { ["Data"] = "{}" });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0044", "tl|0001|999x") { ["Data"] = "{}", ["Kind"] = "Update" });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0044", "alert|k") { ["Data"] = "{}" });
        await Sut.FollowAsync("INC-2026-0044", "yamada", At, default);

        Assert.Equal(["yamada"], await Sut.ListAsync("INC-2026-0044", default));
        Assert.Empty(await Sut.ListAsync("INC-2026-9999", default));
    }

    /// <summary>Two presses at once (two instances): exactly one makes the follower, the other finds them following; one row.</summary>
    [Fact]
    public async Task FollowAsync_RacedTenTimes_OneWinsOneRow()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Sut.FollowAsync("INC-2026-0045", "sato", At, default))));

        Assert.Single(results, won => won);
        Assert.Equal(["sato"], await Sut.ListAsync("INC-2026-0045", default));
    }
}
