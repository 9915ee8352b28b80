using Microsoft.Extensions.Options;
using OnDuty.Core.Common;

namespace OnDuty.Core.Notifications;

/// <summary>
/// Sent messages (with their full bodies) are kept for <see cref="OutboxOptions.Retention"/>, then deleted; a failure stays in
/// the index by recipient (<see cref="IOutboxStore.ListFailedToAsync"/>) for <see cref="FailedToKept"/>.
/// </summary>
public sealed class OutboxRetention(IOutboxStore store, TimeProvider time, IOptions<OutboxOptions> options)
{
    /// <summary>Rows deleted per store call; a large backlog is worked off over several calls in one run.</summary>
    private const int Batch = 500;

    /// <summary>
    /// How long a failure stays findable by its recipient: the window the contact page and the handoff brief look back
    /// (<see cref="Team.ContactDetails.UndeliveredWindow"/>) and a week more, so a read at the window's edge never finds it purged.
    /// </summary>
    public static readonly TimeSpan FailedToKept = Team.ContactDetails.UndeliveredWindow + TimeSpan.FromDays(7);

    /// <summary>
    /// Deletes every sent message older than the retention, and the index entries by recipient of failures older than
    /// <see cref="FailedToKept"/>; failed, cancelled and pending messages are kept (they need a look). Returns the sent messages deleted.
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var before = now - options.Value.Retention;
        var total = 0;
        int purged;
        do
        {
            purged = await store.PurgeSentAsync(before, Batch, cancellationToken);
            total += purged;
        }
        while (purged == Batch);

        do
        {
            purged = await store.PurgeFailedToAsync(now - FailedToKept, Batch, cancellationToken);
        }
        while (purged == Batch);

        return total;
    }
}
