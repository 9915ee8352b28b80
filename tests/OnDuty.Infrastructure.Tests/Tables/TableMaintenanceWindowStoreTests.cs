using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Maintenance;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The maintenance-window contract on Azurite, plus what only the table layout has (the end beside the JSON, requests made).</summary>
public sealed class TableMaintenanceWindowStoreTests(AzuriteFixture azurite) : MaintenanceWindowStoreContract, IClassFixture<AzuriteFixture>
{
    private readonly List<TablesHarness> _harnesses = [];

    private TablesHarness _harness = null!;

    protected override async Task<IMaintenanceWindowStore> CreateStoreAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "maintenance");
        _harnesses.Add(_harness);
        return _harness.Services.GetRequiredService<IMaintenanceWindowStore>();
    }

    public override async Task DisposeAsync()
    {
        foreach (var harness in _harnesses)
        {
            await harness.DisposeAsync();
        }
    }

    /// <summary>Pruning queries the end, so it must be the end as it stands, in a property of its own, in every write.</summary>
    [Fact]
    public async Task AddAndReplace_StoreTheEndAsItStandsBesideTheJson()
    {
        var window = NewWindow("MW-00000001");
        var etag = await Sut.AddAsync(window, None);
        Assert.Equal(window.To, await UntilAsync("MW-00000001"));

        await Sut.ReplaceAsync(window with { EndedAt = T0.AddMinutes(10), EndedBy = "sato" }, etag, None);

        Assert.Equal(T0.AddMinutes(10), await UntilAsync("MW-00000001"));
    }

    [Fact]
    public async Task ListAsync_SeveralWindows_OneRequest()
    {
        foreach (var id in new[] { "MW-0000000a", "MW-0000000b", "MW-0000000c" })
        {
            await Sut.AddAsync(NewWindow(id), None);
        }

        var (listed, requests) = await RecordAsync(store => store.ListAsync(None));

        Assert.Equal(3, listed.Count);
        var request = Assert.Single(requests);
        Assert.Equal("GET", request.Method);
        Assert.True(request.Targets("MaintenanceWindows"));
    }

    /// <summary>An id no row can have is not sent to storage (which would refuse it with a 400).</summary>
    [Fact]
    public async Task GetAsync_IdTooLongForAKey_NoRequest()
    {
        var (read, requests) = await RecordAsync(store => store.GetAsync(new string('x', 2_000), None));

        Assert.Null(read);
        Assert.Empty(requests);
    }

    /// <summary>Ids with characters keys cannot hold are escaped into the key and read back as given.</summary>
    [Fact]
    public async Task AddAsync_IdWithCharactersKeysForbid_RoundTrips()
    {
        var window = NewWindow("MW-a/b#c?d\\e%f|g");

        await Sut.AddAsync(window, None);

        AssertSameWindow(window, (await Sut.GetAsync(window.Id, None))!.Value);
        Assert.Equal(window.Id, Assert.Single(await Sut.ListAsync(None)).Value.Id);
    }

    /// <summary>
    /// Each ended window is deleted at the version the prune read: one another instance changed between the query and the
    /// delete (its end moved later) stays, one deleted meanwhile is not counted, and the rest are deleted.
    /// </summary>
    [Fact]
    public async Task PruneAsync_RowsChangedOrDeletedAfterTheQuery_KeepsTheChangedCountsTheDeleted()
    {
        var cutoff = T0.AddDays(-90);
        foreach (var id in new[] { "MW-0000000a", "MW-0000000b", "MW-0000000c" })
        {
            await Sut.AddAsync(NewWindow(id) with { From = cutoff.AddDays(-2), To = cutoff.AddDays(-1) }, None);
        }

        var table = _harness.Tables.MaintenanceWindows;
        var tap = new StorageTap();
        var tapped = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        _harnesses.Add(tapped);
        // Runs just before each request goes out: the other instance's writes land between the prune's query and its deletes.
        using var meanwhile = tap.Fail(r =>
        {
            if (r.Method == "DELETE" && r.Path.Contains("'MW-0000000a'", StringComparison.Ordinal))
            {
                table.UpdateEntity(new TableEntity("window", "MW-0000000a") { ["Until"] = cutoff.AddDays(1) }, Azure.ETag.All, TableUpdateMode.Merge);
            }
            else if (r.Method == "DELETE" && r.Path.Contains("'MW-0000000b'", StringComparison.Ordinal))
            {
                table.DeleteEntity("window", "MW-0000000b");
            }

            return false;
        }, 500);

        Assert.Equal(1, await tapped.Services.GetRequiredService<IMaintenanceWindowStore>().PruneAsync(cutoff, None));

        Assert.Equal(["MW-0000000a"], (await Sut.ListAsync(None)).Select(w => w.Value.Id));
        Assert.Equal(3, tap.Requests.Count(r => r.Method == "DELETE"));
    }

    private async Task<DateTimeOffset?> UntilAsync(string id) =>
        (await _harness.Tables.MaintenanceWindows.GetEntityAsync<TableEntity>("window", id)).Value.GetDateTimeOffset("Until");

    private async Task<(T Result, IReadOnlyList<StorageRequest> Requests)> RecordAsync<T>(Func<IMaintenanceWindowStore, Task<T>> action)
    {
        var tap = new StorageTap();
        var tapped = TablesHarness.Tapped(_harness, azurite.ConnectionString, tap);
        _harnesses.Add(tapped);
        var store = tapped.Services.GetRequiredService<IMaintenanceWindowStore>();
        return await tap.RecordAsync(() => action(store));
    }
}
