using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Followers in the Incidents table, in the incident's own partition: RK <c>follower|{member id}</c>, one row each. Following is
/// one conditional insert (two presses at once: one row, the other finds it), unfollowing one delete, and a notice's followers
/// one range query of the partition.
/// </summary>
public sealed class TableIncidentFollowers(OnDutyTables tables) : IIncidentFollowers
{
    private const string Prefix = "follower|";

    private readonly TableClient _table = tables.Incidents;

    public Task<bool> FollowAsync(string incidentId, string memberId, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            try
            {
                await _table.AddEntityAsync(new TableEntity(TableKey.Escape(incidentId), RowKey(memberId)) { ["Since"] = at }, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                return false;
            }
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

    private static string RowKey(string memberId) => Prefix + TableKey.Escape(memberId);
}
