using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.Infrastructure.Tables;
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

    /// <summary>
    /// Each member's own index: written with every follow (in their partition, keyed by incident), gone with the unfollow; what their
    /// page reads in one query.
    /// </summary>
    [Fact]
    public async Task FollowedByAsync_TheMembersIndex_FollowsAndUnfollows()
    {
        await Sut.FollowAsync("INC-2026-0052", "sato", At, default);
        await Sut.FollowAsync("INC-2026-0051", "sato", At, default);
        await Sut.FollowAsync("INC-2026-0051", "emma", At, default);

        Assert.Equal(["INC-2026-0051", "INC-2026-0052"], await Sut.FollowedByAsync("sato", default));
        var index = await _harness.Tables.Incidents.GetEntityAsync<TableEntity>("following|sato", "INC-2026-0051");
        Assert.Equal(At, index.Value.GetDateTimeOffset("Since"));

        await Sut.UnfollowAsync("INC-2026-0052", "sato", default);

        Assert.Equal(["INC-2026-0051"], await Sut.FollowedByAsync("sato", default));
        Assert.Equal(["INC-2026-0051"], await Sut.FollowedByAsync("emma", default));
        Assert.Empty(await Sut.FollowedByAsync("tanaka", default));
    }

    /// <summary>A follow whose index row was lost (a failure between the two writes) is mended by following again.</summary>
    [Fact]
    public async Task FollowAsync_Again_MendsAMissingIndexRow()
    {
        Assert.Empty(await Sut.FollowedByAsync("sato", default)); // the one-off backfill done (of nothing) before the loss
        await Sut.FollowAsync("INC-2026-0053", "sato", At, default);
        await _harness.Tables.Incidents.DeleteEntityAsync("following|sato", "INC-2026-0053");
        Assert.Empty(await Sut.FollowedByAsync("sato", default));

        Assert.False(await Sut.FollowAsync("INC-2026-0053", "sato", At, default));

        Assert.Equal(["INC-2026-0053"], await Sut.FollowedByAsync("sato", default));
    }

    /// <summary>
    /// Erasing a member deletes every follow of theirs — also one their index lost — and their index; nobody else's row, and not the
    /// incident's other rows.
    /// </summary>
    [Fact]
    public async Task ForgetMemberAsync_EveryFollowAndTheIndex_OthersKept()
    {
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0061", "incident") { ["Data"] = "{}" });
        await Sut.FollowAsync("INC-2026-0061", "erin", At, default);
        await Sut.FollowAsync("INC-2026-0062", "erin", At, default);
        await Sut.FollowAsync("INC-2026-0062", "sato", At, default);
        await _harness.Tables.Incidents.DeleteEntityAsync("following|erin", "INC-2026-0062");

        Assert.Equal(2, await Sut.ForgetMemberAsync("erin", default));

        var left = new List<string>();
        await foreach (var row in _harness.Tables.Incidents.QueryAsync<TableEntity>(select: ["PartitionKey", "RowKey"]))
        {
            left.Add($"{row.PartitionKey}/{row.RowKey}");
        }

        Assert.DoesNotContain(left, r => r.Contains("erin", StringComparison.Ordinal));
        Assert.Contains("INC-2026-0061/incident", left);
        Assert.Contains("INC-2026-0062/follower|sato", left);
        Assert.Contains("following|sato/INC-2026-0062", left);
        Assert.Equal(0, await Sut.ForgetMemberAsync("erin", default));
    }

    /// <summary>
    /// Follows made before the member index existed have no index row: the first read of an instance indexes every follower row once
    /// (keeping when they followed) and leaves a marker; an instance started later reads the marker and backfills nothing again.
    /// </summary>
    [Fact]
    public async Task FollowedByAsync_FollowsFromBeforeTheIndex_BackfilledOnce()
    {
        var earlier = At.AddDays(-3);
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0071", "incident") { ["Data"] = "{}" });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0071", "follower|sato") { ["Since"] = earlier });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0072", "follower|sato") { ["Since"] = earlier });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0072", "follower|emma") { ["Since"] = earlier });
        await Sut.FollowAsync("INC-2026-0073", "sato", At, default); // followed since: indexed already

        Assert.Equal(["INC-2026-0071", "INC-2026-0072", "INC-2026-0073"], await Sut.FollowedByAsync("sato", default));
        Assert.Equal(["INC-2026-0072"], await Sut.FollowedByAsync("emma", default));
        var index = await _harness.Tables.Incidents.GetEntityAsync<TableEntity>("following|sato", "INC-2026-0071");
        Assert.Equal(earlier, index.Value.GetDateTimeOffset("Since"));
        Assert.Equal(["following|/backfilled"], await RowsAsync("following|", "following}"));

        // Once per store: a row written as before the index now (as a failed index write leaves it) is not indexed by a new instance.
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0074", "follower|tanaka") { ["Since"] = earlier });
        Assert.Empty(await new TableIncidentFollowers(_harness.Tables).FollowedByAsync("tanaka", default));
    }

    /// <summary>Pruning takes the incidents out of the member's index only (they still follow them); indexing one again puts it back.</summary>
    [Fact]
    public async Task PruneIndexAsync_IndexRowsOnly_IndexAsyncPutsOneBack()
    {
        await Sut.FollowAsync("INC-2026-0081", "sato", At, default);
        await Sut.FollowAsync("INC-2026-0082", "sato", At, default);
        await Sut.FollowAsync("INC-2026-0083", "sato", At, default);
        // As the member's page does: their index read (and the one-off backfill with it) before it prunes.
        Assert.Equal(3, (await Sut.FollowedByAsync("sato", default)).Count);

        await Sut.PruneIndexAsync("sato", ["INC-2026-0081", "INC-2026-0083", "INC-2026-0089"], default);

        Assert.Equal(["INC-2026-0082"], await Sut.FollowedByAsync("sato", default));
        Assert.Equal(["sato"], await Sut.ListAsync("INC-2026-0081", default));
        Assert.Equal(["sato"], await Sut.ListAsync("INC-2026-0083", default));

        await Sut.IndexAsync("sato", "INC-2026-0081", At.AddDays(9), default);

        Assert.Equal(["INC-2026-0081", "INC-2026-0082"], await Sut.FollowedByAsync("sato", default));
        Assert.Equal(["sato"], await Sut.ListAsync("INC-2026-0081", default));
    }

    /// <summary>
    /// The member's page reads the board only for an index that names an incident or was ever pruned: the index says which in its one
    /// query (<see cref="FollowIndex.Pruned"/>, a row no incident id can be), emptied by pruning it still says so; erasing the member
    /// takes the mark with their rows, counting only their follows.
    /// </summary>
    [Fact]
    public async Task IndexOfAsync_PrunedEvenToEmpty_SaysSo_UntilTheMemberIsForgotten()
    {
        Assert.Equal((0, false), await IndexAsync("kato"));
        await Sut.FollowAsync("INC-2026-0091", "kato", At, default);
        Assert.Equal((1, false), await IndexAsync("kato"));

        await Sut.PruneIndexAsync("kato", ["INC-2026-0091"], default);

        Assert.Equal((0, true), await IndexAsync("kato"));
        Assert.Empty(await Sut.FollowedByAsync("kato", default));
        Assert.Equal(["kato"], await Sut.ListAsync("INC-2026-0091", default));
        Assert.Equal((0, false), await IndexAsync("sato2"));
        await Sut.IndexAsync("kato", "INC-2026-0091", At, default);
        Assert.Equal(["INC-2026-0091"], await Sut.FollowedByAsync("kato", default));

        Assert.Equal(1, await Sut.ForgetMemberAsync("kato", default));
        Assert.Equal((0, false), await IndexAsync("kato"));
    }

    private async Task<(int, bool)> IndexAsync(string memberId)
    {
        var index = await Sut.IndexOfAsync(memberId, default);
        return (index.Ids.Count, index.Pruned);
    }

    private async Task<List<string>> RowsAsync(string from, string to)
    {
        var rows = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {to} and RowKey eq {"backfilled"}");
        await foreach (var row in _harness.Tables.Incidents.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"]))
        {
            rows.Add($"{row.PartitionKey}/{row.RowKey}");
        }

        return rows;
    }
}
