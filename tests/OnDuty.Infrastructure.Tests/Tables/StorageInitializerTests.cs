using Azure.Data.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

public class StorageInitializerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task EnsureTablesAsync_RunTwice_CreatesEveryTableOnce()
    {
        await using var harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "init", createTables: false);

        await harness.Initializer.EnsureTablesAsync(None);
        await harness.Initializer.EnsureTablesAsync(None);

        var service = new TableServiceClient(azurite.ConnectionString);
        var names = new List<string>();
        await foreach (var table in service.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {harness.Prefix} and TableName lt {harness.Prefix + "~"}")))
        {
            names.Add(table.Name);
        }

        Assert.Equal(
            new[] { "AlertGroups", "CalendarEvents", "Criteria", "DataProtectionKeys", "FeedTokens", "Heartbeats", "IncidentBoard", "IncidentIndex", "Incidents", "Leave", "Lessons", "MaintenanceWindows", "Members", "Outbox", "Retros", "RotationState", "Rotations" }
                .Select(n => harness.Prefix + n).Order(StringComparer.Ordinal),
            names.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_StorageUp_ReturnsNull()
    {
        await using var harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "probe");

        Assert.Equal("storage", harness.Initializer.Name);
        Assert.Null(await harness.Initializer.CheckAsync(None));
    }

    [Fact]
    public async Task CheckAsync_TablesNotCreated_SaysWhichTable()
    {
        await using var harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "probe", createTables: false);

        var problem = await harness.Initializer.CheckAsync(None);

        Assert.Contains(harness.Prefix + "Outbox", problem);
    }

    [Fact]
    public async Task CheckAsync_StorageUnreachable_ReportsItQuickly()
    {
        await using var harness = TablesHarness.Unreachable();
        var started = TimeProvider.System.GetTimestamp();

        var problem = await harness.Initializer.CheckAsync(None);

        Assert.NotNull(problem);
        Assert.Contains("not reachable", problem);
        Assert.True(TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5));
    }
}
