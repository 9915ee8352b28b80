using OnDuty.Core.Team;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

public class TableRosterRepositoryTests(AzuriteFixture azurite) : RosterRepositoryContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<IRosterRepository> CreateRepositoryAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "roster");
        return _harness.Roster;
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();
}
