using OnDuty.Core.Notifications;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Notifications;

public sealed class OutboxFailuresCheckTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CheckAsync_NothingGivenUp_IsNull_OneGivenUp_NamesItAndWhereToLook()
    {
        var store = new InMemoryOutbox();
        var sut = new OutboxFailuresCheck(store);
        await store.TryEnqueueAsync(new OutboxMessage { Id = "m1", Channel = Channel.Email, Recipient = "sato@example.com", CreatedAt = T0, NextAttemptAt = T0 }, T0, default);
        await store.TryEnqueueAsync(new OutboxMessage { Id = "m2", Channel = Channel.Email, Recipient = "ito@example.com", CreatedAt = T0, NextAttemptAt = T0 }, T0, default);
        await store.MarkSentAsync("m2", T0, default);

        Assert.Null(await sut.CheckAsync(default));

        await store.MarkFailedAsync("m1", "550", T0, default);
        var reason = await sut.CheckAsync(default);

        Assert.Contains("1 message given up", reason);
        Assert.Contains("sato@example.com", reason);
        Assert.Contains("/api/outbox?status=failed", reason);
    }

    /// <summary>The count as an operator reads it: "1 message given up", "3 messages given up" — never "message(s)".</summary>
    [Theory]
    [InlineData(1, "1 message given up, the latest to sato@example.com; see GET /api/outbox?status=failed")]
    [InlineData(3, "3 messages given up, the latest to sato@example.com; see GET /api/outbox?status=failed")]
    public async Task CheckAsync_SomeGivenUp_CountSaidInPlainEnglish(int count, string said)
    {
        var store = new InMemoryOutbox();
        var sut = new OutboxFailuresCheck(store);
        for (var n = 1; n <= count; n++)
        {
            await store.TryEnqueueAsync(new OutboxMessage { Id = $"m{n}", Channel = Channel.Email, Recipient = "sato@example.com", CreatedAt = T0, NextAttemptAt = T0 }, T0, default);
            await store.MarkFailedAsync($"m{n}", "550", T0.AddMinutes(n), default);
        }

        Assert.Equal(said, await sut.CheckAsync(default));
    }
}
