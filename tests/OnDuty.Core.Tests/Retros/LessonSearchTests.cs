using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Core.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Core.Tests.Retros;

public sealed class LessonSearchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryLessonStore _store = new();
    private readonly InMemoryIncidentRepository _incidents = new();
    private readonly FakeTimeProvider _time = new(T0.AddDays(30));

    private LessonSearch CreateSut() => new(_store, _store, _incidents, Options.Create(new IncidentOptions { AckTokenSecret = "x" }));

    private LessonIndexer CreateIndexer() => new(_incidents, _store, _store, _time, NullLogger<LessonIndexer>.Instance);

    /// <summary>An incident stored as the app stores it, resolved <paramref name="resolvedDaysAgo"/> days ago unless null (open).</summary>
    private async Task<Incident> StoreIncidentAsync(string id, string title, string? impact = null, int? resolvedDaysAgo = 1, params string[] areas)
    {
        var incident = Incident.Open(id, new NewIncident { Title = title, Severity = AlertSeverity.Sev2, AffectedAreas = areas, UserImpact = impact }, [], "sato", T0);
        await _incidents.TryCreateAsync(incident, CancellationToken.None);
        if (resolvedDaysAgo is { } days)
        {
            await _incidents.MutateAsync(id, i => i.Resolve("sato", _time.GetUtcNow().AddDays(-days)), CancellationToken.None);
        }

        return (await _incidents.GetAsync(id, CancellationToken.None))!.Value;
    }

    private async Task AddAsync(string id, string title, string summary, AlertSeverity severity = AlertSeverity.Sev2, int day = 0, params string[] areas)
    {
        var incident = Incident.Open(id, new NewIncident { Title = title, Severity = severity, AffectedAreas = areas }, [], "test", T0.AddDays(day));
        var content = new RetroContent { Summary = summary };
        var document = LessonDocument.For(incident, content);
        await _store.AddAsync(document, null, CancellationToken.None);
        await _store.SaveAsync(new StoredRetro(id, content, new RetroVersion(1, "sato", T0), document), null, CancellationToken.None);
    }

    /// <summary>
    /// Session 48: a retro's action items are found by their owner's name, not only their title — indexed with the roster's names at
    /// save, checked against the same names at search (with someone taken off the roster since by the name they had), the snippet
    /// naming the owner; a retro owning nothing of theirs is not found.
    /// </summary>
    [Fact]
    public async Task Search_ActionItemOwnerByName_FindsTheRetro_EvenAfterTheyLeftTheRoster()
    {
        var roster = new InMemoryRoster();
        await roster.SaveMemberAsync(new OnDuty.Core.Team.Member { Id = "tanaka", DisplayName = "田中 健", Email = "tanaka@example.com", TimeZone = TestZones.Tokyo }, null, CancellationToken.None);
        await roster.SaveMemberAsync(new OnDuty.Core.Team.Member { Id = "kimura", DisplayName = "木村 大輔", Email = "kimura@example.com", TimeZone = TestZones.Tokyo }, null, CancellationToken.None);
        var names = new Dictionary<string, string> { ["tanaka"] = "田中 健", ["kimura"] = "木村 大輔" };
        foreach (var (id, owner) in new[] { ("INC-1", "tanaka"), ("INC-2", "kimura") })
        {
            var incident = Incident.Open(id, new NewIncident { Title = "決済エラー", Severity = AlertSeverity.Sev2 }, [], "test", T0);
            await _incidents.TryCreateAsync(incident, CancellationToken.None);
            var content = new RetroContent { Summary = "s", ActionItems = [new ActionItem { Title = "監視を追加", Owner = owner }] };
            var document = LessonDocument.For(incident, content, null, null, names);
            await _store.AddAsync(document, null, CancellationToken.None);
            await _store.SaveAsync(new StoredRetro(id, content, new RetroVersion(1, "sato", T0), document), null, CancellationToken.None);
        }

        var sut = new LessonSearch(_store, _store, _incidents, Options.Create(new IncidentOptions { AckTokenSecret = "x" }), roster: roster);
        var hit = Assert.Single(await sut.SearchAsync("田中", LessonFilter.None, 10, CancellationToken.None));
        Assert.Equal(("INC-1", "actionItemOwners", "田中 健"), (hit.IncidentId, hit.Snippet!.Field, hit.Snippet.Text));

        // Taken off the roster, a record of the name they had kept (as the roster page's removal keeps it).
        await roster.DeleteMemberAsync("kimura", CancellationToken.None);
        await roster.SaveFormerMemberAsync(new OnDuty.Core.Team.FormerMember("kimura", "木村 大輔", OnDuty.Core.Team.Language.Ja, T0), CancellationToken.None);
        Assert.Equal(["INC-2"], (await sut.SearchAsync("木村", LessonFilter.None, 10, CancellationToken.None)).Select(h => h.IncidentId));
    }

    [Fact]
    public async Task Search_JapaneseWord_AllItsBigramsRankAbovePartialMatches()
    {
        await AddAsync("INC-1", "決定の遅れ", "返済の案内が遅れた"); // 決 and 済 apart: no 決済 bigram
        await AddAsync("INC-2", "決済エラー", "決済が失敗した。決済会社に連絡");
        await AddAsync("INC-3", "ログイン障害", "エラーが多発");

        var hits = await CreateSut().SearchAsync("決済エラー", LessonFilter.None, 10, CancellationToken.None);

        Assert.Equal(["INC-2", "INC-3"], hits.Select(h => h.IncidentId));
        Assert.Equal(4, hits[0].MatchedTerms);
        Assert.Equal("title", hits[0].Snippet!.Field);
    }

    /// <summary>
    /// Trial 39 L3: 「カード決済」 found an incident about a cart, marked 「商品を<mark>カー</mark>トに入れた」. Now 決済 is marked, the
    /// stray カー is not; the hit carries the incident's start (発生) as stored, earlier than its detection.
    /// </summary>
    [Fact]
    public async Task Search_JapaneseCompound_MarksItsWordsNotAStrayBigram_AndCarriesTheStart()
    {
        var incident = Incident.Open("INC-2026-0001", new NewIncident
        {
            Title = "購入できない", Severity = AlertSeverity.Sev2, UserImpact = "商品をカートに入れた後の決済が失敗する", StartedAt = T0.AddMinutes(-4),
        }, [], "sato", T0);
        await _incidents.TryCreateAsync(incident, CancellationToken.None);
        await _incidents.MutateAsync(incident.Id, i => i.Resolve("sato", _time.GetUtcNow().AddDays(-1)), CancellationToken.None);
        Assert.Equal(1, await CreateIndexer().IndexRecentAsync(CancellationToken.None));

        var hit = Assert.Single(await CreateSut().SearchAsync("カード決済", LessonFilter.None, 10, CancellationToken.None));

        Assert.Equal(("userImpact", "商品をカートに入れた後の決済が失敗する"), (hit.Snippet!.Field, hit.Snippet.Text));
        Assert.Equal(["決済"], hit.Snippet.Highlights.Select(h => hit.Snippet.Text.Substring(h.Start, h.Length)));
        Assert.Equal((T0, T0.AddMinutes(-4)), (hit.At, hit.StartedAt));
    }

    [Fact]
    public async Task Search_MoreOccurrences_RankHigherAmongEqualMatches()
    {
        await AddAsync("INC-1", "Payments slow", "timeout once", day: 5);
        await AddAsync("INC-2", "Payments down", "timeout after timeout after timeout", day: 1);

        var hits = await CreateSut().SearchAsync("timeouts", LessonFilter.None, 10, CancellationToken.None);

        Assert.Equal(["INC-2", "INC-1"], hits.Select(h => h.IncidentId));
    }

    [Fact]
    public async Task Search_AreaSeverityAndTime_Filter()
    {
        await AddAsync("INC-1", "決済 timeout", "s", AlertSeverity.Sev1, 0, "Payments");
        await AddAsync("INC-2", "決済 timeout", "s", AlertSeverity.Sev2, 10, "payments");
        await AddAsync("INC-3", "決済 timeout", "s", AlertSeverity.Sev2, 20, "login");
        var sut = CreateSut();

        Assert.Equal(["INC-2", "INC-1"], (await sut.SearchAsync("timeout", new LessonFilter("payments", null, null, null), 10, CancellationToken.None)).Select(h => h.IncidentId));
        Assert.Equal(["INC-3", "INC-2"], (await sut.SearchAsync("timeout", new LessonFilter(null, AlertSeverity.Sev2, null, null), 10, CancellationToken.None)).Select(h => h.IncidentId));
        Assert.Equal(["INC-2"], (await sut.SearchAsync(null, new LessonFilter(null, null, T0.AddDays(5), T0.AddDays(15)), 10, CancellationToken.None)).Select(h => h.IncidentId));
    }

    [Fact]
    public async Task Search_ManyDocuments_ReadsBoundedAndTopNReturned()
    {
        for (var i = 0; i < 500; i++)
        {
            await AddAsync($"INC-{i:D4}", "障害 outage", i % 100 == 0 ? "rare canary lesson" : "routine", day: i % 60);
        }

        var hits = await CreateSut().SearchAsync("outage canary", LessonFilter.None, 5, CancellationToken.None);

        // "outage" is in every document, so only its best postings are read; the rare "canary" weighs more and
        // finds its five documents wherever they stand in outage's list.
        Assert.Equal(["INC-0000", "INC-0100", "INC-0200", "INC-0300", "INC-0400"], hits.Select(h => h.IncidentId).Order());
        Assert.True(_store.Reads <= 2 + 10, $"{_store.Reads} reads");
    }

    [Fact]
    public async Task Search_OnlyStopWords_RefusedNamingQ()
    {
        var error = await Assert.ThrowsAsync<OnDuty.Core.Common.ValidationException>(() => CreateSut().SearchAsync("the で", LessonFilter.None, 10, CancellationToken.None));
        Assert.Equal(["q"], error.Errors.Keys);
    }

    [Fact]
    public async Task Sweep_ResolvedIncidentWithoutRetro_FoundByItsOwnText()
    {
        await StoreIncidentAsync("INC-2026-0001", "決済が遅い", "カード決済がタイムアウトする");
        var sut = CreateSut();
        Assert.Empty(await sut.SearchAsync("タイムアウト", LessonFilter.None, 10, CancellationToken.None));

        Assert.Equal(1, await CreateIndexer().IndexRecentAsync(CancellationToken.None));

        var hit = Assert.Single(await sut.SearchAsync("タイムアウト", LessonFilter.None, 10, CancellationToken.None));
        Assert.Equal("INC-2026-0001", hit.IncidentId);
        Assert.Null(hit.RetroVersion);
        Assert.Equal("userImpact", hit.Snippet!.Field);
    }

    /// <summary>
    /// A Japanese team's heartbeat incident is stored as 「ハートビート途絶：夜間バッチ」 and read in English as "Heartbeat missed:
    /// 夜間バッチ": an English reader searching "heartbeat missed" finds it (the index holds the title as each language words it), and
    /// a Japanese reader still finds it by 「途絶」. Without the wordings the English words found nothing.
    /// </summary>
    [Fact]
    public async Task Search_EnglishWordsForAJapaneseHeartbeatTitle_FoundByTheTitleAsEnglishReadersReadIt()
    {
        await StoreIncidentAsync("INC-2026-0001", "ハートビート途絶：夜間バッチ");
        var wordings = new OnDuty.Messages.LessonWordings();
        Assert.Equal(["Heartbeat missed: 夜間バッチ"], wordings.Of((await _incidents.GetAsync("INC-2026-0001", CancellationToken.None))!.Value));
        Assert.Equal(1, await new LessonIndexer(_incidents, _store, _store, _time, NullLogger<LessonIndexer>.Instance, wordings).IndexRecentAsync(CancellationToken.None));
        var sut = new LessonSearch(_store, _store, _incidents, Options.Create(new IncidentOptions { AckTokenSecret = "x" }), wordings);

        Assert.Equal("INC-2026-0001", Assert.Single(await sut.SearchAsync("heartbeat missed", LessonFilter.None, 10, CancellationToken.None)).IncidentId);
        Assert.Equal("INC-2026-0001", Assert.Single(await sut.SearchAsync("途絶", LessonFilter.None, 10, CancellationToken.None)).IncidentId);
        var incident = (await _incidents.GetAsync("INC-2026-0001", CancellationToken.None))!.Value;
        Assert.DoesNotContain("heartbeat", LessonDocument.For(incident, null).Terms.Keys);
        Assert.Contains("heartbeat", LessonDocument.For(incident, null, wordings).Terms.Keys);
    }

    [Fact]
    public async Task Sweep_OpenOldOrRetroIncidents_LeftAlone_UnchangedNotRewritten_ChangedRewritten()
    {
        await StoreIncidentAsync("INC-2026-0001", "open outage", resolvedDaysAgo: null);
        await StoreIncidentAsync("INC-2026-0002", "old outage", resolvedDaysAgo: 10); // before the board's 7 days
        await StoreIncidentAsync("INC-2026-0003", "recent outage");
        var withRetro = await StoreIncidentAsync("INC-2026-0004", "outage with retro");
        var content = new RetroContent { Summary = "we learned" };
        await _store.SaveAsync(new StoredRetro(withRetro.Id, content, new RetroVersion(1, "sato", T0), LessonDocument.For(withRetro, content)), null, CancellationToken.None);
        var indexer = CreateIndexer();

        Assert.Equal(1, await indexer.IndexRecentAsync(CancellationToken.None));
        Assert.Equal(["INC-2026-0003"], _store.Writes.Keys);

        Assert.Equal(0, await indexer.IndexRecentAsync(CancellationToken.None));
        Assert.Equal(1, _store.Writes["INC-2026-0003"]);

        await _incidents.MutateAsync("INC-2026-0003", i =>
        {
            i.PostUpdate(null, null, "sato", _time.GetUtcNow(), new IncidentEdit { Workaround = "再起動で復旧" });
            return true;
        }, CancellationToken.None);
        Assert.Equal(1, await indexer.IndexRecentAsync(CancellationToken.None));
        Assert.Equal("INC-2026-0003", Assert.Single(await CreateSut().SearchAsync("再起動", LessonFilter.None, 10, CancellationToken.None)).IncidentId);
    }

    private async Task PostUpdatesAsync(string id, params string[] messages)
    {
        foreach (var (message, n) in messages.Select((m, n) => (m, n)))
        {
            await _incidents.MutateAsync(id, i =>
            {
                i.PostUpdate(null, message, "sato", T0.AddMinutes(10 * (n + 1)));
                return true;
            }, CancellationToken.None);
        }
    }

    /// <summary>
    /// A PM searching 「決済 タイムアウト」 finds the incident where that was said in the 2nd of 5 updates (only the last one was
    /// indexed before: not found), with the update as the snippet; words monitoring wrote on the timeline are not indexed.
    /// </summary>
    [Fact]
    public async Task Sweep_EveryStatusUpdateIsSearchable_NotOnlyTheLast()
    {
        await StoreIncidentAsync("INC-2026-0001", "アプリが遅い", resolvedDaysAgo: null);
        await PostUpdatesAsync("INC-2026-0001", "調査を始めました", "決済 API がタイムアウトしています", "決済会社に問い合わせ中", "切り替えを準備中", "切り替え後、回復を確認中");
        await _incidents.AppendTimelineAsync("INC-2026-0001", [new TimelineEntry { At = T0.AddHours(1), Kind = TimelineKind.Update, By = "alert:alertmanager", Message = "ノード再起動" }], CancellationToken.None);
        await _incidents.MutateAsync("INC-2026-0001", i => i.Resolve("sato", _time.GetUtcNow().AddDays(-1)), CancellationToken.None);
        var indexer = CreateIndexer();

        Assert.Equal(1, await indexer.IndexRecentAsync(CancellationToken.None));

        var hit = Assert.Single(await CreateSut().SearchAsync("決済 タイムアウト", LessonFilter.None, 10, CancellationToken.None));
        Assert.Equal(("INC-2026-0001", false, "updates"), (hit.IncidentId, hit.Partial, hit.Snippet!.Field));
        Assert.Equal("決済 API がタイムアウトしています", hit.Snippet.Text);
        Assert.Empty(await CreateSut().SearchAsync("ノード再起動", LessonFilter.None, 10, CancellationToken.None));

        // Unchanged: not written again; a later update (resolved incidents take updates too) is indexed by the next run.
        Assert.Equal(0, await indexer.IndexRecentAsync(CancellationToken.None));
        await PostUpdatesAsync("INC-2026-0001", "原因はコネクションプールの枯渇");
        Assert.Equal(1, await indexer.IndexRecentAsync(CancellationToken.None));
        Assert.Equal("updates", Assert.Single(await CreateSut().SearchAsync("タイムアウト", LessonFilter.None, 10, CancellationToken.None)).Snippet!.Field);
        Assert.Equal("lastUpdate", Assert.Single(await CreateSut().SearchAsync("コネクションプール", LessonFilter.None, 10, CancellationToken.None)).Snippet!.Field);
    }

    /// <summary>Rows the sweep wrote before every update was indexed (their fingerprint is the record's alone) are indexed again once.</summary>
    [Fact]
    public async Task Sweep_IncidentIndexedBeforeUpdatesWere_IndexedAgainOnce()
    {
        await StoreIncidentAsync("INC-2026-0001", "アプリが遅い", resolvedDaysAgo: null);
        await PostUpdatesAsync("INC-2026-0001", "決済 API がタイムアウトしています", "回復を確認中");
        var incident = (await _incidents.MutateAsync("INC-2026-0001", i => i.Resolve("sato", _time.GetUtcNow().AddDays(-1)), CancellationToken.None)).Value;
        await _store.AddAsync(LessonDocument.For(incident, null), null, CancellationToken.None); // as the previous release indexed it
        Assert.Empty(await CreateSut().SearchAsync("タイムアウト", LessonFilter.None, 10, CancellationToken.None));
        var indexer = CreateIndexer();

        Assert.Equal(1, await indexer.IndexRecentAsync(CancellationToken.None));
        Assert.Equal(0, await indexer.IndexRecentAsync(CancellationToken.None));

        Assert.Equal("INC-2026-0001", Assert.Single(await CreateSut().SearchAsync("タイムアウト", LessonFilter.None, 10, CancellationToken.None)).IncidentId);
    }

    /// <summary>An incident with a retro: its updates are indexed with it, and a hit on an earlier update is checked against the timeline.</summary>
    [Fact]
    public async Task Search_IncidentWithRetro_FoundByAnEarlierUpdate()
    {
        await StoreIncidentAsync("INC-2026-0001", "アプリが遅い", resolvedDaysAgo: null);
        await PostUpdatesAsync("INC-2026-0001", "決済 API がタイムアウトしています", "回復を確認中");
        var incident = (await _incidents.MutateAsync("INC-2026-0001", i => i.Resolve("sato", _time.GetUtcNow().AddDays(-1)), CancellationToken.None)).Value;
        var updates = await LessonDocument.UpdatesOfAsync(_incidents, incident.Id, CancellationToken.None);
        Assert.Equal(["決済 API がタイムアウトしています", "回復を確認中"], updates);
        var content = new RetroContent { Summary = "切り替えが遅れた" };
        var document = LessonDocument.For(incident, content, null, updates);
        await _store.AddAsync(document, null, CancellationToken.None);
        await _store.SaveAsync(new StoredRetro(incident.Id, content, new RetroVersion(1, "sato", T0), document), null, CancellationToken.None);

        var hit = Assert.Single(await CreateSut().SearchAsync("タイムアウト", LessonFilter.None, 10, CancellationToken.None));

        Assert.Equal((1, "updates"), (hit.RetroVersion, hit.Snippet!.Field));
    }

    /// <summary>An incident with very many updates: the newest <see cref="LessonDocument.MaxUpdates"/> are indexed, and its terms stay bounded.</summary>
    [Fact]
    public void UpdateTexts_ManyUpdates_TheNewestKept_OldestFirst()
    {
        var rows = Enumerable.Range(1, 150)
            .Select(n => new TimelineEntry { At = T0.AddMinutes(n), Kind = TimelineKind.Update, By = "sato", Message = $"update {n}" })
            .Reverse()
            .ToList();

        var texts = LessonDocument.UpdateTexts(rows);

        Assert.Equal(LessonDocument.MaxUpdates, texts.Count);
        Assert.Equal(("update 51", "update 150"), (texts[0], texts[^1]));
        var incident = Incident.Open("INC-2026-0001", new NewIncident { Title = "t", Severity = AlertSeverity.Sev2 }, [], "sato", T0);
        var many = Enumerable.Range(0, 100).Select(n => string.Concat(Enumerable.Range(0, 400).Select(k => (char)(0x4E00 + (((n * 400) + k) % 20_000))))).ToList();
        Assert.Equal(LessonDocument.MaxTerms, LessonDocument.For(incident, null, null, many).Terms.Count);
    }

    [Fact]
    public async Task Similar_FindsPastIncidentsByTitleAndArea_NotItself()
    {
        await StoreIncidentAsync("INC-2026-0001", "決済エラーが多発", areas: "Payments");
        await StoreIncidentAsync("INC-2026-0002", "ログインできない", areas: "Login");
        await AddAsync("INC-2026-0003", "決済の遅延", "決済会社の障害。切り替えで復旧", areas: "payments");
        await CreateIndexer().IndexRecentAsync(CancellationToken.None);
        var current = await StoreIncidentAsync("INC-2026-0009", "決済エラー", resolvedDaysAgo: null, areas: "Payments");
        await _store.AddAsync(LessonDocument.For(current, null), null, CancellationToken.None); // even if it were indexed itself

        var similar = await CreateSut().SimilarAsync(current, LessonSearch.SimilarLimit, CancellationToken.None);

        Assert.Equal(["INC-2026-0001", "INC-2026-0003"], similar.Select(h => h.IncidentId));
        Assert.Equal(1, similar[1].RetroVersion);
    }

    /// <summary>
    /// A confidential incident is still found (its page lists it as 「非公開の障害」 with its link), the hit saying it is confidential as
    /// it is stored now: marked after it was indexed too.
    /// </summary>
    [Fact]
    public async Task SearchAndSimilar_ConfidentialIncident_HitSaysSo()
    {
        await StoreIncidentAsync("INC-2026-0001", "決済エラーが多発", areas: "Payments");
        await StoreIncidentAsync("INC-2026-0002", "決済エラーで顧客情報が表示された", areas: "Payments");
        await CreateIndexer().IndexRecentAsync(CancellationToken.None);
        await _incidents.MutateAsync("INC-2026-0002", i => i.MarkConfidential(true, "sato", _time.GetUtcNow()), CancellationToken.None);
        var current = await StoreIncidentAsync("INC-2026-0009", "決済エラー", resolvedDaysAgo: null, areas: "Payments");

        var found = await CreateSut().SearchAsync("決済エラー", LessonFilter.None, 10, CancellationToken.None);
        var similar = await CreateSut().SimilarAsync(current, LessonSearch.SimilarLimit, CancellationToken.None);

        foreach (var hits in new[] { found, similar })
        {
            Assert.Equal([("INC-2026-0001", false), ("INC-2026-0002", true)], hits.Select(h => (h.IncidentId, h.Confidential)).OrderBy(h => h.IncidentId, StringComparer.Ordinal));
        }
    }
    /// <summary>
    /// Someone who may not read a confidential incident does not find it by its hidden words (「漏えい」 would confirm one exists):
    /// only by what it shows them, its id or severity; nor among another incident's 「似た障害」. A reader, and the API, still find it.
    /// </summary>
    [Fact]
    public async Task SearchAndSimilar_ConfidentialIncident_NotFoundByHiddenWordsForSomeoneWhoMayNotReadIt()
    {
        await StoreIncidentAsync("INC-2026-0001", "決済エラーが多発", areas: "Payments");
        await StoreIncidentAsync("INC-2026-0002", "決済エラーで顧客情報が漏えい", areas: "Payments");
        await CreateIndexer().IndexRecentAsync(CancellationToken.None);
        await _incidents.MutateAsync("INC-2026-0002", i => i.MarkConfidential(true, "sato", _time.GetUtcNow()), CancellationToken.None);
        var current = await StoreIncidentAsync("INC-2026-0009", "決済エラー", resolvedDaysAgo: null, areas: "Payments");
        static bool Nobody(Incident _) => false;
        static bool Everyone(Incident _) => true;

        Assert.Empty(await CreateSut().SearchAsync("漏えい", LessonFilter.None, 10, CancellationToken.None, Nobody));
        Assert.Equal(["INC-2026-0001"], (await CreateSut().SearchAsync("決済エラー", LessonFilter.None, 10, CancellationToken.None, Nobody)).Select(h => h.IncidentId));
        Assert.Equal(["INC-2026-0001"], (await CreateSut().SimilarAsync(current, LessonSearch.SimilarLimit, CancellationToken.None, Nobody)).Select(h => h.IncidentId));

        Assert.Equal(["INC-2026-0002"], (await CreateSut().SearchAsync("漏えい", LessonFilter.None, 10, CancellationToken.None, Everyone)).Select(h => h.IncidentId));
        Assert.Equal(["INC-2026-0002"], (await CreateSut().SearchAsync("漏えい", LessonFilter.None, 10, CancellationToken.None)).Select(h => h.IncidentId));
        Assert.Equal(2, (await CreateSut().SimilarAsync(current, LessonSearch.SimilarLimit, CancellationToken.None, Everyone)).Count);
    }

    /// <summary>
    /// Session 62: the incident's id typed in the search finds it first — for a reader, and, confidential, for someone who may not read
    /// it (the id is what it shows them; the page lists it masked).
    /// </summary>
    [Fact]
    public async Task Search_ByIncidentId_FindsItFirst_ConfidentialToo()
    {
        await StoreIncidentAsync("INC-2026-0041", "決済エラーが多発", areas: "Payments");
        await StoreIncidentAsync("INC-2026-0042", "顧客情報が漏えい", areas: "Payments");
        await CreateIndexer().IndexRecentAsync(CancellationToken.None);

        Assert.Equal("INC-2026-0042", (await CreateSut().SearchAsync("INC-2026-0042", LessonFilter.None, 10, CancellationToken.None)).First().IncidentId);

        await _incidents.MutateAsync("INC-2026-0042", i => i.MarkConfidential(true, "sato", _time.GetUtcNow()), CancellationToken.None);
        var masked = (await CreateSut().SearchAsync("inc-2026-0042", LessonFilter.None, 10, CancellationToken.None, _ => false)).First();
        Assert.Equal(("INC-2026-0042", true), (masked.IncidentId, masked.Confidential));
    }

    [Fact]
    public async Task Search_ShortKatakanaWord_OneSharedBigram_NotAHit()
    {
        await AddAsync("INC-1", "リード検証が遅れた", "リードレプリカの遅延"); // ード only: ノー is not there
        await AddAsync("INC-2", "ノード障害", "ノードが 1 台落ちた");

        var hits = await CreateSut().SearchAsync("ノード", LessonFilter.None, 10, CancellationToken.None);

        Assert.Equal(["INC-2"], hits.Select(h => h.IncidentId));
        Assert.False(hits[0].Partial);
    }

    [Theory]
    [InlineData("決済")]
    [InlineData("設定ミス")]
    [InlineData("ロールバック")]
    [InlineData("レビュー")]
    [InlineData("rollback")]
    [InlineData("ＲＯＬＬＢＡＣＫ")]
    public async Task Search_WholeWords_StillFound(string q)
    {
        await AddAsync("INC-1", "決済の設定ミス", "レビュー漏れ。ロールバック (rollback) で復旧");
        await AddAsync("INC-2", "ログイン障害", "認証サーバーの再起動");

        var hits = await CreateSut().SearchAsync(q, LessonFilter.None, 10, CancellationToken.None);

        Assert.Equal(["INC-1"], hits.Select(h => h.IncidentId));
        Assert.False(hits[0].Partial);
    }

    [Fact]
    public async Task Search_TwoWords_WholeMatchFirst_OneWordOnlyMarkedPartial()
    {
        await AddAsync("INC-1", "決済の遅延", "決済会社の障害", day: 5);
        await AddAsync("INC-2", "決済タイムアウト", "決済 API のタイムアウト", day: 1);
        await AddAsync("INC-3", "ログイン障害", "タイムライン表示の不具合", day: 9); // タイ only: not タイムアウト

        var hits = await CreateSut().SearchAsync("決済 タイムアウト", LessonFilter.None, 10, CancellationToken.None);

        Assert.Equal(["INC-2", "INC-1"], hits.Select(h => h.IncidentId));
        Assert.Equal([false, true], hits.Select(h => h.Partial));
        Assert.All(hits[1].Snippet!.Highlights, h => Assert.Equal("決済", hits[1].Snippet!.Text.Substring(h.Start, h.Length)));
    }

    [Fact]
    public async Task Similar_OneSharedKanaBigram_OrItsOwnDuplicate_NotShown()
    {
        await StoreIncidentAsync("INC-2026-0005", "夜間エクスポートが失敗しました（exit 137）"); // カート and エクスポート share ート only
        await StoreIncidentAsync("INC-2026-0006", "カートに商品を追加できない", areas: "カート");
        await CreateIndexer().IndexRecentAsync(CancellationToken.None);
        var duplicate = Incident.Open("INC-2026-0009", new NewIncident { Title = "「決済」画面が開かない", Severity = AlertSeverity.Sev2, AffectedAreas = ["カート"] }, [], "sato", T0);
        await _store.AddAsync(LessonDocument.For(duplicate, null), null, CancellationToken.None);
        await _incidents.TryCreateAsync(duplicate, CancellationToken.None);
        var current = Incident.Open("INC-2026-0007", new NewIncident { Title = "「決済」画面が開かない", Severity = AlertSeverity.Sev1, AffectedAreas = ["カート"] }, [], "sato", T0);
        current.MergeIn(duplicate, "sato", T0.AddMinutes(5), new AckTimeouts());

        var similar = await CreateSut().SimilarAsync(current, LessonSearch.SimilarLimit, CancellationToken.None);

        Assert.Equal(["INC-2026-0006"], similar.Select(h => h.IncidentId));
    }
}
