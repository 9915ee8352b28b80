using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Team;
using OnDuty.Infrastructure.Tables;
using OnDuty.Infrastructure.Tests.Retros;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Incidents;

/// <summary>The list indexes' summaries on Azurite: one query per list, kept equal to the record under races, old rows repaired.</summary>
public sealed class TableIncidentRepositorySummaryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ListBoardAndListYear_ManyIncidents_OneStorageReadEach()
    {
        var (tables, sut) = await CreateAsync("sumread");
        for (var n = 1; n <= 40; n++)
        {
            var id = $"INC-2026-{n:D4}";
            await sut.SetOpenAsync(id, true, None);
            await sut.TryCreateAsync(Open(id), None);
        }

        await sut.MutateAsync("INC-2026-0007", i => i.Resolve("ito", T0.AddMinutes(5)), None);

        var (board, boardReads) = await tables.CountReadsAsync(() => sut.ListBoardAsync(T0, None));
        var (page, yearReads) = await tables.CountReadsAsync(() => sut.ListYearAsync(2026, 25, null, None));

        Assert.Equal(40, board.Count);
        Assert.Equal(2, boardReads); // the board's query, and once per instance a look for board rows in the place of before
        var (again, againReads) = await tables.CountReadsAsync(() => sut.ListBoardAsync(T0, None));
        Assert.Equal(40, again.Count);
        Assert.Equal(1, againReads);
        Assert.Equal(25, page.Items.Count);
        Assert.Equal("INC-2026-0040", page.Items[0].Id);
        Assert.Equal(2, yearReads); // the query, and once per instance and year a look for rows of the old layout
        var (next, nextReads) = await tables.CountReadsAsync(() => sut.ListYearAsync(2026, 25, page.ContinuationToken, None));
        Assert.Equal(15, next.Items.Count);
        Assert.Equal(1, nextReads);
        Assert.False(next.Items.Single(i => i.Id == "INC-2026-0007").IsOpen);
    }

    /// <summary>One instance handling an incident step after step: each save's summaries are one write per row, no read.</summary>
    [Fact]
    public async Task SaveAsync_RowsThisInstanceWrote_SummariesWrittenWithoutReadingThem()
    {
        var (tables, sut) = await CreateAsync("sumcost");
        await sut.SetOpenAsync("INC-2026-0001", true, None);
        await sut.TryCreateAsync(Open("INC-2026-0001"), None);
        var current = (await sut.GetAsync("INC-2026-0001", None))!;
        current.Value.Acknowledge("ito", T0.AddMinutes(1));

        var (_, reads) = await tables.CountReadsAsync(() => sut.SaveAsync(current.Value, current.ETag, null, None));

        Assert.Equal(0, reads);
        Assert.Equal("ito", Assert.Single(await sut.ListBoardAsync(T0, None)).AcknowledgedBy);
        Assert.Equal("ito", Assert.Single((await sut.ListYearAsync(2026, 10, null, None)).Items).AcknowledgedBy);
    }

    [Fact]
    public async Task SyncSummaryAsync_StaleWriter_NeverOverwritesANewerSummary()
    {
        var (_, sut) = await CreateAsync("sumstale");
        await sut.TryCreateAsync(Open("INC-2026-0001"), None);
        var stale = (await sut.GetAsync("INC-2026-0001", None))!.Value;

        await sut.MutateAsync("INC-2026-0001", i =>
        {
            i.PostUpdate(null, null, "ito", T0.AddMinutes(1), new IncidentEdit { Title = "Renamed" });
            return true;
        }, None);
        await sut.SyncSummaryAsync(stale, None);

        Assert.Equal("Renamed", Assert.Single(await sut.ListBoardAsync(T0, None)).Title);
        Assert.Equal("Renamed", Assert.Single((await sut.ListYearAsync(2026, 10, null, None)).Items).Title);
    }

    [Fact]
    public async Task ParallelResolveAndReopen_SummariesAndListingEqualTheRecord()
    {
        var (tables, sut) = await CreateAsync("sumrace");
        const string Id = "INC-2026-0001";
        await sut.SetOpenAsync(Id, true, None);
        await sut.TryCreateAsync(Open(Id), None);

        for (var round = 0; round < 8; round++)
        {
            var at = T0.AddMinutes(round + 1);
            var writers = Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
            {
                await sut.MutateAsync(Id, i => w % 2 == 0 ? i.Resolve("ito", at) : i.Reopen("ito", at, "again"), None);
                await sut.SyncIndexesAsync(Id, at, None);
            }));
            await Task.WhenAll(writers);

            var record = (await sut.GetAsync(Id, None))!.Value;
            var board = await SummaryAsync(tables.Tables.IncidentBoard, "open", Id);
            var year = await SummaryAsync(tables.Tables.IncidentIndex, "year|2026", TableIncidentRepository.YearRowKey(Id));
            Assert.Equivalent(record.ToSnapshot(), board, strict: true);
            Assert.Equivalent(record.ToSnapshot(), year, strict: true);
            string[] listed = record.IsOpen ? [Id] : [];
            Assert.Equal(listed, await sut.ListOpenIdsAsync(None));
            Assert.Equivalent(record.ToSnapshot(), Assert.Single(await new TableIncidentRepository(tables.Tables).ListBoardAsync(T0, None)).ToSnapshot(), strict: true);
        }
    }

    /// <summary>Issue 10: the first try of a create was stored but its answer lost, and its index rows never written; the retry gets 409.</summary>
    [Fact]
    public async Task TryCreateAsync_RetryGets409AfterTheIndexWasMissed_StillListedInItsYear()
    {
        var (tables, sut) = await CreateAsync("sum409");
        await sut.TryCreateAsync(Open("INC-2026-0001"), None);
        await tables.Tables.IncidentIndex.DeleteEntityAsync("year|2026", TableIncidentRepository.YearRowKey("INC-2026-0001"));
        Assert.Empty((await sut.ListYearAsync(2026, 10, null, None)).Items);

        Assert.Null(await sut.TryCreateAsync(Open("INC-2026-0001"), None));

        Assert.Equal(["INC-2026-0001"], (await sut.ListYearAsync(2026, 10, null, None)).Items.Select(i => i.Id));
    }

    /// <summary>
    /// Rows stored before summaries, and before the board had a table of its own: the open row is the id alone in IncidentIndex,
    /// the year row's key is the id (oldest first).
    /// </summary>
    [Fact]
    public async Task OldRowsWithoutSummaries_ListedFromTheirRecordsAndGivenSummaries()
    {
        var (tables, sut) = await CreateAsync("sumold");
        var index = tables.Tables.IncidentIndex;
        var boardTable = tables.Tables.IncidentBoard;
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002", "INC-2026-0003" })
        {
            await sut.TryCreateAsync(Open(id), None);
            if (id == "INC-2026-0002")
            {
                await sut.MutateAsync(id, i => i.Resolve("ito", T0.AddMinutes(5)), None);
            }

            await boardTable.DeleteEntityAsync("open", id);
            await index.DeleteEntityAsync("year|2026", TableIncidentRepository.YearRowKey(id));
            await index.AddEntityAsync(new TableEntity("year|2026", id));
        }

        await index.AddEntityAsync(new TableEntity("open", "INC-2026-0001"));
        await index.AddEntityAsync(new TableEntity("open", "INC-2026-0003"));
        await index.AddEntityAsync(new TableEntity("open", "INC-2026-0404")); // listed, never created (its creator crashed)

        // The board's window starts after the rows were written (by the server's clock, which stamps them), whatever today is.
        var window = DateTimeOffset.UtcNow.AddMinutes(1) + IncidentService.StatusBoardResolvedWindow;
        var upgraded = new TableIncidentRepository(tables.Tables); // an instance started after the upgrade
        var board = await upgraded.ListBoardAsync(window, None);
        var year = await sut.ListYearAsync(2026, 2, null, None);
        var rest = await sut.ListYearAsync(2026, 2, year.ContinuationToken, None);

        Assert.Equal(["INC-2026-0001", "INC-2026-0003"], board.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(["INC-2026-0003", "INC-2026-0002"], year.Items.Select(i => i.Id));
        Assert.Equal(["INC-2026-0001"], rest.Items.Select(i => i.Id));
        Assert.Equal(["INC-2026-0003", "INC-2026-0002"], await sut.ListIdsOfYearAsync(2026, 2, None));

        // Repaired: the next look is one query, from the summaries written back; the row of the incident never created was
        // older than the board's window, so it is gone too.
        var (again, reads) = await tables.CountReadsAsync(() => upgraded.ListBoardAsync(window, None));
        Assert.Equal(2, again.Count);
        Assert.Equal(1, reads);
        Assert.NotNull((await boardTable.GetEntityAsync<TableEntity>("open", "INC-2026-0003")).Value.GetString("Data"));
        Assert.Empty(await RowsAsync(index, "open")); // moved
        Assert.NotNull((await index.GetEntityAsync<TableEntity>("year|2026", TableIncidentRepository.YearRowKey("INC-2026-0002"))).Value.GetString("Data"));
    }

    [Fact]
    public async Task ListBoardAsync_ResolvedBeforeTheWindow_LeftOutAndItsRowDropped()
    {
        var (tables, sut) = await CreateAsync("sumold2");
        await sut.TryCreateAsync(Open("INC-2026-0001"), None);
        await sut.MutateAsync("INC-2026-0001", i => i.Resolve("ito", T0.AddMinutes(5)), None);

        Assert.Single(await sut.ListBoardAsync(T0, None));
        Assert.Single(await sut.ListBoardAsync(T0.AddMinutes(5) + IncidentService.StatusBoardResolvedWindow, None)); // the last moment of the board's window
        Assert.True((await tables.Tables.IncidentBoard.GetEntityIfExistsAsync<TableEntity>("open", "INC-2026-0001")).HasValue);
        Assert.Empty(await sut.ListBoardAsync(T0.AddDays(8), None));

        Assert.False((await tables.Tables.IncidentBoard.GetEntityIfExistsAsync<TableEntity>("open", "INC-2026-0001")).HasValue);
        Assert.Single((await sut.ListYearAsync(2026, 10, null, None)).Items);
    }

    /// <summary>
    /// Two instances: what one writes, deletes or adds, the other's next look shows, though it keeps the summaries it read
    /// (taken only at the ETag its query gives). Few changes are read row by row, many as a whole board again.
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(30)]
    public async Task ListBoardAsync_AnotherInstanceChangedRows_NextLookShowsThem(int changed)
    {
        var (tables, first) = await CreateAsync("sumtwo");
        var second = new TableIncidentRepository(tables.Tables);
        for (var n = 1; n <= 40; n++)
        {
            var id = $"INC-2026-{n:D4}";
            await first.SetOpenAsync(id, true, None);
            await first.TryCreateAsync(Open(id), None);
        }

        Assert.Equal(40, (await second.ListBoardAsync(T0, None)).Count);
        for (var n = 1; n <= changed; n++)
        {
            await first.MutateAsync($"INC-2026-{n:D4}", i => i.Acknowledge("ito", T0.AddMinutes(1)), None);
        }

        await first.MutateAsync("INC-2026-0040", i => i.Resolve("ito", T0.AddMinutes(2)), None);
        await tables.Tables.IncidentBoard.DeleteEntityAsync("open", "INC-2026-0039");
        await first.SetOpenAsync("INC-2026-0041", true, None);
        await first.TryCreateAsync(Open("INC-2026-0041"), None);

        var board = (await second.ListBoardAsync(T0, None)).ToDictionary(i => i.Id);

        Assert.Equal(40, board.Count);
        Assert.DoesNotContain("INC-2026-0039", board.Keys);
        Assert.Contains("INC-2026-0041", board.Keys);
        Assert.Equal(changed, board.Values.Count(i => i.AcknowledgedBy == "ito"));
        Assert.All(Enumerable.Range(1, changed), n => Assert.Equal("ito", board[$"INC-2026-{n:D4}"].AcknowledgedBy));
        Assert.False(board["INC-2026-0040"].IsOpen);
        var records = await Task.WhenAll(board.Keys.Select(id => first.GetAsync(id, None)));
        Assert.All(records, r => Assert.Equivalent(r!.Value.ToSnapshot(), board[r.Value.Id].ToSnapshot(), strict: true));
    }

    /// <summary>
    /// An existing deployment upgrades in place: board rows the previous version wrote in IncidentIndex PK <c>open</c>, with a
    /// summary that may be older than the record (it copied after its transaction), are listed from their records and moved.
    /// </summary>
    [Fact]
    public async Task ListBoardAsync_RowsOfThePreviousVersion_ListedFromTheRecordAndMoved()
    {
        var (tables, sut) = await CreateAsync("sumup");
        var index = tables.Tables.IncidentIndex;
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002" })
        {
            await sut.TryCreateAsync(Open(id), None);
            var row = (await tables.Tables.IncidentBoard.GetEntityAsync<TableEntity>("open", id)).Value;
            await tables.Tables.IncidentBoard.DeleteEntityAsync("open", id);
            await index.AddEntityAsync(new TableEntity("open", id) { ["Data"] = row.GetString("Data"), ["Revision"] = row.GetInt64("Revision"), ["Open"] = true });
        }

        // The previous version resolved 0002 and died before it copied the record to its row.
        var stale = (await sut.GetAsync("INC-2026-0002", None))!;
        stale.Value.Resolve("ito", T0.AddMinutes(5));
        await sut.SaveAsync(stale.Value, stale.ETag, null, None);
        await tables.Tables.IncidentBoard.DeleteEntityAsync("open", "INC-2026-0002");

        var upgraded = new TableIncidentRepository(tables.Tables);
        var board = (await upgraded.ListBoardAsync(T0, None)).ToDictionary(i => i.Id);

        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], board.Keys.Order(StringComparer.Ordinal));
        Assert.True(board["INC-2026-0001"].IsOpen);
        Assert.False(board["INC-2026-0002"].IsOpen);
        Assert.Equal(["INC-2026-0001"], await upgraded.ListOpenIdsAsync(None));
        Assert.Empty(await RowsAsync(index, "open"));
        Assert.Equal(2, (await RowsAsync(tables.Tables.IncidentBoard, "open")).Count(r => r.GetString("Data") is not null));
    }

    /// <summary>
    /// Trial 39 M1: a new incident's first page names the others open, read from the board before its own summaries are written:
    /// its bare row is left out — not read on its own, not repaired —, resolved ones too, in one read, nothing written.
    /// </summary>
    [Fact]
    public async Task ListOpenSummariesAsync_TheIncidentBeingOpened_LeftOutNotRepaired_OneRead()
    {
        var (tables, sut) = await CreateAsync("sumothers");
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002" })
        {
            await sut.SetOpenAsync(id, true, None);
            await sut.TryCreateAsync(Open(id), None);
        }

        await sut.MutateAsync("INC-2026-0002", i => i.Resolve("ito", T0.AddMinutes(5)), None);
        await sut.SetOpenAsync("INC-2026-0003", true, None);
        await sut.TryCreateAsync(Open("INC-2026-0003"), [], summaries: false, None);

        var (open, reads) = await tables.CountReadsAsync(() => sut.ListOpenSummariesAsync("INC-2026-0003", None));

        Assert.Equal(["INC-2026-0001"], open.Select(i => i.Id));
        Assert.Equal(1, reads);
        Assert.Null((await tables.Tables.IncidentBoard.GetEntityAsync<TableEntity>("open", "INC-2026-0003")).Value.GetString("Data"));
        // Another instance (nothing held): the whole board in one query, the bare row still left out.
        var fresh = new TableIncidentRepository(tables.Tables);
        var (again, freshReads) = await tables.CountReadsAsync(() => fresh.ListOpenSummariesAsync("INC-2026-0003", None));
        Assert.Equal(["INC-2026-0001"], again.Select(i => i.Id));
        Assert.Equal(1, freshReads);
    }

    /// <summary>
    /// A first page checks the few incidents it names from the look against the board as it is now: one query for all of them; one
    /// resolved by another instance since the look (its row says closed) and one whose row is gone are not open.
    /// </summary>
    [Fact]
    public async Task StillOpenAsync_OneResolvedElsewhereSinceTheLook_NotOpen_OneQuery()
    {
        var (tables, _) = await CreateAsync("sumstill");
        var sut = new TableIncidentRepository(tables.Tables) { HintLookReuse = TimeSpan.FromHours(1) };
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002", "INC-2026-0003" })
        {
            await sut.SetOpenAsync(id, true, None);
            await sut.TryCreateAsync(Open(id), None);
        }

        Assert.Equal(3, (await sut.ListOpenSummariesAsync("none", None)).Count);
        var other = new TableIncidentRepository(tables.Tables);
        await other.MutateAsync("INC-2026-0002", i => i.Resolve("ito", T0.AddMinutes(5)), None);
        Assert.Contains(await sut.ListOpenSummariesAsync("none", None), i => i.Id == "INC-2026-0002"); // the look is of before

        var (open, reads) = await tables.CountReadsAsync(() => sut.StillOpenAsync(["INC-2026-0001", "INC-2026-0002", "INC-2026-0009"], None));

        Assert.Equal(["INC-2026-0001"], open.Order(StringComparer.Ordinal));
        Assert.Equal(1, reads);
        Assert.Empty(await sut.StillOpenAsync([], None));
    }

    /// <summary>
    /// The 12-04 bench: in a storm of new incidents each first page read the board, rows of incidents other requests were opening at
    /// that moment included (listed, no summary yet — never listable anyway). A look leaves those, and resolved rows, unread; a row
    /// another instance changed since is read, once; a summary this instance holds at the row's revision is taken without a read.
    /// </summary>
    [Fact]
    public async Task ListOpenSummariesAsync_RowsBeingOpenedElsewhere_NotRead_ARowChangedElsewhere_ReadOnce()
    {
        var (tables, _) = await CreateAsync("sumstorm");
        var sut = new TableIncidentRepository(tables.Tables) { HintLookReuse = TimeSpan.Zero };
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002", "INC-2026-0003" })
        {
            await sut.SetOpenAsync(id, true, None);
            await sut.TryCreateAsync(Open(id), None);
        }

        await sut.MutateAsync("INC-2026-0003", i => i.Resolve("ito", T0.AddMinutes(5)), None);
        var other = new TableIncidentRepository(tables.Tables);
        await other.MutateAsync("INC-2026-0002", i => i.Acknowledge("ito", T0.AddMinutes(1)), None);
        foreach (var id in new[] { "INC-2026-0004", "INC-2026-0005", "INC-2026-0006" })
        {
            await other.SetOpenAsync(id, true, None); // being opened by the other instance: listed, record and summary not yet written
        }

        // The first look of an instance is waited for.
        var (open, reads) = await tables.CountReadsAsync(() => sut.ListOpenSummariesAsync("INC-2026-0007", None));

        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], open.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.True(open.Single(i => i.Id == "INC-2026-0002").IsAcknowledged);
        Assert.Equal(2, reads); // the keys' query and INC-2026-0002, which the other instance changed
        var (again, readsAgain) = await tables.CountReadsAsync(async () =>
        {
            var listed = await sut.ListOpenSummariesAsync("INC-2026-0007", None);
            await sut.HintLook;
            return listed;
        });
        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], again.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, readsAgain); // the keys' query of the look behind it: nothing it holds changed
        Assert.All(["INC-2026-0004", "INC-2026-0005", "INC-2026-0006"], id => Assert.Null(RowData(tables, id)));
    }

    /// <summary>
    /// A page never waits for the board once the instance looked: a look older than the reuse time is made again behind the answer
    /// (what the instance holds), so another instance's change shows on the next page — its resolve too.
    /// </summary>
    [Fact]
    public async Task ListOpenSummariesAsync_AnOldLook_AnsweredAtOnce_LookedAgainBehind_AnotherInstancesChangeOnTheNext()
    {
        var (tables, _) = await CreateAsync("sumbehind");
        var sut = new TableIncidentRepository(tables.Tables) { HintLookReuse = TimeSpan.Zero };
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002" })
        {
            await sut.SetOpenAsync(id, true, None);
            await sut.TryCreateAsync(Open(id), None);
        }

        Assert.Equal(2, (await sut.ListOpenSummariesAsync("INC-2026-0009", None)).Count);
        var other = new TableIncidentRepository(tables.Tables);
        await other.MutateAsync("INC-2026-0001", i => i.Acknowledge("ito", T0.AddMinutes(1)), None);
        await other.MutateAsync("INC-2026-0002", i => i.Resolve("ito", T0.AddMinutes(2)), None);
        await other.SetOpenAsync("INC-2026-0003", true, None);
        await other.TryCreateAsync(Open("INC-2026-0003"), None);

        var held = await sut.ListOpenSummariesAsync("INC-2026-0009", None);
        await sut.HintLook;
        var next = await sut.ListOpenSummariesAsync("INC-2026-0009", None);

        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], held.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.False(held.Single(i => i.Id == "INC-2026-0001").IsAcknowledged);
        Assert.Equal(["INC-2026-0001", "INC-2026-0003"], next.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.True(next.Single(i => i.Id == "INC-2026-0001").IsAcknowledged);
    }

    /// <summary>
    /// In a storm every new incident's first page asks for the others open: a look of the last seconds serves, with everything this
    /// instance wrote to the board since (an incident it opened, one it resolved, one it took off the board), with no request.
    /// </summary>
    [Fact]
    public async Task ListOpenSummariesAsync_ALookOfTheLastSeconds_Serves_WithThisInstancesWritesSince_NoRead()
    {
        var (tables, _) = await CreateAsync("sumreuse");
        var sut = new TableIncidentRepository(tables.Tables) { HintLookReuse = TimeSpan.FromMinutes(5) };
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002" })
        {
            await sut.SetOpenAsync(id, true, None);
            await sut.TryCreateAsync(Open(id), None);
        }

        var (first, firstReads) = await tables.CountReadsAsync(() => sut.ListOpenSummariesAsync("INC-2026-0009", None));
        Assert.Equal(["INC-2026-0001", "INC-2026-0002"], first.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(1, firstReads);

        await sut.SetOpenAsync("INC-2026-0003", true, None);
        await sut.TryCreateAsync(Open("INC-2026-0003"), None);
        await sut.MutateAsync("INC-2026-0002", i => i.Resolve("ito", T0.AddMinutes(5)), None);
        await sut.SetOpenAsync("INC-2026-0004", true, None);
        await sut.TryCreateAsync(Open("INC-2026-0004"), None);
        await sut.SetOpenAsync("INC-2026-0004", false, None);

        var (again, readsAgain) = await tables.CountReadsAsync(async () =>
        {
            var listed = await sut.ListOpenSummariesAsync("INC-2026-0009", None);
            await sut.HintLook;
            return listed;
        });

        Assert.Equal(["INC-2026-0001", "INC-2026-0003"], again.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.Equal(0, readsAgain);
        Assert.Equal(["INC-2026-0001"], (await sut.ListOpenSummariesAsync("INC-2026-0003", None)).Select(i => i.Id));
    }

    /// <summary>
    /// A look reads the board; before it keeps what it read, this instance resolves one incident and opens another (its first
    /// summary on a row that was still bare when read). The rows read are older than what this instance wrote: the list names the
    /// incident opened, not the one resolved — not only after the next look.
    /// </summary>
    [Fact]
    public async Task ListOpenSummariesAsync_ThisInstanceWroteWhileALookWasInFlight_TheLookKeepsNoOlderCopy()
    {
        var (tables, other) = await CreateAsync("suminflight");
        await other.SetOpenAsync("INC-2026-0001", true, None);
        await other.TryCreateAsync(Open("INC-2026-0001"), None);
        var sut = new TableIncidentRepository(tables.Tables) { HintLookReuse = TimeSpan.FromHours(1) };
        await sut.SetOpenAsync("INC-2026-0002", true, None); // listed, record and summary not yet written
        tables.AfterNextRead("IncidentBoard", async () =>
        {
            await sut.MutateAsync("INC-2026-0001", i => i.Resolve("ito", T0.AddMinutes(5)), None);
            await sut.TryCreateAsync(Open("INC-2026-0002"), None);
        });

        var listed = await sut.ListOpenSummariesAsync("INC-2026-0009", None);

        Assert.Equal(["INC-2026-0002"], listed.Select(i => i.Id));
        Assert.NotNull((await SummaryAsync(tables.Tables.IncidentBoard, "open", "INC-2026-0001")).ResolvedAt);
        Assert.Equal(["INC-2026-0002"], (await sut.ListOpenSummariesAsync("INC-2026-0009", None)).Select(i => i.Id));
    }

    /// <summary>
    /// A look reads the board; before it keeps what it read, this instance takes an open incident off the board. The row read is
    /// from before the removal: the list no longer names it — not only after the next look.
    /// </summary>
    [Fact]
    public async Task ListOpenSummariesAsync_ThisInstanceTookARowOffWhileALookWasInFlight_TheLookDoesNotPutItBack()
    {
        var (tables, other) = await CreateAsync("sumgone");
        foreach (var id in new[] { "INC-2026-0001", "INC-2026-0002" })
        {
            await other.SetOpenAsync(id, true, None);
            await other.TryCreateAsync(Open(id), None);
        }

        var sut = new TableIncidentRepository(tables.Tables) { HintLookReuse = TimeSpan.FromHours(1) };
        tables.AfterNextRead("IncidentBoard", () => sut.SetOpenAsync("INC-2026-0001", false, None));

        var listed = await sut.ListOpenSummariesAsync("INC-2026-0009", None);

        Assert.Equal(["INC-2026-0002"], listed.Select(i => i.Id));
        Assert.False((await tables.Tables.IncidentBoard.GetEntityIfExistsAsync<TableEntity>("open", "INC-2026-0001")).HasValue);
        Assert.Equal(["INC-2026-0002"], (await sut.ListOpenSummariesAsync("INC-2026-0009", None)).Select(i => i.Id));
    }

    private static string? RowData(CountingTables tables, string id) =>
        tables.Tables.IncidentBoard.GetEntity<TableEntity>("open", id).Value.GetString("Data");

    private async Task<(CountingTables Tables, TableIncidentRepository Sut)> CreateAsync(string hint)
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, hint);
        return (tables, new TableIncidentRepository(tables.Tables));
    }

    private static async Task<IReadOnlyList<TableEntity>> RowsAsync(TableClient table, string partition)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")))
        {
            rows.Add(row);
        }

        return rows;
    }

    private static async Task<IncidentSnapshot> SummaryAsync(TableClient table, string partition, string rowKey)
    {
        var row = (await table.GetEntityAsync<TableEntity>(partition, rowKey)).Value;
        var json = row.GetString("Data");
        Assert.NotNull(json);
        return System.Text.Json.JsonSerializer.Deserialize<IncidentSnapshot>(json, Json)!;
    }

    private static readonly System.Text.Json.JsonSerializerOptions Json = CreateJson();

    private static System.Text.Json.JsonSerializerOptions CreateJson()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }

    private static Incident Open(string id) =>
        Incident.Open(id, new NewIncident { Title = $"{id} down", Severity = AlertSeverity.Sev2, Source = "alertmanager", GroupKey = id },
            [new AssignedMember("sato", "佐藤 花子", "sato@example.com", Language.Ja)], "alert:alertmanager", T0);
}
