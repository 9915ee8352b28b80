namespace OnDuty.Core.Calendar;

/// <summary>Feed secrets by owner (one partition per feed; the token hash is the row, so a check is a point read).</summary>
public interface IFeedTokenRepository
{
    Task AddAsync(FeedToken token, CancellationToken cancellationToken);

    Task<FeedToken?> FindAsync(FeedOwner owner, string tokenHash, CancellationToken cancellationToken);

    Task<IReadOnlyList<FeedToken>> ListAsync(FeedOwner owner, CancellationToken cancellationToken);

    /// <summary>Deletes the token with that id; false when there was none.</summary>
    Task<bool> DeleteAsync(FeedOwner owner, string id, CancellationToken cancellationToken);
}
