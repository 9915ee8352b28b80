using OnDuty.Core.Calendar;

namespace OnDuty.Testing.Contracts;

/// <summary>What every <see cref="IFeedRevisionStore"/> does: the table adapter on Azurite and the in-memory fake run these same tests.</summary>
public abstract class FeedRevisionStoreContract : IAsyncLifetime
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private static readonly DateOnly Monday = new(2026, 12, 7);

    protected IFeedRevisionStore Sut { get; private set; } = null!;

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IFeedRevisionStore> CreateStoreAsync();

    public virtual async Task InitializeAsync() => Sut = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static FeedRevision Revision(string rotation, DateOnly start, int sequence = 664288194) => new()
    {
        RotationId = rotation,
        ShiftStart = start,
        Fingerprint = "ito,yamada|1765069200|1765674000",
        Sequence = sequence,
    };

    [Fact]
    public async Task TrySaveAsync_New_ListRoundTripsEveryFieldOfThatRotationOnly()
    {
        var changed = Revision("incident-duty", Monday.AddDays(7)).Next("ito,kimura|1765674000|1766278800", new DateTimeOffset(2026, 12, 2, 11, 35, 57, TimeSpan.Zero));

        Assert.True(await Sut.TrySaveAsync(Revision("incident-duty", Monday), null, None));
        Assert.True(await Sut.TrySaveAsync(changed, null, None));
        Assert.True(await Sut.TrySaveAsync(Revision("lead-t-rot", Monday, 5), null, None));

        var listed = (await Sut.ListAsync("incident-duty", None)).OrderBy(r => r.Value.ShiftStart).ToList();
        Assert.Equal([Revision("incident-duty", Monday), changed], listed.Select(r => r.Value));
        Assert.All(listed, r => Assert.False(string.IsNullOrEmpty(r.ETag)));
        Assert.Empty(await Sut.ListAsync("unknown", None));
    }

    [Fact]
    public async Task TrySaveAsync_ExistingWithoutETag_FalseAndKeepsTheStoredOne()
    {
        await Sut.TrySaveAsync(Revision("incident-duty", Monday, 7), null, None);

        Assert.False(await Sut.TrySaveAsync(Revision("incident-duty", Monday, 3), null, None));

        Assert.Equal(7, Assert.Single(await Sut.ListAsync("incident-duty", None)).Value.Sequence);
    }

    [Fact]
    public async Task TrySaveAsync_WithTheETagRead_ReplacesOnceAndAStaleETagLoses()
    {
        await Sut.TrySaveAsync(Revision("incident-duty", Monday, 7), null, None);
        var read = Assert.Single(await Sut.ListAsync("incident-duty", None));
        var first = read.Value.Next("a|1|2", new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero));
        var second = read.Value.Next("b|1|2", new DateTimeOffset(2026, 12, 2, 12, 0, 1, TimeSpan.Zero));

        Assert.True(await Sut.TrySaveAsync(first, read.ETag, None));
        Assert.False(await Sut.TrySaveAsync(second, read.ETag, None));

        var stored = Assert.Single(await Sut.ListAsync("incident-duty", None));
        Assert.Equal(first, stored.Value);
        Assert.Equal(8, stored.Value.Sequence);
        Assert.NotEqual(read.ETag, stored.ETag);
    }
}
