using Microsoft.Extensions.Options;
using OnDuty.Core.Common;

namespace OnDuty.Core.Notifications;

/// <summary>Sent messages (with their full bodies) are kept for <see cref="OutboxOptions.Retention"/>, then deleted.</summary>
public sealed class OutboxRetention(IOutboxStore store, TimeProvider time, IOptions<OutboxOptions> options)
{
    /// <summary>Rows deleted per store call; a large backlog is worked off over several calls in one run.</summary>
    private const int Batch = 500;

    /// <summary>Deletes every sent message older than the retention; failed, cancelled and pending ones are kept (they need a look).</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - options.Value.Retention;
        var total = 0;
        int purged;
        do
        {
            purged = await store.PurgeSentAsync(before, Batch, cancellationToken);
            total += purged;
        }
        while (purged == Batch);

        return total;
    }
}
