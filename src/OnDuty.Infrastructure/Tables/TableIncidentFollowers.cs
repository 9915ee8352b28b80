using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Followers in the Incidents table, in the incident's own partition: RK <c>follower|{member id}</c>, one row each. Following is
/// one conditional insert (two presses at once: one row, the other finds it), unfollowing one delete, and a notice's followers
/// one range query of the partition. Beside it, each member's own index, PK <c>following|{member id}</c>, RK the incident id: what
/// their page lists in one query. A row of two partitions cannot be written in one transaction, so the index row is written after
/// the follower row (and again on every follow, which mends one a failure left out) and deleted after it: the follower row is the
/// truth, and a reader of the index checks it (<see cref="IncidentFollowing.FollowedOpenAsync"/>), which also takes out the rows of
/// incidents resolved long ago (<see cref="PruneIndexAsync"/>) and writes one again for an incident reopened since (<see cref="IndexAsync"/>).
/// </summary>
/// <remarks>
/// Follows made before the index existed (session 48) have no index row: the first <see cref="FollowedByAsync"/> of an instance
/// that finds no marker (PK <c>following|</c>, the partition of no member, RK <c>backfilled</c>) adds one for every follower row
/// (<see cref="BackfillAsync"/>) and then the marker, so it is done once per store: one query across the table for the follower
/// rows (a scan on the service's side, once) and one insert per follow. Later instances read the marker (one point read each).
/// </remarks>
public sealed class TableIncidentFollowers(OnDutyTables tables) : IIncidentFollowers
{
    private const string Prefix = "follower|";

    private const string MemberPrefix = "following|";

    /// <summary>The backfill marker's partition: the index partition of no member (a member id is never empty).</summary>
    private const string MarkerPartition = MemberPrefix;

    private const string MarkerKey = "backfilled";

    /// <summary>
    /// The row in a member's index saying <see cref="PruneIndexAsync"/> took rows out of it (<see cref="FollowIndex.Pruned"/>): no
    /// incident's, as <see cref="TableKey.Escape"/> never leaves a <c>|</c> in an id.
    /// </summary>
    private const string PrunedKey = "|pruned";

    private readonly TableClient _table = tables.Incidents;

    /// <summary>This instance has seen the backfill marker: every follow has its index row (as far as writes went through).</summary>
    private volatile bool _backfilled;

    public Task<bool> FollowAsync(string incidentId, string memberId, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            bool added;
            try
            {
                await _table.AddEntityAsync(new TableEntity(TableKey.Escape(incidentId), RowKey(memberId)) { ["Since"] = at }, cancellationToken).ConfigureAwait(false);
                added = true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                added = false;
            }

            // Their index row, also when they were following already: a follow whose index write failed is mended by pressing again.
            await _table.UpsertEntityAsync(new TableEntity(MemberPartition(memberId), TableKey.Escape(incidentId)) { ["Since"] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            return added;
        }, cancellationToken);

    public Task<bool> UnfollowAsync(string incidentId, string memberId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return false;
            }

            // The client answers a row already gone with its 404 rather than throwing it.
            var response = await _table.DeleteEntityAsync(TableKey.Escape(incidentId), RowKey(memberId), ETag.All, cancellationToken).ConfigureAwait(false);
            await _table.DeleteEntityAsync(MemberPartition(memberId), TableKey.Escape(incidentId), ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != 404;
        }, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string incidentId, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<string>>(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return [];
            }

            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Escape(incidentId)} and RowKey ge {Prefix} and RowKey lt {TableKey.RangeEnd(Prefix)}");
            var ids = new List<string>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ids.Add(TableKey.Unescape(row.RowKey[Prefix.Length..]));
            }

            return ids;
        }, cancellationToken);

    public async Task<IReadOnlyList<string>> FollowedByAsync(string memberId, CancellationToken cancellationToken) =>
        (await IndexOfAsync(memberId, cancellationToken).ConfigureAwait(false)).Ids;

    public Task<FollowIndex> IndexOfAsync(string memberId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!_backfilled)
            {
                await BackfillOnceAsync(cancellationToken).ConfigureAwait(false);
                _backfilled = true;
            }

            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MemberPartition(memberId)}");
            var ids = new List<string>();
            var pruned = false;
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.RowKey == PrunedKey)
                {
                    pruned = true;
                }
                else
                {
                    ids.Add(TableKey.Unescape(row.RowKey));
                }
            }

            return new FollowIndex(ids, pruned);
        }, cancellationToken);

    public Task IndexAsync(string memberId, string incidentId, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (TableKey.Fits(incidentId))
            {
                await _table.UpsertEntityAsync(new TableEntity(MemberPartition(memberId), TableKey.Escape(incidentId)) { ["Since"] = at }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    public Task PruneIndexAsync(string memberId, IReadOnlyCollection<string> incidentIds, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // Marked first: a failure after it leaves rows to prune again, never an index that forgot it owes a reopen its row.
            await _table.UpsertEntityAsync(new TableEntity(MemberPartition(memberId), PrunedKey), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

            // One delete each (a row already gone answers 404, not thrown): a member's index holds at most a few to take out at once.
            foreach (var incidentId in incidentIds.Where(TableKey.Fits))
            {
                await _table.DeleteEntityAsync(MemberPartition(memberId), TableKey.Escape(incidentId), ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

    /// <summary>Backfills the member index unless its marker says it was.</summary>
    private async Task BackfillOnceAsync(CancellationToken cancellationToken)
    {
        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(MarkerPartition, MarkerKey, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!marker.HasValue)
        {
            await BackfillAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Indexes the follows made before the member index existed: each follower row across the table gets its member's index row,
    /// added (never replaced: a follow meanwhile wrote its own — its 409 is skipped), then the marker. Two instances doing it at
    /// once write the same rows. An unfollow between the query and the insert leaves an index row naming a follow undone, which
    /// its reader checks against the incident's rows anyway.
    /// </summary>
    private async Task BackfillAsync(CancellationToken cancellationToken)
    {
        var rows = TableClient.CreateQueryFilter($"RowKey ge {Prefix} and RowKey lt {TableKey.RangeEnd(Prefix)}");
        await foreach (var row in _table.QueryAsync<TableEntity>(rows, select: ["PartitionKey", "RowKey", "Since"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var index = new TableEntity(MemberPrefix + row.RowKey[Prefix.Length..], row.PartitionKey) { ["Since"] = row.GetDateTimeOffset("Since") };
            try
            {
                await _table.AddEntityAsync(index, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Indexed already (followed since the index existed, or pressed again).
            }
        }

        try
        {
            await _table.AddEntityAsync(new TableEntity(MarkerPartition, MarkerKey), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Another instance finished first.
        }
    }

    /// <summary>
    /// Every row of <paramref name="memberId"/>: their follower row in each incident and their index. The index may lack a follow
    /// (written after it), so the follower rows are found by their row key across the table: the service scans every partition for
    /// it, returning only the matches a page at a time — for an erasure, which is rare and reads every row of this table itself
    /// anyway (<see cref="TablePersonalDataStore"/>), at most as much again on the service's side and a few rows on ours.
    /// </summary>
    public Task<int> ForgetMemberAsync(string memberId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var deleted = 0;
            var rows = TableClient.CreateQueryFilter($"RowKey eq {RowKey(memberId)}");
            var index = TableClient.CreateQueryFilter($"PartitionKey eq {MemberPartition(memberId)}");
            foreach (var filter in new[] { rows, index })
            {
                await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
                {
                    var response = await _table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    deleted += filter == rows && response.Status != 404 ? 1 : 0;
                }
            }

            return deleted;
        }, cancellationToken);

    private static string RowKey(string memberId) => Prefix + TableKey.Escape(memberId);

    private static string MemberPartition(string memberId) => MemberPrefix + TableKey.Escape(memberId);
}
