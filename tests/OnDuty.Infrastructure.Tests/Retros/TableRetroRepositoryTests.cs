using Azure.Data.Tables;
using OnDuty.Core.Alerts;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Retros;

public sealed class TableRetroRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken None = CancellationToken.None;

    private static StoredRetro Retro(string id, int version, string by, RetroContent content) =>
        new(id, content, new RetroVersion(version, by, T0.AddMinutes(version)), new LessonDocument
        {
            IncidentId = id,
            Title = "決済/停止 #1?",
            Severity = AlertSeverity.Sev2,
            At = T0,
            Areas = ["決済"],
            Terms = new Dictionary<string, int> { ["決済"] = 3, ["timeout"] = 1 },
        });

    private async Task<TableRetroRepository> CreateSutAsync() =>
        new((await CountingTables.CreateAsync(azurite.ConnectionString, "retro")).Tables);

    [Fact]
    public async Task SaveAndGet_LongJapaneseRetro_SplitAcrossPropertiesAndReadBackWhole()
    {
        var sut = await CreateSutAsync();

        // 3 × 80,000 characters: far over one 64 KiB string property; a surrogate pair sits on a chunk boundary.
        var content = new RetroContent
        {
            Summary = "決済が止まった <script>",
            Impact = new string('影', TableRetroChunks.ChunkChars - 10) + "😀" + new string('響', 80_000 - TableRetroChunks.ChunkChars),
            HardToJudge = new string('判', 80_000),
            ManualChanges = new string('手', 80_000),
            ActionItems = [new ActionItem { Title = "runbook", Owner = "sato", Due = new DateOnly(2026, 12, 10) }],
        };
        RetroRules.CheckStoredSize(content);
        var etag = await sut.SaveAsync(Retro("INC-2026-0001", 1, "sato", content), null, None);

        var loaded = (await sut.GetAsync("INC-2026-0001", None))!;
        Assert.Equal(etag, loaded.ETag);
        Assert.Equal(content.Impact, loaded.Value.Content.Impact);
        Assert.Equal(content.ManualChanges, loaded.Value.Content.ManualChanges);
        Assert.Equal(content.ActionItems, loaded.Value.Content.ActionItems);
        Assert.Equal(3, loaded.Value.Indexed.Terms["決済"]);
        Assert.Equal(new RetroVersion(1, "sato", T0.AddMinutes(1)), loaded.Value.Version);
    }

    [Fact]
    public async Task Save_StaleETag_ConcurrencyAndNothingWritten()
    {
        var sut = await CreateSutAsync();
        var first = await sut.SaveAsync(Retro("INC-2026-0002", 1, "sato", new RetroContent { Summary = "v1" }), null, None);
        var second = await sut.SaveAsync(Retro("INC-2026-0002", 2, "liam", new RetroContent { Summary = "v2 by liam" }), first, None);

        // Emma read version 1 and saves over it: refused, and liam's version stays current.
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveAsync(Retro("INC-2026-0002", 2, "emma", new RetroContent { Summary = "v2 by emma" }), first, None));
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveAsync(Retro("INC-2026-0002", 1, "emma", new RetroContent { Summary = "again" }), null, None));

        var current = (await sut.GetAsync("INC-2026-0002", None))!;
        Assert.Equal(second, current.ETag);
        Assert.Equal("v2 by liam", current.Value.Content.Summary);
        Assert.Equal([2, 1], (await sut.ListVersionsAsync("INC-2026-0002", None)).Select(v => v.Version));
        Assert.Equal("v1", (await sut.GetVersionAsync("INC-2026-0002", 1, None))!.Value.Content.Summary);
        Assert.Null(await sut.GetVersionAsync("INC-2026-0002", 3, None));
    }

    [Fact]
    public async Task Save_ParallelFirstSaves_ExactlyOneWins()
    {
        var sut = await CreateSutAsync();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await sut.SaveAsync(Retro("INC-2026-0003", 1, $"m{i}", new RetroContent { Summary = $"#{i}" }), null, None);
                return true;
            }
            catch (ConcurrencyException)
            {
                return false;
            }
        }));

        Assert.Single(results, r => r);
        Assert.Single(await sut.ListVersionsAsync("INC-2026-0003", None));
    }

    /// <summary>
    /// Session 39, the action-item index: a save writes its retro's open items in the same transaction, so the list (one query,
    /// every retro however old) follows each version — a closed item drops out, a new owner is listed — and a refused save
    /// changes nothing. A retro with none open, and done items, are not listed.
    /// </summary>
    [Fact]
    public async Task ListOpenActionItems_WrittenInTheSave_FollowsEachVersion_RefusedSaveChangesNothing()
    {
        var sut = await CreateSutAsync();
        var runbook = new ActionItem { Title = "runbook", Owner = "sato", Due = new DateOnly(2026, 12, 10) };
        var watch = new ActionItem { Title = "監視 <b>", Owner = "emma" };
        var first = await sut.SaveAsync(Retro("INC-2026-0101", 1, "sato", new RetroContent
        {
            Summary = "s",
            ActionItems = [runbook, watch, new ActionItem { Title = "done", Owner = "sato", Status = ActionItemStatus.Done }],
        }), null, None);
        await sut.SaveAsync(Retro("INC/2026#0102", 1, "sato", new RetroContent { Summary = "s", ActionItems = [runbook with { Owner = "liam" }] }), null, None);
        await sut.SaveAsync(Retro("INC-2026-0103", 1, "sato", new RetroContent { Summary = "nothing to do" }), null, None);

        Assert.Equal(
            [new IndexedActionItem("INC-2026-0101", "決済/停止 #1?", runbook) { SavedAt = T0.AddMinutes(1) }, new("INC-2026-0101", "決済/停止 #1?", watch) { SavedAt = T0.AddMinutes(1) }, new("INC/2026#0102", "決済/停止 #1?", runbook with { Owner = "liam" }) { SavedAt = T0.AddMinutes(1) }],
            Sorted(await sut.ListOpenActionItemsAsync(None)));

        var second = await sut.SaveAsync(Retro("INC-2026-0101", 2, "emma", new RetroContent { Summary = "s", ActionItems = [runbook with { Status = ActionItemStatus.Done }, watch with { Owner = "tanaka" }] }), first, None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveAsync(Retro("INC-2026-0101", 2, "liam", new RetroContent { Summary = "s", ActionItems = [runbook] }), first, None));

        Assert.Equal(
            [new IndexedActionItem("INC-2026-0101", "決済/停止 #1?", watch with { Owner = "tanaka" }) { SavedAt = T0.AddMinutes(2) }, new("INC/2026#0102", "決済/停止 #1?", runbook with { Owner = "liam" }) { SavedAt = T0.AddMinutes(1) }],
            Sorted(await sut.ListOpenActionItemsAsync(None)));
        Assert.Equal(second, (await sut.GetAsync("INC-2026-0101", None))!.ETag);
    }

    /// <summary>
    /// A retro saved before the index existed has no row of its own: the first list indexes it (from its current version) and
    /// leaves the marker, so later lists — of any instance — are the one query; a save since keeps its own row.
    /// </summary>
    [Fact]
    public async Task ListOpenActionItems_RetrosSavedBeforeTheIndex_IndexedByTheFirstListOnce()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "retro")).Tables;
        var old = new ActionItem { Title = "古い課題", Owner = "sato", Due = new DateOnly(2025, 1, 10) };
        var saved = new ActionItem { Title = "saved since", Owner = "emma" };
        await new TableRetroRepository(tables).SaveAsync(Retro("INC-2025-0001", 1, "sato", new RetroContent { Summary = "s", ActionItems = [old] }), null, None);
        await new TableRetroRepository(tables).SaveAsync(Retro("INC-2025-0002", 1, "sato", new RetroContent { Summary = "s", ActionItems = [saved] }), null, None);
        // As a retro stored by the version before the index: its record and version rows only.
        await tables.Retros.DeleteEntityAsync("INC-2025-0001", "actions", cancellationToken: None);

        Assert.Equal(
            [new IndexedActionItem("INC-2025-0001", "決済/停止 #1?", old) { SavedAt = T0.AddMinutes(1) }, new("INC-2025-0002", "決済/停止 #1?", saved) { SavedAt = T0.AddMinutes(1) }],
            Sorted(await new TableRetroRepository(tables).ListOpenActionItemsAsync(None)));
        Assert.True((await tables.Retros.GetEntityIfExistsAsync<TableEntity>("INC-2025-0001", "actions", cancellationToken: None)).HasValue);
        Assert.True((await tables.Retros.GetEntityIfExistsAsync<TableEntity>("index|actions", "backfilled", cancellationToken: None)).HasValue);

        // Once marked, a list reads the index alone: a row missing now stays missing (nothing scans the retros again).
        await tables.Retros.DeleteEntityAsync("INC-2025-0001", "actions", cancellationToken: None);
        Assert.Equal([new IndexedActionItem("INC-2025-0002", "決済/停止 #1?", saved) { SavedAt = T0.AddMinutes(1) }], await new TableRetroRepository(tables).ListOpenActionItemsAsync(None));
    }

    /// <summary>
    /// Session 39: the row follows the incident. A rename writes the new title and a merge the incident merged into, over the
    /// row the save wrote (its items kept, merged not replaced); an incident without a retro gets no row; a later save writes its
    /// document's title and merged-into, as the incident then has them.
    /// </summary>
    [Fact]
    public async Task ListOpenActionItems_IncidentRenamedThenMerged_RowSaysSoItemsKept_NoRetroNoRow()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "retro")).Tables;
        var sut = new TableRetroRepository(tables);
        var item = new ActionItem { Title = "監視を追加", Owner = "sato", Due = new DateOnly(2026, 12, 10) };
        var etag = await sut.SaveAsync(Retro("INC/2026#0201", 1, "sato", new RetroContent { Summary = "s", ActionItems = [item] }), null, None);

        await sut.RenameActionItemsIncidentAsync("INC/2026#0201", "決済 API のタイムアウト", null, None);
        Assert.Equal([new IndexedActionItem("INC/2026#0201", "決済 API のタイムアウト", item) { SavedAt = T0.AddMinutes(1) }], await sut.ListOpenActionItemsAsync(None));

        await sut.RenameActionItemsIncidentAsync("INC/2026#0201", "決済 API のタイムアウト", "INC-2026-0202", None);
        await sut.RenameActionItemsIncidentAsync("INC/2026#0201", "決済 API のタイムアウト（東日本）", null, None);
        Assert.Equal([new IndexedActionItem("INC/2026#0201", "決済 API のタイムアウト（東日本）", item) { MergedInto = "INC-2026-0202", SavedAt = T0.AddMinutes(1) }], await sut.ListOpenActionItemsAsync(None));

        await sut.RenameActionItemsIncidentAsync("INC-2026-0299", "retro なし", "INC-2026-0202", None);
        Assert.False((await tables.Retros.GetEntityIfExistsAsync<TableEntity>("INC-2026-0299", "actions", cancellationToken: None)).HasValue);

        var next = Retro("INC/2026#0201", 2, "emma", new RetroContent { Summary = "s", ActionItems = [item with { Owner = "emma" }] });
        await sut.SaveAsync(next with { Indexed = next.Indexed with { Title = "決済 API", MergedInto = "INC-2026-0202" } }, etag, None);
        Assert.Equal([new IndexedActionItem("INC/2026#0201", "決済 API", item with { Owner = "emma" }) { MergedInto = "INC-2026-0202", SavedAt = T0.AddMinutes(2) }], await sut.ListOpenActionItemsAsync(None));
    }

    /// <summary>
    /// Session 62: the row keeps whether the incident is confidential — written by the save from its document and by each marking or
    /// lifting (a rename with the flag; without it, left as it is); a row written before it kept one reads null (unknown).
    /// </summary>
    [Fact]
    public async Task ListOpenActionItems_ConfidentialKeptFromTheSaveAndEachMarking_UnknownBefore()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "retro")).Tables;
        var sut = new TableRetroRepository(tables);
        var item = new ActionItem { Title = "持ち出し経路を塞ぐ", Owner = "sato", Due = new DateOnly(2026, 12, 10) };
        var first = Retro("INC-2026-0301", 1, "sato", new RetroContent { Summary = "s", ActionItems = [item] });
        var etag = await sut.SaveAsync(first, null, None);
        Assert.Null(Assert.Single(await sut.ListOpenActionItemsAsync(None)).Confidential);

        var second = Retro("INC-2026-0301", 2, "sato", new RetroContent { Summary = "s2", ActionItems = [item] });
        await sut.SaveAsync(second with { Indexed = second.Indexed with { Confidential = true } }, etag, None);
        Assert.True(Assert.Single(await sut.ListOpenActionItemsAsync(None)).Confidential);

        await sut.RenameActionItemsIncidentAsync("INC-2026-0301", second.Indexed.Title, null, None, confidential: false);
        Assert.False(Assert.Single(await sut.ListOpenActionItemsAsync(None)).Confidential);
        await sut.RenameActionItemsIncidentAsync("INC-2026-0301", "改題", null, None);
        var renamed = Assert.Single(await sut.ListOpenActionItemsAsync(None));
        Assert.Equal(("改題", (bool?)false), (renamed.IncidentTitle, renamed.Confidential));
        await sut.RenameActionItemsIncidentAsync("INC-2026-0301", "改題", null, None, confidential: true);
        Assert.True(Assert.Single(await sut.ListOpenActionItemsAsync(None)).Confidential);
    }

    /// <summary>
    /// Session 48: an item without a due date is reminded a while after its retro was saved, so the row says when; a row written
    /// before it did reads its last write instead (never nothing, which would leave such items unreminded for good).
    /// </summary>
    [Fact]
    public async Task ListOpenActionItems_RowWrittenBeforeItKeptSavedAt_ReadsTheRowsLastWrite()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "retro")).Tables;
        var sut = new TableRetroRepository(tables);
        var item = new ActionItem { Title = "閾値を見直す", Owner = "sato" };
        await sut.SaveAsync(Retro("INC-2026-0401", 1, "sato", new RetroContent { Summary = "s", ActionItems = [item] }), null, None);
        Assert.Equal(T0.AddMinutes(1), Assert.Single(await sut.ListOpenActionItemsAsync(None)).SavedAt);

        var row = (await tables.Retros.GetEntityAsync<TableEntity>("INC-2026-0401", "actions", cancellationToken: None)).Value;
        row.Remove("SavedAt");
        await tables.Retros.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, None);
        var written = (await tables.Retros.GetEntityAsync<TableEntity>("INC-2026-0401", "actions", cancellationToken: None)).Value.Timestamp;

        Assert.Equal(written, Assert.Single(await sut.ListOpenActionItemsAsync(None)).SavedAt);
    }

    /// <summary>
    /// Session 48, the proposals index: a save writes its retro's criteria changes with who saved that version and when in the
    /// same transaction, so the list (one query across retros) follows each version and a refused save changes nothing; a
    /// retro proposing none is not listed; a rename writes the new title over the row, its changes kept.
    /// </summary>
    [Fact]
    public async Task ListCriteriaChanges_WrittenInTheSave_FollowsEachVersion_RefusedSaveChangesNothing()
    {
        var sut = await CreateSutAsync();
        var sev1 = new CriterionChange { CriterionId = "sev1", Note = "請求も <b>" };
        var help = new CriterionChange { CriterionId = "help" };
        var first = await sut.SaveAsync(Retro("INC-2026-0301", 1, "sato", new RetroContent { Summary = "s", CriteriaChanges = [sev1, help] }), null, None);
        await sut.SaveAsync(Retro("INC/2026#0302", 1, "emma", new RetroContent { Summary = "s", CriteriaChanges = [help with { Note = "20 分" }] }), null, None);
        await sut.SaveAsync(Retro("INC-2026-0303", 1, "sato", new RetroContent { Summary = "nothing to change" }), null, None);

        Assert.Equal(
            [
                new IndexedCriterionChange("INC-2026-0301", "決済/停止 #1?", sev1, new RetroVersion(1, "sato", T0.AddMinutes(1))),
                new("INC-2026-0301", "決済/停止 #1?", help, new RetroVersion(1, "sato", T0.AddMinutes(1))) { Position = 1 },
                new("INC/2026#0302", "決済/停止 #1?", help with { Note = "20 分" }, new RetroVersion(1, "emma", T0.AddMinutes(1))),
            ],
            SortedChanges(await sut.ListCriteriaChangesAsync(None)));

        var second = await sut.SaveAsync(Retro("INC-2026-0301", 2, "liam", new RetroContent { Summary = "s", CriteriaChanges = [help] }), first, None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveAsync(Retro("INC-2026-0301", 2, "tanaka", new RetroContent { Summary = "s", CriteriaChanges = [sev1] }), first, None));
        await sut.RenameActionItemsIncidentAsync("INC/2026#0302", "ログインできない", "INC-2026-0301", None);

        Assert.Equal(
            [
                new IndexedCriterionChange("INC-2026-0301", "決済/停止 #1?", help, new RetroVersion(2, "liam", T0.AddMinutes(2))),
                new("INC/2026#0302", "ログインできない", help with { Note = "20 分" }, new RetroVersion(1, "emma", T0.AddMinutes(1))) { MergedInto = "INC-2026-0301" },
            ],
            SortedChanges(await sut.ListCriteriaChangesAsync(None)));
        Assert.Equal(second, (await sut.GetAsync("INC-2026-0301", None))!.ETag);
    }

    /// <summary>
    /// A retro saved before the proposals index has no row: the first list indexes it from its current version and leaves its
    /// own marker (the action-item index's marker does not stand for it), so later lists are the one query.
    /// </summary>
    [Fact]
    public async Task ListCriteriaChanges_RetrosSavedBeforeTheIndex_IndexedByTheFirstListOnce()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "retro")).Tables;
        var change = new CriterionChange { CriterionId = "sev1", Note = "古い提案" };
        await new TableRetroRepository(tables).SaveAsync(Retro("INC-2025-0011", 1, "sato", new RetroContent { Summary = "s", CriteriaChanges = [change] }), null, None);
        await new TableRetroRepository(tables).ListOpenActionItemsAsync(None);
        // As a retro stored by the version before the proposals index: no proposals row.
        await tables.Retros.DeleteEntityAsync("INC-2025-0011", "proposals", cancellationToken: None);

        var listed = await new TableRetroRepository(tables).ListCriteriaChangesAsync(None);

        Assert.Equal([new IndexedCriterionChange("INC-2025-0011", "決済/停止 #1?", change, new RetroVersion(1, "sato", T0.AddMinutes(1)))], listed);
        Assert.True((await tables.Retros.GetEntityIfExistsAsync<TableEntity>("index|proposals", "backfilled", cancellationToken: None)).HasValue);
        await tables.Retros.DeleteEntityAsync("INC-2025-0011", "proposals", cancellationToken: None);
        Assert.Empty(await new TableRetroRepository(tables).ListCriteriaChangesAsync(None));
    }

    private static List<IndexedCriterionChange> SortedChanges(IReadOnlyList<IndexedCriterionChange> changes) =>
        [.. changes.OrderBy(c => c.IncidentId, StringComparer.Ordinal).ThenBy(c => c.Position)];

    private static List<IndexedActionItem> Sorted(IReadOnlyList<IndexedActionItem> items) =>
        [.. items.OrderBy(i => i.IncidentId, StringComparer.Ordinal).ThenBy(i => i.Item.Title, StringComparer.Ordinal)];
}
