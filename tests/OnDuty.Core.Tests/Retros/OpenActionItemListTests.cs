using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Core.Tests.Incidents;
using Opts = Microsoft.Extensions.Options.Options;

namespace OnDuty.Core.Tests.Retros;

/// <summary>The lead's list of open action items, read from the action-item index: every retro however old (session 39).</summary>
public sealed class OpenActionItemListTests
{
    /// <summary>Fri 4 Dec 2026 10:00 in Tokyo.</summary>
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 1, 0, 0, TimeSpan.Zero));

    private static StoredRetro Retro(string id, string title, params ActionItem[] items) =>
        new(id, new RetroContent { Summary = "s", ActionItems = items }, new RetroVersion(1, "sato", new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero)), new LessonDocument
        {
            IncidentId = id,
            Title = title,
            Severity = AlertSeverity.Sev2,
            At = new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero),
        });

    /// <summary>
    /// A retro of an incident resolved two years ago (far past <see cref="RetroOptions.LookBackDays"/>, which bounded the list
    /// before) is listed with this week's: overdue first, then by due date, undated last; an owner past their last day flagged;
    /// done items and a later version's closed ones left out.
    /// </summary>
    [Fact]
    public async Task ListAsync_EveryRetroHoweverOld_OverdueFirstThenByDueDate_OwnerWhoLeftFlagged()
    {
        var (roster, _) = await TeamData.SeedAsync(TeamData.Rotation());
        var tanaka = (await roster.GetMemberAsync("tanaka", default))!;
        await roster.SaveMemberAsync(tanaka.Value with { LeavesOn = new DateOnly(2026, 11, 30) }, tanaka.ETag, default);
        var retros = new InMemoryRetroRepository();
        var old = new ActionItem { Title = "古い宿題", Owner = "sato", Due = new DateOnly(2024, 7, 1) };
        var watch = new ActionItem { Title = "監視を追加", Owner = "tanaka", Due = new DateOnly(2026, 12, 10) };
        var undated = new ActionItem { Title = "閾値を見直す", Owner = "emma" };
        var closed = new ActionItem { Title = "閉じた", Owner = "emma", Due = new DateOnly(2026, 12, 1) };
        await retros.SaveAsync(Retro("INC-2024-0003", "二年前の障害", old, new ActionItem { Title = "済み", Owner = "sato", Status = ActionItemStatus.Done }), null, default);
        var etag = await retros.SaveAsync(Retro("INC-2026-0040", "決済が遅い", undated, watch, closed), null, default);
        await retros.SaveAsync(Retro("INC-2026-0040", "決済が遅い", undated, watch, closed with { Status = ActionItemStatus.Done }) with { Version = new RetroVersion(2, "emma", _time.GetUtcNow()) }, etag, default);
        var sut = new OpenActionItemList(retros, roster, _time, Opts.Create(new IncidentOptions()));

        var list = await sut.ListAsync(default);

        Assert.Equal(
        [
            new OpenActionItem("INC-2024-0003", "二年前の障害", old, "佐藤 花子", OwnerLeft: false, Overdue: true),
            new OpenActionItem("INC-2026-0040", "決済が遅い", watch, "田中 健", OwnerLeft: true, Overdue: false),
            new OpenActionItem("INC-2026-0040", "決済が遅い", undated, "Emma Wilson", OwnerLeft: false, Overdue: false),
        ], list);
    }

    /// <summary>An item whose owner was taken off the roster since: listed by the name they had when they left, flagged as gone — not by their id.</summary>
    [Fact]
    public async Task ListAsync_OwnerTakenOffTheRoster_ByTheNameTheyHad()
    {
        var (roster, _) = await TeamData.SeedAsync(TeamData.Rotation());
        await roster.SaveFormerMemberAsync(new OnDuty.Core.Team.FormerMember("kimura", "木村 拓也", OnDuty.Core.Team.Language.Ja, _time.GetUtcNow()), default);
        var retros = new InMemoryRetroRepository();
        var orphan = new ActionItem { Title = "ログの保存期間を延ばす", Owner = "kimura", Due = new DateOnly(2026, 12, 10) };
        await retros.SaveAsync(Retro("INC-2026-0041", "検索が遅い", orphan), null, default);

        var list = await new OpenActionItemList(retros, roster, _time, Opts.Create(new IncidentOptions())).ListAsync(default);

        Assert.Equal([new OpenActionItem("INC-2026-0041", "検索が遅い", orphan, "木村 拓也", OwnerLeft: true, Overdue: false)], list);
    }

    /// <summary>
    /// Session 39: the index keeps the incident's title from the retro's last save, so a rename afterwards left the old title in the
    /// list. An update that renames the incident and a quiet correction each retitle the row (one write); the item stays as it was.
    /// </summary>
    [Fact]
    public async Task ListAsync_IncidentRenamedAfterItsRetro_ListedUnderItsNewTitle()
    {
        var h = await IncidentHarness.CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var item = new ActionItem { Title = "監視を追加", Owner = "tanaka", Due = new DateOnly(2026, 12, 20) };
        await h.Retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s", ActionItems = [item] }, h.Time.GetUtcNow());
        var sut = new OpenActionItemList(h.Retros, h.Roster, h.Time, Opts.Create(h.Options));
        async Task<string> TitleAsync() => Assert.Single(await sut.ListAsync(default)).IncidentTitle;
        Assert.Equal("決済が遅い", await TitleAsync());

        await h.Service.PostUpdateAsync(id, null, "件名を直しました", new IncidentEdit { Title = "決済 API のタイムアウト" }, "sato", null, null, default);
        Assert.Equal("決済 API のタイムアウト", await TitleAsync());

        await h.Service.CorrectAsync(id, new IncidentEdit { Title = "決済 API のタイムアウト（東日本）" }, "sato", null, null, default);
        Assert.Equal("決済 API のタイムアウト（東日本）", await TitleAsync());

        // A later save of the retro writes the incident's current title too.
        await h.Retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s2", ActionItems = [item] }, h.Time.GetUtcNow());
        Assert.Equal("決済 API のタイムアウト（東日本）", await TitleAsync());
    }

    /// <summary>
    /// Session 39: a duplicate's retro keeps its open items in the list (before the index, merged duplicates were skipped and their
    /// items lost from view) — listed under the duplicate, where they are edited, saying which incident it was merged into. The
    /// merge writes that into the index row; a save of the duplicate's retro afterwards keeps it.
    /// </summary>
    [Fact]
    public async Task ListAsync_RetroOfADuplicateMergedIntoAnother_ListedSayingWhereItWasMerged()
    {
        var h = await IncidentHarness.CreateAsync();
        var (duplicate, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済が遅い（重複）", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var (kept, _) = await h.Service.CreateAsync(new NewIncident { Title = "決済障害", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var item = new ActionItem { Title = "再試行の上限を決める", Owner = "tanaka", Due = new DateOnly(2026, 12, 20) };
        await h.Retros.PutAsync(duplicate.Value, new RetroContent { Summary = "s", ActionItems = [item] }, h.Time.GetUtcNow());
        var sut = new OpenActionItemList(h.Retros, h.Roster, h.Time, Opts.Create(h.Options));
        Assert.Null(Assert.Single(await sut.ListAsync(default)).MergedInto);

        await h.Merger.MergeAsync(duplicate.Value.Id, kept.Value.Id, "sato", default);

        var listed = Assert.Single(await sut.ListAsync(default));
        Assert.Equal((duplicate.Value.Id, "決済が遅い（重複）", item, kept.Value.Id), (listed.IncidentId, listed.IncidentTitle, listed.Item, listed.MergedInto));

        await h.Retros.PutAsync(await h.IncidentAsync(duplicate.Value.Id), new RetroContent { Summary = "s2", ActionItems = [item] }, h.Time.GetUtcNow());
        Assert.Equal(kept.Value.Id, Assert.Single(await sut.ListAsync(default)).MergedInto);
    }

    /// <summary>
    /// A confidential incident's items (session 62): the index row says so — from the retro's save, and from each marking or lifting
    /// of the incident afterwards — so the page masks them for outsiders without reading the incident.
    /// </summary>
    [Fact]
    public async Task ListAsync_IncidentMarkedConfidentialAfterItsRetro_IndexSaysSo_LiftedToo()
    {
        var h = await IncidentHarness.CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "顧客リストの流出の疑い", Severity = AlertSeverity.Sev3 }, "sato", null, default);
        var id = created.Value.Id;
        await h.Service.PostUpdateAsync(id, IncidentStatus.Resolved, "fixed", null, "sato", null, null, default);
        var item = new ActionItem { Title = "持ち出し経路を塞ぐ", Owner = "tanaka", Due = new DateOnly(2026, 12, 20) };
        await h.Retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s", ActionItems = [item] }, h.Time.GetUtcNow());
        var sut = new OpenActionItemList(h.Retros, h.Roster, h.Time, Opts.Create(h.Options));
        async Task<bool> ConfidentialAsync() => Assert.Single(await sut.ListAsync(default)).Confidential;
        Assert.False(await ConfidentialAsync());

        await h.Service.MarkConfidentialAsync(id, true, "sato", default);
        Assert.True(await ConfidentialAsync());

        // A later save of the retro writes it from the incident as it is.
        await h.Retros.PutAsync(await h.IncidentAsync(id), new RetroContent { Summary = "s2", ActionItems = [item] }, h.Time.GetUtcNow());
        Assert.True(await ConfidentialAsync());

        await h.Service.MarkConfidentialAsync(id, false, "sato", default);
        Assert.False(await ConfidentialAsync());
    }

    /// <summary>
    /// A row written before the index kept the flag (unknown): for a reader who may not read confidential incidents the list reads the
    /// incident (once for its items), and one it cannot find counts as confidential; for anyone else nothing is read.
    /// </summary>
    [Fact]
    public async Task ListAsync_RowWithoutTheFlag_ReadsTheIncidentOnlyWhenAsked_UnknownIncidentMasked()
    {
        var h = await IncidentHarness.CreateAsync();
        var (created, _) = await h.Service.CreateAsync(new NewIncident { Title = "顧客リストの流出の疑い", Severity = AlertSeverity.Sev3, Confidential = true }, "sato", null, default);
        var id = created.Value.Id;
        var a = new ActionItem { Title = "持ち出し経路を塞ぐ", Owner = "tanaka", Due = new DateOnly(2026, 12, 20) };
        var b = new ActionItem { Title = "ログを保全する", Owner = "sato", Due = new DateOnly(2026, 12, 21) };
        await h.Retros.SaveAsync(Retro(id, "顧客リストの流出の疑い", a, b), null, default); // no flag: a row from before
        await h.Retros.SaveAsync(Retro("INC-2020-0001", "消えた障害", a), null, default);
        var sut = new OpenActionItemList(h.Retros, h.Roster, h.Time, Opts.Create(h.Options), h.Incidents);

        var reads = h.Incidents.RecordReads;
        Assert.All(await sut.ListAsync(default), i => Assert.False(i.Confidential));
        Assert.Equal(reads, h.Incidents.RecordReads);

        var masked = await sut.ListAsync(default, readUnknown: true);
        Assert.Equal(3, masked.Count);
        Assert.All(masked, i => Assert.True(i.Confidential));
        Assert.Equal(reads + 2, h.Incidents.RecordReads); // one read per incident, not per item
    }
}
