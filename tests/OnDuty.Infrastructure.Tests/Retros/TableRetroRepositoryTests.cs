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
}
