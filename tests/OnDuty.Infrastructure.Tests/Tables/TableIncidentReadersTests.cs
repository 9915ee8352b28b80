using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Tables;

/// <summary>Readers added on a confidential incident, on Azurite: rows beside it by normalised address, one however many press at once.</summary>
public sealed class TableIncidentReadersTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero);

    private TablesHarness _harness = null!;

    private IIncidentReaders Sut => _harness.Services.GetRequiredService<IIncidentReaders>();

    public async Task InitializeAsync() => _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "readers");

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task AddAsync_ThenListAndRemove_RoundTripsBesideTheIncident_ByNormalisedAddress()
    {
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0042", "incident") { ["Data"] = "{}" });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0042", "follower|sato") { ["Since"] = At });

        Assert.True(await Sut.AddAsync("INC-2026-0042", new IncidentReader(" Yamada@Partner.example ", At, "sato"), default));
        Assert.False(await Sut.AddAsync("INC-2026-0042", new IncidentReader("yamada@partner.example", At.AddMinutes(1), "ito"), default));
        Assert.True(await Sut.AddAsync("INC-2026-0042", new IncidentReader("legal@onduty.example", At, "sato"), default));

        var row = await _harness.Tables.Incidents.GetEntityAsync<TableEntity>("INC-2026-0042", "reader|yamada@partner.example");
        Assert.Equal("sato", row.Value.GetString("AddedBy"));
        Assert.Equal(
            [new IncidentReader("legal@onduty.example", At, "sato"), new IncidentReader("yamada@partner.example", At, "sato")],
            await Sut.ListAsync("INC-2026-0042", default));

        Assert.True(await Sut.RemoveAsync("INC-2026-0042", "YAMADA@partner.example", default));
        Assert.False(await Sut.RemoveAsync("INC-2026-0042", "yamada@partner.example", default));
        Assert.Equal(["legal@onduty.example"], (await Sut.ListAsync("INC-2026-0042", default)).Select(r => r.Address));
        Assert.Empty(await Sut.ListAsync("INC-2026-0043", default));
    }

    [Fact]
    public async Task AddAsync_ManyAtOnce_OneRow()
    {
        var added = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Sut.AddAsync("INC-2026-0050", new IncidentReader("audit@partner.example", At, "sato"), default)));

        Assert.Single(added, a => a);
        Assert.Single(await Sut.ListAsync("INC-2026-0050", default));
    }

    /// <summary>
    /// Those a page or a call for help reached (session 62): RK <c>reached|{address}</c> with its kind, once per address; listed with
    /// the people added by <see cref="IIncidentReaders.MayReadAsync"/> (one query), never among the added, and taking an added
    /// person off leaves a reached row of the same address.
    /// </summary>
    [Fact]
    public async Task RecordReachedAsync_OncePerAddress_MayReadListsAddedAndReached_NotOtherRows()
    {
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0060", "incident") { ["Data"] = "{}" });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0060", "follower|sato") { ["Since"] = At });
        Assert.True(await Sut.AddAsync("INC-2026-0060", new IncidentReader("legal@onduty.example", At, "sato"), default));

        Assert.True(await Sut.RecordReachedAsync("INC-2026-0060", new ReachedReader(" PM-Org@onduty.example ", ReachedReader.Paged, At), default));
        Assert.False(await Sut.RecordReachedAsync("INC-2026-0060", new ReachedReader("pm-org@onduty.example", ReachedReader.Asked, At.AddMinutes(5)), default));
        Assert.True(await Sut.RecordReachedAsync("INC-2026-0060", new ReachedReader("legal@onduty.example", ReachedReader.Asked, At), default));
        Assert.True(await Sut.RecordReachedAsync("INC-2026-0061", new ReachedReader("other@onduty.example", ReachedReader.Paged, At), default));

        var row = await _harness.Tables.Incidents.GetEntityAsync<TableEntity>("INC-2026-0060", "reached|pm-org@onduty.example");
        Assert.Equal(ReachedReader.Paged, row.Value.GetString("Kind"));
        Assert.Equal(["legal@onduty.example", "pm-org@onduty.example"], (await Sut.MayReadAsync("INC-2026-0060", default)).Order(StringComparer.Ordinal));
        Assert.Equal(["legal@onduty.example"], (await Sut.ListAsync("INC-2026-0060", default)).Select(r => r.Address));

        Assert.True(await Sut.RemoveAsync("INC-2026-0060", "legal@onduty.example", default));
        Assert.Empty(await Sut.ListAsync("INC-2026-0060", default));
        Assert.Equal(["legal@onduty.example", "pm-org@onduty.example"], (await Sut.MayReadAsync("INC-2026-0060", default)).Order(StringComparer.Ordinal));
        Assert.Empty(await Sut.MayReadAsync("INC-2026-0062", default));
    }

    [Fact]
    public async Task ListWithReachedAsync_AddedAndReachedApart_WithKindAndTime_NotOtherRowsOrIncidents()
    {
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0070", "incident") { ["Data"] = "{}" });
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0070", "follower|sato") { ["Since"] = At });
        await Sut.AddAsync("INC-2026-0070", new IncidentReader("legal@onduty.example", At, "sato"), default);
        await Sut.RecordReachedAsync("INC-2026-0070", new ReachedReader("legal@onduty.example", ReachedReader.Paged, At), default);
        await Sut.RecordReachedAsync("INC-2026-0070", new ReachedReader("sato@onduty.example", ReachedReader.Paged, At), default);
        await Sut.RecordReachedAsync("INC-2026-0070", new ReachedReader("Aux@partner.example", ReachedReader.Asked, At.AddMinutes(3)), default);
        await Sut.RecordReachedAsync("INC-2026-0071", new ReachedReader("other@onduty.example", ReachedReader.Paged, At), default);

        var onIt = await Sut.ListWithReachedAsync("INC-2026-0070", default);

        Assert.Equal([new IncidentReader("legal@onduty.example", At, "sato")], onIt.Added);
        Assert.Equal(
            [new ReachedReader("aux@partner.example", ReachedReader.Asked, At.AddMinutes(3)), new ReachedReader("legal@onduty.example", ReachedReader.Paged, At), new ReachedReader("sato@onduty.example", ReachedReader.Paged, At)],
            onIt.Reached);
        Assert.Equal(["aux@partner.example", "sato@onduty.example"], onIt.ReachedOnly.Select(r => r.Address));
        Assert.Empty((await Sut.ListWithReachedAsync("INC-2026-0072", default)).Reached);
    }

    [Fact]
    public async Task AddedOnAsync_IndexByAddress_WrittenWithTheReader_RemovedWithThem_OneQueryForEveryAddress()
    {
        Assert.True(await Sut.AddAsync("INC-2026-0080", new IncidentReader("counsel@law.example", At, "sato"), default));
        Assert.True(await Sut.AddAsync("INC-2026-0081", new IncidentReader("Counsel@Law.example", At, "sato"), default));
        Assert.True(await Sut.AddAsync("INC-2026-0082", new IncidentReader("other@law.example", At, "sato"), default));
        await Sut.RecordReachedAsync("INC-2026-0083", new ReachedReader("counsel@law.example", ReachedReader.Paged, At), default);

        var row = await _harness.Tables.Incidents.GetEntityAsync<TableEntity>("readerof|counsel@law.example", "INC-2026-0080");
        Assert.Equal(At, row.Value.GetDateTimeOffset("AddedAt"));
        Assert.Equal(["INC-2026-0080", "INC-2026-0081"], (await Sut.AddedOnAsync([" COUNSEL@law.example"], default)).Order(StringComparer.Ordinal));
        Assert.Equal(["INC-2026-0080", "INC-2026-0081", "INC-2026-0082"], (await Sut.AddedOnAsync(["counsel@law.example", "other@law.example", "nobody@law.example"], default)).Order(StringComparer.Ordinal));
        Assert.Empty(await Sut.AddedOnAsync([], default));

        // The index row missing (added before it was kept): adding again makes it; taking off removes it.
        await _harness.Tables.Incidents.DeleteEntityAsync("readerof|other@law.example", "INC-2026-0082");
        Assert.Empty(await Sut.AddedOnAsync(["other@law.example"], default));
        Assert.False(await Sut.AddAsync("INC-2026-0082", new IncidentReader("other@law.example", At, "ito"), default));
        Assert.Equal(["INC-2026-0082"], await Sut.AddedOnAsync(["other@law.example"], default));
        Assert.True(await Sut.RemoveAsync("INC-2026-0080", "counsel@law.example", default));
        Assert.Equal(["INC-2026-0081"], await Sut.AddedOnAsync(["counsel@law.example"], default));
        Assert.Empty(await Sut.ListAsync("INC-2026-0080", default));
    }

    /// <summary>
    /// Erasing a person (<see cref="TablePersonalDataStore"/>): the rows keyed by their address — added on incidents, reached by a page,
    /// and the index of those added — are deleted (scrubbing texts never reached a key), so no list shows them an incident whole and no
    /// page lets their address in; another person's rows stay as they were.
    /// </summary>
    [Fact]
    public async Task EraseAsync_TheirAddress_ReaderReachedAndIndexRowsDeleted_OthersKept()
    {
        await _harness.Tables.Incidents.AddEntityAsync(new TableEntity("INC-2026-0090", "incident") { ["Data"] = "{\"title\":\"x\"}" });
        Assert.True(await Sut.AddAsync("INC-2026-0090", new IncidentReader("Yamada@Partner.example", At, "sato"), default));
        Assert.True(await Sut.AddAsync("INC-2026-0091", new IncidentReader("yamada@partner.example", At, "sato"), default));
        Assert.True(await Sut.AddAsync("INC-2026-0090", new IncidentReader("legal@onduty.example", At, "sato"), default));
        Assert.True(await Sut.RecordReachedAsync("INC-2026-0092", new ReachedReader("yamada@partner.example", ReachedReader.Paged, At), default));
        Assert.True(await Sut.RecordReachedAsync("INC-2026-0090", new ReachedReader("ito@onduty.example", ReachedReader.Asked, At), default));

        var report = await _harness.Services.GetRequiredService<IPersonalDataStore>()
            .EraseAsync(new ErasureSubject("yamada", [" YAMADA@partner.example", "山田 太郎"]), default);

        // Two reader rows (each with its index row) and the reached row.
        Assert.Equal(3, report.RowsDeleted);
        Assert.Empty(await Sut.AddedOnAsync(["yamada@partner.example"], default));
        Assert.Empty(await Sut.MayReadAsync("INC-2026-0091", default));
        Assert.Empty(await Sut.MayReadAsync("INC-2026-0092", default));
        var onIt = await Sut.ListWithReachedAsync("INC-2026-0090", default);
        Assert.Equal(["legal@onduty.example"], onIt.Added.Select(r => r.Address));
        Assert.Equal(["ito@onduty.example"], onIt.Reached.Select(r => r.Address));
        Assert.Equal(["INC-2026-0090"], await Sut.AddedOnAsync(["legal@onduty.example"], default));
        var left = new List<string>();
        await foreach (var row in _harness.Tables.Incidents.QueryAsync<TableEntity>())
        {
            left.Add(row.PartitionKey + " " + row.RowKey);
        }

        Assert.DoesNotContain(left, key => key.Contains("yamada", StringComparison.OrdinalIgnoreCase));
    }
}
