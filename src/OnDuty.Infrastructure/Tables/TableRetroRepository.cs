using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Retros in the <c>Retros</c> table, one partition per incident: RK <c>retro</c> is the current version (content and
/// the lessons-index document, ETag-guarded), RK <c>version|{n:D6}</c> each saved version. A save writes both in one
/// entity-group transaction, so a version is never current without being kept, and a stale ETag writes nothing.
/// </summary>
public sealed class TableRetroRepository(OnDutyTables tables) : IRetroRepository
{
    private const string RecordKey = "retro";
    private const string VersionPrefix = "version|";

    private readonly TableClient _table = tables.Retros;

    public Task<Versioned<StoredRetro>?> GetAsync(string incidentId, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return null; // no incident can have it: storage would refuse the read with a 400
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(incidentId), RecordKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!response.HasValue || response.Value is not { } entity)
            {
                return null;
            }

            var retro = new StoredRetro(
                incidentId,
                RetroJson.Deserialize<RetroContent>(TableRetroChunks.Read(entity, "Data")),
                VersionOf(entity),
                RetroJson.Deserialize<LessonDocument>(TableRetroChunks.Read(entity, "Doc")));
            return new Versioned<StoredRetro>(retro, entity.ETag.ToString());
        }, cancellationToken);

    public Task<string> SaveAsync(StoredRetro retro, string? etag, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            var content = RetroJson.Serialize(retro.Content);
            var record = Entity(retro.IncidentId, RecordKey, retro.Version, content);
            TableRetroChunks.Write(record, "Doc", RetroJson.Serialize(retro.Indexed));
            var actions = new List<TableTransactionAction>
            {
                etag is null
                    ? new(TableTransactionActionType.Add, record)
                    : new(TableTransactionActionType.UpdateReplace, record, TableCall.ClientETag(etag, $"The retro of '{retro.IncidentId}'")),
                new(TableTransactionActionType.Add, Entity(retro.IncidentId, VersionKey(retro.Version.Version), retro.Version, content)),
            };
            try
            {
                var response = await _table.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
                return response.Value[0].Headers.ETag?.ToString() ?? throw new InvalidOperationException("Table Storage returned no ETag.");
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                throw new ConcurrencyException($"The retro of '{retro.IncidentId}' was saved by someone else first; their version is kept. Read it again and merge.");
            }
        }, cancellationToken);

    public Task<IReadOnlyList<RetroVersion>> ListVersionsAsync(string incidentId, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<RetroVersion>>(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return [];
            }

            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {Partition(incidentId)} and RowKey ge {VersionPrefix} and RowKey lt {TableKey.RangeEnd(VersionPrefix)}");
            var versions = new List<RetroVersion>();
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["Version", "SavedBy", "SavedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                versions.Add(VersionOf(entity));
            }

            return [.. versions.OrderByDescending(v => v.Version)];
        }, cancellationToken);

    public Task<(RetroContent Content, RetroVersion Version)?> GetVersionAsync(string incidentId, int version, CancellationToken cancellationToken) =>
        TableCall.RunAsync<(RetroContent, RetroVersion)?>(async () =>
        {
            if (version is < 1 or > 999_999 || !TableKey.Fits(incidentId))
            {
                return null;
            }

            var response = await _table.GetEntityIfExistsAsync<TableEntity>(Partition(incidentId), VersionKey(version), cancellationToken: cancellationToken).ConfigureAwait(false);
            return response.HasValue && response.Value is { } entity
                ? (RetroJson.Deserialize<RetroContent>(TableRetroChunks.Read(entity, "Data")), VersionOf(entity))
                : null;
        }, cancellationToken);

    private static TableEntity Entity(string incidentId, string rowKey, RetroVersion version, string content)
    {
        var entity = new TableEntity(Partition(incidentId), rowKey)
        {
            ["Version"] = version.Version,
            ["SavedBy"] = version.SavedBy,
            ["SavedAt"] = version.SavedAt,
        };
        TableRetroChunks.Write(entity, "Data", content);
        return entity;
    }

    private static RetroVersion VersionOf(TableEntity entity) =>
        new(entity.RequiredInt("Version"), entity.RequiredString("SavedBy"), entity.Timestamp("SavedAt"));

    private static string Partition(string incidentId) => TableKey.Escape(incidentId);

    private static string VersionKey(int version) => VersionPrefix + version.ToString("D6", CultureInfo.InvariantCulture);
}
