using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Notifications;

/// <summary>A page its provider keeps refusing is retried for hours: health says so after five minutes, and stops once it went out.</summary>
public sealed class LatePagesCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly InMemoryOutbox _store = new();

    [Fact]
    public async Task CheckAsync_PageRetriedPastFiveMinutes_DegradedNamingItUntilItIsSent()
    {
        var sut = new LatePagesCheck(_store, _time);
        await _store.TryEnqueueAsync(Message("page", OutboxPriority.Page), T0, default);
        await _store.TryEnqueueAsync(Message("weekly", OutboxPriority.Normal), T0, default);
        await _store.MarkRetryAsync("page", "503 Service Unavailable", T0.AddMinutes(2), default);
        await _store.MarkRetryAsync("weekly", "503 Service Unavailable", T0.AddMinutes(10), default);

        _time.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(await sut.CheckAsync(default));

        await _store.MarkRetryAsync("page", "503 Service Unavailable", T0.AddMinutes(6), default);
        _time.Advance(TimeSpan.FromMinutes(2));
        var degraded = await sut.CheckAsync(default);

        Assert.Equal("1 page queued over 5 min ago and not yet taken by a provider (email: 1); the oldest to duty@example.com, queued 6 min ago, "
            + "2 attempts, last error: 503 Service Unavailable; see GET /api/outbox?status=pending", degraded);

        await _store.MarkSentAsync("page", T0.AddMinutes(6), default);
        Assert.Null(await sut.CheckAsync(default));
    }

    /// <summary>A hanging Teams webhook holds the cards while the emails went out: the line counts the late pages by channel.</summary>
    [Fact]
    public async Task CheckAsync_OnlyTeamsCardsLate_CountsThemByChannel()
    {
        var sut = new LatePagesCheck(_store, _time);
        foreach (var n in Enumerable.Range(1, 3))
        {
            await _store.TryEnqueueAsync(Message($"card{n}", OutboxPriority.Page) with { Channel = Channel.Teams, Recipient = "teams" }, T0, default);
        }

        await _store.TryEnqueueAsync(Message("mail", OutboxPriority.Page), T0, default);
        await _store.MarkSentAsync("mail", T0, default);
        _time.Advance(TimeSpan.FromMinutes(6));

        var degraded = await sut.CheckAsync(default);

        Assert.StartsWith("3 pages queued over 5 min ago and not yet taken by a provider (teams: 3, email: 0); the oldest to teams", degraded, StringComparison.Ordinal);
    }

    /// <summary>The counts as an operator reads them: "1 page … 1 attempt", "3 pages … 3 attempts" — never "page(s)", "attempt(s)".</summary>
    [Theory]
    [InlineData(1, "1 page queued over 5 min ago and not yet taken by a provider (email: 1); the oldest to duty@example.com, queued 6 min ago, 1 attempt, last error: 503 Service Unavailable; see GET /api/outbox?status=pending")]
    [InlineData(3, "3 pages queued over 5 min ago and not yet taken by a provider (email: 3); the oldest to duty@example.com, queued 6 min ago, 3 attempts, last error: 503 Service Unavailable; see GET /api/outbox?status=pending")]
    public async Task CheckAsync_LatePages_CountsSaidInPlainEnglish(int count, string said)
    {
        var sut = new LatePagesCheck(_store, _time);
        for (var n = 1; n <= count; n++)
        {
            await _store.TryEnqueueAsync(Message($"page{n}", OutboxPriority.Page), T0, default);
        }

        for (var attempt = 1; attempt <= count; attempt++)
        {
            await _store.MarkRetryAsync("page1", "503 Service Unavailable", T0.AddMinutes(10), default);
        }

        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(said, await sut.CheckAsync(default));
    }

    private static OutboxMessage Message(string id, OutboxPriority priority) =>
        new() { Id = id, Channel = Channel.Email, Recipient = "duty@example.com", Subject = "s", TextBody = "t", Priority = priority, CreatedAt = T0, NextAttemptAt = T0 };
}
