using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Judgement criteria in the <c>Criteria</c> table, all in partition <c>criteria</c> (a team has tens, not thousands):
/// RK <c>current|{id}</c> (ETag-guarded) and <c>history|{id}|{version:D6}</c>, written together in one transaction.
/// </summary>
public sealed class TableRetroCriteriaRepository(OnDutyTables tables) : ICriteriaRepository
{
    private const string Partition = "criteria";
    private const string CurrentPrefix = "current|";
    private const string HistoryPrefix = "history|";

    private readonly TableClient _table = tables.Criteria;

    public Task<IReadOnlyList<Versioned<Criterion>>> ListAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Versioned<Criterion>>>(async () =>
            [.. (await QueryPrefixAsync(CurrentPrefix, cancellationToken).ConfigureAwait(false)).Select(e => new Versioned<Criterion>(Read(e), e.ETag.ToString()))],
            cancellationToken);

    public Task<Versioned<Criterion>?> GetAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            // An id too long for a key was never stored (criterion ids are slugs): no request, as for any id not found.
            var key = CurrentPrefix + TableKey.Escape(id);
            if (key.Length > TableKey.MaxLength)
            {
                return null;
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition, key, cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity ? new Versioned<Criterion>(Read(entity), entity.ETag.ToString()) : null;
        }, cancellationToken);

    public Task<string> SaveAsync(Criterion criterion, string? etag, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var current = Entity(CurrentPrefix + TableKey.Escape(criterion.Id), criterion);
            var actions = new List<TableTransactionAction>
            {
                etag is null
                    ? new(TableTransactionActionType.Add, current)
                    : new(TableTransactionActionType.UpdateReplace, current, TableCall.ClientETag(etag, $"Criterion '{criterion.Id}'")),
                new(TableTransactionActionType.Add, Entity(HistoryKey(criterion.Id, criterion.Version), criterion)),
            };
            try
            {
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed())
            {
                throw new ConcurrencyException(etag is null
                    ? $"Criterion '{criterion.Id}' exists: change it with PUT and If-Match."
                    : $"Criterion '{criterion.Id}' was changed by someone else first; read it again.");
            }
            catch (RequestFailedException ex) when (ex.IsNotFound())
            {
                throw new NotFoundException("Criterion", criterion.Id);
            }
        }, cancellationToken);

    public Task<IReadOnlyList<Criterion>> ListFromRetrosAsync(CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Criterion>>(async () =>
        {
            // History rows only (a current row repeats its newest version); a row without Retro does not match the comparison.
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {HistoryPrefix} and RowKey lt {TableKey.RangeEnd(HistoryPrefix)} and Retro gt {""}");
            var versions = new List<Criterion>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["Data"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                versions.Add(Read(entity));
            }

            return [.. versions.Where(v => v.Retro is not null)];
        }, cancellationToken);

    public Task<IReadOnlyList<Criterion>> ListHistoryAsync(string id, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Criterion>>(async () =>
            (HistoryPrefix + TableKey.Escape(id)).Length >= TableKey.MaxLength
                ? []
                : [.. (await QueryPrefixAsync(HistoryPrefix + TableKey.Escape(id) + TableKey.Separator, cancellationToken).ConfigureAwait(false)).Select(Read).OrderBy(c => c.Version)],
            cancellationToken);

    private async Task<List<TableEntity>> QueryPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RowKey ge {prefix} and RowKey lt {TableKey.RangeEnd(prefix)}");
        var rows = new List<TableEntity>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(entity);
        }

        return rows;
    }

    private static string HistoryKey(string id, int version) =>
        TableKey.Join("history", id, version.ToString("D6", CultureInfo.InvariantCulture));

    private static TableEntity Entity(string rowKey, Criterion criterion) => new TableEntity(Partition, rowKey)
    {
        ["Data"] = RetroJson.Serialize(criterion),
        ["Version"] = criterion.Version,
        ["Retro"] = criterion.Retro,
    }.WithoutNulls();

    private static Criterion Read(TableEntity entity) => RetroJson.Deserialize<Criterion>(entity.RequiredString("Data"));
}
