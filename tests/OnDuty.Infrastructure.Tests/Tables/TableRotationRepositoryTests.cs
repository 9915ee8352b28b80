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

    /// <summary>
    /// Session 59: <see cref="Rotation"/> has no default zone any more. Every row written has one; a rotation row without one (written
    /// by hand) still reads, in the team's zone (<c>Incidents__TimeZone</c>), not in a zone the domain picked.
    /// </summary>
    [Fact]
    public async Task GetAsync_RowWithoutAZone_ReadsInTheTeamsZone()
    {
        await Sut.SaveAsync(NewRotation("zoneless", "Zoneless") with { TimeZone = "America/New_York" }, null, None);
        var row = (await _harness.Tables.Rotations.GetEntityAsync<Azure.Data.Tables.TableEntity>("team", "zoneless")).Value;
        Assert.Equal("America/New_York", row.GetString("TimeZone"));
        Assert.True(row.Remove("TimeZone"));
        await _harness.Tables.Rotations.UpdateEntityAsync(row, Azure.ETag.All, Azure.Data.Tables.TableUpdateMode.Replace);

        var dublin = new OnDuty.Infrastructure.Tables.TableRotationRepository(_harness.Tables, "Europe/Dublin");

        Assert.Equal("Europe/Dublin", (await dublin.GetAsync("zoneless", None))!.Value.TimeZone);
        Assert.Equal("Europe/Dublin", Assert.Single(await dublin.ListAsync(None), r => r.Value.Id == "zoneless").Value.TimeZone);
    }

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

    /// <summary>
    /// Trial 32b M6: a rotation made by mistake goes whole — its settings row, overrides and frozen shifts — and another rotation's
    /// state stays; a second delete finds nothing.
    /// </summary>
    [Fact]
    public async Task DeleteAsync_RotationWithOverridesAndFrozenShifts_AllOfItGone_OtherRotationsKept()
    {
        await Sut.SaveAsync(NewRotation("probe", "試験"), null, None);
        await Sut.SaveAsync(NewRotation("incident-duty", "障害当番"), null, None);
        var replace = new RotationOverride { Id = "ovr-1", ShiftStart = Week50, MemberId = "sato", ReplacementId = "kimura", CreatedAt = At };
        await Sut.AddOverridesAsync("probe", [replace], None);
        await Sut.AddOverridesAsync("incident-duty", [replace], None);
        var frozen = new FrozenShift { ShiftStart = Week49, Week = "2026-W49", Members = ["sato", "suzuki"], Status = FrozenShiftStatus.Announced };
        await Sut.TryFreezeShiftAsync("probe", frozen, None);
        await Sut.TryFreezeShiftAsync("incident-duty", frozen, None);

        var deleted = await Sut.DeleteAsync("probe", None);
        var again = await Sut.DeleteAsync("probe", None);

        Assert.True(deleted);
        Assert.False(again);
        Assert.Null(await Sut.GetAsync("probe", None));
        Assert.Equal(["incident-duty"], (await Sut.ListAsync(None)).Select(r => r.Value.Id));
        var gone = await Sut.GetStateAsync("probe", None);
        Assert.Empty(gone.Overrides);
        Assert.Empty(gone.Frozen);
        var kept = await Sut.GetStateAsync("incident-duty", None);
        Assert.Single(kept.Overrides);
        Assert.Single(kept.Frozen);
    }
}
