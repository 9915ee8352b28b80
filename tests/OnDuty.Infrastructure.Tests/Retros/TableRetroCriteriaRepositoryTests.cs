using OnDuty.Core.Common;
using OnDuty.Core.Retros;
using OnDuty.Infrastructure.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Retros;

public sealed class TableRetroCriteriaRepositoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static Criterion Sev2(int version, string text, string? retro = null) => new()
    {
        Id = "declare-sev2",
        Title = "SEV2 を宣言する",
        Text = text,
        Topic = "severity",
        Version = version,
        Retro = retro,
        UpdatedAt = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero).AddDays(version),
    };

    [Fact]
    public async Task SaveChangeAndHistory_EachVersionKeptWithItsRetro()
    {
        var sut = new TableRetroCriteriaRepository((await CountingTables.CreateAsync(azurite.ConnectionString, "crit")).Tables);
        var first = await sut.SaveAsync(Sev2(1, "決済が 5 分止まったら"), null, None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveAsync(Sev2(1, "dup"), null, None));

        var second = await sut.SaveAsync(Sev2(2, "決済が 2 分止まったら", "INC-2026-0001"), first, None);
        await Assert.ThrowsAsync<ConcurrencyException>(() => sut.SaveAsync(Sev2(3, "stale"), first, None));

        var current = (await sut.GetAsync("declare-sev2", None))!;
        Assert.Equal(second, current.ETag);
        Assert.Equal((2, "INC-2026-0001"), (current.Value.Version, current.Value.Retro));
        Assert.Equal([(1, (string?)null), (2, "INC-2026-0001")], (await sut.ListHistoryAsync("declare-sev2", None)).Select(c => (c.Version, c.Retro)));
        Assert.Single(await sut.ListAsync(None));
    }

    /// <summary>
    /// Session 48, adopting a retro's proposal: the lead and a colleague both change the criterion from their retros at the version
    /// they read — one wins, the other gets the concurrency answer the criteria page turns into 409 and writes nothing, so the
    /// versions saved from retros (what the proposals list reads) name the winner's retro only; a version from no retro is not one.
    /// </summary>
    [Fact]
    public async Task ListFromRetros_TwoAdoptionsAtOneVersion_OneWinsTheOtherWritesNothing()
    {
        var sut = new TableRetroCriteriaRepository((await CountingTables.CreateAsync(azurite.ConnectionString, "crit")).Tables);
        var read = await sut.SaveAsync(Sev2(1, "決済が 5 分止まったら"), null, None);

        var results = await Task.WhenAll(
            Attempt(() => sut.SaveAsync(Sev2(2, "2 分で", "INC-2026-0001") with { UpdatedBy = "sato" }, read, None)),
            Attempt(() => sut.SaveAsync(Sev2(2, "3 分で", "INC-2026-0002") with { UpdatedBy = "tanaka" }, read, None)));

        var winner = Assert.Single(results, r => r is null);
        var loser = Assert.IsType<ConcurrencyException>(Assert.Single(results, r => r is not null));
        Assert.Contains("changed by someone else first", loser.Message, StringComparison.Ordinal);
        var adopted = Assert.Single(await sut.ListFromRetrosAsync(None));
        var current = (await sut.GetAsync("declare-sev2", None))!.Value;
        Assert.Equal((2, current.Retro, current.Text), (adopted.Version, adopted.Retro, adopted.Text));
        Assert.Equal(2, (await sut.ListHistoryAsync("declare-sev2", None)).Count);
    }

    private static async Task<Exception?> Attempt(Func<Task> save)
    {
        try
        {
            await save();
            return null;
        }
        catch (ConcurrencyException ex)
        {
            return ex;
        }
    }

    /// <summary>A row written before criteria had a topic name reads without one; a name saved since reads back with its criterion.</summary>
    [Fact]
    public async Task TopicName_RowStoredWithoutIt_ReadsFine_AndASavedNameRoundTrips()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "crittopic")).Tables;
        var sut = new TableRetroCriteriaRepository(tables);
        await tables.Criteria.AddEntityAsync(new Azure.Data.Tables.TableEntity("criteria", "current|old-row")
        {
            ["Data"] = """{"id":"old-row","title":"古い基準","text":"応援は 30 分で呼ぶ","topic":"help","active":true,"version":1,"updatedAt":"2026-01-05T00:00:00+00:00","updatedBy":"api"}""",
            ["Version"] = 1,
        });
        await sut.SaveAsync(Sev2(1, "決済が 5 分止まったら") with { TopicName = "重大度の判断" }, null, None);

        var all = (await sut.ListAsync(None)).Select(c => c.Value).OrderBy(c => c.Id, StringComparer.Ordinal).ToList();

        Assert.Equal([("declare-sev2", "severity", "重大度の判断"), ("old-row", "help", (string?)null)], all.Select(c => (c.Id, c.Topic, c.TopicName)));
        Assert.Equal("重大度の判断", (await sut.ListHistoryAsync("declare-sev2", None)).Single().TopicName);
    }

    /// <summary>
    /// The English words (title, text, topic name) are stored with the criterion and in its history; a row written before they
    /// existed reads with none, and saving it again keeps its Japanese words.
    /// </summary>
    [Fact]
    public async Task EnglishWords_RoundTrip_AndARowStoredBeforeThemReadsWithNone()
    {
        var tables = (await CountingTables.CreateAsync(azurite.ConnectionString, "criten")).Tables;
        var sut = new TableRetroCriteriaRepository(tables);
        await tables.Criteria.AddEntityAsync(new Azure.Data.Tables.TableEntity("criteria", "current|old-row")
        {
            ["Data"] = """{"id":"old-row","title":"古い基準","text":"応援は 30 分で呼ぶ","topic":"help","topicName":"応援","active":true,"version":1,"updatedAt":"2026-01-05T00:00:00+00:00","updatedBy":"api"}""",
            ["Version"] = 1,
        });
        await sut.SaveAsync(
            Sev2(1, "決済が 5 分止まったら") with { TopicName = "重大度の判断", TitleEn = "Declare SEV2", TextEn = "When payments stop for 5 minutes", TopicNameEn = "Severity calls" },
            null, None);

        var saved = (await sut.GetAsync("declare-sev2", None))!.Value;
        var old = (await sut.GetAsync("old-row", None))!;

        Assert.Equal(("Declare SEV2", "When payments stop for 5 minutes", "Severity calls"), (saved.TitleEn, saved.TextEn, saved.TopicNameEn));
        Assert.Equal(("Declare SEV2", "When payments stop for 5 minutes", "Severity calls"),
            (await sut.ListHistoryAsync("declare-sev2", None)).Select(c => (c.TitleEn, c.TextEn, c.TopicNameEn)).Single());
        Assert.Equal(("古い基準", "応援は 30 分で呼ぶ", "応援", (string?)null, (string?)null, (string?)null),
            (old.Value.Title, old.Value.Text, old.Value.TopicName, old.Value.TitleEn, old.Value.TextEn, old.Value.TopicNameEn));

        await sut.SaveAsync(old.Value with { Version = 2, Note = "見直し" }, old.ETag, None);
        var stored = (await tables.Criteria.GetEntityAsync<Azure.Data.Tables.TableEntity>("criteria", "current|old-row")).Value.GetString("Data");
        Assert.DoesNotContain("En\"", stored, StringComparison.Ordinal);
        Assert.Equal("古い基準", (await sut.GetAsync("old-row", None))!.Value.Title);
    }

    /// <summary>An id too long for a key (a URL can carry one) was never stored: not found, and the service is not asked.</summary>
    [Theory]
    [InlineData(505)]
    [InlineData(600)]
    [InlineData(1_100)]
    public async Task IdTooLongForAKey_NotFoundWithoutARequest(int length)
    {
        var tables = await CountingTables.CreateAsync(azurite.ConnectionString, "critlong");
        var sut = new TableRetroCriteriaRepository(tables.Tables);
        var id = new string('x', length);

        var (read, reads) = await tables.CountReadsAsync(() => sut.GetAsync(id, None));
        var (history, historyReads) = await tables.CountReadsAsync(() => sut.ListHistoryAsync(id, None));

        Assert.Null(read);
        Assert.Empty(history);
        Assert.Equal((0, 0), (reads, historyReads));
    }
}
