using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using OnDuty.Core.Common;
using OnDuty.Core.Incidents;

namespace OnDuty.Infrastructure.Tables;

/// <summary>
/// The list indexes' summaries. Each row of the board (table <c>IncidentBoard</c>, PK <c>open</c>, RK = id) and of the year index
/// (<c>IncidentIndex</c>, PK <c>year|2026</c>, RK <c>n|{2147483647 - number:D10}|{id}</c>, so a query reads the newest first) carries a
/// copy of the record (<c>Data</c>, the same JSON) and its <see cref="Incident.Revision"/>, so a list is one query. The rows live
/// outside the incident's partition: every save copies the record after its transaction, compare-and-swap on the row's
/// ETag and never over a higher revision, so writers racing each other leave the newest copy. The board keeps a
/// resolved incident's row (<c>Open</c> false) for the status page until a reader finds it older than the page shows.
/// Rows stored before summaries (no <c>Data</c>) are read from their record and given one; board rows stored in
/// <c>IncidentIndex</c> PK <c>open</c> before the board had a table of its own are moved to it (see <see cref="MoveOldBoardRowsAsync"/>).
/// </summary>
public sealed partial class TableIncidentRepository
{
    private const string YearRowPrefix = "n|";
    private const int MaxSummaryAttempts = 20;
    private const int MaxRememberedRows = 20_000;

    /// <summary>Board rows a look reads one by one when this instance does not hold their summary at their ETag; more, and it reads the whole board again.</summary>
    private const int MaxBoardPointReads = 16;

    /// <summary>How often an instance looks for board rows in the place of before (an instance of the previous version may still write there while an upgrade rolls).</summary>
    private static readonly TimeSpan OldBoardLookInterval = TimeSpan.FromMinutes(5);

    /// <summary>Years whose rows of the old layout (RK = id, oldest first) this instance has moved to the new one.</summary>
    private readonly ConcurrentDictionary<int, bool> _migratedYears = new();

    /// <summary>Summary rows this instance wrote or read last: their ETag then and the revision they held.</summary>
    private readonly ConcurrentDictionary<(string Partition, string RowKey), (ETag ETag, long Revision)> _summaryRows = new();

    /// <summary>
    /// The board's summaries as this instance last wrote or read them, parsed, by row key and the row's ETag then. A look
    /// queries every row's key and ETag and takes a summary from here only at the ETag the query just gave (a row's ETag
    /// changes with every write, by any instance), so it lists exactly what a query of the whole rows would.
    /// </summary>
    private readonly ConcurrentDictionary<string, (ETag ETag, IncidentSnapshot Summary, long KeptAt)> _boardSummaries = new(StringComparer.Ordinal);

    /// <summary>
    /// Board rows this instance took off (<see cref="SetOpenAsync"/>, open false) in the last <see cref="BoardRemovalKept"/>, by row
    /// key: the <see cref="Stopwatch"/> timestamp of the removal, once the row was deleted. A read or write of the row begun
    /// before it (a look in flight) holds the copy of before, and must not put it back (<see cref="KeepNewerBoardSummary"/>).
    /// </summary>
    private readonly ConcurrentDictionary<string, long> _boardRemoved = new(StringComparer.Ordinal);

    /// <summary>How long a removal is remembered: longer than any look (<see cref="RefreshHeldBoardAsync"/> gives up after 30 s).</summary>
    private static readonly TimeSpan BoardRemovalKept = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Incidents this instance created without their summaries (<see cref="TryCreateAsync(Incident, IReadOnlyList{TrackedAlert}, bool, CancellationToken)"/>):
    /// the first write of their summaries adds the year row without reading it first, as a create does.
    /// </summary>
    private readonly ConcurrentDictionary<string, byte> _createdUnsummarised = new(StringComparer.Ordinal);

    /// <summary><see cref="Stopwatch"/> timestamp of the start of this instance's last look of <see cref="ListOpenSummariesAsync"/>; 0 before the first.</summary>
    private long _hintLookedAt;

    /// <summary>The look of <see cref="ListOpenSummariesAsync"/> in flight; null when none is.</summary>
    private Task? _hintLook;

    /// <summary><see cref="Stopwatch"/> timestamp of this instance's last look for board rows in the place of before; 0 before the first.</summary>
    private long _oldBoardLookedAt;

    public Task<IReadOnlyList<Incident>> ListBoardAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Incident>>(async () =>
        {
            var resolvedSince = now - IncidentService.StatusBoardResolvedWindow;
            await MoveOldBoardRowsAsync(cancellationToken).ConfigureAwait(false);
            var listed = new List<Incident>();
            var bare = new List<TableEntity>();
            var expired = new List<TableEntity>();
            foreach (var (row, summary) in await ReadBoardAsync(cancellationToken).ConfigureAwait(false))
            {
                if (summary is null)
                {
                    bare.Add(row);
                    continue;
                }

                var incident = Incident.Restore(summary);
                if (incident.IsOpen || incident.ResolvedAt >= resolvedSince)
                {
                    listed.Add(incident);
                }
                else
                {
                    expired.Add(row);
                }
            }

            // Resolved before the board's window (the status page's, whoever reads): dropped at the ETag read, so a
            // reopen written meanwhile stays.
            await Task.WhenAll(expired.Select(row => DeleteIfExistsAsync(_board, OpenPartition, row.RowKey, row.ETag, cancellationToken))).ConfigureAwait(false);
            var repaired = await RepairAsync([.. bare.Select(r => r.RowKey)], cancellationToken).ConfigureAwait(false);
            listed.AddRange(repaired.Where(i => i.IsOpen || i.ResolvedAt >= resolvedSince));

            // Listed before its record was created, and the record never came (its creator died): as old as the window, dropped.
            var orphans = bare.Where(r => r.Timestamp < resolvedSince && !repaired.Any(i => i.Id == r.RowKey));
            await Task.WhenAll(orphans.Select(row => DeleteIfExistsAsync(_board, OpenPartition, row.RowKey, row.ETag, cancellationToken))).ConfigureAwait(false);
            return listed;
        }, cancellationToken);

    /// <summary>
    /// A hint on a first page, not a record, so a page never waits for the board while a storm opens incidents beside it (the
    /// 12-04 bench: a query of the board per new incident made time to page p99 110 → 500 ms with ~1,000 open). Answered from
    /// what this instance holds — its last look at the board and every board write of its own since, so an incident it opened a
    /// moment ago is named. A look older than <see cref="HintLookReuse"/> is made again behind the answer, one at a time; only
    /// the first look of an instance is waited for. So only another instance's change of the last seconds can be missed.
    /// </summary>
    public Task<IReadOnlyList<Incident>> ListOpenSummariesAsync(string except, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlyList<Incident>>(async () =>
        {
            var lookedAt = Volatile.Read(ref _hintLookedAt);
            if (lookedAt == 0)
            {
                await LookAtBoardAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (Stopwatch.GetElapsedTime(lookedAt) >= HintLookReuse)
            {
                _ = LookAtBoardAsync();
            }

            return [.. _boardSummaries.Where(r => r.Key != except).Select(r => Incident.Restore(r.Value.Summary)).Where(i => i.IsOpen)];
        }, cancellationToken);

    /// <summary>One query of the board's open partition for the rows of <paramref name="ids"/> that still say open (their keys only).</summary>
    public Task<IReadOnlySet<string>> StillOpenAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        TableCall.RunAsync<IReadOnlySet<string>>(async () =>
        {
            var open = new HashSet<string>(StringComparer.Ordinal);
            if (ids.Count == 0)
            {
                return open;
            }

            var keys = string.Join(" or ", ids.Distinct(StringComparer.Ordinal).Select(id => TableClient.CreateQueryFilter($"RowKey eq {id}")));
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}") + $" and ({keys})";
            await foreach (var row in _board.QueryAsync<TableEntity>(filter, select: ["RowKey", "Open"], cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                if (row.GetBoolean("Open") != false)
                {
                    open.Add(row.RowKey);
                }
            }

            return open;
        }, cancellationToken);

    /// <summary>How long a look of <see cref="ListOpenSummariesAsync"/> serves before the board is looked at again (behind the answer).</summary>
    internal TimeSpan HintLookReuse { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The look at the board in flight for <see cref="ListOpenSummariesAsync"/> (completed when none is).</summary>
    internal Task HintLook => Volatile.Read(ref _hintLook) ?? Task.CompletedTask;

    /// <summary>The look in flight, or a new one: one at a time, whoever asks.</summary>
    private Task LookAtBoardAsync()
    {
        var look = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Interlocked.CompareExchange(ref _hintLook, look.Task, null) is { } running)
        {
            return running;
        }

        // Its failure is logged below; observed here too, as a page that stopped waiting for it (or never did) will not.
        _ = look.Task.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _ = Task.Run(async () =>
        {
            try
            {
                var started = Math.Max(1, Stopwatch.GetTimestamp());
                await RefreshHeldBoardAsync(started).ConfigureAwait(false);
                Volatile.Write(ref _hintLookedAt, started);
                look.SetResult();
            }
            catch (Exception ex)
            {
                // Asked again by the next page (an instance that never looked) or after the reuse time: a hint, never a page held.
                logger?.LogWarning("The other open incidents a first page names could not be read from the board: {Error}", ex.Message);
                look.SetException(ex);
            }
            finally
            {
                Volatile.Write(ref _hintLook, null);
            }
        });
        return look.Task;
    }

    /// <summary>
    /// The board as this instance holds it brought up to date: one query of each row's key, revision and <c>Open</c>; a summary
    /// held at the row's revision or newer stays whatever the ETag; a row without a summary yet (an incident another request is
    /// opening at this moment) is left unread; one resolved on the board is not read, and no longer held as open; the rest read
    /// one by one, or the whole board in one query when this instance holds none or lacks many. Rows gone are let go.
    /// </summary>
    /// <param name="started">When the look began (a <see cref="Stopwatch"/> timestamp): what this instance kept since stays held.</param>
    private async Task RefreshHeldBoardAsync(long started)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var cancellationToken = limit.Token;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}");
        if (_boardSummaries.IsEmpty)
        {
            await ReadWholeBoardAsync(filter, cancellationToken).ConfigureAwait(false);
            return;
        }

        var missing = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in _board.QueryAsync<TableEntity>(filter, select: ["RowKey", "Revision", "Open"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            listed.Add(key.RowKey);
            var held = _boardSummaries.TryGetValue(key.RowKey, out var known);
            if (key.GetInt64("Revision") is not { } revision || (held && known.Summary.Revision >= revision))
            {
                continue;
            }

            if (key.GetBoolean("Open") == false)
            {
                if (held)
                {
                    _boardSummaries.TryRemove(new(key.RowKey, known)); // resolved elsewhere: read again when a list needs it
                }
            }
            else if (missing.Count < MaxBoardPointReads)
            {
                missing.Add(key.RowKey);
            }
            else
            {
                await ReadWholeBoardAsync(filter, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        await ReadBoardRowsAsync(missing, started, cancellationToken).ConfigureAwait(false);
        ForgetBoardSummariesBut(listed, started);
    }

    /// <summary>
    /// Every board row with its summary (null for a row without one). One query of the keys and ETags when this instance holds
    /// the summaries at those ETags (the usual look: it wrote or read them last), the few it lacks read one by one; the whole
    /// rows in one query when it holds none or lacks many.
    /// </summary>
    private async Task<IReadOnlyList<(TableEntity Row, IncidentSnapshot? Summary)>> ReadBoardAsync(CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}");
        if (_boardSummaries.IsEmpty)
        {
            return await ReadWholeBoardAsync(filter, cancellationToken).ConfigureAwait(false);
        }

        var rows = new List<(TableEntity Row, IncidentSnapshot? Summary)>();
        var missing = new List<string>();
        await foreach (var key in _board.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (_boardSummaries.TryGetValue(key.RowKey, out var known) && known.ETag == key.ETag)
            {
                rows.Add((key, known.Summary));
            }
            else
            {
                missing.Add(key.RowKey);
            }

            if (missing.Count > MaxBoardPointReads)
            {
                return await ReadWholeBoardAsync(filter, cancellationToken).ConfigureAwait(false);
            }
        }

        // A row deleted since the query is left out, one written since is taken as it is now: as fresh as a query.
        rows.AddRange(await ReadBoardRowsAsync(missing, began, cancellationToken).ConfigureAwait(false));
        ForgetBoardSummariesBut(rows, began);
        return rows;
    }

    /// <summary>
    /// The board rows <paramref name="ids"/>, read one by one at once, each summary kept (<see cref="KeepBoardSummary"/>); a row gone
    /// is left out. <paramref name="began"/>: when the look began (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    private async Task<IReadOnlyList<(TableEntity Row, IncidentSnapshot? Summary)>> ReadBoardRowsAsync(IReadOnlyList<string> ids, long began, CancellationToken cancellationToken)
    {
        var read = await Task.WhenAll(ids.Select(id => _board.GetEntityIfExistsAsync<TableEntity>(OpenPartition, id, cancellationToken: cancellationToken))).ConfigureAwait(false);
        return [.. read.Where(r => r.HasValue && r.Value is not null).Select(r => (r.Value!, KeepBoardSummary(r.Value!, began)))];
    }

    private async Task<IReadOnlyList<(TableEntity Row, IncidentSnapshot? Summary)>> ReadWholeBoardAsync(string filter, CancellationToken cancellationToken)
    {
        var began = Stopwatch.GetTimestamp();
        var rows = new List<(TableEntity Row, IncidentSnapshot? Summary)>();
        await foreach (var row in _board.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add((row, KeepBoardSummary(row, began)));
        }

        ForgetBoardSummariesBut(rows, began);
        return rows;
    }

    /// <summary>
    /// The row's summary, parsed, kept at the row's ETag for the next look (<see cref="KeepNewerBoardSummary"/>; <paramref name="readBegan"/>
    /// when the read began). A row without a summary (an incident being opened) is older than any: a summary held for it was written
    /// since the row was read, and stays.
    /// </summary>
    private IncidentSnapshot? KeepBoardSummary(TableEntity row, long readBegan)
    {
        if (row.GetString("Data") is not { Length: > 0 })
        {
            return null;
        }

        var summary = Deserialize<IncidentSnapshot>(row);
        KeepNewerBoardSummary(row.RowKey, row.ETag, summary, readBegan);
        return summary;
    }

    /// <summary>
    /// A board summary kept unless this instance holds a higher revision of it: a look that read the row before this instance's
    /// own write (a resolve, while the look was in flight) must not put the older copy back until the next look. Nor one of a row
    /// this instance took off the board after <paramref name="readBegan"/> (the <see cref="Stopwatch"/> timestamp when the read or
    /// write that found it began): that copy is from before the removal. The removal is noted before its summary is let go
    /// (<see cref="ForgetRemovedBoardSummary"/>), and looked at after this keeps one, so either this sees it or the removal
    /// comes after and lets the copy go.
    /// </summary>
    private void KeepNewerBoardSummary(string id, ETag etag, IncidentSnapshot summary, long readBegan)
    {
        var kept = (etag, summary, Stopwatch.GetTimestamp());
        _boardSummaries.AddOrUpdate(id, kept, (_, held) => held.Summary.Revision > summary.Revision ? held : kept);
        if (_boardRemoved.TryGetValue(id, out var removedAt) && removedAt >= readBegan)
        {
            _boardSummaries.TryRemove(new(id, kept));
        }
    }

    /// <summary>
    /// The row <paramref name="id"/> was just deleted from the board by this instance: its summary is let go, and a read or write in
    /// flight that found the row before cannot put it back (<see cref="KeepNewerBoardSummary"/>). Removals older than
    /// <see cref="BoardRemovalKept"/> are forgotten.
    /// </summary>
    private void ForgetRemovedBoardSummary(string id)
    {
        foreach (var old in _boardRemoved.Where(r => Stopwatch.GetElapsedTime(r.Value) > BoardRemovalKept))
        {
            _boardRemoved.TryRemove(old);
        }

        _boardRemoved[id] = Stopwatch.GetTimestamp();
        _boardSummaries.TryRemove(id, out _);
    }

    /// <summary>
    /// Summaries of rows no longer on the board are let go, so what this instance holds stays the board's size; one this instance
    /// kept since the look began (<paramref name="lookBegan"/>, a <see cref="Stopwatch"/> timestamp) stays — the look may not have seen it.
    /// </summary>
    private void ForgetBoardSummariesBut(IReadOnlyList<(TableEntity Row, IncidentSnapshot? Summary)> rows, long lookBegan) =>
        ForgetBoardSummariesBut(rows.Select(r => r.Row.RowKey).ToHashSet(StringComparer.Ordinal), lookBegan);

    private void ForgetBoardSummariesBut(HashSet<string> listed, long lookBegan)
    {
        if (_boardSummaries.Count <= listed.Count)
        {
            return;
        }

        foreach (var gone in _boardSummaries.Where(r => !listed.Contains(r.Key) && r.Value.KeptAt < lookBegan))
        {
            _boardSummaries.TryRemove(gone);
        }
    }

    /// <summary>
    /// Board rows in the place of before (<c>IncidentIndex</c> PK <c>open</c>) moved to the board, by the first look of an instance and
    /// again every <see cref="OldBoardLookInterval"/> (an instance of the previous version writes there until the upgrade is done).
    /// Each moves without its summary, which an instance of the previous version may have left behind the record: the board
    /// reads the record and writes one (as for any row without one), then the old row goes, at the ETag read, so a row the previous
    /// version wrote meanwhile waits for the next look. A row already on the board is kept as it is.
    /// </summary>
    private async Task MoveOldBoardRowsAsync(CancellationToken cancellationToken)
    {
        var last = Interlocked.Read(ref _oldBoardLookedAt);
        if (last != 0 && Stopwatch.GetElapsedTime(last) < OldBoardLookInterval)
        {
            return;
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {OpenPartition}");
        var old = new List<TableEntity>();
        await foreach (var row in _index.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            old.Add(row);
        }

        foreach (var chunk in old.Chunk(16))
        {
            await Task.WhenAll(chunk.Select(async row =>
            {
                try
                {
                    await _board.AddEntityAsync(new TableEntity(OpenPartition, row.RowKey), cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException ex) when (ex.IsConflict())
                {
                    // On the board already (written by this version since): that row is the newer.
                }

                await DeleteIfExistsAsync(_index, OpenPartition, row.RowKey, row.ETag, cancellationToken).ConfigureAwait(false);
            })).ConfigureAwait(false);
        }

        Interlocked.Exchange(ref _oldBoardLookedAt, Math.Max(1, Stopwatch.GetTimestamp()));
    }

    public Task<IncidentPage> ListYearAsync(int year, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        TableCall.RunAsync(async () =>
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
            var after = continuationToken is null ? null : ReadToken(continuationToken);
            await MigrateYearAsync(year, cancellationToken).ConfigureAwait(false);
            var partition = $"year|{year:D4}";
            var end = TableKey.RangeEnd(YearRowPrefix);
            var filter = after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {YearRowPrefix} and RowKey lt {end}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {end}");

            // One more than the page: whether a next page exists, without a second request for it.
            var rows = new List<TableEntity>();
            await foreach (var row in _index.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(pageSize + 1, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                rows.Add(row);
                if (rows.Count > pageSize)
                {
                    break;
                }
            }

            var page = rows.Take(pageSize).ToList();
            var bare = page.Where(r => Summary(r) is null).Select(r => IdOfYearRow(r.RowKey)).ToList();
            var repaired = (await RepairAsync(bare, cancellationToken).ConfigureAwait(false)).ToDictionary(i => i.Id, StringComparer.Ordinal);
            var items = page
                .Select(r => Summary(r) ?? repaired.GetValueOrDefault(IdOfYearRow(r.RowKey)))
                .OfType<Incident>()
                .ToList();
            return new IncidentPage(items, rows.Count > pageSize ? WriteToken(page[^1].RowKey) : null);
        }, cancellationToken);

    public Task SyncSummaryAsync(Incident incident, CancellationToken cancellationToken) =>
        TableCall.RunAsync(() => WriteSummariesAsync(incident, cancellationToken), cancellationToken);

    /// <summary>
    /// The year row always exists; the open row is added only for an open incident and otherwise just follows the record.
    /// Adding one may list an incident that a newer writer resolved while finding no row to update: so after an add the
    /// record is read again, and a newer version is copied in turn. <paramref name="created"/>: the record was just created
    /// by this call's caller, so its year row is most likely missing and is added without reading it first. <paramref name="data"/>:
    /// the record's JSON as just written (the summaries hold the same), so it is not serialized again for each row.
    /// </summary>
    private async Task WriteSummariesAsync(Incident incident, CancellationToken cancellationToken, bool created = false, string? data = null)
    {
        created |= _createdUnsummarised.TryRemove(incident.Id, out _);
        for (var attempt = 1; ; attempt++)
        {
            data ??= JsonSerializer.Serialize(incident.ToSnapshot(), Json);
            var year = WriteSummaryRowAsync(_index, YearPartition(incident.Id), YearRowKey(incident.Id), incident, data, addIfMissing: true, cancellationToken, addFirst: created && attempt == 1);
            var open = WriteSummaryRowAsync(_board, OpenPartition, incident.Id, incident, data, addIfMissing: incident.IsOpen, cancellationToken);
            await Task.WhenAll(year, open).ConfigureAwait(false);
            if (!await open.ConfigureAwait(false))
            {
                return;
            }

            var current = await _incidents.GetEntityIfExistsAsync<TableEntity>(Partition(incident.Id), RecordKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!current.HasValue || current.Value is not { } entity)
            {
                return;
            }

            var stored = Incident.Restore(Deserialize<IncidentSnapshot>(entity));
            if (stored.Revision == incident.Revision || attempt >= MaxSummaryAttempts)
            {
                return;
            }

            incident = stored;
            data = entity.GetString("Data");
        }
    }

    /// <summary>
    /// Compare-and-swap of one summary row; true when this call added the row. The ETag and revision this instance last wrote
    /// or read there are remembered, so the usual write (one instance handling an incident step after step) is one request
    /// at that ETag; a 412 (another writer came between) falls back to reading the row. <paramref name="addFirst"/>: the row is
    /// most likely missing (a new incident's), so it is added at once; a 409 (it was there after all) falls back the same way.
    /// </summary>
    private async Task<bool> WriteSummaryRowAsync(TableClient table, string partition, string rowKey, Incident incident, string data, bool addIfMissing, CancellationToken cancellationToken, bool addFirst = false)
    {
        var began = Stopwatch.GetTimestamp();
        var key = (partition, rowKey);
        var entity = SummaryEntity(partition, rowKey, incident, data);
        if (addFirst && addIfMissing && !_summaryRows.ContainsKey(key))
        {
            try
            {
                var added = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                Remember(key, added.Headers.ETag, incident.Revision);
                KeepWrittenSummary(table, entity, added.Headers.ETag, began);
                return true;
            }
            catch (RequestFailedException ex) when (ex.IsConflict())
            {
                // Written before (a retried create whose first answer was lost): compared by revision below.
            }
        }

        if (_summaryRows.TryGetValue(key, out var known))
        {
            if (known.Revision >= incident.Revision)
            {
                return false; // revisions there only grow
            }

            try
            {
                var updated = await table.UpdateEntityAsync(entity, known.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                Remember(key, updated.Headers.ETag, incident.Revision);
                KeepWrittenSummary(table, entity, updated.Headers.ETag, began);
                return false;
            }
            catch (RequestFailedException ex) when (ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                _summaryRows.TryRemove(key, out _);
            }
        }

        for (var attempt = 1; attempt <= MaxSummaryAttempts; attempt++)
        {
            var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, rowKey, select: ["Revision"], cancellationToken: cancellationToken).ConfigureAwait(false);
            try
            {
                if (!existing.HasValue || existing.Value is not { } row)
                {
                    if (!addIfMissing)
                    {
                        return false;
                    }

                    var added = await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
                    Remember(key, added.Headers.ETag, incident.Revision);
                    KeepWrittenSummary(table, entity, added.Headers.ETag, began);
                    return true;
                }

                // A row without a summary (listed before its record existed, or stored before summaries) is older than any.
                var stored = row.GetInt64("Revision") ?? -1;
                if (stored >= incident.Revision)
                {
                    Remember(key, row.ETag, stored);
                    return false;
                }

                var updated = await table.UpdateEntityAsync(entity, row.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                Remember(key, updated.Headers.ETag, incident.Revision);
                KeepWrittenSummary(table, entity, updated.Headers.ETag, began);
                return false;
            }
            catch (RequestFailedException ex) when (ex.IsConflict() || ex.IsPreconditionFailed() || ex.IsNotFound())
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }

        throw new ContentionException($"The summary of incident '{incident.Id}' keeps changing; retry.");
    }

    /// <summary>
    /// A board row this instance just wrote, at the ETag its write answered: parsed from the JSON stored, as a reader would.
    /// <paramref name="began"/>: when the write began (a <see cref="Stopwatch"/> timestamp).
    /// </summary>
    private void KeepWrittenSummary(TableClient table, TableEntity entity, ETag? etag, long began)
    {
        if (ReferenceEquals(table, _board) && etag is { } written)
        {
            if (_boardSummaries.Count >= MaxRememberedRows)
            {
                _boardSummaries.Clear(); // an instance that writes but never lists: forgetting costs one read per row, never a wrong list
                Volatile.Write(ref _hintLookedAt, 0); // and the next first page waits for a look again
            }

            KeepNewerBoardSummary(entity.RowKey, written, Deserialize<IncidentSnapshot>(entity), began);
        }
    }

    /// <summary>For a write that must not trust what this instance remembers (the rows may have been lost meanwhile).</summary>
    private void Forget(string id)
    {
        _summaryRows.TryRemove((OpenPartition, id), out _);
        _summaryRows.TryRemove((YearPartition(id), YearRowKey(id)), out _);
    }

    private void Remember((string, string) key, ETag? etag, long revision)
    {
        if (etag is not { } known)
        {
            return;
        }

        if (_summaryRows.Count >= MaxRememberedRows)
        {
            _summaryRows.Clear(); // forgetting costs one read per row, never a wrong write
        }

        _summaryRows[key] = (known, revision);
    }

    private static TableEntity SummaryEntity(string partition, string rowKey, Incident incident, string data) => new TableEntity(partition, rowKey)
    {
        ["Data"] = data,
        ["Revision"] = incident.Revision,
        ["Open"] = incident.IsOpen,
        ["ResolvedAt"] = incident.ResolvedAt,
        // What the storm hold counts on every instance (CountBoardAsync); the first page's kept as listed (ListNewAsync).
        [FirstPageColumn] = partition == OpenPartition ? incident.FirstPagedAt : null,
        [RecoveredColumn] = partition == OpenPartition ? incident.RecoveredUnansweredAt : null,
    }.WithoutNulls();

    private static Incident? Summary(TableEntity row) =>
        row.GetString("Data") is { Length: > 0 } ? Incident.Restore(Deserialize<IncidentSnapshot>(row)) : null;

    /// <summary>Rows without a summary: read from their records (16 at a time) and given one. An id without a record yet is left out.</summary>
    private async Task<IReadOnlyList<Incident>> RepairAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var repaired = new List<Incident>();
        foreach (var chunk in ids.Chunk(16))
        {
            var records = await Task.WhenAll(chunk.Select(id => GetAsync(id, cancellationToken))).ConfigureAwait(false);
            foreach (var record in records.OfType<Versioned<Incident>>())
            {
                Forget(record.Value.Id);
                await WriteSummariesAsync(record.Value, cancellationToken).ConfigureAwait(false);
                repaired.Add(record.Value);
            }
        }

        return repaired;
    }

    /// <summary>
    /// Rows of the old layout (RK = id, oldest first) moved to the new one, each move one transaction in the partition (a new
    /// row merged in, the old deleted), once per year and instance. A row added by an older version later is not seen.
    /// </summary>
    private async Task MigrateYearAsync(int year, CancellationToken cancellationToken)
    {
        if (_migratedYears.ContainsKey(year))
        {
            return;
        }

        var partition = $"year|{year:D4}";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {YearRowPrefix}");
        var old = new List<string>();
        await foreach (var row in _index.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            old.Add(row.RowKey);
        }

        foreach (var chunk in old.Chunk(50))
        {
            var actions = chunk.SelectMany(id => new[]
            {
                new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(partition, YearRowKey(id))),
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, id), ETag.All),
            });
            try
            {
                await _index.SubmitTransactionAsync(actions, cancellationToken).ConfigureAwait(false);
            }
            catch (TableTransactionFailedException)
            {
                // Another instance moved some of them meanwhile: row by row, each step safe to repeat.
                foreach (var id in chunk)
                {
                    await _index.UpsertEntityAsync(new TableEntity(partition, YearRowKey(id)), TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                    await DeleteIfExistsAsync(_index, partition, id, ETag.All, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        _migratedYears[year] = true;
    }

    /// <summary>Newest first: the id's number subtracted from the largest, padded; an id not of the allocated shape sorts last.</summary>
    internal static string YearRowKey(string id)
    {
        var parts = id.Split('-');
        var number = parts.Length == 3 && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return $"{YearRowPrefix}{(int.MaxValue - number).ToString("D10", CultureInfo.InvariantCulture)}|{id}";
    }

    private static string IdOfYearRow(string rowKey) => rowKey[(YearRowPrefix.Length + 11)..];

    private static string WriteToken(string rowKey) => Convert.ToBase64String(Encoding.UTF8.GetBytes(rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string ReadToken(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var rowKey = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=')));
            if (rowKey.StartsWith(YearRowPrefix, StringComparison.Ordinal) && rowKey.Length > YearRowPrefix.Length + 11)
            {
                return rowKey;
            }
        }
        catch (FormatException)
        {
        }

        throw new ValidationException("continuationToken", "is not a token this list gave");
    }
}
