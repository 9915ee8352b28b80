using Microsoft.Extensions.Options;
using OnDuty.Core.Alerts;
using OnDuty.Core.Incidents;
using OnDuty.Core.Retros;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Retros;

/// <summary>
/// Lessons search over several thousand retros in Azurite: right answers, and a number of storage reads that
/// depends on the query (terms and top N), never on how many retros exist.
/// </summary>
public sealed class TableRetroLessonIndexTests(TableRetroLessonIndexTests.Corpus corpus) : IClassFixture<TableRetroLessonIndexTests.Corpus>
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// Storage reads a query may take at most: a few pages per term read (a kana bigram is read in katakana and hiragana: two), then
    /// point reads of twice the top N, each its retro and its incident.
    /// </summary>
    private static int Bound(int termReads, int limit) => (termReads * TableRetroLessonIndex.MaxPagesPerRead) + (2 * 2 * limit);

    [Fact]
    public async Task Search_RareJapaneseWordAmongThousands_FoundWithBoundedReads()
    {
        var (hits, reads) = await corpus.Storage.CountReadsAsync(() => corpus.Search.SearchAsync("カナリア outage", LessonFilter.None, 10, None));

        // The six retros with every bigram of カナリア come first; the rest of the top 10 only say "outage".
        Assert.Equal(corpus.CanaryIds.Order(), hits.Take(corpus.CanaryIds.Count).Select(h => h.IncidentId).Order());
        Assert.All(hits.Skip(corpus.CanaryIds.Count), h => Assert.Equal(1, h.MatchedTerms));
        var snippet = hits[0].Snippet!;
        Assert.Equal(["Outage", "カナリア"], snippet.Highlights.Select(h => snippet.Text.Substring(h.Start, h.Length)));
        Assert.True(reads <= Bound(7, 10), $"{reads} storage reads for 4 terms over {Corpus.Size} retros");
    }

    [Fact]
    public async Task Search_EnglishWordInEveryRetro_TopNNewestFirstWithBoundedReads()
    {
        var (hits, reads) = await corpus.Storage.CountReadsAsync(() => corpus.Search.SearchAsync("Outages", LessonFilter.None, 20, None));

        Assert.Equal(20, hits.Count);
        Assert.Equal(hits.OrderByDescending(h => h.At).Select(h => h.IncidentId), hits.Select(h => h.IncidentId));
        Assert.True(reads <= Bound(1, 20), $"{reads} storage reads over {Corpus.Size} retros");
    }

    [Fact]
    public async Task Search_AreaSeverityAndTime_FilteredByStorageInsideThePartition()
    {
        var from = Corpus.T0.AddDays(100);
        var to = Corpus.T0.AddDays(200);
        var filter = new LessonFilter(LessonDocument.NormaliseArea("ＬＯＧＩＮ"), AlertSeverity.Sev1, from, to);

        var (hits, reads) = await corpus.Storage.CountReadsAsync(() => corpus.Search.SearchAsync("障害", filter, 10, None));

        Assert.Equal(10, hits.Count);
        Assert.All(hits, h => Assert.True(h.Areas.Contains("login") && h.Severity == AlertSeverity.Sev1 && h.At >= from && h.At < to, h.IncidentId));
        Assert.True(reads <= Bound(1, 10), $"{reads} storage reads");
    }

    [Fact]
    public async Task Search_NoWordsJustTime_NewestInRangeFromTheAllList()
    {
        var filter = new LessonFilter(null, null, Corpus.T0.AddDays(10), Corpus.T0.AddDays(11));

        var (hits, reads) = await corpus.Storage.CountReadsAsync(() => corpus.Search.SearchAsync(null, filter, 50, None));

        Assert.Equal(Corpus.Size / Corpus.Days, hits.Count);
        Assert.True(reads <= Bound(1, 50), $"{reads} storage reads");
    }

    [Fact]
    public async Task AddAndRemoveStale_SavedAgainWithOtherWords_OldWordsNoLongerFind()
    {
        var index = new TableRetroLessonIndex(corpus.Storage.Tables);
        var retros = new TableRetroRepository(corpus.Storage.Tables);
        var incident = Corpus.Incident("INC-2030-0001", "検索テスト", AlertSeverity.Sev3, Corpus.T0, "search");
        var v1 = LessonDocument.For(incident, new RetroContent { Summary = "ペンギン penguin" });
        await index.AddAsync(v1, null, None);
        var etag = await retros.SaveAsync(new StoredRetro(incident.Id, new RetroContent { Summary = "ペンギン penguin" }, new RetroVersion(1, "sato", Corpus.T0), v1), null, None);
        Assert.Equal(["INC-2030-0001"], (await corpus.Search.SearchAsync("ペンギン", LessonFilter.None, 10, None)).Select(h => h.IncidentId));

        var v2 = LessonDocument.For(incident, new RetroContent { Summary = "コアラ koala" });
        await index.AddAsync(v2, v1, None);
        await retros.SaveAsync(new StoredRetro(incident.Id, new RetroContent { Summary = "コアラ koala" }, new RetroVersion(2, "sato", Corpus.T0), v2), etag, None);
        await index.RemoveStaleAsync(v1, v2, None);

        Assert.Empty(await corpus.Search.SearchAsync("penguin", LessonFilter.None, 10, None));
        Assert.Equal(["INC-2030-0001"], (await corpus.Search.SearchAsync("koala", LessonFilter.None, 10, None)).Select(h => h.IncidentId));
    }

    [Fact]
    public async Task Search_PostingWithoutItsRetro_Dropped()
    {
        // A save whose commit failed after the index was written leaves postings behind; they never show.
        var index = new TableRetroLessonIndex(corpus.Storage.Tables);
        var orphan = LessonDocument.For(Corpus.Incident("INC-2030-0002", "幽霊", AlertSeverity.Sev4, Corpus.T0, "search"), new RetroContent { Summary = "ghost ゴースト" });
        await index.AddAsync(orphan, null, None);

        Assert.Empty(await corpus.Search.SearchAsync("ghost", LessonFilter.None, 10, None));
    }

    /// <summary>
    /// Several thousand retros, seeded once for the class: the index in batches per term, the records one by one. On an
    /// Azurite of its own, so the seeding never queues other test classes' requests behind it.
    /// </summary>
    public sealed class Corpus : IAsyncLifetime
    {
        /// <summary>600 retros by default; <c>ONDUTY_TEST_LESSONS_SIZE=3000</c> for the several-thousand run (a multiple of <see cref="Days"/>; slow on a loaded machine).</summary>
        public static readonly int Size = int.TryParse(Environment.GetEnvironmentVariable("ONDUTY_TEST_LESSONS_SIZE"), out var size) ? size : 600;
        public const int Days = 300;
        public static readonly DateTimeOffset T0 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        private static readonly string[] Areas = ["決済", "login", "search"];
        private static readonly string[] Phrases = ["決済遅延", "ログイン不可", "検索が空", "checkout timeout", "push late", "アプリ落ち"];

        private AzuriteProcess? _azurite;

        public CountingTables Storage { get; private set; } = null!;

        public LessonSearch Search { get; private set; } = null!;

        public IReadOnlyList<string> CanaryIds { get; } = [.. Enumerable.Range(0, Size).Where(i => i % 500 == 7).Select(Id)];

        public static string Id(int i) => $"INC-2025-{i:D4}";

        public static Incident Incident(string id, string title, AlertSeverity severity, DateTimeOffset at, params string[] areas) =>
            OnDuty.Core.Incidents.Incident.Open(id, new NewIncident { Title = title, Severity = severity, AffectedAreas = areas }, [], "test", at);

        public async Task InitializeAsync()
        {
            _azurite = await AzuriteProcess.StartAsync();
            Storage = await CountingTables.CreateAsync(_azurite.ConnectionString, "lessons");
            var retros = new TableRetroRepository(Storage.Tables);
            var index = new TableRetroLessonIndex(Storage.Tables);
            Search = new LessonSearch(index, retros, new TableIncidentRepository(Storage.Tables), Options.Create(new IncidentOptions { AckTokenSecret = "x" }));

            var stored = Enumerable.Range(0, Size).Select(i =>
            {
                var incident = Incident(Id(i), $"障害 {Phrases[i % Phrases.Length]}", (AlertSeverity)((i % 4) + 1), T0.AddDays(i % Days).AddMinutes(i), Areas[i % Areas.Length]);
                var content = new RetroContent
                {
                    Summary = $"Outage. {Phrases[(i / 7) % Phrases.Length]}" + (CanaryIds.Contains(Id(i)) ? "。カナリアで気付いた" : ""),
                };
                return new StoredRetro(incident.Id, content, new RetroVersion(1, "sato", incident.DetectedAt), LessonDocument.For(incident, content));
            }).ToList();

            var clock = System.Diagnostics.Stopwatch.StartNew();
            await index.AddManyAsync(stored.Select(s => s.Indexed), CancellationToken.None);
            Console.WriteLine($"Lessons corpus: index of {Size} retros in {clock.Elapsed}");
            await Parallel.ForEachAsync(stored, new ParallelOptions { MaxDegreeOfParallelism = 32 },
                async (retro, ct) => await retros.SaveAsync(retro, null, ct));
            Console.WriteLine($"Lessons corpus: with the records in {clock.Elapsed}");
        }

        public async Task DisposeAsync()
        {
            if (_azurite is not null)
            {
                await _azurite.DisposeAsync();
            }
        }
    }
}
