using OnDuty.Core.Common;

namespace OnDuty.Core.Calendar;

/// <summary>The revisions of a rotation's feed events, one per shift (a single-partition read per rotation).</summary>
public interface IFeedRevisionStore
{
    Task<IReadOnlyList<Versioned<FeedRevision>>> ListAsync(string rotationId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds the revision (<paramref name="ifMatch"/> null) or replaces the one read at <paramref name="ifMatch"/>; false when
    /// another writer got there first (it exists already, or changed since).
    /// </summary>
    Task<bool> TrySaveAsync(FeedRevision revision, string? ifMatch, CancellationToken cancellationToken);
}
