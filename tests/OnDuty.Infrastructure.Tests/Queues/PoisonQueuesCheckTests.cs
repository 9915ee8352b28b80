using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using OnDuty.Core.Health;
using OnDuty.Infrastructure.Queues;
using OnDuty.Infrastructure.Tests.Fakes;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Queues;

/// <summary>
/// Session 48 (brief F): nothing read the send queues' poison queues. Health counts what each holds from the queue's metadata
/// (Azurite's approximate count: nothing read or taken), says what it means — nothing lost, the outbox sweep re-sends, and (brief K)
/// removes what is settled, so what is counted is not settled yet — and the log says it once per episode.
/// </summary>
public sealed class PoisonQueuesCheckTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private QueueServiceClient Service() => QueuesServiceCollectionExtensions.CreateServiceClient(new QueueStorageOptions { ConnectionString = azurite.ConnectionString });

    [Fact]
    public void Watches_TheSendQueuesPoisonQueues_AsTheFunctionsHostNamesThem_AndHealthRunsIt()
    {
        Assert.Equal(["outbox-pages-poison", "outbox-poison"], PoisonQueuesCheck.Queues);
        using var provider = new AzuriteApp(azurite, "poison").Build();
        var check = Assert.Single(provider.GetServices<IDegradationCheck>().OfType<PoisonQueuesCheck>());
        Assert.Equal("outbox-poison", check.Name);
    }

    [Fact]
    public async Task PoisonMessages_CountedPerQueueWithoutTakingThem_SaidWithWhatItMeans_LoggedOncePerEpisode()
    {
        var service = Service();
        var name = "t" + Guid.NewGuid().ToString("n")[..12];
        var pages = service.GetQueueClient($"{name}-pages-poison");
        var normal = service.GetQueueClient($"{name}-poison");
        var logger = new RecordingLogger<PoisonQueuesCheck>();
        var sut = new PoisonQueuesCheck(service, logger, [pages.Name, normal.Name]);
        try
        {
            // Neither exists (the host makes one on the first poison message), then both empty: nothing to say.
            Assert.Null(await sut.CheckAsync(default));
            await pages.CreateAsync();
            await normal.CreateAsync();
            Assert.Null(await sut.CheckAsync(default));
            Assert.Empty(logger.Lines);

            await pages.SendMessageAsync("aW5jaWRlbnQ6SU5DLTE=");
            await pages.SendMessageAsync("aW5jaWRlbnQ6SU5DLTI=");
            await normal.SendMessageAsync("ZHV0eTppbmNpZGVudC1kdXR5");

            var said = await sut.CheckAsync(default);
            Assert.Equal($"{pages.Name}: 2 messages not settled yet, {normal.Name}: 1 message not settled yet — {PoisonQueuesCheck.Meaning}", said);
            Assert.Contains("Nothing is lost: the outbox row is the record and the outbox sweep (RetryOutbox) re-sends what is still due, then removes each poison message whose sends were sent, given up or cancelled", said, StringComparison.Ordinal);
            Assert.Contains("one counted here names a send still pending (looked at again every 10 minutes) or was not read yet", said, StringComparison.Ordinal);
            Assert.Equal(said, await sut.CheckAsync(default));

            // Counted, not read: every message still there and never dequeued.
            var peeked = (await pages.PeekMessagesAsync(32)).Value;
            Assert.Equal(2, peeked.Length);
            Assert.All(peeked, m => Assert.Equal(0, m.DequeueCount));
            Assert.Single((await normal.PeekMessagesAsync(32)).Value);

            // One warning per queue for the episode, however often health asks.
            var warnings = logger.Lines.Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.Single(warnings, l => l.StartsWith($"Warning: Poison queue {pages.Name} holds 2 messages: ", StringComparison.Ordinal));
            Assert.Single(warnings, l => l.StartsWith($"Warning: Poison queue {normal.Name} holds 1 message: ", StringComparison.Ordinal));
            Assert.All(warnings, l => Assert.Contains("Nothing is lost (the outbox sweep re-sends what is still due, and removes each message once its sends are settled)", l, StringComparison.Ordinal));

            // Emptied (by the sweep, PoisonQueueSettlerTests): fine again, said once; a new poison message is a new episode.
            await pages.ClearMessagesAsync();
            await normal.ClearMessagesAsync();
            Assert.Null(await sut.CheckAsync(default));
            Assert.Equal(2, logger.Lines.Count(l => l.StartsWith("Information: Poison queue ", StringComparison.Ordinal) && l.EndsWith(" is empty again", StringComparison.Ordinal)));
            await normal.SendMessageAsync("ZHV0eTppbmNpZGVudC1kdXR5");
            Assert.Equal($"{normal.Name}: 1 message not settled yet — {PoisonQueuesCheck.Meaning}", await sut.CheckAsync(default));
            Assert.Equal(3, logger.Lines.Count(l => l.StartsWith("Warning:", StringComparison.Ordinal)));
        }
        finally
        {
            await pages.DeleteIfExistsAsync();
            await normal.DeleteIfExistsAsync();
        }
    }
}
