using Azure.Storage.Queues;
using OnDuty.Core.Notifications;
using OnDuty.Infrastructure.Queues;
using OnDuty.Testing;

namespace OnDuty.Infrastructure.Tests.Queues;

/// <summary>The send queues on Azurite's Queue service, read back the way the Functions queue trigger reads them.</summary>
public sealed class StorageOutboxQueueTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private QueueServiceClient Service() => QueuesServiceCollectionExtensions.CreateServiceClient(new QueueStorageOptions { ConnectionString = azurite.ConnectionString });

    [Fact]
    public async Task SignalAsync_PageAndNormal_GoOnTheirOwnQueuesAsBase64OfTheIdOnly()
    {
        var service = Service();
        var sut = new StorageOutboxQueue(service);
        var pageId = $"incident:INC-{Guid.NewGuid():N}:page:email:ann@example.com";
        var weeklyId = $"duty:incident-duty:{Guid.NewGuid():N}";

        await sut.SignalAsync(pageId, OutboxPriority.Page, TimeSpan.Zero, default);
        await sut.SignalAsync(weeklyId, OutboxPriority.Normal, TimeSpan.Zero, default);

        var pages = await ReceiveAllAsync(service.GetQueueClient(OutboxQueueNames.Pages));
        var normal = await ReceiveAllAsync(service.GetQueueClient(OutboxQueueNames.Normal));
        Assert.Contains(pageId, pages);
        Assert.DoesNotContain(weeklyId, pages);
        Assert.Contains(weeklyId, normal);

        // The host's default messageEncoding is base64: the raw text on the wire is the id, base64-encoded.
        var raw = new QueueClient(azurite.ConnectionString, OutboxQueueNames.Pages);
        await sut.SignalAsync(pageId, OutboxPriority.Page, TimeSpan.Zero, default);
        var message = (await raw.ReceiveMessagesAsync(32)).Value.Single(m => m.Body.ToString() == Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pageId)));
        await raw.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    [Fact]
    public async Task SignalAsync_WithDelay_IsInvisibleUntilThen()
    {
        var service = Service();
        var sut = new StorageOutboxQueue(service);
        var id = $"retry:{Guid.NewGuid():N}";

        await sut.SignalAsync(id, OutboxPriority.Normal, TimeSpan.FromMinutes(5), default);

        Assert.DoesNotContain(id, await ReceiveAllAsync(service.GetQueueClient(OutboxQueueNames.Normal)));
        var peeked = await service.GetQueueClient(OutboxQueueNames.Normal).GetPropertiesAsync();
        Assert.True(peeked.Value.ApproximateMessagesCount >= 1);
    }

    private static async Task<List<string>> ReceiveAllAsync(QueueClient queue)
    {
        var ids = new List<string>();
        foreach (var message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            ids.Add(message.Body.ToString());
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }

        return ids;
    }
}
