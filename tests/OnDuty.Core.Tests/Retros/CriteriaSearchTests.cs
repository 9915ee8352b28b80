using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Retros;
using OnDuty.Core.Seeding;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Retros;

/// <summary>
/// The judgement criteria a lessons query finds (session 43): a PM searching 「決済 SEV1」 during an incident reads the team's
/// 「決済・請求に影響する障害は SEV1」 beside the past incidents, matched by the lessons search's word rules.
/// </summary>
public sealed class CriteriaSearchTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly InMemoryCriteriaRepository _criteria = new();
    private readonly FakeTimeProvider _time = new(T0);

    private CriteriaSearch CreateSut() => new(_criteria);

    /// <summary>Adds <paramref name="criteria"/> as the criteria page does, a minute apart (the last the most recently updated).</summary>
    private async Task AddAsync(params Criterion[] criteria)
    {
        var service = new CriteriaService(_criteria, new InMemoryIncidentRepository(), _time);
        foreach (var criterion in criteria)
        {
            await service.AddAsync(criterion, CancellationToken.None);
            _time.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private static string Marked(LessonSnippet? snippet) =>
        snippet is null ? "(none)" : string.Join("|", snippet.Highlights.Select(h => snippet.Text.Substring(h.Start, h.Length)));

    [Fact]
    public async Task FindAsync_PaymentsSev1_TheSeededPaymentsCriterionFirst_ThenTheOthersSayingSev1NewestFirst_WithTheWordsMarked()
    {
        await AddAsync([.. DemoRoster.Criteria()]);

        var found = await CreateSut().FindAsync("決済 SEV1", CriteriaSearch.Shown, CancellationToken.None);

        // Both words first; then the two that say SEV1 only, the more recently updated first.
        Assert.Equal(["demo-sev1-billing", "demo-customers", "demo-sev2-login"], found.Select(c => c.Id));
        Assert.Equal([2, 1, 1], found.Select(c => c.MatchedWords));
        var billing = found[0];
        Assert.Equal(("重大度の判断", "Judging severity"), (billing.TopicName, billing.TopicNameEn));
        Assert.Equal(DemoRoster.Criteria()[0].Text, billing.Snippet!.Text);
        Assert.Equal("決済|SEV1|SEV1", Marked(billing.Snippet));
        Assert.Equal("SEV1|SEV1", Marked(billing.SnippetEn));
        Assert.Equal(1, _criteria.Lists);
    }

    [Fact]
    public async Task FindAsync_HiraganaQuery_FindsTheKatakanaText()
    {
        await AddAsync(
            new Criterion { Id = "login", Title = "認証の障害は SEV2", Text = "ログインできない人が 5% を超えたら SEV2 で起票する。", Topic = "severity" },
            new Criterion { Id = "other", Title = "応援は 30 分で呼ぶ", Text = "30 分で復旧の見込みが立たなければ応援を呼ぶ。", Topic = "help" });

        var hit = Assert.Single(await CreateSut().FindAsync("ろぐいん", CriteriaSearch.Shown, CancellationToken.None));

        Assert.Equal("login", hit.Id);
        Assert.Equal("ログイン", Marked(hit.Snippet));
    }

    /// <summary>「支払い」 finds 「お支払いが遅れたら…」 and marks the word with its okurigana, not the kanji run 「支払」 alone.</summary>
    [Fact]
    public async Task FindAsync_WordWithOkurigana_MarkedWithIt()
    {
        await AddAsync(new Criterion { Id = "pay", Title = "決済の障害は SEV2", Text = "お支払いが遅れたら SEV2 で起票する。", Topic = "severity" });

        var hit = Assert.Single(await CreateSut().FindAsync("支払い", CriteriaSearch.Shown, CancellationToken.None));

        Assert.Equal("支払い", Marked(hit.Snippet));
    }

    [Fact]
    public async Task FindAsync_RetiredCriterion_NeverFound_TheActiveOneIs()
    {
        await AddAsync(
            new Criterion { Id = "old-billing", Title = "請求の障害は SEV2", Text = "請求書が出せない障害は SEV2。" },
            new Criterion { Id = "billing", Title = "請求の障害は SEV1", Text = "請求書が出せない障害は SEV1。" });
        var service = new CriteriaService(_criteria, new InMemoryIncidentRepository(), _time);
        var old = (await _criteria.GetAsync("old-billing", CancellationToken.None))!;
        await service.ChangeAsync(old.Value with { Active = false, Note = "SEV1 に統一" }, old.ETag, CancellationToken.None);

        var found = await CreateSut().FindAsync("請求書", CriteriaSearch.Shown, CancellationToken.None);

        Assert.Equal(["billing"], found.Select(c => c.Id));
    }

    [Fact]
    public async Task FindAsync_EmptyQueryOrNothingToSearch_NoneAndNothingRead()
    {
        await AddAsync([.. DemoRoster.Criteria()]);

        Assert.Empty(await CreateSut().FindAsync("", CriteriaSearch.Shown, CancellationToken.None));
        Assert.Empty(await CreateSut().FindAsync("  を ", CriteriaSearch.Shown, CancellationToken.None));
        Assert.Equal(0, _criteria.Lists);
    }

    [Fact]
    public async Task FindAsync_WordsOfTheTitleTopicOrEnglish_Found_AtMostTheLimit()
    {
        await AddAsync([.. DemoRoster.Criteria()]);

        // English words of its title only; the topic's English name; a Latin word matched whole, case ignored.
        Assert.Equal(["demo-sev1-billing"], (await CreateSut().FindAsync("billing", 5, CancellationToken.None)).Select(c => c.Id));
        Assert.Equal(["demo-customers"], (await CreateSut().FindAsync("TELLING", 5, CancellationToken.None)).Select(c => c.Id));
        Assert.Equal(["demo-sev2-login", "demo-sev1-billing"], (await CreateSut().FindAsync("重大度", 5, CancellationToken.None)).Select(c => c.Id));
        Assert.Single(await CreateSut().FindAsync("SEV1", 1, CancellationToken.None));
        Assert.Empty(await CreateSut().FindAsync("sev", 5, CancellationToken.None));
    }

    /// <summary>The <c>criteria</c> items of <c>GET /api/retros?q=</c>, serialized as the API serializes (web defaults, nulls kept).</summary>
    [Fact]
    public async Task CriterionHit_AsTheApiWritesIt_IdWordsTopicUpdatedMatchedAndBothSnippets()
    {
        await AddAsync(new Criterion { Id = "help", Title = "応援は 30 分で呼ぶ", Text = "30 分で見込みが立たなければ応援を呼ぶ。", Topic = "help", TopicName = "応援" });

        var hit = Assert.Single(await CreateSut().FindAsync("応援", CriteriaSearch.Shown, CancellationToken.None));
        var json = JsonSerializer.Serialize(hit, new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        Assert.Equal(
            """{"id":"help","title":"応援は 30 分で呼ぶ","titleEn":null,"text":"30 分で見込みが立たなければ応援を呼ぶ。","textEn":null,"topic":"help","topicName":"応援","topicNameEn":null,"updatedAt":"2026-12-01T00:00:00+00:00","matchedWords":1,"snippet":{"field":"text","text":"30 分で見込みが立たなければ応援を呼ぶ。","highlights":[{"start":15,"length":2}]},"snippetEn":null}""",
            json);
    }
}
