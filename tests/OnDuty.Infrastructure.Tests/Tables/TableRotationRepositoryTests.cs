using OnDuty.Core.Rotations;
using OnDuty.Testing;
using OnDuty.Testing.Contracts;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>The rotation contract on Azurite, plus what only stored rows can have (rows written by older versions).</summary>
public class TableRotationRepositoryTests(AzuriteFixture azurite) : RotationRepositoryContract, IClassFixture<AzuriteFixture>
{
    private TablesHarness _harness = null!;

    protected override async Task<IRotationRepository> CreateRepositoryAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "rotations");
        return _harness.Rotations;
    }

    public override async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task GetAsync_RowStoredBeforeHandoffsCouldMove_KeepsNominalHandoffs()
    {
        await Sut.SaveAsync(NewRotation("legacy", "Legacy"), null, None);
        var row = (await _harness.Tables.Rotations.GetEntityAsync<Azure.Data.Tables.TableEntity>("team", "legacy")).Value;
        Assert.True(row.Remove("MoveHandoffOffHolidays"));
        await _harness.Tables.Rotations.UpdateEntityAsync(row, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);

        Assert.False((await Sut.GetAsync("legacy", None))!.Value.MoveHandoffOffHolidays);
        Assert.True(NewRotation("new", "New").MoveHandoffOffHolidays);
    }
}
