using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Heartbeats;
using OnDuty.Core.Team;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The heartbeat contract on Azurite, plus what only the table layout has (requests made, erasure of who defined one).</summary>
public sealed class TableHeartbeatStoreTests(AzuriteFixture azurite) : HeartbeatStoreContract, IClassFixture<AzuriteFixture>
{
    private readonly List<TablesHarness> _harnesses = [];

    private TablesHarness _harness = null!;

    protected override async Task<IHeartbeatStore> CreateStoreAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "heartbeats");
        _harnesses.Add(_harness);
        return _harness.Services.GetRequiredService<IHeartbeatStore>();
    }

    public override async Task DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    /// <summary>The check reads every heartbeat each run: one query of the one partition.</summary>
    [Fact]
    public async Task ListAsync_SeveralHeartbeats_OneRequest()
    {
        foreach (var name in new[] { "alertmanager-watchdog", "nightly-batch", "watchdog" })
        {
            await Sut.AddAsync(NewHeartbeat(name), None);
        }

        var (listed, requests) = await RecordAsync(store => store.ListAsync(None));

        Assert.Equal(3, listed.Count);
        var request = Assert.Single(requests);
        Assert.Equal("GET", request.Method);
        Assert.True(request.Targets("Heartbeats"));
    }

    /// <summary>A name no row can have is not sent to storage (which would refuse it with a 400).</summary>
    [Fact]
    public async Task GetAsync_NameTooLongForAKey_NoRequest()
    {
        var (read, requests) = await RecordAsync(store => store.GetAsync(new string('x', 2_000), None));

        Assert.Null(read);
        Assert.Empty(requests);
    }

    [Fact]
    public async Task DeleteAsync_NameTooLongForAKey_NoRequest()
    {
        var (deleted, requests) = await RecordAsync(store => store.DeleteAsync(new string('x', 2_000), None));

        Assert.False(deleted);
        Assert.Empty(requests);
    }

    /// <summary>
    /// Japanese is kept as it is in the JSON, not as <c>\uXXXX</c> (six times its length), so a heartbeat with every text at
    /// its limit fits the 64 KiB property.
    /// </summary>
    [Fact]
    public async Task AddAsync_JapaneseText_StoredAsItIsInTheJson()
    {
        await Sut.AddAsync(NewHeartbeat("nightly-batch") with { Title = "夜間バッチ", Labels = new Dictionary<string, string> { ["env"] = "本番" } }, None);

        var data = (await _harness.Tables.Heartbeats.GetEntityAsync<TableEntity>("heartbeat", "nightly-batch")).Value.GetString("Data");

        Assert.Contains("\"夜間バッチ\"", data, StringComparison.Ordinal);
        Assert.Contains("\"本番\"", data, StringComparison.Ordinal);
    }

    /// <summary>
    /// Erasing a person (<see cref="TablePersonalDataStore"/>) scrubs the heartbeats they defined or changed: their name and
    /// address become the member id, the heartbeat still reads; one they never touched is left as it was.
    /// </summary>
    [Fact]
    public async Task EraseAsync_HeartbeatDefinedByThePerson_NameAndAddressScrubbed()
    {
        var theirs = NewHeartbeat("nightly-batch") with
        {
            Title = "山田 太郎 の夜間バッチ",
            CreatedBy = "山田 太郎 <yamada@example.jp>",
            ChangedBy = "yamada@example.jp",
            ChangedAt = T0,
            Labels = new Dictionary<string, string> { ["service"] = "決済" },
        };
        var before = await Sut.AddAsync(theirs, None);
        var untouched = await Sut.AddAsync(NewHeartbeat("watchdog") with { CreatedBy = "ito" }, None);

        var report = await _harness.Services.GetRequiredService<IPersonalDataStore>()
            .EraseAsync(new ErasureSubject("member-7", ["山田 太郎", "yamada@example.jp"]), None);

        Assert.Equal(new ErasureReport(1, 0), report);
        var erased = await Sut.GetAsync("nightly-batch", None);
        Assert.NotEqual(before, erased!.ETag);
        AssertSameHeartbeat(theirs with { Title = "member-7 の夜間バッチ", CreatedBy = "member-7 <member-7>", ChangedBy = "member-7" }, erased.Value);
        Assert.Equal(untouched, (await Sut.GetAsync("watchdog", None))!.ETag);
        var data = (await _harness.Tables.Heartbeats.GetEntityAsync<TableEntity>("heartbeat", "nightly-batch")).Value.GetString("Data");
        Assert.DoesNotContain("yamada", data, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<(T Result, IReadOnlyList<StorageRequest> Requests)> RecordAsync<T>(Func<IHeartbeatStore, Task<T>> action)
    {
        var tap = new StorageTap();
        var tapped = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        _harnesses.Add(tapped);
        var store = tapped.Services.GetRequiredService<IHeartbeatStore>();
        return await tap.RecordAsync(() => action(store));
    }
}
