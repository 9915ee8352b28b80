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
/// truth, and a reader of the index checks it (<see cref="IncidentFollowing.FollowedOpenAsync"/>).
/// </summary>
public sealed class TableIncidentFollowers(OnDutyTables tables) : IIncidentFollowers
{
    private const string Prefix = "follower|";

    private const string MemberPrefix = "following|";

    private readonly TableClient _table = tables.Incidents;

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

    public Task<IReadOnlyList<string>> FollowedByAsync(string memberId, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<string>>(async () =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {MemberPartition(memberId)}");
            var ids = new List<string>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                ids.Add(TableKey.Unescape(row.RowKey));
            }

            return ids;
        }, cancellationToken);

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
