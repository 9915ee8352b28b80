using Azure;
using Azure.Storage.Queues;
using OnDuty.Core.Common;
using OnDuty.Core.Notifications;

namespace OnDuty.Infrastructure.Queues;

/// <summary>
/// Puts "send these outbox ids" (<see cref="OutboxSignal"/>: one per line) on the page queue or the normal one; the queue
/// trigger (<c>SendOutboxPage</c>, <c>SendOutbox</c>) sends them. Queues are created on first use.
/// </summary>
public sealed class StorageOutboxQueue(QueueServiceClient service) : IOutboxQueue
{
    /// <summary>Azure Queue Storage hides a message for at most 7 days.</summary>
    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1);

    private readonly QueueClient _pages = service.GetQueueClient(OutboxQueueNames.Pages);
    private readonly QueueClient _normal = service.GetQueueClient(OutboxQueueNames.Normal);
    private volatile bool _created;

    public async Task SignalAsync(IReadOnlyList<string> messageIds, OutboxPriority priority, TimeSpan delay, CancellationToken cancellationToken)
    {
        var queue = priority == OutboxPriority.Page ? _pages : _normal;
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay < LongestDelay ? delay : LongestDelay;
        try
        {
            await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
            await queue.SendMessageAsync(OutboxSignal.Format(messageIds), visibility, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex)
        {
            throw new DependencyUnavailableException($"Queue {queue.Name}: {ex.Status} {ex.ErrorCode}", ex);
        }
    }

    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await Task.WhenAll(
            _pages.CreateIfNotExistsAsync(cancellationToken: cancellationToken),
            _normal.CreateIfNotExistsAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
        _created = true;
    }
}
