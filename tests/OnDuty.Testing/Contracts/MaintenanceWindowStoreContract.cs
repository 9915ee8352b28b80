using OnDuty.Core.Common;
using OnDuty.Core.Maintenance;

namespace OnDuty.Testing.Contracts;

/// <summary>
/// What every <see cref="IMaintenanceWindowStore"/> does: the table adapter on Azurite and the in-memory fake run these same
/// tests, so the fake the Core tests lean on cannot be kinder than the store production uses.
/// </summary>
public abstract class MaintenanceWindowStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;
    protected static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    protected static readonly DateTimeOffset T0 = new(2026, 12, 1, 23, 0, 0, Tokyo);

    private static readonly IReadOnlyList<string> NoSources = [];
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();
    private static readonly IReadOnlyList<OnDuty.Core.Alerts.AlertSeverity> NoSeverities = [];

    protected IMaintenanceWindowStore Sut { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IMaintenanceWindowStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => Sut = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AddAsync_EveryField_GetAndListRoundTripIt()
    {
        var window = NewWindow("MW-3f9a0c12") with
        {
            Title = "決済 DB のメジャーバージョンアップ",
            Sources = ["alertmanager", "azure-monitor"],
            Labels = new Dictionary<string, string> { ["service"] = "決済", ["env"] = "本番", ["team"] = "sre" },
            Severities = [OnDuty.Core.Alerts.AlertSeverity.Sev3, OnDuty.Core.Alerts.AlertSeverity.Sev4],
            EndedAt = T0.AddHours(1),
            EndedBy = "山田 太郎 <yamada@example.jp>",
        };

        var etag = await Sut.AddAsync(window, None);

        var read = await Sut.GetAsync(window.Id, None);
        AssertSameWindow(window, read!.Value);
        Assert.Equal(etag, read.ETag);
        var listed = Assert.Single(await Sut.ListAsync(None));
        AssertSameWindow(window, listed.Value);
        Assert.Equal(etag, listed.ETag);
        Assert.Equal(T0.AddHours(1), read.Value.Until);
    }

    /// <summary>
    /// A window with every text at its limit, in Japanese, is stored and read back whole: the stored JSON must keep Japanese as
    /// it is (written as <c>\uXXXX</c>, six characters each, it would overflow the 64 KiB property and storage would refuse it).
    /// </summary>
    [Fact]
    public async Task AddAsync_EveryTextAtItsLimitInJapanese_RoundTrips()
    {
        string Japanese(int length, int seed) => new([.. Enumerable.Range(0, length).Select(i => (char)('あ' + ((i + seed) % 80)))]);
        var window = NewWindow("MW-0000ffff") with
        {
            Title = Japanese(MaintenanceWindow.MaxTitleLength, 0),
            Labels = Enumerable.Range(0, MaintenanceWindow.MaxLabels).ToDictionary(i => Japanese(MaintenanceWindow.MaxLabelLength, i), i => Japanese(MaintenanceWindow.MaxLabelLength, i + 40)),
            CreatedBy = Japanese(100, 7),
            EndedBy = Japanese(100, 9),
            EndedAt = T0.AddHours(1),
        };

        var etag = await Sut.AddAsync(window, None);
        await Sut.ReplaceAsync(window with { Title = Japanese(MaintenanceWindow.MaxTitleLength, 1) }, etag, None);

        AssertSameWindow(window with { Title = Japanese(MaintenanceWindow.MaxTitleLength, 1) }, (await Sut.GetAsync(window.Id, None))!.Value);
    }

    /// <summary>Times given in Tokyo come back as the same instants, whatever offset the store keeps them at.</summary>
    [Fact]
    public async Task AddAsync_TimesWithAnOffset_ReadBackAsTheSameInstants()
    {
        var window = NewWindow("MW-00000001");
        Assert.Equal(Tokyo, window.From.Offset);

        await Sut.AddAsync(window, None);

        var read = (await Sut.GetAsync(window.Id, None))!.Value;
        Assert.Equal(
            (window.From.UtcDateTime, window.To.UtcDateTime, window.CreatedAt.UtcDateTime),
            (read.From.UtcDateTime, read.To.UtcDateTime, read.CreatedAt.UtcDateTime));
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero), read.From);
        Assert.Null(read.EndedAt);
        Assert.Null(read.EndedBy);
        Assert.Empty(read.Sources);
        Assert.Empty(read.Labels);
    }

    /// <summary>The store keeps what it was given: changing the caller's dictionary afterwards changes nothing stored.</summary>
    [Fact]
    public async Task AddAsync_CallersLabelsChangedAfterwards_StoredWindowUnchanged()
    {
        var labels = new Dictionary<string, string> { ["service"] = "checkout" };
        await Sut.AddAsync(NewWindow("MW-00000001") with { Labels = labels }, None);

        labels["service"] = "payments";
        labels["env"] = "prod";

        Assert.Equal([new("service", "checkout")], (await Sut.GetAsync("MW-00000001", None))!.Value.Labels);
    }

    [Fact]
    public async Task AddAsync_IdExists_ThrowsConcurrencyAndKeepsTheFirst()
    {
        var first = NewWindow("MW-00000001") with { Title = "first" };
        var etag = await Sut.AddAsync(first, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.AddAsync(NewWindow("MW-00000001") with { Title = "second", To = T0.AddDays(2) }, None));

        var stored = await Sut.GetAsync("MW-00000001", None);
        AssertSameWindow(first, stored!.Value);
        Assert.Equal(etag, stored.ETag);
        Assert.Single(await Sut.ListAsync(None));
    }

    [Fact]
    public async Task ReplaceAsync_AtCurrentETag_StoresItWithANewETag()
    {
        var added = await Sut.AddAsync(NewWindow("MW-00000001"), None);
        var ended = NewWindow("MW-00000001") with { EndedAt = T0.AddMinutes(30), EndedBy = "sato" };

        var replaced = await Sut.ReplaceAsync(ended, added, None);

        Assert.NotEqual(added, replaced);
        var stored = await Sut.GetAsync("MW-00000001", None);
        AssertSameWindow(ended, stored!.Value);
        Assert.Equal(replaced, stored.ETag);

        var extended = ended with { To = T0.AddHours(5), EndedAt = null, EndedBy = null };
        var again = await Sut.ReplaceAsync(extended, replaced, None);
        Assert.NotEqual(replaced, again);
        AssertSameWindow(extended, (await Sut.GetAsync("MW-00000001", None))!.Value);
    }

    [Fact]
    public async Task ReplaceAsync_AtStaleETag_ThrowsConcurrencyAndKeepsTheStoredWindow()
    {
        var stale = await Sut.AddAsync(NewWindow("MW-00000001"), None);
        var ended = NewWindow("MW-00000001") with { EndedAt = T0.AddMinutes(30), EndedBy = "sato" };
        var current = await Sut.ReplaceAsync(ended, stale, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(NewWindow("MW-00000001") with { To = T0.AddDays(3) }, stale, None));

        var stored = await Sut.GetAsync("MW-00000001", None);
        AssertSameWindow(ended, stored!.Value);
        Assert.Equal(current, stored.ETag);
    }

    [Fact]
    public async Task ReplaceAsync_ETagNeverHandedOut_ThrowsConcurrencyAndKeepsTheStoredWindow()
    {
        var window = NewWindow("MW-00000001");
        var etag = await Sut.AddAsync(window, None);

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(window with { Title = "changed" }, "W/\"bogus\"", None));

        var stored = await Sut.GetAsync("MW-00000001", None);
        AssertSameWindow(window, stored!.Value);
        Assert.Equal(etag, stored.ETag);
    }

    /// <summary>A window pruned (or never added) since it was read is not brought back by a replace.</summary>
    [Fact]
    public async Task ReplaceAsync_WindowGone_ThrowsConcurrencyAndStoresNothing()
    {
        var window = NewWindow("MW-00000001") with { From = T0.AddDays(-200), To = T0.AddDays(-199) };
        var etag = await Sut.AddAsync(window, None);
        Assert.Equal(1, await Sut.PruneAsync(T0, None));

        await Assert.ThrowsAsync<ConcurrencyException>(() => Sut.ReplaceAsync(window with { Title = "changed" }, etag, None));

        Assert.Null(await Sut.GetAsync("MW-00000001", None));
        Assert.Empty(await Sut.ListAsync(None));
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        await Sut.AddAsync(NewWindow("MW-00000001"), None);

        Assert.Null(await Sut.GetAsync("MW-00000002", None));
        Assert.Null(await Sut.GetAsync("MW-0000000", None));
    }

    /// <summary>An id as long as any caller may send (from a URL) finds nothing, and does not fail.</summary>
    [Fact]
    public async Task GetAsync_IdOf2000Characters_ReturnsNull()
    {
        await Sut.AddAsync(NewWindow("MW-00000001"), None);

        Assert.Null(await Sut.GetAsync(new string('x', 2_000), None));
        Assert.Null(await Sut.GetAsync("MW-" + new string('/', 1_997), None));
    }

    [Fact]
    public async Task ListAsync_Empty_ReturnsNothing()
    {
        Assert.Empty(await Sut.ListAsync(None));
    }

    [Fact]
    public async Task ListAsync_SeveralWindows_ReturnsEachWithItsETag()
    {
        var etags = new Dictionary<string, string>();
        foreach (var id in new[] { "MW-0000000c", "MW-0000000a", "MW-0000000b" })
        {
            etags[id] = await Sut.AddAsync(NewWindow(id) with { Title = "title of " + id }, None);
        }

        etags["MW-0000000a"] = await Sut.ReplaceAsync(NewWindow("MW-0000000a") with { Title = "changed" }, etags["MW-0000000a"], None);

        var listed = await Sut.ListAsync(None);

        Assert.Equal(
            [("MW-0000000a", "changed", etags["MW-0000000a"]), ("MW-0000000b", "title of MW-0000000b", etags["MW-0000000b"]), ("MW-0000000c", "title of MW-0000000c", etags["MW-0000000c"])],
            listed.Select(w => (w.Value.Id, w.Value.Title, w.ETag)).OrderBy(w => w.Id, StringComparer.Ordinal));
    }

    /// <summary>
    /// Only windows over before the cutoff go: one planned to end before it, and one planned to end after it but ended early
    /// before it. One ending exactly at the cutoff, one ended early after it, and ones still running or planned stay.
    /// </summary>
    [Fact]
    public async Task PruneAsync_DeletesExactlyTheWindowsOverBeforeTheCutoffAndCountsThem()
    {
        var cutoff = T0.AddDays(-90);
        await Sut.AddAsync(NewWindow("MW-0000000a") with { From = cutoff.AddDays(-2), To = cutoff.AddTicks(-10) }, None);
        await Sut.AddAsync(NewWindow("MW-0000000b") with { From = cutoff.AddDays(-1), To = cutoff.AddDays(3), EndedAt = cutoff.AddHours(-1), EndedBy = "sato" }, None);
        await Sut.AddAsync(NewWindow("MW-0000000c") with { From = cutoff.AddDays(-1), To = cutoff }, None);
        await Sut.AddAsync(NewWindow("MW-0000000d") with { From = cutoff.AddDays(-1), To = cutoff.AddDays(3), EndedAt = cutoff.AddHours(1), EndedBy = "sato" }, None);
        await Sut.AddAsync(NewWindow("MW-0000000e") with { From = cutoff.AddDays(-1), To = cutoff.AddDays(3), EndedAt = cutoff.AddDays(5), EndedBy = "sato" }, None);
        await Sut.AddAsync(NewWindow("MW-0000000f"), None);

        Assert.Equal(2, await Sut.PruneAsync(cutoff, None));

        Assert.Equal(["MW-0000000c", "MW-0000000d", "MW-0000000e", "MW-0000000f"], (await Sut.ListAsync(None)).Select(w => w.Value.Id).Order(StringComparer.Ordinal));
        Assert.Null(await Sut.GetAsync("MW-0000000a", None));
        Assert.Null(await Sut.GetAsync("MW-0000000b", None));
        Assert.Equal(0, await Sut.PruneAsync(cutoff, None));
    }

    /// <summary>Pruning judges a window by its end as it stands: ended early since it was added, it goes by that end.</summary>
    [Fact]
    public async Task PruneAsync_EndedEarlyByAReplace_GoesByItsNewEnd()
    {
        var cutoff = T0.AddDays(-90);
        var window = NewWindow("MW-00000001") with { From = cutoff.AddDays(-1), To = cutoff.AddDays(3) };
        var etag = await Sut.AddAsync(window, None);
        Assert.Equal(0, await Sut.PruneAsync(cutoff, None));

        await Sut.ReplaceAsync(window with { EndedAt = cutoff.AddMinutes(-1), EndedBy = "sato" }, etag, None);

        Assert.Equal(1, await Sut.PruneAsync(cutoff, None));
        Assert.Empty(await Sut.ListAsync(None));
    }

    [Fact]
    public async Task PruneAsync_Empty_ReturnsZero()
    {
        Assert.Equal(0, await Sut.PruneAsync(T0, None));
    }

    protected static MaintenanceWindow NewWindow(string id) => new()
    {
        Id = id,
        Title = "Release 4.2",
        From = T0,
        To = T0.AddHours(2),
        CreatedBy = "ito",
        CreatedAt = T0.AddDays(-1),
    };

    /// <summary>Every field alike, the list and dictionary by content (a record compares those by reference).</summary>
    protected static void AssertSameWindow(MaintenanceWindow expected, MaintenanceWindow actual)
    {
        Assert.Equal(expected with { Sources = NoSources, Labels = NoLabels, Severities = NoSeverities }, actual with { Sources = NoSources, Labels = NoLabels, Severities = NoSeverities });
        Assert.Equal(expected.Sources, actual.Sources);
        Assert.Equal(expected.Severities, actual.Severities);
        Assert.Equal(expected.Labels.OrderBy(l => l.Key, StringComparer.Ordinal), actual.Labels.OrderBy(l => l.Key, StringComparer.Ordinal));
    }
}
