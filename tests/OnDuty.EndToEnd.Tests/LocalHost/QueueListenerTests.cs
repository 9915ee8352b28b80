using Azure.Storage.Queues;
using OnDuty.EndToEnd.Tests.Support;
using OnDuty.Testing;

namespace OnDuty.EndToEnd.Tests.LocalHost;

/// <summary>LocalHost's queue trigger on Azurite's Queue service, with the Functions host's retry and poison semantics.</summary>
public sealed class QueueListenerTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private async Task<(TestLocalHost Host, QueueClient Queue, QueueClient Poison)> StartAsync(int maxDequeueCount = 5, int batchSize = 16)
    {
        var name = "q" + Guid.NewGuid().ToString("N")[..12];
        var host = await TestLocalHost.StartAsync(settings =>
        {
            settings["AzureWebJobsStorage"] = azurite.ConnectionString;
            settings["TestFunctions:Queue"] = name;
            settings["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.200";
            settings["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00";
            settings["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = maxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["AzureFunctionsJobHost:extensions:queues:batchSize"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        });
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var queue = new QueueClient(azurite.ConnectionString, name, options);
        await queue.CreateIfNotExistsAsync();
        return (host, queue, new QueueClient(azurite.ConnectionString, name + "-poison", options));
    }

    [Fact]
    public async Task Message_FunctionSucceeds_RunsOnceAndTheMessageIsDeleted()
    {
        var (host, queue, _) = await StartAsync();
        await using var _host = host;

        await queue.SendMessageAsync("hello");
        await Until.TrueAsync(() => host.Recorder.QueueMessages.Contains("hello"));
        await Until.TrueAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);

        Assert.Equal(["hello"], host.Recorder.QueueMessages);
    }

    [Fact]
    public async Task SlowMessage_TheNextOnesStillRun_AsTheHostFetchesAtNewBatchThreshold()
    {
        var (host, queue, _) = await StartAsync(batchSize: 2);
        await using var _host = host;

        await queue.SendMessageAsync("hold-slow-send");
        await Until.TrueAsync(() => host.Recorder.QueueMessages.Contains("hold-slow-send"));
        await queue.SendMessageAsync("page-behind-it");
        await Until.TrueAsync(() => host.Recorder.QueueMessages.Contains("page-behind-it"));
        var deletedWhileHeld = await WaitForCountAsync(queue, 1);
        host.Recorder.ReleaseHeldMessages.SetResult();
        await Until.TrueAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0);

        Assert.True(deletedWhileHeld, "the message behind the slow one finished (and was deleted) while the slow one still ran");
        Assert.Equal(["hold-slow-send", "page-behind-it"], host.Recorder.QueueMessages);
    }

    private static async Task<bool> WaitForCountAsync(QueueClient queue, int count)
    {
        for (var i = 0; i < 100; i++)
        {
            if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == count)
            {
                return true;
            }

            await Task.Delay(50);
        }

        return false;
    }

    [Fact]
    public async Task Message_FunctionAlwaysFails_TriedMaxDequeueCountTimesThenMovedToPoison()
    {
        var (host, queue, poison) = await StartAsync(maxDequeueCount: 3);
        await using var _host = host;

        await queue.SendMessageAsync("fail-always");
        await Until.TrueAsync(async () => await poison.ExistsAsync() && (await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount == 1);

        Assert.Equal(3, host.Recorder.QueueMessages.Count(m => m == "fail-always"));
        var poisoned = (await poison.ReceiveMessagesAsync(1)).Value.Single();
        Assert.Equal("fail-always", poisoned.Body.ToString());
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }
}
