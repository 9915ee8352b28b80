using System.Globalization;
using Azure;
using Azure.Data.Tables;
using OnDuty.Core.Common;
using OnDuty.Core.Retros;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// Retros in the <c>Retros</c> table, one partition per incident: RK <c>retro</c> is the current version (content and
/// the lessons-index document, ETag-guarded), RK <c>version|{n:D6}</c> each saved version, RK <c>actions</c> the action-item
/// index's row: the current version's open items (<c>Items</c>, JSON), how many (<c>Open</c>), the incident's title and the incident it
/// was merged into, if any (both also written when the incident changes, <see cref="RenameActionItemsIncidentAsync"/>), RK
/// <c>proposals</c> the proposals index's row: the current version's criteria changes (<c>Items</c>, JSON), how many (<c>Count</c>),
/// who saved that version and when, and the incident's title and merge as the actions row. A save writes all four in one
/// entity-group transaction, so a version is never current without being kept nor listed otherwise than it reads, and a stale
/// ETag writes nothing.
/// </summary>
/// <remarks>
/// The index is one row per retro, not per item: a retro holds up to <see cref="RetroRules.MaxActionItems"/> items, and a
/// transaction at most 100 operations. It stays in the retro's partition so it is written in the retro's transaction (a table
/// of its own, as the incident board has, would need copying after it, with the repairs that takes); the lead's list is then
/// one query across partitions (<c>RowKey eq 'actions' and Open gt 0</c>), a scan of this table on the service's side — fine
/// for a team's retros, which are a few a week. Retros saved before the index existed have no row: the first list adds theirs
/// (<see cref="BackfillAsync"/>) and a marker (PK <c>index|actions</c>, RK <c>backfilled</c>; <c>|</c> is escaped in incident ids),
/// so it is done once. The proposals index (session 48) is kept the same way, with its own marker (PK <c>index|proposals</c>).
/// </remarks>
public sealed class TableRetroRepository(OnDutyTables tables) : IRetroRepository
{
    private const string RecordKey = "retro";
    private const string VersionPrefix = "version|";
    private const string ActionsKey = "actions";
    private const string ProposalsKey = "proposals";
    private const string MarkerPartition = "index|actions";
    private const string ProposalsMarkerPartition = "index|proposals";
    private const string MarkerKey = "backfilled";

    private readonly TableClient _table = tables.Retros;

    /// <summary>This instance has seen the backfill marker: the index covers every retro.</summary>
    private volatile bool _backfilled;

    /// <summary>This instance has seen the proposals index's backfill marker.</summary>
    private volatile bool _proposalsBackfilled;

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
                new(TableTransactionActionType.UpsertReplace, ActionsEntity(retro)),
                new(TableTransactionActionType.UpsertReplace, ProposalsEntity(retro)),
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

    public async Task<IReadOnlyList<IndexedActionItem>> ListOpenActionItemsAsync(CancellationToken cancellationToken)
    {
        if (!_backfilled)
        {
            await TableCall.RunAsync(() => BackfillOnceAsync(MarkerPartition, ActionsKey, ActionsEntity, cancellationToken), cancellationToken).ConfigureAwait(false);
            _backfilled = true;
        }

        return await ListIndexAsync(TableClient.CreateQueryFilter($"RowKey eq {ActionsKey} and Open gt {0}"), (row, incidentId, title, mergedInto) =>
        {
            // A row written before it kept SavedAt: its last write (the save, a backfill or a rename) stands for it.
            var savedAt = row.GetDateTimeOffset("SavedAt") ?? row.Timestamp;
            // A row written before it kept Confidential: unknown (null), read as the list's reader needs it.
            var confidential = row.GetBoolean("Confidential");
            return RetroJson.Deserialize<List<ActionItem>>(TableRetroChunks.Read(row, "Items"))
                .Select(i => new IndexedActionItem(incidentId, title, i) { MergedInto = mergedInto, SavedAt = savedAt, Confidential = confidential });
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<IndexedCriterionChange>> ListCriteriaChangesAsync(CancellationToken cancellationToken)
    {
        if (!_proposalsBackfilled)
        {
            await TableCall.RunAsync(() => BackfillOnceAsync(ProposalsMarkerPartition, ProposalsKey, ProposalsEntity, cancellationToken), cancellationToken).ConfigureAwait(false);
            _proposalsBackfilled = true;
        }

        return await ListIndexAsync(TableClient.CreateQueryFilter($"RowKey eq {ProposalsKey} and Count gt {0}"), (row, incidentId, title, mergedInto) =>
        {
            var saved = VersionOf(row);
            return RetroJson.Deserialize<List<CriterionChange>>(TableRetroChunks.Read(row, "Items"))
                .Select((c, i) => new IndexedCriterionChange(incidentId, title, c, saved) { Position = i, MergedInto = mergedInto });
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The rows of one index (<c>actions</c> or <c>proposals</c>) that <paramref name="filter"/> keeps, one query across the
    /// retros' partitions, each row's items read by <paramref name="items"/> with the incident it belongs to: its id, its title
    /// as the index keeps it (the id for a row without one) and the incident it was merged into, if any.
    /// </summary>
    private Task<IReadOnlyList<T>> ListIndexAsync<T>(string filter, Func<TableEntity, string, string, string?, IEnumerable<T>> items, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<T>>(async () =>
        {
            var listed = new List<T>();
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var incidentId = TableKey.Unescape(row.PartitionKey);
                listed.AddRange(items(row, incidentId, row.GetString("IncidentTitle") ?? incidentId, row.GetString("MergedInto")));
            }

            return listed;
        }, cancellationToken);

    public Task RenameActionItemsIncidentAsync(string incidentId, string title, string? mergedInto, CancellationToken cancellationToken, bool? confidential = null) =>
        TableCall.RunAsync(async () =>
        {
            if (!TableKey.Fits(incidentId))
            {
                return;
            }

            foreach (var rowKey in new[] { ActionsKey, ProposalsKey })
            {
                var row = new TableEntity(Partition(incidentId), rowKey) { ["IncidentTitle"] = title };
                if (mergedInto is not null)
                {
                    row["MergedInto"] = mergedInto; // a merge is not undone: never cleared
                }

                if (confidential is { } secret)
                {
                    row["Confidential"] = secret;
                }

                try
                {
                    // Merged, not replaced, at any ETag: only these fields are this writer's; a save meanwhile keeps its items.
                    await _table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.Status == 404)
                {
                    // No retro (or one saved before the proposals index, not yet backfilled: the backfill writes the title it has).
                    // Nothing listed under the old title; a retro saved later takes the title from the incident.
                }
            }
        }, cancellationToken);

    /// <summary>Backfills the index of <paramref name="rowKey"/> unless its marker (<paramref name="markerPartition"/>) says it was.</summary>
    private async Task BackfillOnceAsync(string markerPartition, string rowKey, Func<StoredRetro, TableEntity> indexRow, CancellationToken cancellationToken)
    {
        var marker = await _table.GetEntityIfExistsAsync<TableEntity>(markerPartition, MarkerKey, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!marker.HasValue)
        {
            await BackfillAsync(markerPartition, rowKey, indexRow, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Indexes the retros saved before an index existed: each current version without a <paramref name="rowKey"/> row gets one,
    /// added (never replaced), so a save that wrote the row meanwhile is kept — its 409 is skipped; then the marker. Run by the first
    /// list of an instance that finds no marker; two instances doing it at once write the same rows.
    /// </summary>
    private async Task BackfillAsync(string markerPartition, string rowKey, Func<StoredRetro, TableEntity> indexRow, CancellationToken cancellationToken)
    {
        var indexed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {rowKey}"), select: ["PartitionKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            indexed.Add(row.PartitionKey);
        }

        await foreach (var record in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {RecordKey}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (indexed.Contains(record.PartitionKey))
            {
                continue;
            }

            var retro = new StoredRetro(
                TableKey.Unescape(record.PartitionKey),
                RetroJson.Deserialize<RetroContent>(TableRetroChunks.Read(record, "Data")),
                VersionOf(record),
                RetroJson.Deserialize<LessonDocument>(TableRetroChunks.Read(record, "Doc")));
            try
            {
                await _table.AddEntityAsync(indexRow(retro), cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Saved since the query: that save wrote the row of its own version.
            }
        }

        try
        {
            await _table.AddEntityAsync(new TableEntity(markerPartition, MarkerKey), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.IsConflict())
        {
            // Another instance finished first.
        }
    }

    /// <summary>The retro's row in the action-item index: its open items (none is a row too, so every save writes it the same way).</summary>
    private static TableEntity ActionsEntity(StoredRetro retro)
    {
        var open = retro.Content.ActionItems.Where(i => i.Status == ActionItemStatus.Open).ToList();
        var entity = new TableEntity(Partition(retro.IncidentId), ActionsKey)
        {
            ["Open"] = open.Count,
            ["Version"] = retro.Version.Version,
            ["SavedAt"] = retro.Version.SavedAt,
            ["IncidentTitle"] = retro.Indexed.Title,
            ["MergedInto"] = retro.Indexed.MergedInto,
            ["Confidential"] = retro.Indexed.Confidential,
        };
        TableRetroChunks.Write(entity, "Items", RetroJson.Serialize(open));
        return entity;
    }

    /// <summary>
    /// The retro's row in the proposals index: its criteria changes, who saved the version holding them and when (none is a row too,
    /// so a save that drops the last one takes the retro off the list).
    /// </summary>
    private static TableEntity ProposalsEntity(StoredRetro retro)
    {
        var entity = new TableEntity(Partition(retro.IncidentId), ProposalsKey)
        {
            ["Count"] = retro.Content.CriteriaChanges.Count,
            ["Version"] = retro.Version.Version,
            ["SavedBy"] = retro.Version.SavedBy,
            ["SavedAt"] = retro.Version.SavedAt,
            ["IncidentTitle"] = retro.Indexed.Title,
            ["MergedInto"] = retro.Indexed.MergedInto,
        };
        TableRetroChunks.Write(entity, "Items", RetroJson.Serialize(retro.Content.CriteriaChanges));
        return entity;
    }

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
