using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Core.Team;
using OnDuty.Core.Tests.Fakes;

namespace OnDuty.Core.Tests.Notifications;

public sealed class OutboxRetentionTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 1, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// The purge forgets by recipient the failures older than the window the pages look back and a week (more than one batch of
    /// them), whatever the retention of sent mail; the messages stay failed, and a failure inside that stays findable.
    /// </summary>
    [Fact]
    public async Task PurgeAsync_FailuresPastTheWindowAndAWeek_ForgottenByRecipient_StillFailed()
    {
        var store = new InMemoryOutbox();
        var old = Now - OutboxRetention.FailedToKept - TimeSpan.FromMinutes(1);
        for (var i = 0; i < 501; i++)
        {
            await FailAsync(store, $"old-{i:000}", old);
        }

        await FailAsync(store, "kept", Now - OutboxRetention.FailedToKept + TimeSpan.FromMinutes(1));
        var retention = new OutboxRetention(store, new FakeTimeProvider(Now), Options.Create(new OutboxOptions { Retention = TimeSpan.FromDays(1) }));

        Assert.Equal(0, await retention.PurgeAsync(default));

        Assert.True(OutboxRetention.FailedToKept > ContactDetails.UndeliveredWindow);
        Assert.Equal(["kept"], (await store.ListFailedToAsync(["ann@example.com"], Now.AddDays(-90), 1000, default)).Select(m => m.Id));
        Assert.Equal(502, (await store.ListAsync(OutboxStatus.Failed, 1000, default)).Count);
    }

    private static async Task FailAsync(InMemoryOutbox store, string id, DateTimeOffset at)
    {
        await store.TryEnqueueAsync(new OutboxMessage { Id = id, Channel = Channel.Email, Recipient = "ann@example.com", CreatedAt = at, NextAttemptAt = at }, at, default);
        await store.MarkFailedAsync(id, "550", at, default);
    }
}
