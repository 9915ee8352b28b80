using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Calendar;
using OnDuty.Core.Common;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Feed event revisions, beside the feed secrets (table FeedTokens): PK <c>sequence|{rotation}</c>, RK the shift's start date,
/// so serving a rotation's feed reads its revisions with one single-partition query and writes only the shifts that changed.
/// </summary>
public sealed class TableFeedRevisionStore(OnDutyTables tables) : IFeedRevisionStore
{
    private const string Kind = "sequence";

    private readonly TableClient _table = tables.FeedTokens;

    public Task<IReadOnlyList<Versioned<FeedRevision>>> ListAsync(string rotationId, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<FeedRevision>>>(async () =>
        {
            var result = new List<Versioned<FeedRevision>>();
            if (!TableKey.JoinFits(Kind, rotationId))
            {
                return result;
            }

            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Join(Kind, rotationId)}");
            await foreach (var e in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(new(new FeedRevision
                {
                    RotationId = rotationId,
                    ShiftStart = DateOnly.ParseExact(e.RowKey, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                    Fingerprint = e.RequiredString("Fingerprint"),
                    Sequence = e.RequiredInt("Sequence"),
                    ChangedAt = e.GetDateTimeOffset("ChangedAt"),
                }, e.ETag.ToString()));
            }

            return result;
        }, cancellationToken);

    public Task<bool> TrySaveAsync(FeedRevision revision, string? ifMatch, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var entity = new TableEntity(TableKey.Join(Kind, revision.RotationId), EntityFormat.Date(revision.ShiftStart))
            {
                ["Fingerprint"] = revision.Fingerprint,
                ["Sequence"] = revision.Sequence,
                ["ChangedAt"] = revision.ChangedAt,
            }.WithoutNulls();
            try
            {
                if (ifMatch is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, new ETag(ifMatch), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                return false;
            }
        }, cancellationToken);
}
