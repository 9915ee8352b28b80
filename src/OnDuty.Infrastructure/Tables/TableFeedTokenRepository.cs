using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Feed secrets (table FeedTokens): PK the feed key (<c>rotation|{id}</c>), RK the secret's SHA-256, so checking a
/// token from a calendar URL is one point read; listing or revoking a feed's URLs is a single-partition query.
/// </summary>
public sealed class TableFeedTokenRepository(OnDutyTables tables) : IFeedTokenRepository
{
    private readonly TableClient _table = tables.FeedTokens;

    public Task AddAsync(FeedToken token, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var entity = new TableEntity(PartitionOf(token.Owner), token.TokenHash)
            {
                ["Kind"] = token.Owner.Kind.ToString(),
                ["OwnerId"] = token.Owner.Id,
                ["Id"] = token.Id,
                ["CreatedAt"] = EntityFormat.Timestamp(token.CreatedAt),
                ["Note"] = token.Note,
                ["ByMember"] = token.ByMember ? true : null,
            }.WithoutNulls();
            try
            {
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                throw new ConcurrencyException($"Feed '{token.Id}' already exists.");
            }
        }, cancellationToken);

    public Task<FeedToken?> FindAsync(FeedOwner owner, string tokenHash, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!Fits(owner))
            {
                return null;
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionOf(owner), tokenHash, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity ? ToToken(owner, entity) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<FeedToken>> ListAsync(FeedOwner owner, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<FeedToken>>(async () =>
        {
            var result = new List<FeedToken>();
            if (!Fits(owner))
            {
                return result;
            }

            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(owner)}");
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(ToToken(owner, entity));
            }

            return result.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        }, cancellationToken);

    public Task<bool> DeleteAsync(FeedOwner owner, string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // The id is the hash's first 16 hex digits, so the row is found with a range query on the row key.
            if (id.Length != 16 || !id.All(Uri.IsHexDigit) || !Fits(owner))
            {
                return false;
            }

            var prefix = id.ToLowerInvariant();
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(owner)} and RowKey ge {prefix} and RowKey lt {TableKey.RangeEnd(prefix)}");
            var deleted = false;
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var response = await _table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                deleted |= response.Status != 404;
            }

            return deleted;
        }, cancellationToken);

    private static string PartitionOf(FeedOwner owner) =>
        TableKey.Join(KindOf(owner), owner.Id);

    /// <summary>
    /// Whether the owner's feed key fits a partition key. One that does not was never stored (no rotation or member has such
    /// an id; it came from a URL), so a read or revoke of it finds nothing instead of storage refusing the key.
    /// </summary>
    private static bool Fits(FeedOwner owner) => TableKey.JoinFits(KindOf(owner), owner.Id);

    private static string KindOf(FeedOwner owner) => owner.Kind == FeedKind.Rotation ? "rotation" : "member";

    private static FeedToken ToToken(FeedOwner owner, TableEntity e) => new()
    {
        Owner = owner,
        Id = e.RequiredString("Id"),
        TokenHash = e.RowKey,
        CreatedAt = e.Timestamp("CreatedAt"),
        Note = e.GetString("Note"),
        ByMember = e.GetBoolean("ByMember") == true,
    };
}
