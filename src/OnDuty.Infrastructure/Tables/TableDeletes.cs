using Azure;
using Azure.Data.Tables;

namespace OnDuty.Infrastructure.Tables;

/// <summary>Deleting many rows that may be gone already.</summary>
internal static class TableDeletes
{
    /// <summary>
    /// Deletes the rows whatever their ETag, in transactions of up to 100 per partition; a row deleted meanwhile (by another
    /// purge or instance) makes its batch fall back to single deletes, where a missing row is done.
    /// </summary>
    public static async Task DeleteAllAsync(this TableClient table, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        foreach (var batch in rows.GroupBy(r => r.PartitionKey).SelectMany(p => p.Chunk(100)))
        {
            try
            {
                await table.SubmitTransactionAsync(batch.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var row in batch)
                {
                    try
                    {
                        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, cancellationToken).ConfigureAwait(false);
                    }
                    catch (RequestFailedException gone) when (gone.IsNotFound())
                    {
                    }
                }
            }
        }
    }
}
