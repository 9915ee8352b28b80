using Azure.Storage.Queues;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Queues;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Infrastructure.Tests.Tables;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Queues;

/// <summary>
/// Session 48 (brief K): nothing read the poison queues, so one message there kept /api/health degraded (and the degraded alert
/// mailing the leads) until someone cleared the queue by hand, even after the sweep had sent its row. The outbox sweep now reads
/// them on Azurite: a message whose sends are settled is removed and health turns healthy, one whose send is pending stays (out
/// of sight until the sweep has re-sent it), one naming no outbox row is removed with a warning that keeps its body.
/// </summary>
public sealed class PoisonQueueSettlerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private readonly QueueStorageOptions _options = new() { ConnectionString = azurite.ConnectionString };
    private readonly string _name = "t" + Guid.NewGuid().ToString("n")[..12];
    private TablesHarness _harness = null!;

    /// <summary>The poison queues as the app's clients write them (base64, as the Functions host does).</summary>
    private QueueClient Pages => Queue($"{_name}-pages-poison");

    private QueueClient Normal => Queue($"{_name}-poison");

    private IReadOnlyList<string> Queues => [Pages.Name, Normal.Name];

    public async Task InitializeAsync()
    {
        _harness = await TablesHarness.CreateAsync(azurite.ConnectionString, "poison");
        await Pages.CreateAsync();
        await Normal.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await Pages.DeleteIfExistsAsync();
        await Normal.DeleteIfExistsAsync();
        await _harness.DisposeAsync();
    }

    private QueueClient Queue(string name, QueueMessageEncoding encoding = QueueMessageEncoding.Base64) =>
        QueuesServiceCollectionExtensions.CreateServiceClient(_options, encoding).GetQueueClient(name);

    private PoisonQueueSettler Settler(RecordingLogger<PoisonQueueSettler> logger, TimeSpan? lookAgainAfter = null) =>
        new(QueuesServiceCollectionExtensions.CreateServiceClient(_options, QueueMessageEncoding.None), _harness.Outbox, logger, Queues, lookAgainAfter);

    private PoisonQueuesCheck Health() =>
        new(QueuesServiceCollectionExtensions.CreateServiceClient(_options), new RecordingLogger<PoisonQueuesCheck>(), Queues);

    private async Task OutboxRowAsync(string id, OutboxStatus status)
    {
        var store = _harness.Outbox;
        await store.TryEnqueueAsync(new OutboxMessage { Id = id, Channel = Channel.Email, Recipient = $"{id}@example.com", Subject = "s", TextBody = "t" }, T0, default);
        switch (status)
        {
            case OutboxStatus.Sent: await store.MarkSentAsync(id, T0.AddMinutes(1), default); break;
            case OutboxStatus.Failed: await store.MarkFailedAsync(id, "550 mailbox unavailable", T0.AddMinutes(1), default); break;
            case OutboxStatus.Cancelled: await store.MarkCancelledAsync(id, "incident acknowledged", T0.AddMinutes(1), default); break;
        }

        Assert.Equal(status, (await store.GetAsync(id, default))!.Status);
    }

    private static async Task<int> CountAsync(QueueClient queue) => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;

    [Fact]
    public async Task SentOnALaterTry_Removed_SaidOnce_AndHealthTurnsHealthy()
    {
        await OutboxRowAsync("page-1", OutboxStatus.Sent);
        await OutboxRowAsync("mail-1", OutboxStatus.Failed);
        await OutboxRowAsync("mail-2", OutboxStatus.Cancelled);
        var sent = (await Pages.SendMessageAsync("page-1")).Value.MessageId;
        var mixed = (await Normal.SendMessageAsync("mail-1\nmail-2")).Value.MessageId;
        var health = Health();
        Assert.NotNull(await health.CheckAsync(default));
        var logger = new RecordingLogger<PoisonQueueSettler>();

        Assert.Equal(new PoisonSettlement(2, 0, 0), await Settler(logger).SettleAsync(default));

        Assert.Equal((0, 0), (await CountAsync(Pages), await CountAsync(Normal)));
        Assert.Null(await health.CheckAsync(default));
        Assert.Equal(
            new[]
            {
                $"Information: Poison message {sent} on {Pages.Name} settled: sent on a later try (page-1); removed",
                $"Information: Poison message {mixed} on {Normal.Name} settled: given up (GET /api/outbox?status=failed): 1, cancelled: 1 (mail-1, mail-2); removed",
            }.Order(StringComparer.Ordinal),
            logger.Lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task StillPending_Stays_OutOfSightUntilLookedAtAgain_HealthStaysDegraded_ThenRemovedOnceSent()
    {
        await OutboxRowAsync("page-2", OutboxStatus.Pending);
        await OutboxRowAsync("page-3", OutboxStatus.Sent);
        await Pages.SendMessageAsync("page-2\npage-3");
        var health = Health();
        var logger = new RecordingLogger<PoisonQueueSettler>();
        var settler = Settler(logger, TimeSpan.FromSeconds(2));

        Assert.Equal(new PoisonSettlement(0, 1, 0), await settler.SettleAsync(default));

        // Still there, out of sight: the next sweep (or the other instance) does not read it again meanwhile.
        Assert.Equal(1, await CountAsync(Pages));
        Assert.Empty((await Pages.PeekMessagesAsync(32)).Value);
        Assert.Equal(new PoisonSettlement(0, 0, 0), await settler.SettleAsync(default));
        Assert.Equal($"{Pages.Name}: 1 message not settled yet — {PoisonQueuesCheck.Meaning}", await health.CheckAsync(default));
        Assert.Empty(logger.Lines);

        // The sweep sent it meanwhile: once in sight again, the message is settled and removed.
        await _harness.Outbox.MarkSentAsync("page-2", T0.AddMinutes(5), default);
        for (var i = 0; i < 100 && (await Pages.PeekMessagesAsync(1)).Value.Length == 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(new PoisonSettlement(1, 0, 0), await settler.SettleAsync(default));
        Assert.Null(await health.CheckAsync(default));
        Assert.Single(logger.Lines, l => l.EndsWith("settled: sent on a later try (page-2, page-3); removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NamingNoOutboxRow_Removed_WithAWarningKeepingTheBody()
    {
        var raw = Queue(Normal.Name, QueueMessageEncoding.None);
        var notBase64 = (await raw.SendMessageAsync("{\"not\":\"an outbox signal\"}")).Value.MessageId;
        var unknown = (await Pages.SendMessageAsync("no-such-row")).Value.MessageId;
        var logger = new RecordingLogger<PoisonQueueSettler>();

        Assert.Equal(new PoisonSettlement(0, 0, 2), await Settler(logger).SettleAsync(default));

        Assert.Equal((0, 0), (await CountAsync(Pages), await CountAsync(Normal)));
        Assert.Null(await Health().CheckAsync(default));
        Assert.Equal(
            new[]
            {
                $"Warning: Poison message {notBase64} on {Normal.Name} not base64 UTF-8 text; removed, as nothing else can be done with it. Its body, as stored: {{\"not\":\"an outbox signal\"}}",
                $"Warning: Poison message {unknown} on {Pages.Name} names no outbox row (purged after being sent, or never this app's); removed, as nothing else can be done with it. Its body, as stored: no-such-row",
            }.Order(StringComparer.Ordinal),
            logger.Lines.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwoInstancesAtOnce_EachMessageRemovedAndSaidOnce()
    {
        var ids = Enumerable.Range(1, 40).Select(i => $"page-{i}").ToList();
        foreach (var id in ids)
        {
            await OutboxRowAsync(id, OutboxStatus.Sent);
            await Pages.SendMessageAsync(id);
        }

        var (one, other) = (new RecordingLogger<PoisonQueueSettler>(), new RecordingLogger<PoisonQueueSettler>());
        var done = await Task.WhenAll(Settler(one).SettleAsync(default), Settler(other).SettleAsync(default));

        Assert.Equal(40, done.Sum(d => d.Settled));
        Assert.Equal(0, await CountAsync(Pages));
        var said = one.Lines.Concat(other.Lines).ToList();
        Assert.Equal(40, said.Count);
        Assert.All(ids, id => Assert.Single(said, l => l.EndsWith($"sent on a later try ({id}); removed", StringComparison.Ordinal)));
    }
}
