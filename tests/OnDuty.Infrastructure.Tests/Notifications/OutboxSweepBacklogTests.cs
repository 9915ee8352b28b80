using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Notifications;

/// <summary>
/// The retry sweep with a backlog (their queue messages lost): it reads on past one batch of due messages, so the rest do not wait
/// a run each, up to 10 batches a run (logged when it stops there); the due index is read past Table Storage's 1,000-row page.
/// </summary>
public sealed class OutboxSweepBacklogTests : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 15, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly RecordingEmailSender _email = new();
    private readonly AzuriteFixture _azurite;

    public OutboxSweepBacklogTests(AzuriteFixture azurite) => _azurite = azurite;

    private static OutboxMessage Message(int i) => new()
    {
        Id = $"backlog:{i:0000}:email:ann@example.com",
        Channel = Channel.Email,
        Recipient = "ann@example.com",
        Subject = "Duty",
        TextBody = "You are on duty.",
        CreatedAt = T0,
        NextAttemptAt = T0.AddSeconds(i % 60),
    };

    [Fact]
    public async Task RetryDueAsync_MoreDueThanABatch_SendsBatchAfterBatchUpTo10ThisRun_TheRestNextRun_EachOnce()
    {
        await using var app = await new AzuriteApp(_azurite, "sweepbacklog").With("Outbox:BatchSize", "10").WithTime(_time).WithEmail(_email).BuildAsync();
        var store = app.GetRequiredService<IOutboxStore>();
        await store.TryEnqueueManyAsync([.. Enumerable.Range(0, 105).Select(Message)], T0, default);
        _time.Advance(TimeSpan.FromMinutes(5)); // every one due for longer than Outbox__SweepAfter: their queue messages were lost

        var first = await app.GetRequiredService<OutboxDispatcher>().RetryDueAsync(default);

        // Ten batches of ten this run (one batch only before): the oldest 100, each once; five wait for the next run.
        Assert.Equal(100, first.Delivered);
        Assert.Equal(100, _email.Sent.Select(s => s.Id).Distinct().Count());
        Assert.Equal(5, (await store.ListDueAsync(_time.GetUtcNow(), 1000, default)).Count);

        var second = await app.GetRequiredService<OutboxDispatcher>().RetryDueAsync(default);

        Assert.Equal(5, second.Delivered);
        Assert.Equal(Enumerable.Range(0, 105).Select(i => Message(i).Id).Order(StringComparer.Ordinal), _email.Sent.Select(s => s.Id).Order(StringComparer.Ordinal));
        foreach (var i in new[] { 0, 59, 104 })
        {
            Assert.Equal(OutboxStatus.Sent, (await store.GetAsync(Message(i).Id, default))!.Status);
        }
    }

    [Fact]
    public async Task ListDueAsync_MoreThanATablePageDue_ReadsPastTheContinuationToken_OldestFirst()
    {
        await using var app = await new AzuriteApp(_azurite, "duepages").WithTime(_time).WithEmail(_email).BuildAsync();
        var store = app.GetRequiredService<IOutboxStore>();
        var messages = Enumerable.Range(0, 1_030).Select(i => Message(i) with { NextAttemptAt = T0.AddSeconds(-i) }).ToList();
        foreach (var chunk in messages.Chunk(50))
        {
            await store.TryEnqueueManyAsync(chunk, T0, default);
        }

        var due = await store.ListDueAsync(T0.AddMinutes(1), 1_100, default);

        // Table Storage answers at most 1,000 rows a page: the last 30 are behind its continuation token. Oldest first.
        Assert.Equal(1_030, due.Count);
        Assert.Equal(Message(1_029).Id, due[0].Id);
        Assert.Equal(Message(0).Id, due[^1].Id);
    }
}
