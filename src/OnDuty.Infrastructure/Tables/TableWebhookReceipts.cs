using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Alerts;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Applied webhook ids in the <c>AlertGroups</c> table: PK <c>webhook|{source}|{first two hex digits}</c>, RK the id's
/// SHA-256 (ids are sender text, table keys forbid some characters), so a check is one point read and a record one
/// conditional insert.
/// </summary>
public sealed class TableWebhookReceipts(OnDutyTables tables) : IWebhookReceipts
{
    private readonly TableClient _table = tables.AlertGroups;

    public Task<bool> SeenAsync(string source, string webhookId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var (partition, row) = Keys(source, webhookId);
            var response = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue;
        }, cancellationToken);

    public Task RecordAsync(string source, string webhookId, DateTimeOffset at, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var (partition, row) = Keys(source, webhookId);
            try
            {
                await _table.AddEntityAsync(new TableEntity(partition, row) { ["At"] = EntityFormat.Timestamp(at) }, cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Two deliveries of one id at once: the first record stands.
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// One range query over the source's partitions (filtered on <c>At</c> by storage), then the rows deleted in transactions of
    /// up to 100 per partition; a row another purge deleted meanwhile makes its batch fall back to single deletes.
    /// </summary>
    public Task<int> PurgeAsync(string source, DateTimeOffset before, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var prefix = $"webhook|{source}|";
            var filter = TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {TableKey.RangeEnd(prefix)} and At lt {before}");
            var expired = new List<TableEntity>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                expired.Add(row);
            }

            await _table.DeleteAllAsync(expired, cancellationToken).ConfigureAwait(false);
            return expired.Count;
        }, cancellationToken);

    private static (string Partition, string Row) Keys(string source, string webhookId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(webhookId)));
        return ($"webhook|{source}|{hash[..2]}", hash);
    }
}
