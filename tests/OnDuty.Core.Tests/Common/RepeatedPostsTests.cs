using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;

namespace OnDuty.Core.Tests.Common;

/// <summary>
/// Trial 34 M2: a page's form posted twice with one request id (a double click, a reload after the submit) is run once and the
/// repeat gets the first answer; a refused post is not kept, so sending it again runs it; no id, no memory.
/// </summary>
public sealed class RepeatedPostsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 4, 10, 0, 0, TimeSpan.FromHours(9)));

    [Fact]
    public async Task SameKeyTwice_RunsOnce_RepeatGetsTheFirstAnswer()
    {
        var sut = new RepeatedPosts(_time);
        var runs = 0;

        var first = await sut.RunOnceAsync("page-leave-1", () => Task.FromResult($"done-{++runs}"), _ => true, default);
        var second = await sut.RunOnceAsync("page-leave-1", () => Task.FromResult($"done-{++runs}"), _ => true, default);
        var other = await sut.RunOnceAsync("page-leave-2", () => Task.FromResult($"done-{++runs}"), _ => true, default);

        Assert.Equal(("done-1", false), first);
        Assert.Equal(("done-1", true), second);
        Assert.Equal(("done-2", false), other);
        Assert.Equal(2, runs);
    }

    /// <summary>A double click: the second post arrives while the first still runs, waits for it and gets its answer.</summary>
    [Fact]
    public async Task RepeatWhileTheFirstRuns_WaitsForIt()
    {
        var sut = new RepeatedPosts(_time);
        var release = new TaskCompletionSource();
        var runs = 0;

        var first = sut.RunOnceAsync("k", async () => { runs++; await release.Task; return "first"; }, _ => true, default);
        var second = sut.RunOnceAsync("k", () => { runs++; return Task.FromResult("second"); }, _ => true, default);
        Assert.False(second.IsCompleted);
        release.SetResult();

        Assert.Equal(("first", false), await first);
        Assert.Equal(("first", true), await second);
        Assert.Equal(1, runs);
    }

    [Fact]
    public async Task RefusedOrFailedPost_NotKept_SentAgainRuns()
    {
        var sut = new RepeatedPosts(_time);

        var refused = await sut.RunOnceAsync("k", () => Task.FromResult("400"), a => a != "400", default);
        await Assert.ThrowsAsync<InvalidOperationException>(() => sut.RunOnceAsync<string>("k", () => throw new InvalidOperationException("storage"), _ => true, default));
        var again = await sut.RunOnceAsync("k", () => Task.FromResult("303"), a => a != "400", default);

        Assert.Equal(("400", false), refused);
        Assert.Equal(("303", false), again);
    }

    [Fact]
    public async Task AfterTheWindow_OrWithoutAKey_RunsAgain()
    {
        var sut = new RepeatedPosts(_time);
        var runs = 0;
        await sut.RunOnceAsync("k", () => Task.FromResult($"{++runs}"), _ => true, default);
        _time.Advance(RepeatedPosts.Window + TimeSpan.FromSeconds(1));

        Assert.Equal(("2", false), await sut.RunOnceAsync("k", () => Task.FromResult($"{++runs}"), _ => true, default));
        Assert.Equal(("3", false), await sut.RunOnceAsync(null, () => Task.FromResult($"{++runs}"), _ => true, default));
        Assert.Equal(("4", false), await sut.RunOnceAsync(null, () => Task.FromResult($"{++runs}"), _ => true, default));
    }
}
