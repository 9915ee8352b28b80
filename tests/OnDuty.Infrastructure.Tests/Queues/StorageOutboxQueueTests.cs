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

        await sut.SignalAsync([pageId], OutboxPriority.Page, TimeSpan.Zero, default);
        await sut.SignalAsync([weeklyId], OutboxPriority.Normal, TimeSpan.Zero, default);

        var pages = await ReceiveAllAsync(service.GetQueueClient(OutboxQueueNames.Pages));
        var normal = await ReceiveAllAsync(service.GetQueueClient(OutboxQueueNames.Normal));
        Assert.Contains(pageId, pages);
        Assert.DoesNotContain(weeklyId, pages);
        Assert.Contains(weeklyId, normal);

        // The host's default messageEncoding is base64: the raw text on the wire is the id, base64-encoded.
        var raw = new QueueClient(azurite.ConnectionString, OutboxQueueNames.Pages);
        await sut.SignalAsync([pageId], OutboxPriority.Page, TimeSpan.Zero, default);
        var message = (await raw.ReceiveMessagesAsync(32)).Value.Single(m => m.Body.ToString() == Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(pageId)));
        await raw.DeleteMessageAsync(message.MessageId, message.PopReceipt);
    }

    /// <summary>A page step's messages (each duty member's email, the Teams card) go out as one queue message: their ids, one per line.</summary>
    [Fact]
    public async Task SignalAsync_SeveralIds_OneQueueMessageTheTriggerSplitsBackIntoThem()
    {
        var service = Service();
        var sut = new StorageOutboxQueue(service);
        var step = $"incident:INC-{Guid.NewGuid():N}:page";
        string[] ids = [$"{step}:email:ann@example.com", $"{step}:email:山田@example.jp", $"{step}:teams"];

        await sut.SignalAsync(ids, OutboxPriority.Page, TimeSpan.Zero, default);

        var raw = new QueueClient(azurite.ConnectionString, OutboxQueueNames.Pages);
        var mine = (await raw.ReceiveMessagesAsync(32)).Value
            .Select(m => (Message: m, Text: System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(m.Body.ToString()))))
            .Where(m => m.Text.StartsWith(step, StringComparison.Ordinal))
            .ToList();
        var message = Assert.Single(mine);
        Assert.Equal(ids, OutboxSignal.Parse(message.Text));
        await raw.DeleteMessageAsync(message.Message.MessageId, message.Message.PopReceipt);
    }

    [Fact]
    public async Task SignalAsync_MoreIdsThanOneMessageHolds_RefusedBeforeAnythingIsSent()
    {
        var sut = new StorageOutboxQueue(Service());

        await Assert.ThrowsAsync<ArgumentException>(() => sut.SignalAsync([.. Enumerable.Range(0, OutboxSignal.MaxIds + 1).Select(i => $"m{i}")], OutboxPriority.Normal, TimeSpan.Zero, default));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.SignalAsync(["a\nb"], OutboxPriority.Normal, TimeSpan.Zero, default));
    }

    [Fact]
    public async Task SignalAsync_WithDelay_IsInvisibleUntilThen()
    {
        var service = Service();
        var sut = new StorageOutboxQueue(service);
        var id = $"retry:{Guid.NewGuid():N}";

        await sut.SignalAsync([id], OutboxPriority.Normal, TimeSpan.FromMinutes(5), default);

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
